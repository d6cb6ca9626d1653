// The floor under every gRPC row of unary_latency_bench.py: 32 bytes
// written and echoed back over a loopback TCP connection between two
// processes, one round trip at a time, no gRPC. Whatever a gRPC call costs
// on top (HTTP/2 framing, threads handing the call over, protobuf) is the
// difference. Prints the same JSON as cpp_unary_latency.
#include <absl/flags/flag.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <utility>
#include <vector>

#include "bindings/bench/latency_summary.h"
#include "common/flags/flags.h"

ABSL_FLAG(int, calls, 20000, "Round trips to time (after --warmup ones).");
ABSL_FLAG(int, warmup, 1000, "Round trips made first and not timed.");

namespace {

void NoDelay(int fd) {
  int yes = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
}

// Reads exactly `size` bytes; false at the end of the stream.
bool ReadFully(int fd, char* buffer, size_t size) {
  for (size_t done = 0; done < size;) {
    const ssize_t n = read(fd, buffer + done, size - done);
    if (n <= 0) return false;
    done += n;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (common::ParseFlags(argc, argv,
                         "Times 32-byte round trips over loopback TCP "
                         "between two processes, without gRPC.\n"
                         "Usage: tcp_pingpong [--calls=N]")
          .size() > 1) {
    common::ExitWithUsageError("tcp_pingpong takes only flags");
  }
  const int calls = common::AtLeast(1, absl::GetFlag(FLAGS_calls), "calls");
  const int warmup = common::AtLeast(0, absl::GetFlag(FLAGS_warmup), "warmup");
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
          0 ||
      listen(listener, 1) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) !=
          0) {
    std::perror("tcp_pingpong: listen");
    return 1;
  }
  constexpr size_t kSize = 32;
  const pid_t echo = fork();
  if (echo < 0) {
    std::perror("tcp_pingpong: fork");
    return 1;
  }
  if (echo == 0) {  // the other process: echo until the connection closes
    const int connection = accept(listener, nullptr, nullptr);
    NoDelay(connection);
    char buffer[kSize];
    while (ReadFully(connection, buffer, kSize) &&
           write(connection, buffer, kSize) == static_cast<ssize_t>(kSize)) {
    }
    _exit(0);
  }
  close(listener);
  const int connection = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(connection, reinterpret_cast<sockaddr*>(&address),
              sizeof(address)) != 0) {
    std::perror("tcp_pingpong: connect");
    kill(echo, SIGKILL);  // it would wait in accept() forever
    return 1;
  }
  NoDelay(connection);
  char buffer[kSize] = {};
  std::vector<double> samples_us;
  samples_us.reserve(calls);
  using Clock = std::chrono::steady_clock;
  for (int i = 0; i < warmup + calls; ++i) {
    const Clock::time_point start = Clock::now();
    if (write(connection, buffer, kSize) != static_cast<ssize_t>(kSize) ||
        !ReadFully(connection, buffer, kSize)) {
      std::perror("tcp_pingpong: round trip");
      return 1;
    }
    if (i >= warmup) {
      samples_us.push_back(
          std::chrono::duration<double, std::micro>(Clock::now() - start)
              .count());
    }
  }
  close(connection);
  waitpid(echo, nullptr, 0);
  bench::PrintLatencySummary(std::move(samples_us));
  return 0;
}
