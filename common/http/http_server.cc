#include "common/http/http_server.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstring>
#include <iostream>
#include <iterator>
#include <mutex>
#include <optional>
#include <set>
#include <utility>

#include "common/http/buffered_stream.h"
#include "common/http/http_status.h"

namespace common {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// An answer the event loop sends itself (the request never reached httplib),
// in the JSON error format of json_response.h; the connection closes after.
std::string ErrorAnswer(int status, const char* reason, grpc::StatusCode code,
                        const std::string& message) {
  const std::string body = ErrorJson(code, message);
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

// The request as httplib reads it: as received, but with a decoded chunked
// body given a Content-Length.
std::string Serialize(const http::request<http::string_body>& request) {
  std::string raw;
  auto append = [&raw](beast::string_view text) {
    raw.append(text.data(), text.size());
  };
  append(request.method_string());
  raw += ' ';
  append(request.target());
  raw += request.version() == 10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n";
  for (const auto& field : request) {
    if (field.name() == http::field::transfer_encoding ||
        field.name() == http::field::content_length) {
      continue;
    }
    append(field.name_string());
    raw += ": ";
    append(field.value());
    raw += "\r\n";
  }
  if (!request.body().empty() ||
      request.find(http::field::content_length) != request.end() ||
      request.find(http::field::transfer_encoding) != request.end()) {
    raw += "Content-Length: " + std::to_string(request.body().size()) + "\r\n";
  }
  raw += "\r\n";
  raw += request.body();
  return raw;
}

// The client of the request that this thread's handler is answering.
thread_local const httplib::Stream* current_client = nullptr;

// Sets current_client for the lifetime of one request's processing.
class CurrentClient {
 public:
  explicit CurrentClient(const httplib::Stream& stream) {
    current_client = &stream;
  }
  ~CurrentClient() { current_client = nullptr; }
  CurrentClient(const CurrentClient&) = delete;
  CurrentClient& operator=(const CurrentClient&) = delete;
};

// A client in memory, for Answer().
class MemoryStream : public httplib::Stream {
 public:
  MemoryStream(const std::string& request, size_t max_bytes)
      : request_(request), max_bytes_(max_bytes) {}
  bool is_readable() const override { return read_ < request_.size(); }
  bool is_writable() const override { return answer_.size() < max_bytes_; }
  ssize_t read(char* data, size_t size) override {
    const size_t n = std::min(size, request_.size() - read_);
    std::memcpy(data, request_.data() + read_, n);
    read_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* data, size_t size) override {
    if (answer_.size() >= max_bytes_) return -1;
    answer_.append(data, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8080;
  }
  socket_t socket() const override { return INVALID_SOCKET; }
  std::string& answer() { return answer_; }

 private:
  const std::string& request_;
  size_t read_ = 0;
  const size_t max_bytes_;
  std::string answer_;
};

}  // namespace

// The event loop: one thread accepting and reading requests; a pool of
// workers running httplib on complete ones.
class HttpServer::Loop {
 public:
  explicit Loop(int workers) : workers(static_cast<size_t>(workers)) {}

  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  asio::steady_timer accept_pause{io};
  asio::thread_pool workers;
  std::atomic<bool> running{false};
  bool bound = false;
  bool stopping = false;  // on the loop's thread only
  // Loop's thread only: of max_buffered_body_bytes and of
  // max_buffered_small_body_bytes.
  size_t body_bytes_reserved = 0;
  size_t small_body_bytes_reserved = 0;
  std::set<std::shared_ptr<Connection>> connections;  // loop's thread only
};

// One client connection, on the loop's thread except while a worker has its
// request (then nothing else touches the socket).
class HttpServer::Connection
    : public std::enable_shared_from_this<HttpServer::Connection> {
 public:
  Connection(HttpServer* server, tcp::socket socket)
      : server_(server), stream_(std::move(socket)) {
    beast::error_code ignored;
    stream_.socket().set_option(tcp::no_delay(true), ignored);
    const tcp::endpoint peer = stream_.socket().remote_endpoint(ignored);
    remote_ip_ = peer.address().to_string();
    remote_port_ = peer.port();
  }

  void ReadRequest() {
    // [START read_request]
    const HttpLimits& limits = server_->limits_;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    parser_->body_limit(limits.max_body_bytes);
    // One deadline for the whole request: a client that sends a byte now
    // and then does not get to keep the connection.
    stream_.expires_after(limits.request_timeout);
    // [END read_request]
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code error, size_t) {
          self->OnHeader(error);
        });
  }

  // Closes the connection unless a worker has it (Stop()).
  void CloseIfIdle() {
    if (!busy_) Close();
  }

 private:
  void OnHeader(beast::error_code error) {
    if (error) return OnReadError(error);
    const auto& request = parser_->get();
    const HttpLimits& limits = server_->limits_;
    const size_t fields =
        static_cast<size_t>(std::distance(request.begin(), request.end()));
    if (fields > limits.max_header_fields) {
      return Refuse(ErrorAnswer(431, "Request Header Fields Too Large",
                                grpc::StatusCode::RESOURCE_EXHAUSTED,
                                "the request has " + std::to_string(fields) +
                                    " header fields; at most " +
                                    std::to_string(limits.max_header_fields) +
                                    " are allowed"));
    }
    // The body's share of the buffer budget, and its time to arrive.
    const boost::optional<std::uint64_t> length = parser_->content_length();
    const size_t body_bytes =
        length ? static_cast<size_t>(*length)
               : (parser_->chunked() ? limits.max_body_bytes : 0);
    if (body_bytes > 0) {
      small_body_ = body_bytes <= limits.small_body_bytes;
      size_t& reserved = small_body_ ? server_->loop_->small_body_bytes_reserved
                                     : server_->loop_->body_bytes_reserved;
      const size_t budget = small_body_ ? limits.max_buffered_small_body_bytes
                                        : limits.max_buffered_body_bytes;
      if (body_bytes <= limits.max_body_bytes &&
          reserved + body_bytes > budget) {
        return Refuse(ErrorAnswer(
            503, "Service Unavailable", grpc::StatusCode::UNAVAILABLE,
            "too many large requests are arriving at once; try again in a "
            "moment"));
      }
      reserved += body_bytes;
      reserved_ = body_bytes;
      stream_.expires_after(
          limits.request_timeout +
          std::chrono::seconds(body_bytes / limits.min_body_bytes_per_second));
    }
    auto read_body = [self = shared_from_this()] {
      http::async_read(
          self->stream_, self->buffer_, *self->parser_,
          [self](beast::error_code error, size_t) { self->OnRequest(error); });
    };
    // curl and others wait for this before sending a large body.
    if (beast::iequals(request[http::field::expect], "100-continue")) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue),
                        [self = shared_from_this(), read_body](
                            beast::error_code error, size_t) {
                          if (error) return self->Close();
                          read_body();
                        });
      return;
    }
    read_body();
  }

  // Gives the body's share of the buffer budget back, once the request has
  // been answered (its bytes live until then) or dropped.
  void ReleaseBody() {
    (small_body_ ? server_->loop_->small_body_bytes_reserved
                 : server_->loop_->body_bytes_reserved) -= reserved_;
    reserved_ = 0;
  }

  void OnRequest(beast::error_code error) {
    if (error) {
      ReleaseBody();
      return OnReadError(error);
    }
    stream_.expires_never();
    busy_ = true;
    auto raw = std::make_shared<std::string>(Serialize(parser_->get()));
    const bool close = !parser_->get().keep_alive();
    const int socket = stream_.socket().native_handle();
    // The work guard keeps the loop running while the worker has the
    // request, even after Stop() closed everything else.
    asio::post(server_->loop_->workers,
               [self = shared_from_this(), raw, close, socket,
                guard = asio::make_work_guard(server_->loop_->io)] {
                 const bool keep = self->server_->Process(
                     *raw, close, socket, self->remote_ip_, self->remote_port_);
                 asio::post(self->server_->loop_->io, [self, keep] {
                   self->busy_ = false;
                   self->ReleaseBody();
                   if (keep && !self->server_->loop_->stopping) {
                     self->ReadRequest();  // pipelined bytes are in buffer_
                   } else {
                     self->Close();
                   }
                 });
               });
  }

  void OnReadError(beast::error_code error) {
    const HttpLimits& limits = server_->limits_;
    if (error == http::error::header_limit) {
      return Refuse(
          ErrorAnswer(431, "Request Header Fields Too Large",
                      grpc::StatusCode::RESOURCE_EXHAUSTED,
                      "the request line and headers are larger than " +
                          std::to_string(limits.max_header_bytes) + " bytes"));
    }
    if (error == http::error::body_limit) {
      return Refuse(ErrorAnswer(
          413, "Payload Too Large", grpc::StatusCode::RESOURCE_EXHAUSTED,
          "the request body is larger than the limit of " +
              std::to_string(limits.max_body_bytes) + " bytes"));
    }
    // The client closed, the deadline passed (the socket is closed then), or
    // Stop() closed an idle connection: nothing to answer.
    if (error == http::error::end_of_stream || error == beast::error::timeout ||
        error == asio::error::operation_aborted ||
        error == asio::error::connection_reset || error == asio::error::eof) {
      return Close();
    }
    Refuse(ErrorAnswer(400, "Bad Request", grpc::StatusCode::INVALID_ARGUMENT,
                       "malformed HTTP request: " + error.message()));
  }

  // Sends `answer`, then closes gently: the rest of what the client sends is
  // read and dropped for a moment, since closing with unread data would
  // reset the connection and could destroy the answer before it is read.
  void Refuse(std::string answer) {
    auto text = std::make_shared<std::string>(std::move(answer));
    stream_.expires_after(server_->limits_.write_timeout);
    asio::async_write(
        stream_, asio::buffer(*text),
        [self = shared_from_this(), text](beast::error_code error, size_t) {
          if (error) return self->Close();
          beast::error_code ignored;
          self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
          self->stream_.expires_after(std::chrono::seconds(2));
          self->Drain();
        });
  }

  void Drain() {
    stream_.async_read_some(
        asio::buffer(drain_),
        [self = shared_from_this()](beast::error_code error, size_t) {
          if (error) return self->Close();
          self->Drain();
        });
  }

  void Close() {
    ReleaseBody();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
    server_->loop_->connections.erase(shared_from_this());
  }

  HttpServer* const server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_ip_;
  int remote_port_ = 0;
  bool busy_ = false;
  size_t reserved_ = 0;  // of Loop::(small_)body_bytes_reserved
  bool small_body_ = false;
  char drain_[4096];
};

HttpServer::HttpServer(HttpLimits limits) { SetLimits(limits); }

HttpServer::~HttpServer() {
  if (loop_ != nullptr) loop_->workers.join();
}

void HttpServer::SetLimits(const HttpLimits& limits) {
  limits_ = limits;
  set_payload_max_length(limits.max_body_bytes);
}

int HttpServer::Bind(const std::string& host, int port) {
  // Each connection is a file descriptor, and 1,024 (a usual soft limit) is
  // less than max_connections: use what the hard limit allows.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 &&
      files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  loop_ = std::make_unique<Loop>(std::max(1, limits_.worker_threads));
  beast::error_code error;
  tcp::resolver resolver(loop_->io);
  const auto endpoints = resolver.resolve(host, std::to_string(port),
                                          tcp::resolver::passive, error);
  if (error || endpoints.empty()) return -1;
  const tcp::endpoint endpoint = *endpoints.begin();
  tcp::acceptor& acceptor = loop_->acceptor;
  acceptor.open(endpoint.protocol(), error);
  if (!error)
    acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    acceptor.close(error);
    return -1;
  }
  loop_->bound = true;
  // httplib's streamed answers (content providers) go on while this holds a
  // socket, and stop at Stop(), which resets it.
  svr_sock_ = acceptor.native_handle();
  return acceptor.local_endpoint().port();
}

bool HttpServer::Listen() {
  if (loop_ == nullptr || !loop_->bound) return false;
  Loop& loop = *loop_;
  std::function<void()> accept = [this, &loop, &accept] {
    loop.acceptor.async_accept([this, &loop, &accept](beast::error_code error,
                                                      tcp::socket socket) {
      if (error == asio::error::operation_aborted || loop.stopping) return;
      if (error) {
        // Out of file descriptors (or memory): accepting again at once would
        // spin. Try again in a moment, when connections may have closed.
        loop.accept_pause.expires_after(std::chrono::milliseconds(100));
        loop.accept_pause.async_wait([&accept](beast::error_code waited) {
          if (!waited) accept();
        });
        return;
      }
      if (static_cast<int>(loop.connections.size()) >=
          limits_.max_connections) {
        beast::error_code ignored;
        socket.close(ignored);  // full: the client may try again later
      } else {
        auto connection = std::make_shared<Connection>(this, std::move(socket));
        loop.connections.insert(connection);
        connection->ReadRequest();
      }
      accept();
    });
  };
  accept();
  loop.running = true;
  loop.io.run();
  loop.running = false;
  return true;
}

void HttpServer::Stop() {
  if (loop_ == nullptr) return;
  svr_sock_ = INVALID_SOCKET;
  asio::post(loop_->io, [this] {
    Loop& loop = *loop_;
    loop.stopping = true;
    beast::error_code ignored;
    loop.acceptor.close(ignored);
    loop.accept_pause.cancel();
    // A copy: closing removes a connection from the set.
    const auto connections = loop.connections;
    for (const auto& connection : connections) connection->CloseIfIdle();
  });
}

bool HttpServer::IsRunning() const {
  return loop_ != nullptr && loop_->running;
}

std::string HttpServer::Answer(const std::string& request, size_t max_bytes) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(limits_.max_header_bytes));
  parser.body_limit(limits_.max_body_bytes);
  parser.eager(true);
  beast::error_code error;
  asio::const_buffer rest(request.data(), request.size());
  while (rest.size() > 0 && !parser.is_done()) {
    const size_t used = parser.put(rest, error);
    if (error == http::error::need_more) break;
    if (error) return "";  // what a connection refuses with 4xx
    rest += used;
  }
  if (!parser.is_done()) {
    parser.put_eof(error);
    if (error || !parser.is_done()) return "";
  }
  const auto& message = parser.get();
  if (static_cast<size_t>(std::distance(message.begin(), message.end())) >
      limits_.max_header_fields) {
    return "";
  }
  // Stands in for a listening socket, which streamed answers check for.
  svr_sock_ = 0;
  const std::string raw = Serialize(message);
  MemoryStream stream(raw, max_bytes);
  const CurrentClient current(stream);
  bool connection_closed = false;
  process_request(stream, /*close_connection=*/true, connection_closed,
                  nullptr);
  svr_sock_ = INVALID_SOCKET;
  return std::move(stream.answer());
}

bool ClientConnected() {
  return current_client == nullptr || current_client->is_writable();
}

bool HttpServer::Process(const std::string& raw, bool close_connection,
                         int socket, const std::string& remote_ip,
                         int remote_port) {
  BufferedStream stream(raw, socket, remote_ip, remote_port,
                        limits_.write_timeout);
  const CurrentClient current(stream);
  bool connection_closed = false;
  const bool ok =
      process_request(stream, close_connection, connection_closed, nullptr);
  return ok && !connection_closed && !stream.write_failed();
}

}  // namespace common
