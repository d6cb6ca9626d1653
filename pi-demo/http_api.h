// The attendance web front end: the registration page and the attendee
// list over HTTP, in front of the attendance gRPC server.
//
//   GET  /                 the registration page (pi-demo/web/index.html)
//   POST /register         first_name, last_name, code as a form
//                          (application/x-www-form-urlencoded) or JSON
//                          ({"firstName":..,"lastName":..,"code":..};
//                          snake_case names work too). Answers with the
//                          page's messages: "Successfully registered!",
//                          "Please fill all fields.", "The code <code> has
//                          already been used.", "The code <code> is not a
//                          valid code.", as JSON if the client sent JSON or
//                          accepts it ({"message":..,"attendee":..,
//                          "status":..}, or {"code":..,"message":..} with the
//                          HTTP status of the gRPC status), else as a page.
//   GET  /attendees        the attendee list as a page, names HTML-escaped
//   GET  /api/v1/status    attendance.v1.Status in the proto3 JSON mapping
//   GET  /metrics          the Prometheus text format: requests by route
//                          and status, gRPC calls by method and status
//   GET  /<file>           the page's other files
//   POST /attendance.v1.AttendanceService/<Method>
//                          gRPC-Web: the service's unary and
//                          server-streaming methods for browsers
//                          (common/http/grpc_web.h, docs/31-grpc-web.md)
//
// Every call to the gRPC server has a deadline and names the web client in
// `x-forwarded-for` metadata, so that its rate limit applies per web user.
// The web client is the peer's address, or, behind a reverse proxy listed
// in HttpApiOptions::trusted_proxies, the address the proxy saw.
#ifndef PI_DEMO_HTTP_API_H_
#define PI_DEMO_HTTP_API_H_

#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <prometheus/registry.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/http/grpc_web.h"
#include "common/http/http_server.h"
#include "protos/attendance/v1/attendance.grpc.pb.h"

namespace attendance {

// The messages of the registration page, as its users know them.
inline constexpr char kRegistered[] = "Successfully registered!";
inline constexpr char kFillAllFields[] = "Please fill all fields.";

struct HttpApiOptions {
  // Deadline of each call to the gRPC server.
  std::chrono::milliseconds deadline{5000};
  // Directory of the page's static files; empty for none.
  std::string static_dir;
  // Peer addresses of reverse proxies (e.g. a local nginx) whose
  // X-Forwarded-For header names the web user. Empty: the header is
  // ignored, as anyone can send it.
  std::vector<std::string> trusted_proxies;
  // This server's identity to the gRPC server (its --proxy_token_file), sent
  // as `x-proxy-token` with `x-forwarded-for`; without it the gRPC server
  // counts every web user as this server.
  std::string proxy_token;
  // Origins of other sites' pages that may make gRPC-Web calls (CORS).
  std::vector<std::string> cors_origins;
  // Optional: the requests are counted here, and GET /metrics serves it
  // (with whatever else it holds, such as the gRPC client's metrics).
  std::shared_ptr<prometheus::Registry> metrics;
};

class AttendanceHttpApi {
 public:
  AttendanceHttpApi(std::shared_ptr<grpc::Channel> channel,
                    HttpApiOptions options);

  // Sets up `server` (common/http/server_setup.h: JSON errors, body limit,
  // static files) and registers the routes. Returns false if
  // options.static_dir is set but cannot be served. The process should
  // ignore SIGPIPE (common::IgnoreSigpipe).
  bool Register(common::HttpServer* server);

  // Ends the gRPC-Web calls in flight (watches) and refuses new ones. Call
  // it before HttpServer::Stop(), which waits for the requests in flight.
  void Shutdown() { grpc_web_.Shutdown(); }

 private:
  void HandleRegister(const httplib::Request& request,
                      httplib::Response& response);
  void HandleAttendees(const httplib::Request& request,
                       httplib::Response& response);
  void HandleStatus(const httplib::Request& request,
                    httplib::Response& response);

  static common::GrpcWebOptions GrpcWebOptionsFor(const AttendanceHttpApi* api);
  // The web user `request` comes from (see trusted_proxies).
  std::string WebClient(const httplib::Request& request) const;
  // Sets deadline and x-forwarded-for for a call on behalf of `request`.
  void Prepare(grpc::ClientContext* context,
               const httplib::Request& request) const;

  const HttpApiOptions options_;
  const std::shared_ptr<grpc::Channel> channel_;
  const std::unique_ptr<v1::AttendanceService::Stub> stub_;
  common::GrpcWebGateway grpc_web_;
};

}  // namespace attendance

#endif  // PI_DEMO_HTTP_API_H_
