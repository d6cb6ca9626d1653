// Collects the status watcher's event lines for tests, and lets them wait
// for a line to appear a given number of times.
#ifndef PI_DEMO_DISPLAY_EVENT_LOG_H_
#define PI_DEMO_DISPLAY_EVENT_LOG_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace display {

class EventLog {
 public:
  void Add(const std::string& line) {
    std::lock_guard<std::mutex> lock(mu_);
    lines_.push_back(line);
    added_.notify_all();
  }

  // True once `times` lines contain `text`; false after 20 s without.
  bool WaitFor(const std::string& text, int times = 1) {
    std::unique_lock<std::mutex> lock(mu_);
    return added_.wait_for(lock, std::chrono::seconds(20), [&] {
      int found = 0;
      for (const std::string& line : lines_) {
        found += line.find(text) != std::string::npos;
      }
      return found >= times;
    });
  }

  std::string Text() {
    std::lock_guard<std::mutex> lock(mu_);
    std::string text;
    for (const std::string& line : lines_) text += line + "\n";
    return text;
  }

 private:
  std::mutex mu_;
  std::condition_variable added_;
  std::vector<std::string> lines_;
};

}  // namespace display

#endif  // PI_DEMO_DISPLAY_EVENT_LOG_H_
