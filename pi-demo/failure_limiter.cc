#include "pi-demo/failure_limiter.h"

#include <arpa/inet.h>

#include <cstring>

namespace attendance {
namespace {

// Past this many clients, windows that have ended are dropped, so that a
// flood of addresses cannot grow the map without bound.
constexpr size_t kCleanupThreshold = 10000;

}  // namespace

std::string ClientGroup(const std::string& address) {
  in6_addr ipv6;
  if (inet_pton(AF_INET6, address.c_str(), &ipv6) != 1) return address;
  char text[INET6_ADDRSTRLEN];
  if (IN6_IS_ADDR_V4MAPPED(&ipv6)) {
    inet_ntop(AF_INET, &ipv6.s6_addr[12], text, sizeof(text));
    return text;
  }
  std::memset(&ipv6.s6_addr[8], 0, 8);  // keep the network's 64 bits
  inet_ntop(AF_INET6, &ipv6, text, sizeof(text));
  return std::string(text) + "/64";
}

FailureLimiter::FailureLimiter(int max_failures, std::chrono::seconds window,
                               Clock clock)
    : max_failures_(max_failures), window_(window), clock_(std::move(clock)) {}

FailureLimiter::Attempt FailureLimiter::TryAttempt(const std::string& client) {
  Attempt attempt;
  if (max_failures_ <= 0) return attempt;
  std::lock_guard<std::mutex> lock(mutex_);
  const TimePoint now = clock_();
  if (windows_.size() > kCleanupThreshold) {
    for (auto it = windows_.begin(); it != windows_.end();) {
      it = now >= it->second.start + window_ ? windows_.erase(it)
                                             : std::next(it);
    }
  }
  Window& window = windows_[client];
  if (window.failures == 0 || now >= window.start + window_) {
    window = Window{now, 0};
  }
  if (window.failures >= max_failures_) {
    attempt.admitted = false;
    // Rounded up, so that retrying after this long always works.
    attempt.retry_after =
        std::chrono::ceil<std::chrono::seconds>(window.start + window_ - now);
    return attempt;
  }
  ++window.failures;
  attempt.client = client;
  attempt.window_start = window.start;
  return attempt;
}

void FailureLimiter::Refund(const Attempt& attempt) {
  if (max_failures_ <= 0 || !attempt.admitted) return;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = windows_.find(attempt.client);
  // A window that has ended since holds other attempts: leave it.
  if (it == windows_.end() || it->second.start != attempt.window_start ||
      it->second.failures == 0) {
    return;
  }
  --it->second.failures;
}

}  // namespace attendance
