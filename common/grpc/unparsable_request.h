// gRPC 1.51 answers a request it cannot parse as the method's protobuf
// message with INTERNAL and an empty message (GenericDeserialize returns
// proto3's empty InitializationErrorString), which blames the server and
// tells the client nothing. This server interceptor makes it
// INVALID_ARGUMENT, naming the method: the client sent bytes that are not
// the method's request.
#ifndef COMMON_GRPC_UNPARSABLE_REQUEST_H_
#define COMMON_GRPC_UNPARSABLE_REQUEST_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <vector>

namespace common {

class ExplainUnparsableRequestFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace common

#endif  // COMMON_GRPC_UNPARSABLE_REQUEST_H_
