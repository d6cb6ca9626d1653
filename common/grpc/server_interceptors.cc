#include "common/grpc/server_interceptors.h"

#include <absl/strings/ascii.h>
#include <absl/strings/escaping.h>
#include <absl/strings/str_format.h>

#include <chrono>
#include <cstdio>
#include <mutex>

#include "common/grpc/metadata_rules.h"
#include "common/grpc/status_names.h"

namespace common {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;
using Clock = std::chrono::steady_clock;

// Longer request ids are cut in the log and not echoed: an id is short,
// and echoing 8 KB would push the client's trailers past their limit.
constexpr size_t kMaxRequestIdBytes = 128;

std::string RequestIdOf(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
  auto it = metadata.find(kRequestIdKey);
  if (it == metadata.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

// [START echo_request_id]
class EchoRequestId : public grpc::experimental::Interceptor {
 public:
  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      std::string id = RequestIdOf(*methods->GetRecvInitialMetadata());
      // What the client sent is not checked by gRPC; what goes back is, and
      // a value it cannot send aborts the server (chapter 11).
      if (id.size() <= kMaxRequestIdBytes &&
          IsSendableMetadata(kRequestIdKey, id)) {
        request_id_ = std::move(id);
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS) &&
        !request_id_.empty()) {
      methods->GetSendTrailingMetadata()->emplace(kRequestIdKey, request_id_);
    }
    methods->Proceed();  // Every hook must Proceed (or Hijack).
  }

 private:
  std::string request_id_;
};
// [END echo_request_id]

// [START observe_calls]
class ObserveCalls : public grpc::experimental::Interceptor {
 public:
  // Its own copy of the recorder: the factory's may be gone by the time
  // the call's context (and this) is destroyed.
  ObserveCalls(grpc::experimental::ServerRpcInfo* info, CallRecorder recorder,
               const CallMetrics* metrics)
      : info_(info), recorder_(std::move(recorder)), metrics_(metrics) {
    record_.method = info->method();
    if (metrics_ != nullptr) {
      method_ = &metrics_->Find(record_.method);
      metrics_->Started(*method_);
    }
  }

  // A call that ends without a status from the server was ended by the
  // client or the connection.
  ~ObserveCalls() override { Report(grpc::StatusCode::CANCELLED); }

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      record_.peer = info_->server_context()->peer();
      record_.request_id = RequestIdOf(*methods->GetRecvInitialMetadata())
                               .substr(0, kMaxRequestIdBytes);
    }
    // The handler's status, before it goes out: so the call is counted
    // before its client can see the status. As in go-grpc-prometheus, it is
    // the handler's code: a call the client cancelled is CANCELLED only if
    // the handler noticed (the client's metrics say what the client saw).
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      Report(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Report(grpc::StatusCode code) {
    if (reported_) return;
    reported_ = true;
    record_.code = code;
    record_.seconds =
        std::chrono::duration<double>(Clock::now() - start_).count();
    if (metrics_ != nullptr) {
      metrics_->Handled(*method_, record_.code, record_.seconds);
    }
    if (recorder_) recorder_(record_);
  }

  grpc::experimental::ServerRpcInfo* const info_;
  const CallRecorder recorder_;
  const CallMetrics* const metrics_;
  const CallMetrics::Method* method_ = nullptr;
  const Clock::time_point start_ = Clock::now();
  CallRecord record_;
  bool reported_ = false;
};
// [END observe_calls]

// `text` as it is when it holds only characters that cannot break a log
// line into fields, else quoted with C escapes.
std::string LogValue(const std::string& text) {
  if (text.empty()) return "-";
  for (char c : text) {
    if (!absl::ascii_isalnum(c) &&
        std::string_view("-_./:[]").find(c) == std::string_view::npos) {
      return "\"" + absl::CEscape(text) + "\"";
    }
  }
  return text;
}

}  // namespace

grpc::experimental::Interceptor* EchoRequestIdFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo*) {
  return new EchoRequestId();
}

grpc::experimental::Interceptor* ObserveCallsFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new ObserveCalls(info, recorder_, metrics_);
}

std::string FormatCallRecord(const CallRecord& record) {
  return absl::StrFormat("%s peer=%s code=%s ms=%.3f request_id=%s",
                         LogValue(record.method), LogValue(record.peer),
                         StatusCodeName(record.code), record.seconds * 1000,
                         LogValue(record.request_id));
}

CallRecorder LogCallsToStderr() {
  return [](const CallRecord& record) {
    static std::mutex mu;
    const std::string line = FormatCallRecord(record) + "\n";
    std::lock_guard<std::mutex> lock(mu);
    std::fwrite(line.data(), 1, line.size(), stderr);
  };
}

}  // namespace common
