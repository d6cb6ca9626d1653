// Two client interceptors, in gRPC 1.51's experimental interceptor API:
//
// - AddRequestIdFactory: gives every call an x-request-id (unless the
//   caller set one), which servers with EchoRequestIdFactory send back in
//   their trailers and write in their log line.
// - ObserveClientCallsFactory: counts and times every call in CallMetrics,
//   with the status the client saw (CANCELLED after TryCancel(), for one).
//
// They go on a channel:
//   std::vector<std::unique_ptr<
//       grpc::experimental::ClientInterceptorFactoryInterface>> factories;
//   factories.push_back(std::make_unique<common::AddRequestIdFactory>());
//   auto channel = grpc::experimental::CreateCustomChannelWithInterceptors(
//       target, credentials, arguments, std::move(factories));
#ifndef COMMON_GRPC_CLIENT_INTERCEPTORS_H_
#define COMMON_GRPC_CLIENT_INTERCEPTORS_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_interceptor.h>

#include <memory>
#include <string>
#include <vector>

#include "common/grpc/call_metrics.h"

namespace common {

// 16 random hex digits, different for every call.
std::string NewRequestId();

class AddRequestIdFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override;
};

class ObserveClientCallsFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  // `metrics` must outlive the channel.
  explicit ObserveClientCallsFactory(const CallMetrics* metrics)
      : metrics_(metrics) {}

  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override;

 private:
  const CallMetrics* metrics_;
};

// Both of the above, for CreateCustomChannelWithInterceptors: what the
// demos' HTTP servers put on their channel to the gRPC server.
std::vector<
    std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
RequestIdAndMetricsInterceptors(const CallMetrics* metrics);

}  // namespace common

#endif  // COMMON_GRPC_CLIENT_INTERCEPTORS_H_
