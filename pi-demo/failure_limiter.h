// Rate limiting of failures per client: after `max_failures` failed
// attempts within `window`, a client is refused until the window has passed.
// Guessing codes or passwords then takes forever, while someone who mistypes
// a code a few times never notices the limit.
#ifndef PI_DEMO_FAILURE_LIMITER_H_
#define PI_DEMO_FAILURE_LIMITER_H_

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "pi-demo/clock.h"

namespace attendance {

class FailureLimiter {
 public:
  // max_failures <= 0 turns limiting off.
  FailureLimiter(int max_failures, std::chrono::seconds window,
                 Clock clock = SystemClock());

  // Whether `client` has used up its failures; if so, sets `retry_after` to
  // the time until it may try again.
  bool Blocked(const std::string& client, std::chrono::seconds* retry_after);

  void RecordFailure(const std::string& client);

 private:
  struct Window {
    TimePoint start;
    int failures = 0;
  };

  const int max_failures_;
  const std::chrono::seconds window_;
  const Clock clock_;
  std::mutex mutex_;
  std::map<std::string, Window> windows_;
};

}  // namespace attendance

#endif  // PI_DEMO_FAILURE_LIMITER_H_
