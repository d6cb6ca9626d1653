#include "common/grpc/unparsable_request.h"

#include <string>

namespace common {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

class ExplainUnparsableRequest : public grpc::experimental::Interceptor {
 public:
  explicit ExplainUnparsableRequest(const char* method) : method_(method) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    // [START explain]
    // The request of a unary or server-streaming call arrives with the call;
    // gRPC hands interceptors no message (nullptr) if it could not parse it.
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      unparsable_ = true;
    }
    // [END explain]
    if (unparsable_ && methods->QueryInterceptionHookPoint(
                           InterceptionHookPoints::PRE_SEND_STATUS)) {
      // What gRPC itself sends then (INTERNAL from the sync API,
      // UNIMPLEMENTED from the callback API), always without a message;
      // a handler's own status is left alone.
      const grpc::Status status = methods->GetSendStatus();
      if ((status.error_code() == grpc::StatusCode::INTERNAL ||
           status.error_code() == grpc::StatusCode::UNIMPLEMENTED) &&
          status.error_message().empty()) {
        methods->ModifySendStatus(
            grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                         "the request is not a valid message of " + method_ +
                             " (not protobuf, or another message type)"));
      }
    }
    methods->Proceed();
  }

 private:
  const std::string method_;
  bool unparsable_ = false;
};

}  // namespace

grpc::experimental::Interceptor*
ExplainUnparsableRequestFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  // A stream's requests come one by one, and its end looks like a message
  // that did not parse: only the single request is judged.
  if (info->type() != ServerRpcInfo::Type::UNARY &&
      info->type() != ServerRpcInfo::Type::SERVER_STREAMING) {
    return nullptr;
  }
  return new ExplainUnparsableRequest(info->method());
}

}  // namespace common
