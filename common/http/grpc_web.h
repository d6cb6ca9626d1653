// A gRPC-Web gateway on an HttpServer: a browser POSTs a gRPC-Web request
// (grpc_web_codec.h) to /<package.Service>/<Method>, and it becomes a call
// to the gRPC server behind `channel`, made with gRPC's generic API, so no
// code is written per method: the request message's bytes are passed on as
// they are, each answer goes back as a frame as soon as it arrives (never a
// whole stream buffered), and the status goes back as the trailer frame.
// This is the job of Envoy's grpc_web filter, done in the demos' own HTTP
// servers (and on its own by //common/http:grpc_web_proxy);
// docs/31-grpc-web.md explains each rule.
//
// - Unary and server-streaming methods only: a browser's fetch() cannot
//   stream a request body, so client-streaming and bidi methods get
//   UNIMPLEMENTED saying so (the method kinds come from descriptors).
// - Deadlines: the browser's grpc-timeout, capped at `max_deadline` (also
//   the deadline of a call that sends none).
// - Cancellation: a browser that aborts closes its connection; the call is
//   cancelled within 100 ms, also while it waits for its first answer.
// - Metadata: only the request headers in `request_headers` become
//   metadata, and only the metadata in `response_metadata` comes back (as
//   headers or trailers); never hop-by-hop or cookie headers by accident.
// - CORS for `cors_origins`, with the grpc headers exposed (browsers hide
//   response headers from scripts otherwise).
// - Bad input (wrong content type, bad base64, truncated or oversized
//   frames, unknown methods, a malformed grpc-timeout) gets a gRPC-Web
//   error status, never a call.
#ifndef COMMON_HTTP_GRPC_WEB_H_
#define COMMON_HTTP_GRPC_WEB_H_

#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace common {

struct GrpcWebOptions {
  // Services that may be called ("meter.v1.MeterService"); empty: every
  // service `descriptors` knows.
  std::vector<std::string> services;
  // Where the methods' kinds (unary, streaming) are looked up; the
  // generated code linked into the program by default.
  const google::protobuf::DescriptorPool* descriptors =
      google::protobuf::DescriptorPool::generated_pool();
  // Origins ("https://example.org") whose pages may call besides the
  // server's own; "*" for any.
  std::vector<std::string> cors_origins;
  // Request headers passed on as metadata (lower case).
  std::vector<std::string> request_headers = {"authorization"};
  // Metadata of the answer passed back (lower case); grpc-status and
  // grpc-message always are.
  std::vector<std::string> response_metadata = {"grpc-status-details-bin",
                                                "x-request-id"};
  // The longest deadline a call gets, also when the browser sends none.
  std::chrono::milliseconds max_deadline{std::chrono::minutes(10)};
  // The largest request message; larger: RESOURCE_EXHAUSTED.
  size_t max_message_bytes = 4 << 20;
  // Calls at once (each holds an HTTP worker thread for its life); more
  // get RESOURCE_EXHAUSTED.
  int max_calls = 8;
  // Optional: metadata the server itself adds to each call made for
  // `request` (the attendance demo names the web user in x-forwarded-for).
  std::function<void(
      const httplib::Request& request,
      std::vector<std::pair<std::string, std::string>>* metadata)>
      add_metadata;
};

class GrpcWebGateway {
 public:
  GrpcWebGateway(std::shared_ptr<grpc::Channel> channel,
                 GrpcWebOptions options);
  // Cancels the calls in flight (Shutdown()).
  ~GrpcWebGateway();

  GrpcWebGateway(const GrpcWebGateway&) = delete;
  GrpcWebGateway& operator=(const GrpcWebGateway&) = delete;

  // Routes POST and OPTIONS of /<service>/<method> (a service name with a
  // dot, so that /api/... routes never match) to the gateway. Register it
  // after the server's other routes. The gateway must outlive `server`'s
  // serving.
  void Mount(httplib::Server& server);

  // Cancels the calls in flight, refuses new ones (UNAVAILABLE) and waits
  // (up to 2 s) until the cancelled ones have sent their status: for the
  // server's shutdown, before HttpServer::Stop(). Any thread but the HTTP
  // server's own.
  void Shutdown();

  // Calls in flight, and a wait for their number (for tests).
  int calls() const;
  bool WaitForCalls(int n, std::chrono::milliseconds timeout) const;

 private:
  class Call;

  void Handle(const httplib::Request& request, httplib::Response& response);
  void Preflight(const httplib::Request& request, httplib::Response& response);
  // False if the request has an Origin that may not call; sets the CORS
  // headers of an allowed cross-origin request.
  bool AllowOrigin(const httplib::Request& request,
                   httplib::Response& response) const;
  // OK for a unary or server-streaming method that may be called.
  grpc::Status CheckMethod(const std::string& service,
                           const std::string& method) const;
  // OK once `call` is counted; UNAVAILABLE or RESOURCE_EXHAUSTED if not.
  grpc::Status Admit(const std::shared_ptr<Call>& call);
  void Forget(const std::shared_ptr<Call>& call);

  grpc::GenericStub stub_;
  const GrpcWebOptions options_;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::set<std::shared_ptr<Call>> calls_;
  bool shutting_down_ = false;
};

}  // namespace common

#endif  // COMMON_HTTP_GRPC_WEB_H_
