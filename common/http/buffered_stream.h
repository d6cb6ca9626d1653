// The httplib::Stream that httplib's request processing reads a complete,
// already received request from, and writes its answer through to the
// client's socket, each write bounded by a timeout.
#ifndef COMMON_HTTP_BUFFERED_STREAM_H_
#define COMMON_HTTP_BUFFERED_STREAM_H_

#include <httplib.h>

#include <chrono>
#include <string>

namespace common {

class BufferedStream : public httplib::Stream {
 public:
  BufferedStream(const std::string& request, int socket, std::string remote_ip,
                 int remote_port, std::chrono::milliseconds write_timeout)
      : request_(request),
        socket_(socket),
        remote_ip_(std::move(remote_ip)),
        remote_port_(remote_port),
        write_timeout_(write_timeout) {}

  bool is_readable() const override { return read_ < request_.size(); }
  // False once the client has gone (closed or reset its connection), so that
  // a streamed answer stops at once instead of at its next write.
  bool is_writable() const override;
  ssize_t read(char* data, size_t size) override;
  // All of `data`, or -1 if the client went away or did not read for
  // write_timeout.
  ssize_t write(const char* data, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = remote_ip_;
    port = remote_port_;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return socket_; }

  bool write_failed() const { return write_failed_; }

 private:
  const std::string& request_;
  size_t read_ = 0;
  const int socket_;
  const std::string remote_ip_;
  const int remote_port_;
  const std::chrono::milliseconds write_timeout_;
  bool write_failed_ = false;
};

}  // namespace common

#endif  // COMMON_HTTP_BUFFERED_STREAM_H_
