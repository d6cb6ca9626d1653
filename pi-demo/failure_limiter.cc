#include "pi-demo/failure_limiter.h"

namespace attendance {
namespace {

// Past this many clients, windows that have ended are dropped, so that a
// flood of addresses cannot grow the map without bound.
constexpr size_t kCleanupThreshold = 10000;

}  // namespace

FailureLimiter::FailureLimiter(int max_failures, std::chrono::seconds window,
                               Clock clock)
    : max_failures_(max_failures), window_(window), clock_(std::move(clock)) {}

bool FailureLimiter::Blocked(const std::string& client,
                             std::chrono::seconds* retry_after) {
  if (max_failures_ <= 0) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = windows_.find(client);
  if (it == windows_.end() || it->second.failures < max_failures_) return false;
  const TimePoint end = it->second.start + window_;
  const TimePoint now = clock_();
  if (now >= end) {
    windows_.erase(it);
    return false;
  }
  // Rounded up, so that retrying after this long always works.
  *retry_after = std::chrono::ceil<std::chrono::seconds>(end - now);
  return true;
}

void FailureLimiter::RecordFailure(const std::string& client) {
  if (max_failures_ <= 0) return;
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
  ++window.failures;
}

}  // namespace attendance
