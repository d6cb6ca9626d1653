// The demos' HTTP/1.1 server: cpp-httplib's routes, handlers and static
// files, behind an event loop (Boost.Asio and Boost.Beast's parser) that
// reads each request before a thread is spent on it.
//
// Why not httplib's own server: it gives every open connection a thread
// that blocks in read(), with a read timeout that restarts on every byte.
// 32 clients sending one header line every 3 s left the meter server unable
// to answer anyone; it reads header lines of any length and any number of
// them (25,000 lines of 4 KB: 36 -> 220 MB), and answers one request of a
// pipelined batch, then stalls. Here a connection costs a socket and a
// buffer until its request is complete, which must happen within
// `request_timeout` of its first byte (or of the previous answer); headers
// past `max_header_bytes` or `max_header_fields` get 431; pipelined requests
// are answered in order. Then httplib's own request processing
// (httplib::Server::process_request, meant for subclasses) runs the complete
// request on a worker thread and writes the answer, so that routes, handlers,
// static files and gzip work exactly as before (docs/29-hostile-clients.md
// has the measurements behind this choice).
#ifndef COMMON_HTTP_HTTP_SERVER_H_
#define COMMON_HTTP_HTTP_SERVER_H_

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace common {

struct HttpLimits {
  // The request line and headers together; larger: 431.
  size_t max_header_bytes = 16 * 1024;
  // Header fields of one request; more: 431.
  size_t max_header_fields = 100;
  // A request's body (also given to httplib); larger: 413.
  size_t max_body_bytes = 64 * 1024;
  // From the end of the previous answer (or the connection's start) to the
  // end of the next request. A client slower than that is disconnected; an
  // idle keep-alive connection is closed after it.
  std::chrono::milliseconds request_timeout{5000};
  // The longest one write of an answer may wait for a client that does not
  // read; then the connection is closed.
  std::chrono::milliseconds write_timeout{10000};
  // A request's body gets this much more time per byte it announces (or,
  // chunked, per byte of max_body_bytes): 256 KiB/s, a slow uplink, so that
  // a 64 MB upload has 4 minutes.
  size_t min_body_bytes_per_second = 256 * 1024;
  // Request bodies being received or handled at once may announce this much
  // in all; a request that would pass it gets 503 at once. Without it, 1,000
  // connections that each announce 64 MB could make the server buffer 64 GB.
  size_t max_buffered_body_bytes = size_t{256} << 20;
  // Bodies of at most `small_body_bytes` (forms, JSON, gRPC-Web calls) draw
  // on a budget of their own, so that clients that announce large uploads
  // and send nothing cannot hold up the small requests of everyone else.
  size_t small_body_bytes = 64 * 1024;
  size_t max_buffered_small_body_bytes = size_t{64} << 20;
  // Connections open at once; more are closed as soon as they are accepted.
  int max_connections = 10000;
  // Threads that run handlers (each busy for as long as its handler, and a
  // streamed answer such as Server-Sent Events for its whole life).
  int worker_threads = 16;
};

// From inside a handler: false once the client whose request this thread is
// handling has closed its connection. For handlers that wait before they
// answer (the gRPC-Web gateway waits for a call's first response), so that
// a browser's abort cancels what it asked for. True outside a handler.
bool ClientConnected();

class HttpServer : public httplib::Server {
 public:
  explicit HttpServer(HttpLimits limits = {});
  ~HttpServer() override;

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Before Bind(): changes the limits (the body limit goes to httplib too).
  void SetLimits(const HttpLimits& limits);
  const HttpLimits& limits() const { return limits_; }

  // Listens on host:port (port 0: a free one, with SO_REUSEADDR, and never
  // SO_REUSEPORT, with which a second server could share the port).
  // Returns the port, or -1 if it cannot.
  int Bind(const std::string& host, int port);
  // Serves until Stop(); false if Bind() did not succeed.
  bool Listen();
  // From any thread, also before Listen(): stops accepting, closes idle
  // connections, and lets Listen() return once the requests in flight are
  // answered. Streamed answers must be ended by their owners first.
  void Stop();
  bool IsRunning() const;

  // Runs `request` (bytes as a client would send them) through the same
  // parser, limits and processing as a connection's request, in this thread
  // and without a socket, and returns the answer's bytes ("" for what the
  // event loop itself refuses). For fuzzing the demos' handlers in-process,
  // on a server that is not listening; a streamed answer is cut after
  // `max_bytes`.
  std::string Answer(const std::string& request, size_t max_bytes = 1 << 20);

 private:
  class Loop;
  class Connection;

  // Runs httplib's processing of one complete request (`raw`, as it came,
  // minus chunked framing) and writes its answer to `socket`. Returns false
  // if the connection must close afterwards.
  bool Process(const std::string& raw, bool close_connection, int socket,
               const std::string& remote_ip, int remote_port);

  HttpLimits limits_;
  std::unique_ptr<Loop> loop_;
};

}  // namespace common

#endif  // COMMON_HTTP_HTTP_SERVER_H_
