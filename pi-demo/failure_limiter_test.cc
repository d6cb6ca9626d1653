#include "pi-demo/failure_limiter.h"

#include <gtest/gtest.h>

namespace attendance {
namespace {

TEST(FailureLimiterTest, RefusesAClientAfterMaxFailuresUntilTheWindowEnds) {
  TimePoint now = TimePoint() + std::chrono::hours(1000);
  FailureLimiter limiter(3, std::chrono::seconds(60), [&] { return now; });
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(limiter.TryAttempt("10.0.0.1").admitted) << i;
  }
  FailureLimiter::Attempt refused = limiter.TryAttempt("10.0.0.1");
  EXPECT_FALSE(refused.admitted);
  EXPECT_EQ(refused.retry_after.count(), 60);
  EXPECT_TRUE(limiter.TryAttempt("10.0.0.2").admitted);  // others are not

  now += std::chrono::milliseconds(59500);
  refused = limiter.TryAttempt("10.0.0.1");
  EXPECT_FALSE(refused.admitted);
  EXPECT_EQ(refused.retry_after.count(), 1);  // rounded up
  now += std::chrono::milliseconds(500);
  EXPECT_TRUE(limiter.TryAttempt("10.0.0.1").admitted);  // a new window
  EXPECT_TRUE(limiter.TryAttempt("10.0.0.1").admitted);
}

TEST(FailureLimiterTest, SuccessfulAttemptsAreRefunded) {
  TimePoint now = TimePoint() + std::chrono::hours(1000);
  FailureLimiter limiter(2, std::chrono::seconds(60), [&] { return now; });
  for (int i = 0; i < 10; ++i) {
    FailureLimiter::Attempt attempt = limiter.TryAttempt("10.0.0.1");
    ASSERT_TRUE(attempt.admitted) << i;
    limiter.Refund(attempt);
  }
  // Attempts in flight count until they are refunded: two admitted at once
  // use up the limit, whatever they turn out to be.
  FailureLimiter::Attempt first = limiter.TryAttempt("10.0.0.1");
  FailureLimiter::Attempt second = limiter.TryAttempt("10.0.0.1");
  EXPECT_TRUE(first.admitted && second.admitted);
  EXPECT_FALSE(limiter.TryAttempt("10.0.0.1").admitted);
  limiter.Refund(first);
  EXPECT_TRUE(limiter.TryAttempt("10.0.0.1").admitted);

  // A refund from a window that has ended does not free the new one.
  now += std::chrono::seconds(60);
  FailureLimiter::Attempt fresh = limiter.TryAttempt("10.0.0.1");
  ASSERT_TRUE(fresh.admitted);
  EXPECT_TRUE(limiter.TryAttempt("10.0.0.1").admitted);
  limiter.Refund(second);
  EXPECT_FALSE(limiter.TryAttempt("10.0.0.1").admitted);
}

TEST(FailureLimiterTest, ZeroTurnsItOff) {
  FailureLimiter limiter(0, std::chrono::seconds(60));
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.TryAttempt("x").admitted);
}

TEST(FailureLimiterTest, IPv6ClientsAreGroupedByTheir64) {
  EXPECT_EQ(ClientGroup("2001:db8:1:2:aaaa:bbbb:cccc:dddd"),
            "2001:db8:1:2::/64");
  EXPECT_EQ(ClientGroup("2001:db8:1:2::1"), ClientGroup("2001:db8:1:2::ffff"));
  EXPECT_NE(ClientGroup("2001:db8:1:2::1"), ClientGroup("2001:db8:1:3::1"));
  EXPECT_EQ(ClientGroup("::1"), "::/64");
  EXPECT_EQ(ClientGroup("::ffff:192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(ClientGroup("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(ClientGroup("unix:/tmp/socket"), "unix:/tmp/socket");
}

}  // namespace
}  // namespace attendance
