// For the gateway's tests: a Calculator service whose methods can be told to
// hold a call until it is cancelled (and report that), the gateway on an
// HttpServer in front of it, and a browser's side of a gRPC-Web call.
#ifndef COMMON_HTTP_GRPC_WEB_TESTING_H_
#define COMMON_HTTP_GRPC_WEB_TESTING_H_

#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/http/grpc_web.h"
#include "common/http/grpc_web_codec.h"
#include "common/http/http_server.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace common::grpc_web_testing {

// Divide: divisor 0 is INVALID_ARGUMENT; dividend -1 holds the call, before
// any answer, until it is cancelled. Sends the authorization and cookie it
// got back as x-echo-authorization / x-echo-cookie (initial metadata) and
// x-trailer and x-secret as trailing metadata.
// ListPrimes: `count` primes from `start`; count -1 sends one and holds the
// call until it is cancelled; count -2 sends one, then waits for Release().
class TestCalculator final : public calculator::v1::Calculator::Service {
 public:
  grpc::Status Divide(grpc::ServerContext* context,
                      const calculator::v1::DivideRequest* request,
                      calculator::v1::DivideResponse* response) override;
  grpc::Status ListPrimes(
      grpc::ServerContext* context,
      const calculator::v1::ListPrimesRequest* request,
      grpc::ServerWriter<calculator::v1::Prime>* writer) override;

  // Calls that saw their cancellation; waits until there are `n`.
  bool WaitForCancelled(int n, std::chrono::milliseconds timeout);
  // Lets a held ListPrimes (count -2) go on.
  void Release();
  // The deadline of the last call, as the server saw it.
  std::chrono::system_clock::time_point last_deadline();

 private:
  void HoldUntilCancelled(grpc::ServerContext* context);

  std::mutex mutex_;
  std::condition_variable changed_;
  int cancelled_ = 0;
  bool released_ = false;
  std::chrono::system_clock::time_point last_deadline_;
};

// The gRPC server with TestCalculator and the gateway on an HttpServer, both
// on loopback, for as long as the object lives.
class GatewayFixture {
 public:
  explicit GatewayFixture(GrpcWebOptions options);
  ~GatewayFixture();

  int http_port() const { return http_port_; }
  int grpc_port() const { return grpc_port_; }
  TestCalculator& service() { return service_; }
  GrpcWebGateway& gateway() { return *gateway_; }
  // Stops the gRPC server (calls then fail with UNAVAILABLE).
  void StopGrpcServer();

 private:
  TestCalculator service_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::unique_ptr<GrpcWebGateway> gateway_;
  HttpServer http_server_;
  int http_port_ = 0;
  int grpc_port_ = 0;
  std::thread http_thread_;
};

// A gRPC-Web answer as a browser reads it.
struct WebAnswer {
  int http_status = 0;
  httplib::Headers headers;
  std::string body;
  std::vector<std::string> messages;
  // From the trailer frame, or from the headers of a trailers-only answer.
  std::map<std::string, std::string> trailers;
  bool trailers_only = false;
  // The body's framing, if it was wrong.
  std::string framing_error;

  int code() const;
  std::string message() const;
};

struct WebRequest {
  explicit WebRequest(std::string path_in = "", std::string message_in = "")
      : path(std::move(path_in)), message(std::move(message_in)) {}

  std::string path;  // "/calculator.v1.Calculator/Divide"
  // The body: EncodeFrame(0, message) unless set (then as it is).
  std::string message;
  std::optional<std::string> raw_body;
  grpc_web::Encoding encoding = grpc_web::Encoding::kBinary;
  std::string content_type;  // default: the encoding's
  httplib::Headers headers;
  // Called with each message as it arrives; false closes the connection.
  std::function<bool(const std::string&)> on_message;
};

WebAnswer CallGrpcWeb(int port, const WebRequest& request);

}  // namespace common::grpc_web_testing

#endif  // COMMON_HTTP_GRPC_WEB_TESTING_H_
