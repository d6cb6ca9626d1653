// A unary call whose request is any bytes, through gRPC's generic stub: what a
// buggy or hostile client can send that the generated stubs never would.
#ifndef COMMON_TESTING_RAW_CALL_H_
#define COMMON_TESTING_RAW_CALL_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

namespace testing_util {

// Calls `method` ("/package.Service/Method") with `request_bytes` as the
// serialized request, with a 10 s deadline; returns the call's status.
grpc::Status CallWithBytes(const std::shared_ptr<grpc::Channel>& channel,
                           const std::string& method,
                           const std::string& request_bytes);

}  // namespace testing_util

#endif  // COMMON_TESTING_RAW_CALL_H_
