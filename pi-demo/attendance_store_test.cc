#include "pi-demo/attendance_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <thread>
#include <vector>

namespace attendance {
namespace {

std::unique_ptr<AttendanceStore> OpenTemp(const std::string& name) {
  std::string path =
      std::string(std::getenv("TEST_TMPDIR")) + "/" + name + ".db";
  std::remove(path.c_str());
  std::string error;
  auto store = AttendanceStore::Open(path, &error);
  EXPECT_NE(store, nullptr) << error;
  return store;
}

TEST(AttendanceStoreTest, ACodeRegistersOnceAndNotAfterItExpires) {
  auto store = OpenTemp("once");
  std::string error;
  ASSERT_TRUE(store->AddCode("AAAA-AAAA-AA", 100, 200, &error)) << error;
  ASSERT_TRUE(store->AddCode("BBBB-BBBB-BB", 100, 200, &error)) << error;
  EXPECT_FALSE(store->AddCode("AAAA-AAAA-AA", 100, 200, &error));

  AttendeeRecord attendee;
  EXPECT_EQ(store->Register("AAAA-AAAA-AA", "Ada", "Lovelace", 150, &attendee,
                            &error),
            RegisterOutcome::kRegistered);
  EXPECT_EQ(attendee.id, 1);
  EXPECT_EQ(store->Register("AAAA-AAAA-AA", "Bob", "X", 151, &attendee, &error),
            RegisterOutcome::kCodeUsed);
  EXPECT_EQ(store->Register("CCCC-CCCC-CC", "Bob", "X", 151, &attendee, &error),
            RegisterOutcome::kCodeInvalid);
  EXPECT_EQ(store->Register("BBBB-BBBB-BB", "Bob", "X", 200, &attendee, &error),
            RegisterOutcome::kCodeInvalid);  // expired at 200
  // Failed registrations leave no trace, not even a gap in the numbers.
  ASSERT_TRUE(store->AddCode("DDDD-DDDD-DD", 100, 300, &error));
  EXPECT_EQ(store->Register("DDDD-DDDD-DD", "Bob", "X", 201, &attendee, &error),
            RegisterOutcome::kRegistered);
  EXPECT_EQ(attendee.id, 2);

  std::vector<AttendeeRecord> attendees = store->Attendees();
  ASSERT_EQ(attendees.size(), 2u);
  EXPECT_EQ(attendees[0].first_name, "Ada");
  EXPECT_EQ(attendees[0].registered_at, 150);
  EXPECT_EQ(attendees[1].first_name, "Bob");
}

TEST(AttendanceStoreTest, ConcurrentRegistrationsWithOneCodeHaveOneWinner) {
  auto store = OpenTemp("race");
  std::string error;
  ASSERT_TRUE(store->AddCode("AAAA-AAAA-AA", 0, 1000, &error));
  std::atomic<int> registered{0}, used{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      AttendeeRecord attendee;
      std::string thread_error;
      RegisterOutcome outcome =
          store->Register("AAAA-AAAA-AA", "T" + std::to_string(i), "X", 10,
                          &attendee, &thread_error);
      (outcome == RegisterOutcome::kRegistered ? registered : used)++;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(registered, 1);
  EXPECT_EQ(used, 15);
  EXPECT_EQ(store->Attendees().size(), 1u);
}

// As two servers on one file would: two connections, each with its own
// mutex, so only SQLite's write lock (BEGIN IMMEDIATE) keeps them apart.
TEST(AttendanceStoreTest, TwoConnectionsToOneFileHaveOneWinner) {
  auto first = OpenTemp("two_connections");
  std::string error;
  auto second = AttendanceStore::Open(
      std::string(std::getenv("TEST_TMPDIR")) + "/two_connections.db", &error);
  ASSERT_NE(second, nullptr) << error;
  ASSERT_TRUE(first->AddCode("AAAA-AAAA-AA", 0, 1000, &error));
  constexpr int kThreads = 16;
  std::atomic<int> registered{0}, used{0}, other{0}, ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      AttendanceStore& store = i % 2 == 0 ? *first : *second;
      ++ready;
      while (ready < kThreads) std::this_thread::yield();  // start together
      AttendeeRecord attendee;
      std::string thread_error;
      switch (store.Register("AAAA-AAAA-AA", "T" + std::to_string(i), "X", 10,
                             &attendee, &thread_error)) {
        case RegisterOutcome::kRegistered:
          ++registered;
          break;
        case RegisterOutcome::kCodeUsed:
          ++used;
          break;
        default:
          ++other;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(registered, 1);
  EXPECT_EQ(used, kThreads - 1);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(first->Attendees().size(), 1u);
  EXPECT_EQ(second->Attendees().size(), 1u);
}

TEST(AttendanceStoreTest, KeepsOrganisersAndTheirHashes) {
  auto store = OpenTemp("organisers");
  std::string error;
  EXPECT_FALSE(store->HasOrganisers());
  ASSERT_TRUE(store->AddOrganiser("ada", "$2b$hash", &error));
  EXPECT_FALSE(store->AddOrganiser("ada", "$2b$other", &error));
  EXPECT_EQ(store->PasswordHash("ada"), "$2b$hash");  // not replaced
  EXPECT_EQ(store->PasswordHash("bob"), std::nullopt);
  EXPECT_TRUE(store->HasOrganisers());
}

TEST(AttendanceStoreTest, NamesAreStoredAsTypedNotRunAsSql) {
  auto store = OpenTemp("names");
  std::string error;
  ASSERT_TRUE(store->AddCode("AAAA-AAAA-AA", 0, 1000, &error));
  AttendeeRecord attendee;
  ASSERT_EQ(store->Register("AAAA-AAAA-AA", "Robert'); DROP TABLE attendees;--",
                            "<b>", 10, &attendee, &error),
            RegisterOutcome::kRegistered);
  ASSERT_EQ(store->Attendees().size(), 1u);
  EXPECT_EQ(store->Attendees()[0].first_name,
            "Robert'); DROP TABLE attendees;--");
}

}  // namespace
}  // namespace attendance
