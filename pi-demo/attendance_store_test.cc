#include "pi-demo/attendance_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
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
TEST(AttendanceStoreTest, TheFilesAreReadableByTheOwnerOnly) {
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

TEST(AttendanceStoreTest, AnExistingDatabaseIsMadePrivateOnOpen) {
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
TEST(AttendanceStoreTest, CodesAreStoredAsKeyedHashesNotAsText) {
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
TEST(AttendanceStoreTest, PlainCodesOfAnOlderDatabaseAreHashedOnOpen) {
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
