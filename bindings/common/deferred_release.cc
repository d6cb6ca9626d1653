#include "bindings/common/deferred_release.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace bindings {

namespace {

class Releaser {
 public:
  Releaser() {
    std::thread([this] { Run(); }).detach();
  }

  void Add(std::shared_ptr<void> object) {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(object));
    added_.notify_one();
  }

 private:
  void Run() {
    while (true) {
      std::shared_ptr<void> object;
      {
        std::unique_lock<std::mutex> lock(mu_);
        added_.wait(lock, [this] { return !queue_.empty(); });
        object = std::move(queue_.front());
        queue_.pop_front();
      }
      object.reset();  // outside the lock: destructors may take a while
    }
  }

  std::mutex mu_;
  std::condition_variable added_;
  std::deque<std::shared_ptr<void>> queue_;
};

}  // namespace

void ReleaseOnOwnThread(std::shared_ptr<void> object) {
  // Never destroyed: the thread runs until the process exits.
  static Releaser* const releaser = new Releaser();
  releaser->Add(std::move(object));
}

}  // namespace bindings
