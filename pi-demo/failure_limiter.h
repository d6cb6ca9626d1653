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

// The key a client is limited by: an IPv4 address as it is, an IPv6 address
// as its /64 ("2001:db8:1:2::/64"), since one home or server usually gets a
// whole /64 and could otherwise try from 2^64 addresses. An IPv4-mapped IPv6
// address counts as its IPv4 address; anything else is its own key.
std::string ClientGroup(const std::string& address);

// Where the counts live: in this process (FailureLimiter), or in a database
// that several replicas share (postgres_attendance_store.h): with counts per
// replica, a client behind a round-robin balancer would get one allowance
// per replica.
class AttemptLimiter {
 public:
  virtual ~AttemptLimiter() = default;

  // What TryAttempt decided.
  struct Attempt {
    bool admitted = true;
    // If refused: the time until the client may try again.
    std::chrono::seconds retry_after{0};
    // The window the attempt was counted in (for Refund).
    std::string client;
    TimePoint window_start;
    // Set if the counts could not be read (the database failed): refused.
    std::string error;
  };

  // Checks and counts in one step: if `client` has failures left in its
  // window, counts this attempt as a failure and admits it; else refuses
  // it. (A check followed by a separate count would let many parallel calls
  // all pass the check before the first failure counted.)
  virtual Attempt TryAttempt(const std::string& client) = 0;

  // Takes back an admitted attempt that did not fail after all.
  virtual void Refund(const Attempt& attempt) = 0;
};

class FailureLimiter final : public AttemptLimiter {
 public:
  // max_failures <= 0 turns limiting off.
  FailureLimiter(int max_failures, std::chrono::seconds window,
                 Clock clock = SystemClock());

  Attempt TryAttempt(const std::string& client) override;
  void Refund(const Attempt& attempt) override;

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
