// A TCP proxy on loopback that counts the bytes going each way: put it
// between a gRPC client and server to measure what a call costs on the
// wire (HTTP/2 frames, headers, messages as sent, compressed or not). It can
// also go silent, as a dead network or a frozen peer does: the connections
// stay open and nothing gets through.
//
//   CountingProxy proxy("127.0.0.1:50051");
//   auto channel = grpc::CreateChannel(proxy.address(), ...);
//   ... calls ...
//   proxy.to_server_bytes(), proxy.to_client_bytes()
#ifndef COMMON_TESTING_COUNTING_PROXY_H_
#define COMMON_TESTING_COUNTING_PROXY_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace testing_util {

class CountingProxy {
 public:
  // Listens on a free loopback port and forwards every connection to
  // `target`, "127.0.0.1:PORT" or "localhost:PORT" (loopback only). Check
  // ok() before use. Each connection holds two threads until the proxy is
  // destroyed: it is for tests and benchmarks, a few connections each.
  explicit CountingProxy(const std::string& target);
  // Closes every connection and joins the threads.
  ~CountingProxy();
  CountingProxy(const CountingProxy&) = delete;
  CountingProxy& operator=(const CountingProxy&) = delete;

  bool ok() const { return listener_ >= 0; }
  // "127.0.0.1:PORT", for clients.
  const std::string& address() const { return address_; }

  int64_t to_server_bytes() const { return to_server_; }
  int64_t to_client_bytes() const { return to_client_; }
  void Reset() {
    to_server_ = 0;
    to_client_ = 0;
  }
  // From now on, what arrives either way is read and dropped, on every
  // connection: to each side the other has stopped answering (no reset, no
  // close), as when a cable is pulled or a peer hangs.
  void Silence() { silent_ = true; }

 private:
  void Accept();
  void Pump(int from, int to, std::atomic<int64_t>* counter);

  int target_port_ = 0;
  int listener_ = -1;
  std::string address_;
  std::atomic<int64_t> to_server_{0};
  std::atomic<int64_t> to_client_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> silent_{false};
  std::mutex mu_;
  std::vector<int> sockets_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

}  // namespace testing_util

#endif  // COMMON_TESTING_COUNTING_PROXY_H_
