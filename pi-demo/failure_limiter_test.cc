#include "pi-demo/failure_limiter.h"

#include <gtest/gtest.h>

namespace attendance {
namespace {

TEST(FailureLimiterTest, BlocksAClientAfterMaxFailuresUntilTheWindowEnds) {
  TimePoint now = TimePoint() + std::chrono::hours(1000);
  FailureLimiter limiter(3, std::chrono::seconds(60), [&] { return now; });
  std::chrono::seconds retry_after{0};
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(limiter.Blocked("10.0.0.1", &retry_after)) << i;
    limiter.RecordFailure("10.0.0.1");
  }
  EXPECT_TRUE(limiter.Blocked("10.0.0.1", &retry_after));
  EXPECT_EQ(retry_after.count(), 60);
  EXPECT_FALSE(limiter.Blocked("10.0.0.2", &retry_after));  // others are not

  now += std::chrono::milliseconds(59500);
  EXPECT_TRUE(limiter.Blocked("10.0.0.1", &retry_after));
  EXPECT_EQ(retry_after.count(), 1);  // rounded up
  now += std::chrono::milliseconds(500);
  EXPECT_FALSE(limiter.Blocked("10.0.0.1", &retry_after));
  limiter.RecordFailure("10.0.0.1");  // a new window
  EXPECT_FALSE(limiter.Blocked("10.0.0.1", &retry_after));
}

TEST(FailureLimiterTest, ZeroTurnsItOff) {
  FailureLimiter limiter(0, std::chrono::seconds(60));
  std::chrono::seconds retry_after{0};
  for (int i = 0; i < 100; ++i) limiter.RecordFailure("x");
  EXPECT_FALSE(limiter.Blocked("x", &retry_after));
}

}  // namespace
}  // namespace attendance
