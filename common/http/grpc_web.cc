#include "common/http/grpc_web.h"

#include <absl/strings/escaping.h>
#include <absl/strings/match.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <utility>

#include "common/http/grpc_web_codec.h"
#include "common/http/http_server.h"
#include "common/http/json_response.h"
#include "common/http/server_setup.h"

namespace common {
namespace {

using grpc_web::Encoding;
using Metadata = std::vector<std::pair<std::string, std::string>>;

// How often a call waiting for the gRPC server checks that its browser is
// still connected (one poll() each time).
constexpr std::chrono::milliseconds kClientCheck{100};

// How long Shutdown() waits for cancelled calls to send their status.
constexpr std::chrono::seconds kShutdownWait{2};

// A package-qualified service name (so that "/api/..." never matches) and a
// method name.
constexpr char kMethodPattern[] =
    R"(/([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+)/([A-Za-z_][A-Za-z0-9_]*))";

// What browsers may send and read across origins (docs/31-grpc-web.md).
constexpr char kAllowedHeaders[] =
    "content-type, x-grpc-web, x-user-agent, grpc-timeout";
constexpr char kExposedHeaders[] = "grpc-status, grpc-message";

// "a, b, c"; `first` (if not empty) before the names.
std::string Join(const std::vector<std::string>& names,
                 const std::string& first = "") {
  std::string joined = first;
  for (const std::string& name : names) {
    joined += (joined.empty() ? "" : ", ") + name;
  }
  return joined;
}

Metadata Allowed(const std::multimap<grpc::string_ref, grpc::string_ref>& all,
                 const std::vector<std::string>& allowed) {
  Metadata kept;
  for (const auto& [key_ref, value] : all) {
    const std::string key(key_ref.data(), key_ref.size());
    std::string text(value.data(), value.size());
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end() &&
        grpc_web::PassableMetadata(key, text)) {
      kept.emplace_back(key, std::move(text));
    }
  }
  return kept;
}

// An answer without a body: the status in the headers ("trailers-only"),
// for a call that ended before its first answer.
void SendTrailersOnly(httplib::Response& response, Encoding encoding,
                      const grpc::Status& given,
                      const Metadata& metadata = {}) {
  const grpc::Status status = PublicStatus(given);
  response.status = 200;
  response.set_header("grpc-status",
                      std::to_string(static_cast<int>(status.error_code())));
  if (!status.error_message().empty()) {
    response.set_header("grpc-message",
                        grpc_web::PercentEncode(status.error_message()));
  }
  for (const auto& [key, value] : metadata) {
    response.set_header(key, grpc_web::MetadataText(key, value));
  }
  response.set_content("", grpc_web::ContentType(encoding));
}

}  // namespace

// One call to the gRPC server, driven by the HTTP worker thread that serves
// it: each step (start, send, headers, each answer, the status) is one
// operation on the call's own completion queue, waited for in slices of
// kClientCheck, so that a browser that went away cancels the call.
class GrpcWebGateway::Call {
 public:
  using ClientGone = std::function<bool()>;

  Call(std::chrono::system_clock::time_point deadline,
       const Metadata& metadata) {
    context_.set_deadline(deadline);
    for (const auto& [key, value] : metadata) context_.AddMetadata(key, value);
  }

  ~Call() {
    if (started_ && !finished_) {
      context_.TryCancel();
      FinishCall(nullptr);
    }
    queue_.Shutdown();
    void* tag;
    bool ok;
    while (queue_.Next(&tag, &ok)) {
    }
  }

  // Starts the call, sends `request` and waits for the answer's headers.
  // False if the call ended before them: then status() says why.
  bool Start(grpc::GenericStub& stub, const std::string& method,
             const std::string& request, const ClientGone& gone) {
    stream_ = stub.PrepareCall(&context_, method, &queue_);
    stream_->StartCall(this);
    started_ = true;
    grpc::Slice slice(request);
    const grpc::ByteBuffer message(&slice, 1);
    if (Await(gone)) {
      stream_->WriteLast(message, grpc::WriteOptions(), this);
      if (Await(gone)) {
        stream_->ReadInitialMetadata(this);
        if (Await(gone)) return true;
      }
    }
    FinishCall(gone);
    return false;
  }

  // [START next_piece]
  // The next piece of the answer's body: a message frame as soon as the
  // message arrives, then the trailer frame; nullopt after that.
  std::optional<std::string> Next(const std::vector<std::string>& trailers,
                                  const ClientGone& gone) {
    if (finished_) return std::nullopt;
    grpc::ByteBuffer message;
    stream_->Read(&message, this);
    if (Await(gone)) {
      std::vector<grpc::Slice> slices;
      std::string payload;
      if (message.Dump(&slices).ok()) {
        for (const grpc::Slice& slice : slices) {
          payload.append(reinterpret_cast<const char*>(slice.begin()),
                         slice.size());
        }
      }
      return grpc_web::EncodeFrame(0, payload);
    }
    FinishCall(gone);
    return grpc_web::EncodeFrame(
        grpc_web::kTrailerFlag,
        grpc_web::TrailerBlock(PublicStatus(status()),
                               TrailingMetadata(trailers)));
  }
  // [END next_piece]

  Metadata InitialMetadata(const std::vector<std::string>& allowed) const {
    return Allowed(context_.GetServerInitialMetadata(), allowed);
  }
  Metadata TrailingMetadata(const std::vector<std::string>& allowed) const {
    return Allowed(context_.GetServerTrailingMetadata(), allowed);
  }
  // How the call ended: gRPC's status, or why the gateway ended it.
  grpc::Status status() const {
    std::lock_guard<std::mutex> lock(reason_mutex_);
    return reason_ && status_.error_code() == grpc::StatusCode::CANCELLED
               ? *reason_
               : status_;
  }

  // Any thread: the call ends soon, and the browser is told `reason`.
  void Cancel(const grpc::Status& reason) {
    {
      std::lock_guard<std::mutex> lock(reason_mutex_);
      if (!reason_) reason_ = reason;
    }
    context_.TryCancel();
  }

 private:
  // [START await]
  // Waits for the one operation in flight; its `ok`.
  bool Await(const ClientGone& gone) {
    void* tag;
    bool ok = false;
    for (;;) {
      switch (queue_.AsyncNext(
          &tag, &ok, std::chrono::system_clock::now() + kClientCheck)) {
        case grpc::CompletionQueue::GOT_EVENT:
          return ok;
        case grpc::CompletionQueue::SHUTDOWN:
          return false;
        case grpc::CompletionQueue::TIMEOUT:
          if (gone && gone()) context_.TryCancel();
          break;
      }
    }
  }
  // [END await]

  void FinishCall(const ClientGone& gone) {
    stream_->Finish(&status_, this);
    Await(gone);
    finished_ = true;
  }

  // The queue first: destroyed last, after the call that uses it.
  grpc::CompletionQueue queue_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> stream_;
  bool started_ = false;
  bool finished_ = false;
  grpc::Status status_;
  mutable std::mutex reason_mutex_;
  std::optional<grpc::Status> reason_;  // set by Cancel()
};

GrpcWebGateway::GrpcWebGateway(std::shared_ptr<grpc::Channel> channel,
                               GrpcWebOptions options)
    : stub_(std::move(channel)), options_(std::move(options)) {}

GrpcWebGateway::~GrpcWebGateway() { Shutdown(); }

void GrpcWebGateway::Mount(httplib::Server& server) {
  RoutePostWithPreflight(
      server, kMethodPattern,
      [this](const httplib::Request& request, httplib::Response& response) {
        Handle(request, response);
      },
      [this](const httplib::Request& request, httplib::Response& response) {
        Preflight(request, response);
      });
}

void GrpcWebGateway::Shutdown() {
  std::unique_lock<std::mutex> lock(mutex_);
  shutting_down_ = true;
  const grpc::Status reason(grpc::StatusCode::UNAVAILABLE,
                            "the server is shutting down");
  for (const std::shared_ptr<Call>& call : calls_) call->Cancel(reason);
  // Each call writes its trailer frame (UNAVAILABLE) and is forgotten once
  // its answer is complete; HttpServer::Stop() would cut answers that are
  // still being written.
  changed_.wait_for(lock, kShutdownWait, [this] { return calls_.empty(); });
}

int GrpcWebGateway::calls() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(calls_.size());
}

bool GrpcWebGateway::WaitForCalls(int n,
                                  std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(
      lock, timeout, [&] { return static_cast<int>(calls_.size()) == n; });
}

bool GrpcWebGateway::AllowOrigin(const httplib::Request& request,
                                 httplib::Response& response) const {
  if (!request.has_header("Origin")) return true;  // not from a page
  const std::string origin = request.get_header_value("Origin");
  // The page's own server: http://HOST, or https://HOST behind a proxy that
  // speaks TLS, where HOST is the Host header.
  const std::string host = request.get_header_value("Host");
  if (origin == "http://" + host || origin == "https://" + host) return true;
  const auto& allowed = options_.cors_origins;
  const bool any =
      std::find(allowed.begin(), allowed.end(), "*") != allowed.end();
  if (!any &&
      std::find(allowed.begin(), allowed.end(), origin) == allowed.end()) {
    return false;
  }
  response.set_header("Access-Control-Allow-Origin", origin);
  response.set_header("Access-Control-Expose-Headers",
                      Join(options_.response_metadata, kExposedHeaders));
  return true;
}

void GrpcWebGateway::Preflight(const httplib::Request& request,
                               httplib::Response& response) {
  response.set_header("Vary", "Origin");
  if (!request.has_header("Origin")) {
    SendError(response, grpc::StatusCode::INVALID_ARGUMENT,
              "a CORS preflight (OPTIONS) comes with an Origin header", 400);
    return;
  }
  if (!AllowOrigin(request, response)) {
    SendError(response, grpc::StatusCode::PERMISSION_DENIED,
              "origin '" + request.get_header_value("Origin") +
                  "' may not call this server's gRPC-Web methods",
              403);
    return;
  }
  response.status = 204;
  response.set_header("Access-Control-Allow-Methods", "POST, OPTIONS");
  response.set_header("Access-Control-Allow-Headers",
                      Join(options_.request_headers, kAllowedHeaders));
  response.set_header("Access-Control-Max-Age", "600");
}

grpc::Status GrpcWebGateway::CheckMethod(const std::string& service,
                                         const std::string& method) const {
  const std::string path = "/" + service + "/" + method;
  const auto& services = options_.services;
  const google::protobuf::ServiceDescriptor* descriptor =
      services.empty() || std::find(services.begin(), services.end(),
                                    service) != services.end()
          ? options_.descriptors->FindServiceByName(service)
          : nullptr;
  const google::protobuf::MethodDescriptor* found =
      descriptor == nullptr ? nullptr : descriptor->FindMethodByName(method);
  if (found == nullptr) {
    return grpc::Status(
        grpc::StatusCode::UNIMPLEMENTED,
        "unknown method " + path + " (this gateway serves " +
            (services.empty() ? std::string("the services it has "
                                            "descriptors of")
                              : Join(services)) +
            ")");
  }
  // [START streaming_requests]
  if (found->client_streaming()) {
    return grpc::Status(
        grpc::StatusCode::UNIMPLEMENTED,
        path + " is a " +
            (found->server_streaming() ? "bidirectional" : "client") +
            "-streaming method: gRPC-Web cannot carry a stream of requests "
            "(a browser sends one request body), only unary and "
            "server-streaming methods");
  }
  // [END streaming_requests]
  return grpc::Status::OK;
}

grpc::Status GrpcWebGateway::Admit(const std::shared_ptr<Call>& call) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (shutting_down_) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "the server is shutting down");
  }
  if (static_cast<int>(calls_.size()) >= options_.max_calls) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "too many gRPC-Web calls at once (at most " +
                            std::to_string(options_.max_calls) + ")");
  }
  calls_.insert(call);
  changed_.notify_all();
  return grpc::Status::OK;
}

void GrpcWebGateway::Forget(const std::shared_ptr<Call>& call) {
  std::lock_guard<std::mutex> lock(mutex_);
  calls_.erase(call);
  changed_.notify_all();
}

void GrpcWebGateway::Handle(const httplib::Request& request,
                            httplib::Response& response) {
  // Answers differ by Origin (CORS headers, 403): caches must keep them
  // apart.
  response.set_header("Vary", "Origin");
  const std::string content_type = request.get_header_value("Content-Type");
  const std::optional<Encoding> encoding =
      grpc_web::ParseContentType(content_type);
  if (!encoding) {
    // A JSON error for people and curl, and the status for gRPC-Web
    // clients, which read it from the headers.
    const std::string message =
        "Content-Type '" + content_type +
        "' is not gRPC-Web: send application/grpc-web+proto or "
        "application/grpc-web-text+proto";
    SendError(response, grpc::StatusCode::INVALID_ARGUMENT, message, 415);
    response.set_header("grpc-status",
                        std::to_string(grpc::StatusCode::INVALID_ARGUMENT));
    response.set_header("grpc-message", grpc_web::PercentEncode(message));
    return;
  }
  if (!AllowOrigin(request, response)) {
    SendError(response, grpc::StatusCode::PERMISSION_DENIED,
              "origin '" + request.get_header_value("Origin") +
                  "' may not call this server's gRPC-Web methods",
              403);
    return;
  }
  const auto fail = [&](const grpc::Status& status) {
    SendTrailersOnly(response, *encoding, status);
  };

  const std::string service = request.matches[1];
  const std::string method = request.matches[2];
  if (grpc::Status known = CheckMethod(service, method); !known.ok()) {
    return fail(known);
  }

  std::chrono::nanoseconds timeout = options_.max_deadline;
  if (request.has_header("grpc-timeout")) {
    const std::string value = request.get_header_value("grpc-timeout");
    if (!grpc_web::ParseTimeout(value, &timeout)) {
      return fail(grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          "grpc-timeout '" + value +
              "': want 1 to 8 digits and a unit (H, M, S, m, u, n)"));
    }
    timeout =
        std::min<std::chrono::nanoseconds>(timeout, options_.max_deadline);
  }

  // One frame of at most max_message_bytes: anything larger is refused by
  // its size, before it is decoded (the HTTP server's own body limit may be
  // far larger, for uploads).
  const size_t frame_bytes =
      grpc_web::kFrameHeaderBytes + options_.max_message_bytes;
  const size_t max_body =
      *encoding == Encoding::kText ? (frame_bytes + 2) / 3 * 4 : frame_bytes;
  if (request.body.size() > max_body) {
    return fail(
        grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                     "a body of " + std::to_string(request.body.size()) +
                         " bytes is larger than one message frame may be (" +
                         std::to_string(max_body) + " bytes)"));
  }
  grpc_web::FrameDecoder decoder(*encoding, options_.max_message_bytes,
                                 /*max_frames=*/1);
  decoder.Feed(request.body);
  if (grpc::Status body = decoder.Finish(); !body.ok()) return fail(body);
  std::optional<grpc_web::Frame> message = decoder.Next();
  if (!message || message->is_trailer()) {
    return fail(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                             "a gRPC-Web request body is one message frame "
                             "(the request of a unary or server-streaming "
                             "method)"));
  }
  if ((message->flags & ~grpc_web::kCompressedFlag) != 0) {
    char flags[8];
    std::snprintf(flags, sizeof(flags), "0x%02x", message->flags);
    return fail(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                             std::string("unknown frame flags ") + flags));
  }
  if (message->is_compressed()) {
    return fail(grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                             "compressed request messages are not supported; "
                             "send them uncompressed"));
  }

  Metadata metadata;
  for (const std::string& name : options_.request_headers) {
    if (!request.has_header(name)) continue;
    std::string value = request.get_header_value(name);
    if (absl::EndsWith(name, "-bin")) {
      std::string decoded;
      if (!absl::Base64Unescape(value, &decoded)) {
        return fail(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 "header " + name + ": not base64"));
      }
      value = std::move(decoded);
    } else if (!grpc_web::IsPrintableAscii(value)) {
      return fail(grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          "header " + name + ": metadata must be printable ASCII"));
    }
    metadata.emplace_back(name, std::move(value));
  }
  if (options_.add_metadata) options_.add_metadata(request, &metadata);

  auto call = std::make_shared<Call>(
      std::chrono::system_clock::now() +
          std::chrono::duration_cast<std::chrono::system_clock::duration>(
              timeout),
      metadata);
  if (grpc::Status admitted = Admit(call); !admitted.ok()) {
    return fail(admitted);
  }
  if (!call->Start(stub_, "/" + service + "/" + method, message->payload,
                   [] { return !ClientConnected(); })) {
    SendTrailersOnly(response, *encoding, call->status(),
                     call->TrailingMetadata(options_.response_metadata));
    Forget(call);
    return;
  }

  response.status = 200;
  for (const auto& [key, value] :
       call->InitialMetadata(options_.response_metadata)) {
    response.set_header(key, grpc_web::MetadataText(key, value));
  }
  const Encoding body_encoding = *encoding;
  response.set_chunked_content_provider(
      grpc_web::ContentType(body_encoding),
      [this, call, body_encoding](size_t, httplib::DataSink& sink) {
        const std::optional<std::string> piece =
            call->Next(options_.response_metadata,
                       [&sink] { return !sink.is_writable(); });
        if (!piece) {
          sink.done();
          return true;
        }
        const std::string out = body_encoding == Encoding::kText
                                    ? grpc_web::ToText(*piece)
                                    : *piece;
        return sink.write(out.data(), out.size());
      },
      [this, call](bool) { Forget(call); });
}

}  // namespace common
