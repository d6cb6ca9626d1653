#include "common/http/buffered_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace common {

bool BufferedStream::is_writable() const {
  pollfd fd = {socket_, POLLRDHUP, 0};
  if (poll(&fd, 1, 0) < 0) return false;
  return (fd.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) == 0;
}

ssize_t BufferedStream::read(char* data, size_t size) {
  const size_t n = std::min(size, request_.size() - read_);
  std::memcpy(data, request_.data() + read_, n);
  read_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t BufferedStream::write(const char* data, size_t size) {
  if (write_failed_) return -1;
  const auto deadline = std::chrono::steady_clock::now() + write_timeout_;
  size_t sent = 0;
  while (sent < size) {
    // MSG_NOSIGNAL: a client that went away is an error here, not SIGPIPE.
    const ssize_t n =
        send(socket_, data + sent, size - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd fd = {socket_, POLLOUT, 0};
      if (left.count() > 0 && poll(&fd, 1, static_cast<int>(left.count())) > 0)
        continue;
    }
    write_failed_ = true;  // gone, or not reading
    return -1;
  }
  return static_cast<ssize_t>(size);
}

void BufferedStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  ip.clear();
  port = 0;
  if (getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length) !=
      0) {
    return;
  }
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
    port = ntohs(v4->sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
    port = ntohs(v6->sin6_port);
  }
  ip = text;
}

}  // namespace common
