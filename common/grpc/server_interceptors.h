// Two server interceptors, in gRPC 1.51's experimental interceptor API:
//
// - EchoRequestIdFactory: sends the client's x-request-id back in the
//   trailing metadata, so that a client can match its call to the server's
//   log line (client_interceptors.h adds the id).
// - ObserveCallsFactory: one record per call (method, peer, request id,
//   status code, latency), for a log line and for CallMetrics.
//
// Install them in the server builder, in this order:
//   std::vector<std::unique_ptr<
//       grpc::experimental::ServerInterceptorFactoryInterface>> factories;
//   factories.push_back(std::make_unique<common::EchoRequestIdFactory>());
//   factories.push_back(std::make_unique<common::ObserveCallsFactory>(...));
//   builder.experimental().SetInterceptorCreators(std::move(factories));
#ifndef COMMON_GRPC_SERVER_INTERCEPTORS_H_
#define COMMON_GRPC_SERVER_INTERCEPTORS_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/server_interceptor.h>

#include <functional>
#include <memory>
#include <string>

#include "common/grpc/call_metrics.h"

namespace common {

inline constexpr char kRequestIdKey[] = "x-request-id";

class EchoRequestIdFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// How one call went, as the server saw it.
struct CallRecord {
  std::string method;      // "/calculator.v1.Calculator/Divide"
  std::string peer;        // "ipv4:127.0.0.1:50412"
  std::string request_id;  // the client's x-request-id, or empty
  grpc::StatusCode code = grpc::StatusCode::OK;
  double seconds = 0;
};

// One line for a log: the method, peer, code, milliseconds and request id,
// the id quoted and escaped (a client chooses it, so it must not be able
// to forge fields or lines).
std::string FormatCallRecord(const CallRecord& record);

using CallRecorder = std::function<void(const CallRecord&)>;

// Writes FormatCallRecord lines to stderr, one at a time.
CallRecorder LogCallsToStderr();

class ObserveCallsFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // Either may be empty/null. `metrics` must outlive the server.
  ObserveCallsFactory(CallRecorder recorder, const CallMetrics* metrics)
      : recorder_(std::move(recorder)), metrics_(metrics) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  CallRecorder recorder_;
  const CallMetrics* metrics_;
};

}  // namespace common

#endif  // COMMON_GRPC_SERVER_INTERCEPTORS_H_
