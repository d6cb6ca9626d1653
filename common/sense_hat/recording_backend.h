// A backend for tests: keeps every frame it is shown, and lets a test wait
// until a given sequence of frames has been shown.
#ifndef COMMON_SENSE_HAT_RECORDING_BACKEND_H_
#define COMMON_SENSE_HAT_RECORDING_BACKEND_H_

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "common/sense_hat/matrix_backend.h"

namespace sense_hat {

class RecordingBackend : public MatrixBackend {
 public:
  // `on_frame` (optional) runs after frame number n (from 0) is recorded.
  explicit RecordingBackend(std::function<void(size_t)> on_frame = nullptr)
      : on_frame_(std::move(on_frame)) {}

  bool Show(const Frame& frame, std::string* /*error*/) override {
    size_t number;
    {
      std::lock_guard<std::mutex> lock(mu_);
      number = frames_.size();
      frames_.push_back(frame);
      shown_.notify_all();
    }
    if (on_frame_) on_frame_(number);
    return true;
  }

  // Waits until `sequence` has been shown, frame after frame, at or after
  // frame number `from`; returns the number of the frame after it, or 0 if
  // that takes more than 20 s (a test failure, not a timing assumption).
  size_t WaitFor(const std::vector<Frame>& sequence, size_t from = 0) {
    std::unique_lock<std::mutex> lock(mu_);
    size_t end = 0;
    shown_.wait_for(lock, std::chrono::seconds(20), [&] {
      if (frames_.size() < from) return false;
      auto found = std::search(frames_.begin() + from, frames_.end(),
                               sequence.begin(), sequence.end());
      if (found == frames_.end()) return false;
      end = static_cast<size_t>(found - frames_.begin()) + sequence.size();
      return true;
    });
    return end;
  }

  std::vector<Frame> frames() {
    std::lock_guard<std::mutex> lock(mu_);
    return frames_;
  }

 private:
  const std::function<void(size_t)> on_frame_;
  std::mutex mu_;
  std::condition_variable shown_;
  std::vector<Frame> frames_;
};

}  // namespace sense_hat

#endif  // COMMON_SENSE_HAT_RECORDING_BACKEND_H_
