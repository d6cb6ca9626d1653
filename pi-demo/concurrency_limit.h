// At most N callers inside a section at once, and at most M more waiting for
// a turn; the rest are turned away at once. For slow, CPU-bound work such as
// bcrypt: without it, 500 parallel logins took every core and made a
// GetStatus call wait 9.6 s.
#ifndef PI_DEMO_CONCURRENCY_LIMIT_H_
#define PI_DEMO_CONCURRENCY_LIMIT_H_

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace attendance {

class ConcurrencyLimit {
 public:
  ConcurrencyLimit(int max_active, int max_waiting)
      : max_active_(max_active < 1 ? 1 : max_active),
        max_waiting_(max_waiting < 0 ? 0 : max_waiting) {}

  // A turn inside the section while it lives (if admitted()).
  class Turn {
   public:
    Turn(Turn&& other) noexcept : limit_(other.limit_) {
      other.limit_ = nullptr;
    }
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;
    Turn& operator=(Turn&&) = delete;
    ~Turn() {
      if (limit_ != nullptr) limit_->Release();
    }
    bool admitted() const { return limit_ != nullptr; }

   private:
    friend class ConcurrencyLimit;
    explicit Turn(ConcurrencyLimit* limit) : limit_(limit) {}
    ConcurrencyLimit* limit_;
  };

  // A turn now, or after waiting until `deadline` if max_waiting allows;
  // not admitted if all are taken and the queue is full, or the deadline
  // passed.
  Turn Enter(std::chrono::system_clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (active_ >= max_active_) {
      if (waiting_ >= max_waiting_) return Turn(nullptr);
      ++waiting_;
      const bool turn = released_.wait_until(
          lock, deadline, [this] { return active_ < max_active_; });
      --waiting_;
      if (!turn) return Turn(nullptr);
    }
    ++active_;
    return Turn(this);
  }

  int max_active() const { return max_active_; }

 private:
  void Release() {
    std::lock_guard<std::mutex> lock(mutex_);
    --active_;
    released_.notify_one();
  }

  const int max_active_;
  const int max_waiting_;
  std::mutex mutex_;
  std::condition_variable released_;
  int active_ = 0;
  int waiting_ = 0;
};

}  // namespace attendance

#endif  // PI_DEMO_CONCURRENCY_LIMIT_H_
