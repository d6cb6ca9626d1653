// The time, as a function that tests can replace: token expiry and rate
// limits are tested by moving a fake clock, not by sleeping.
#ifndef PI_DEMO_CLOCK_H_
#define PI_DEMO_CLOCK_H_

#include <chrono>
#include <functional>

namespace attendance {

using TimePoint = std::chrono::system_clock::time_point;
using Clock = std::function<TimePoint()>;

inline Clock SystemClock() {
  return [] { return std::chrono::system_clock::now(); };
}

}  // namespace attendance

#endif  // PI_DEMO_CLOCK_H_
