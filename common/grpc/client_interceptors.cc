#include "common/grpc/client_interceptors.h"

#include <absl/strings/str_format.h>

#include <chrono>
#include <random>

#include "common/grpc/server_interceptors.h"

namespace common {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;
using Clock = std::chrono::steady_clock;

// [START add_request_id]
class AddRequestId : public grpc::experimental::Interceptor {
 public:
  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      // The request metadata, as the caller's AddMetadata() left it.
      std::multimap<std::string, std::string>* metadata =
          methods->GetSendInitialMetadata();
      if (metadata->find(kRequestIdKey) == metadata->end()) {
        metadata->emplace(kRequestIdKey, NewRequestId());
      }
    }
    methods->Proceed();
  }
};
// [END add_request_id]

// [START observe_client_calls]
class ObserveClientCalls : public grpc::experimental::Interceptor {
 public:
  ObserveClientCalls(const CallMetrics& metrics, const char* method)
      : metrics_(metrics), method_(metrics.Find(method)) {
    metrics_.Started(method_);
  }

  // A call whose status was never read (a stream dropped without Finish())
  // was cancelled by its ClientContext's destructor.
  ~ObserveClientCalls() override { Report(grpc::StatusCode::CANCELLED); }

  void Intercept(InterceptorBatchMethods* methods) override {
    // The client's status: the server's, or one of gRPC's own (CANCELLED,
    // DEADLINE_EXCEEDED, UNAVAILABLE, ...), once Finish() reads it.
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_STATUS)) {
      Report(methods->GetRecvStatus()->error_code());
    }
    methods->Proceed();
  }

 private:
  void Report(grpc::StatusCode code) {
    if (reported_) return;
    reported_ = true;
    metrics_.Handled(
        method_, code,
        std::chrono::duration<double>(Clock::now() - start_).count());
  }

  const CallMetrics& metrics_;
  const CallMetrics::Method& method_;
  const Clock::time_point start_ = Clock::now();
  bool reported_ = false;
};
// [END observe_client_calls]

}  // namespace

std::string NewRequestId() {
  // Seeded with 128 bits, so that two processes' ids do not collide.
  thread_local std::mt19937_64 random = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return absl::StrFormat("%016x", random());
}

grpc::experimental::Interceptor* AddRequestIdFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo*) {
  return new AddRequestId();
}

grpc::experimental::Interceptor*
ObserveClientCallsFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* info) {
  if (metrics_ == nullptr) return nullptr;  // no interceptor for this call
  return new ObserveClientCalls(*metrics_, info->method());
}

std::vector<
    std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
RequestIdAndMetricsInterceptors(const CallMetrics* metrics) {
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<AddRequestIdFactory>());
  interceptors.push_back(std::make_unique<ObserveClientCallsFactory>(metrics));
  return interceptors;
}

}  // namespace common
