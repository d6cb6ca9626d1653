#include "pi-demo/concurrency_limit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

namespace attendance {
namespace {

using Clock = std::chrono::system_clock;

TEST(ConcurrencyLimitTest, AdmitsUpToTheLimitAndRefusesWithoutAQueue) {
  ConcurrencyLimit limit(2, /*max_waiting=*/0);
  const auto soon = Clock::now() + std::chrono::seconds(10);
  ConcurrencyLimit::Turn first = limit.Enter(soon);
  ConcurrencyLimit::Turn second = limit.Enter(soon);
  EXPECT_TRUE(first.admitted());
  EXPECT_TRUE(second.admitted());
  EXPECT_FALSE(limit.Enter(soon).admitted());  // no room, no queue: at once
  { ConcurrencyLimit::Turn done = std::move(first); }  // ends a turn
  EXPECT_TRUE(limit.Enter(soon).admitted());
}

TEST(ConcurrencyLimitTest, AWaiterGetsTheNextTurnOrGivesUpAtItsDeadline) {
  ConcurrencyLimit limit(1, /*max_waiting=*/1);
  auto held = std::make_unique<ConcurrencyLimit::Turn>(
      limit.Enter(Clock::now() + std::chrono::seconds(10)));
  ASSERT_TRUE(held->admitted());
  // Nobody leaves: the deadline ends the wait.
  EXPECT_FALSE(
      limit.Enter(Clock::now() + std::chrono::milliseconds(20)).admitted());
  // Somebody leaves: the waiter gets the turn.
  std::future<bool> waiter = std::async(std::launch::async, [&] {
    return limit.Enter(Clock::now() + std::chrono::seconds(10)).admitted();
  });
  held.reset();
  EXPECT_TRUE(waiter.get());
}

// Many threads at once never have more than the limit inside (also run
// under ThreadSanitizer: --config=tsan).
TEST(ConcurrencyLimitTest, ManyThreadsNeverExceedTheLimit) {
  ConcurrencyLimit limit(3, /*max_waiting=*/100);
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 32; ++i) {
    threads.emplace_back([&] {
      for (int round = 0; round < 50; ++round) {
        ConcurrencyLimit::Turn turn =
            limit.Enter(Clock::now() + std::chrono::seconds(30));
        if (!turn.admitted()) continue;
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        --inside;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_LE(most.load(), 3);
  EXPECT_GE(most.load(), 1);
}

}  // namespace
}  // namespace attendance
