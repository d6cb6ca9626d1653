#include "common/http/grpc_web_testing.h"

#include "common/http/server_setup.h"

namespace common::grpc_web_testing {
namespace {

using calculator::v1::Prime;

// The first-found metadata value of `key`, or "(none)".
std::string Received(grpc::ServerContext* context, const std::string& key) {
  const auto& metadata = context->client_metadata();
  const auto found = metadata.find(key);
  return found == metadata.end()
             ? "(none)"
             : std::string(found->second.data(), found->second.size());
}

bool IsPrime(int64_t n) {
  if (n < 2) return false;
  for (int64_t d = 2; d * d <= n; ++d) {
    if (n % d == 0) return false;
  }
  return true;
}

}  // namespace

grpc::Status TestCalculator::Divide(
    grpc::ServerContext* context, const calculator::v1::DivideRequest* request,
    calculator::v1::DivideResponse* response) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    last_deadline_ = context->deadline();
  }
  context->AddInitialMetadata("x-echo-authorization",
                              Received(context, "authorization"));
  context->AddInitialMetadata("x-echo-cookie", Received(context, "cookie"));
  context->AddTrailingMetadata("x-trailer", "from the server");
  context->AddTrailingMetadata("x-secret", "not for browsers");
  if (request->dividend() == -1) {
    HoldUntilCancelled(context);
    return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
  }
  if (request->divisor() == 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "division by zero: 100% undefined");
  }
  response->set_quotient(request->dividend() / request->divisor());
  response->set_remainder(request->dividend() % request->divisor());
  return grpc::Status::OK;
}

grpc::Status TestCalculator::ListPrimes(
    grpc::ServerContext* context,
    const calculator::v1::ListPrimesRequest* request,
    grpc::ServerWriter<Prime>* writer) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    last_deadline_ = context->deadline();
  }
  const int count = request->count() < 0 ? 1 : request->count();
  Prime prime;
  for (int64_t n = request->start(); prime.index() < count; ++n) {
    if (!IsPrime(n)) continue;
    prime.set_index(prime.index() + 1);
    prime.set_value(n);
    if (!writer->Write(prime)) return grpc::Status::CANCELLED;
  }
  if (request->count() == -1) {
    HoldUntilCancelled(context);
    return grpc::Status::CANCELLED;
  }
  if (request->count() == -2) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!changed_.wait_for(lock, std::chrono::seconds(20),
                           [this] { return released_; })) {
      return grpc::Status(grpc::StatusCode::INTERNAL, "never released");
    }
    prime.set_index(2);
    prime.set_value(-1);
    writer->Write(prime);
  }
  return grpc::Status::OK;
}

void TestCalculator::HoldUntilCancelled(grpc::ServerContext* context) {
  // The sync API has no cancellation callback: look every 10 ms, for at
  // most 20 s.
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!context->IsCancelled() &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (!context->IsCancelled()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  ++cancelled_;
  changed_.notify_all();
}

bool TestCalculator::WaitForCancelled(int n,
                                      std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return cancelled_ >= n; });
}

void TestCalculator::Release() {
  std::lock_guard<std::mutex> lock(mutex_);
  released_ = true;
  changed_.notify_all();
}

std::chrono::system_clock::time_point TestCalculator::last_deadline() {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_deadline_;
}

GatewayFixture::GatewayFixture(GrpcWebOptions options) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &grpc_port_);
  builder.RegisterService(&service_);
  grpc_server_ = builder.BuildAndStart();
  gateway_ = std::make_unique<GrpcWebGateway>(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(grpc_port_),
                          grpc::InsecureChannelCredentials()),
      std::move(options));
  HttpServerSetup setup;
  SetUpHttpServer(http_server_, setup);
  gateway_->Mount(http_server_);
  http_port_ = http_server_.Bind("127.0.0.1", 0);
  http_thread_ = std::thread([this] { http_server_.Listen(); });
}

GatewayFixture::~GatewayFixture() {
  gateway_->Shutdown();
  http_server_.Stop();
  http_thread_.join();
  if (grpc_server_) grpc_server_->Shutdown();
}

void GatewayFixture::StopGrpcServer() {
  grpc_server_->Shutdown();
  grpc_server_.reset();
}

int WebAnswer::code() const {
  const auto found = trailers.find("grpc-status");
  return found == trailers.end() ? -1 : std::stoi(found->second);
}

std::string WebAnswer::message() const {
  const auto found = trailers.find("grpc-message");
  return found == trailers.end() ? "" : grpc_web::PercentDecode(found->second);
}

WebAnswer CallGrpcWeb(int port, const WebRequest& request) {
  WebAnswer answer;
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(std::chrono::seconds(30));
  httplib::Request http;
  http.method = "POST";
  http.path = request.path;
  http.headers = request.headers;
  http.set_header("Content-Type", request.content_type.empty()
                                      ? grpc_web::ContentType(request.encoding)
                                      : request.content_type);
  if (request.raw_body) {
    http.body = *request.raw_body;
  } else {
    const std::string frame = grpc_web::EncodeFrame(0, request.message);
    http.body = request.encoding == grpc_web::Encoding::kText
                    ? grpc_web::ToText(frame)
                    : frame;
  }
  grpc_web::FrameDecoder decoder(request.encoding, 64 << 20);
  http.content_receiver = [&](const char* data, size_t size, uint64_t,
                              uint64_t) {
    answer.body.append(data, size);
    decoder.Feed(std::string_view(data, size));
    while (std::optional<grpc_web::Frame> frame = decoder.Next()) {
      if (frame->is_trailer()) {
        answer.trailers = grpc_web::ParseTrailerBlock(frame->payload)
                              .value_or(std::map<std::string, std::string>{});
        continue;
      }
      answer.messages.push_back(frame->payload);
      if (request.on_message && !request.on_message(frame->payload)) {
        return false;
      }
    }
    return true;
  };
  httplib::Response response;
  httplib::Error error = httplib::Error::Success;
  client.send(http, response, error);
  answer.http_status = response.status;
  answer.headers = response.headers;
  if (answer.trailers.empty() && response.has_header("grpc-status")) {
    answer.trailers_only = true;
    for (const char* key : {"grpc-status", "grpc-message"}) {
      if (response.has_header(key)) {
        answer.trailers[key] = response.get_header_value(key);
      }
    }
  }
  const grpc::Status framing = decoder.Finish();
  if (!framing.ok()) answer.framing_error = framing.error_message();
  return answer;
}

}  // namespace common::grpc_web_testing
