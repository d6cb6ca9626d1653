#include "common/testing/counting_proxy.h"

#include <absl/strings/numbers.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace testing_util {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

}  // namespace

CountingProxy::CountingProxy(const std::string& target) {
  // Loopback only: "127.0.0.1:PORT" or "localhost:PORT".
  const size_t colon = target.rfind(':');
  const std::string host = target.substr(0, colon);
  if (colon == std::string::npos ||
      (host != "127.0.0.1" && host != "localhost") ||
      !absl::SimpleAtoi(target.substr(colon + 1), &target_port_) ||
      target_port_ < 1 || target_port_ > 65535) {
    return;  // not ok()
  }
  listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener_ < 0) return;
  sockaddr_in address = Loopback(0);
  socklen_t length = sizeof(address);
  if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
          0 ||
      listen(listener_, 16) != 0 ||
      getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) !=
          0) {
    close(listener_);
    listener_ = -1;
    return;
  }
  address_ = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  acceptor_ = std::thread([this] { Accept(); });
}

CountingProxy::~CountingProxy() {
  stopping_ = true;
  if (listener_ >= 0) shutdown(listener_, SHUT_RDWR);
  if (acceptor_.joinable()) acceptor_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (int fd : sockets_) shutdown(fd, SHUT_RDWR);
  }
  for (std::thread& thread : threads_) thread.join();
  for (int fd : sockets_) close(fd);
  if (listener_ >= 0) close(listener_);
}

void CountingProxy::Accept() {
  while (!stopping_) {
    const int client = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) return;  // shut down
    const int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address = Loopback(target_port_);
    if (server < 0 || connect(server, reinterpret_cast<sockaddr*>(&address),
                              sizeof(address)) != 0) {
      close(server);
      close(client);
      continue;
    }
    for (int fd : {client, server}) {
      int yes = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    }
    std::lock_guard<std::mutex> lock(mu_);
    sockets_.push_back(client);
    sockets_.push_back(server);
    threads_.emplace_back([=] { Pump(client, server, &to_server_); });
    threads_.emplace_back([=] { Pump(server, client, &to_client_); });
  }
}

void CountingProxy::Pump(int from, int to, std::atomic<int64_t>* counter) {
  char buffer[64 * 1024];
  while (true) {
    const ssize_t received = recv(from, buffer, sizeof(buffer), 0);
    if (received <= 0) break;
    *counter += received;
    if (silent_) continue;
    for (ssize_t sent = 0; sent < received;) {
      const ssize_t n = send(to, buffer + sent, received - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        shutdown(from, SHUT_RDWR);
        return;
      }
      sent += n;
    }
  }
  shutdown(to, SHUT_WR);  // pass the end of the stream on
}

}  // namespace testing_util
