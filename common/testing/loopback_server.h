// A gRPC server in the test's own process, on a free loopback port, and
// channels to it: what a test of a service needs. Port 0 lets the kernel
// choose, so tests running at once never collide.
#ifndef COMMON_TESTING_LOOPBACK_SERVER_H_
#define COMMON_TESTING_LOOPBACK_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace testing_util {

class LoopbackServer {
 public:
  // Starts a server with `services` (they must outlive it). `configure` may
  // change the builder first (message size limits, interceptors, ...).
  explicit LoopbackServer(
      const std::vector<grpc::Service*>& services,
      const std::function<void(grpc::ServerBuilder&)>& configure = nullptr);
  // Shuts the server down; calls still running are cancelled at once.
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  // False if the server could not start (check it with ASSERT_TRUE).
  bool started() const { return server_ != nullptr; }
  // "127.0.0.1:<port>".
  const std::string& address() const { return address_; }
  // A new channel to the server, plaintext, with `arguments`.
  std::shared_ptr<grpc::Channel> NewChannel(
      const grpc::ChannelArguments& arguments = {}) const;

 private:
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

}  // namespace testing_util

#endif  // COMMON_TESTING_LOOPBACK_SERVER_H_
