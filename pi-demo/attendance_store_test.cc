#include "pi-demo/attendance_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "common/postgres/postgres.h"
#include "common/testing/postgres_server.h"
#include "common/testing/test_arguments.h"

TEST_ARGUMENTS("attendance_store_test <throwaway_postgres binary>", 1);

namespace attendance {
namespace {

class AttendanceStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { db_ = testing_util::NewTestDatabase(GetParam()); }

  // A store on the test's database; each call is another connection, as
  // another server would have.
  std::unique_ptr<AttendanceStore> Open() {
    std::string error;
    auto store = AttendanceStore::Open(db_, &error);
    EXPECT_NE(store, nullptr) << error;
    return store;
  }

  std::string db_;
};

TEST_P(AttendanceStoreTest, ACodeRegistersOnceAndNotAfterItExpires) {
  auto store = Open();
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

TEST_P(AttendanceStoreTest, ConcurrentRegistrationsWithOneCodeHaveOneWinner) {
  auto store = Open();
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

// As two servers (replicas) would: two stores, each with its own mutex
// (SQLite) or its own connections (PostgreSQL: 16 threads over two pools),
// so only the database keeps them apart.
TEST_P(AttendanceStoreTest, TwoConnectionsToOneFileHaveOneWinner) {
  auto first = Open();
  std::string error;
  auto second = Open();
  ASSERT_NE(second, nullptr);
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
  // The losers took no registration number either: the next one is 2.
  ASSERT_TRUE(first->AddCode("BBBB-BBBB-BB", 0, 1000, &error));
  AttendeeRecord next;
  ASSERT_EQ(second->Register("BBBB-BBBB-BB", "Next", "X", 10, &next, &error),
            RegisterOutcome::kRegistered);
  EXPECT_EQ(next.id, 2);
}

TEST_P(AttendanceStoreTest, KeepsOrganisersAndTheirHashes) {
  auto store = Open();
  std::string error;
  EXPECT_FALSE(store->HasOrganisers());
  ASSERT_TRUE(store->AddOrganiser("ada", "$2b$hash", &error));
  EXPECT_FALSE(store->AddOrganiser("ada", "$2b$other", &error));
  EXPECT_EQ(store->PasswordHash("ada"), "$2b$hash");  // not replaced
  EXPECT_EQ(store->PasswordHash("bob"), std::nullopt);
  EXPECT_TRUE(store->HasOrganisers());
}

TEST_P(AttendanceStoreTest, NamesAreStoredAsTypedNotRunAsSql) {
  auto store = Open();
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

TEST_P(AttendanceStoreTest, ListenersHearRegistrations) {
  auto store = Open();
  std::mutex mutex;
  std::condition_variable heard_one;
  std::vector<AttendeeRecord> heard;
  store->SetRegistrationListener([&](const AttendeeRecord& record) {
    std::lock_guard<std::mutex> lock(mutex);
    heard.push_back(record);
    heard_one.notify_all();
  });
  std::string error;
  ASSERT_TRUE(store->AddCode("AAAA-AAAA-AA", 0, 1000, &error));
  AttendeeRecord attendee;
  ASSERT_EQ(
      store->Register("AAAA-AAAA-AA", "Ada", "Lovelace", 10, &attendee, &error),
      RegisterOutcome::kRegistered);
  std::unique_lock<std::mutex> lock(mutex);
  ASSERT_TRUE(heard_one.wait_for(lock, std::chrono::seconds(10),
                                 [&] { return !heard.empty(); }));
  EXPECT_EQ(heard[0].id, attendee.id);
  EXPECT_EQ(heard[0].last_name, "Lovelace");
  lock.unlock();
  store->SetRegistrationListener(nullptr);
}

// A clock the test moves.
struct FakeClock {
  TimePoint now = TimePoint(std::chrono::seconds(1700000000));
  Clock clock() {
    return [this] { return now; };
  }
};

TEST_P(AttendanceStoreTest, LimitersCountFailuresPerClientAndWindow) {
  auto store = Open();
  FakeClock time;
  auto limiter =
      store->MakeLimiter("register", 2, std::chrono::seconds(60), time.clock());
  AttemptLimiter::Attempt first = limiter->TryAttempt("10.0.0.1");
  EXPECT_TRUE(first.admitted) << first.error;
  EXPECT_TRUE(limiter->TryAttempt("10.0.0.1").admitted);
  time.now += std::chrono::seconds(20);
  AttemptLimiter::Attempt refused = limiter->TryAttempt("10.0.0.1");
  EXPECT_FALSE(refused.admitted);
  EXPECT_TRUE(refused.error.empty()) << refused.error;
  EXPECT_EQ(refused.retry_after, std::chrono::seconds(40));
  EXPECT_TRUE(limiter->TryAttempt("10.0.0.2").admitted) << "another client";
  limiter->Refund(first);  // it did not fail after all
  EXPECT_TRUE(limiter->TryAttempt("10.0.0.1").admitted);
  EXPECT_FALSE(limiter->TryAttempt("10.0.0.1").admitted);
  time.now += std::chrono::seconds(40);  // the window has passed
  EXPECT_TRUE(limiter->TryAttempt("10.0.0.1").admitted);
}

TEST_P(AttendanceStoreTest, TokensAreValidForTheirLifetimeOnly) {
  auto store = Open();
  FakeClock time;
  auto tokens = store->MakeTokens(std::chrono::seconds(3600), time.clock());
  Tokens::Token token = tokens->Issue("ada");
  ASSERT_EQ(token.token.size(), 32u);
  EXPECT_EQ(tokens->Check(token.token), "ada");
  EXPECT_EQ(tokens->Check(std::string(32, '0')), std::nullopt);
  time.now += std::chrono::seconds(3600);
  EXPECT_EQ(tokens->Check(token.token), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(BothDatabases, AttendanceStoreTest,
                         ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

// What replicas on one PostgreSQL database share.
class PostgresReplicasTest : public AttendanceStoreTest {};

TEST_P(PostgresReplicasTest, TwoReplicasShareOneAllowance) {
  auto a = Open();
  auto b = Open();
  FakeClock time;
  auto on_a =
      a->MakeLimiter("register", 4, std::chrono::seconds(60), time.clock());
  auto on_b =
      b->MakeLimiter("register", 4, std::chrono::seconds(60), time.clock());
  // Round-robin: the client's attempts alternate between the replicas,
  // several at once.
  std::atomic<int> admitted{0};
  std::vector<std::thread> attempts;
  for (int i = 0; i < 20; ++i) {
    attempts.emplace_back([&, i] {
      if ((i % 2 == 0 ? *on_a : *on_b).TryAttempt("10.0.0.1").admitted) {
        ++admitted;
      }
    });
  }
  for (std::thread& attempt : attempts) attempt.join();
  EXPECT_EQ(admitted, 4);
}

TEST_P(PostgresReplicasTest, ATokenFromOneReplicaWorksOnAnother) {
  auto a = Open();
  auto b = Open();
  Tokens::Token token =
      a->MakeTokens(std::chrono::seconds(60), SystemClock())->Issue("ada");
  EXPECT_EQ(b->MakeTokens(std::chrono::seconds(60), SystemClock())
                ->Check(token.token),
            "ada");
}

TEST_P(PostgresReplicasTest, AReplicaHearsRegistrationsThroughAnother) {
  auto a = Open();
  auto b = Open();
  std::mutex mutex;
  std::condition_variable heard_one;
  std::optional<AttendeeRecord> heard;
  a->SetRegistrationListener([&](const AttendeeRecord& record) {
    std::lock_guard<std::mutex> lock(mutex);
    heard = record;
    heard_one.notify_all();
  });
  std::string error;
  ASSERT_TRUE(b->AddCode("AAAA-AAAA-AA", 0, 1000, &error));
  AttendeeRecord attendee;
  ASSERT_EQ(
      b->Register("AAAA-AAAA-AA", "Grace", "Hopper", 10, &attendee, &error),
      RegisterOutcome::kRegistered);
  std::unique_lock<std::mutex> lock(mutex);
  ASSERT_TRUE(heard_one.wait_for(lock, std::chrono::seconds(10),
                                 [&] { return heard.has_value(); }));
  EXPECT_EQ(heard->id, attendee.id);
  EXPECT_EQ(heard->first_name, "Grace");
  lock.unlock();
  a->SetRegistrationListener(nullptr);
}

TEST_P(PostgresReplicasTest, CodesAreStoredAsKeyedHashesSharedByReplicas) {
  auto a = Open();
  auto b = Open();
  std::string error;
  ASSERT_TRUE(a->AddCode("AAAA-AAAA-AA", 0, 1000, &error)) << error;
  std::unique_ptr<common::PgConnection> admin =
      common::PgConnection::Connect(db_, &error);
  ASSERT_NE(admin, nullptr) << error;
  EXPECT_EQ(admin->Exec("SELECT count(*) FROM codes WHERE code LIKE '%AAAA%'")
                .Text(0, 0),
            "0");
  AttendeeRecord attendee;
  EXPECT_EQ(b->Register("AAAA-AAAA-AA", "Ada", "L", 10, &attendee, &error),
            RegisterOutcome::kRegistered);
}

INSTANTIATE_TEST_SUITE_P(Postgres, PostgresReplicasTest,
                         ::testing::Values("postgresql"),
                         [](const auto& info) { return info.param; });

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

mode_t PermissionBits(const std::string& path) {
  struct stat status {};
  EXPECT_EQ(stat(path.c_str(), &status), 0) << path;
  return status.st_mode & 0777;
}

// The database holds unused codes, which are as good as an invitation.
TEST(SqliteAttendanceStoreTest, TheFilesAreReadableByTheOwnerOnly) {
  const std::string path =
      std::string(std::getenv("TEST_TMPDIR")) + "/private.db";
  std::remove(path.c_str());
  const mode_t old_umask = umask(022);  // a usual umask: files 0644
  std::string error;
  auto store = AttendanceStore::Open(path, &error);
  umask(old_umask);
  ASSERT_NE(store, nullptr) << error;
  ASSERT_TRUE(store->AddCode("AAAA-AAAA-AA", 100, 200, &error)) << error;
  EXPECT_EQ(PermissionBits(path), 0600u);
  EXPECT_EQ(PermissionBits(path + "-wal"), 0600u);
  EXPECT_EQ(PermissionBits(path + ".key"), 0600u);
}

TEST(SqliteAttendanceStoreTest, AnExistingDatabaseIsMadePrivateOnOpen) {
  const std::string path =
      std::string(std::getenv("TEST_TMPDIR")) + "/was_public.db";
  std::remove(path.c_str());
  { std::ofstream(path).flush(); }
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  std::string error;
  auto store = AttendanceStore::Open(path, &error);
  ASSERT_NE(store, nullptr) << error;
  EXPECT_EQ(PermissionBits(path), 0600u);
}

// A copy of the file (a backup, a stolen SD card) without the key file gives
// no code away; the server, which has both, still checks typed codes.
TEST(SqliteAttendanceStoreTest, CodesAreStoredAsKeyedHashesNotAsText) {
  const std::string path =
      std::string(std::getenv("TEST_TMPDIR")) + "/hashed.db";
  std::remove(path.c_str());
  std::string error;
  {
    auto store = AttendanceStore::Open(path, &error);
    ASSERT_NE(store, nullptr) << error;
    ASSERT_TRUE(store->AddCode("K7QX-M2PA-9Z", 100, 200, &error)) << error;
  }
  EXPECT_EQ(FileBytes(path).find("K7QX-M2PA-9Z"), std::string::npos);
  EXPECT_EQ(FileBytes(path + "-wal").find("K7QX-M2PA-9Z"), std::string::npos);

  auto reopened = AttendanceStore::Open(path, &error);
  ASSERT_NE(reopened, nullptr) << error;
  AttendeeRecord attendee;
  EXPECT_EQ(
      reopened->Register("K7QX-M2PA-9Z", "Ada", "L", 150, &attendee, &error),
      RegisterOutcome::kRegistered);
  EXPECT_EQ(
      reopened->Register("K7QX-M2PA-9Z", "Bob", "B", 150, &attendee, &error),
      RegisterOutcome::kCodeUsed);
}

// Databases from before the hashing keep working: their plain codes are
// hashed when the store opens them.
TEST(SqliteAttendanceStoreTest, PlainCodesOfAnOlderDatabaseAreHashedOnOpen) {
  const std::string path =
      std::string(std::getenv("TEST_TMPDIR")) + "/older.db";
  std::remove(path.c_str());
  std::remove((path + ".key").c_str());
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TABLE codes (code TEXT PRIMARY KEY, "
                           "issued_at INTEGER NOT NULL, expires_at INTEGER "
                           "NOT NULL, used_by INTEGER);"
                           "INSERT INTO codes VALUES ('OLD2-CODE-33', 1, 300, "
                           "NULL);",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  std::string error;
  auto store = AttendanceStore::Open(path, &error);
  ASSERT_NE(store, nullptr) << error;
  AttendeeRecord attendee;
  EXPECT_EQ(store->Register("OLD2-CODE-33", "Ada", "L", 150, &attendee, &error),
            RegisterOutcome::kRegistered);
  store.reset();
  EXPECT_EQ(FileBytes(path).find("OLD2-CODE-33"), std::string::npos);
  EXPECT_EQ(FileBytes(path + "-wal").find("OLD2-CODE-33"), std::string::npos);
}

}  // namespace
}  // namespace attendance
