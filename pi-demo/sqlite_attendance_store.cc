#include "pi-demo/sqlite_attendance_store.h"

#include <openssl/rand.h>
#include <sqlite3.h>
#include <unistd.h>

#include "common/sqlite/sqlite.h"
#include "pi-demo/private_files.h"

namespace attendance {
namespace {

using Statement = common::SqlStatement;

constexpr char kSchema[] = R"sql(
  CREATE TABLE IF NOT EXISTS organisers (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL
  );
  -- used_by is the attendee a code registered; NULL while it is unused.
  CREATE TABLE IF NOT EXISTS codes (
    code TEXT PRIMARY KEY,
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_by INTEGER REFERENCES attendees(id)
  );
  CREATE TABLE IF NOT EXISTS attendees (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    registered_at INTEGER NOT NULL
  );
)sql";

// Codes as they were stored before they were hashed: "XXXX-XXXX-XX".
constexpr int kPlainCodeLength = 12;

// Replaces each plain code of an older database with its hash, in one
// transaction.
bool HashPlainCodes(common::SqliteDb& db, const std::string& key,
                    std::string* error) {
  std::vector<std::string> plain;
  {
    Statement select(db, "SELECT code FROM codes WHERE length(code) = ?");
    select.Bind(1, int64_t{kPlainCodeLength});
    while (select.Step() == SQLITE_ROW) plain.push_back(select.Text(0));
  }
  if (plain.empty()) return true;
  if (!db.Exec("BEGIN IMMEDIATE", error)) return false;
  for (const std::string& code : plain) {
    Statement update(db, "UPDATE codes SET code = ? WHERE code = ?");
    update.Bind(1, KeyedHash(key, code));
    update.Bind(2, code);
    if (update.Step() != SQLITE_DONE) {
      *error = db.error_message();
      std::string ignored;
      db.Exec("ROLLBACK", &ignored);
      return false;
    }
  }
  return db.Exec("COMMIT", error);
}

}  // namespace

std::unique_ptr<SqliteAttendanceStore> SqliteAttendanceStore::Open(
    const std::string& path, std::string* error) {
  // The key of the codes' hashes lives apart from the database, so that a
  // copy of the database alone tells no code; in memory, a new one each time.
  std::string key;
  if (path == ":memory:") {
    key.resize(32);
    RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), key.size());
  } else {
    // SQLite creates its -wal and -shm files with the database's mode.
    std::optional<std::string> loaded;
    for (const char* suffix : {"-wal", "-shm"}) {  // left by an older version
      const std::string side_file = path + suffix;
      if (access(side_file.c_str(), F_OK) == 0 &&
          !MakeOwnerOnly(side_file, error)) {
        return nullptr;
      }
    }
    if (!MakeOwnerOnly(path, error) ||
        !(loaded = LoadOrCreateKey(path + ".key", error))) {
      return nullptr;
    }
    key = *std::move(loaded);
  }
  std::optional<common::SqliteDb> db = common::SqliteDb::Open(path, error);
  if (!db) return nullptr;
  // [START durability]
  // WAL: readers (GetStatus) never wait for a writer. synchronous=FULL: each
  // commit is fsync'ed before Register answers, so an acknowledged
  // registration survives not only a killed process (NORMAL would do) but a
  // power cut too, which on a Raspberry Pi is someone pulling the plug.
  if (!db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", error) ||
      // Another process (a second server on the same file) may hold the
      // write lock briefly; wait for it instead of failing.
      sqlite3_busy_timeout(db->get(), 5000) != SQLITE_OK ||
      !db->Exec(kSchema, error)) {
    *error = path + ": " + *error;
    return nullptr;
  }
  // [END durability]
  // secure_delete: a replaced or deleted row (a plain code hashed above) is
  // overwritten, not left in a free page of the file.
  if (!db->Exec("PRAGMA secure_delete=ON;", error) ||
      !HashPlainCodes(*db, key, error)) {
    *error = path + ": " + *error;
    return nullptr;
  }
  return std::unique_ptr<SqliteAttendanceStore>(
      new SqliteAttendanceStore(std::move(*db), std::move(key)));
}

bool SqliteAttendanceStore::AddOrganiser(const std::string& name,
                                         const std::string& password_hash,
                                         std::string* error) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement insert(db_,
                   "INSERT OR IGNORE INTO organisers(name, password_hash) "
                   "VALUES (?, ?)");
  insert.Bind(1, name);
  insert.Bind(2, password_hash);
  if (insert.Step() != SQLITE_DONE) {
    *error = db_.error_message();
    return false;
  }
  if (db_.changes() == 0) {
    *error = "organiser " + name + " exists already";
    return false;
  }
  return true;
}

std::optional<std::string> SqliteAttendanceStore::PasswordHash(
    const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement select(db_, "SELECT password_hash FROM organisers WHERE name = ?");
  select.Bind(1, name);
  if (select.Step() != SQLITE_ROW) return std::nullopt;
  return select.Text(0);
}

bool SqliteAttendanceStore::HasOrganisers() {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement select(db_, "SELECT 1 FROM organisers LIMIT 1");
  return select.Step() == SQLITE_ROW;
}

bool SqliteAttendanceStore::AddCode(const std::string& code, int64_t issued_at,
                                    int64_t expires_at, std::string* error) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement insert(
      db_, "INSERT INTO codes(code, issued_at, expires_at) VALUES (?, ?, ?)");
  insert.Bind(1, KeyedHash(code_key_, code));
  insert.Bind(2, issued_at);
  insert.Bind(3, expires_at);
  if (insert.Step() != SQLITE_DONE) {
    *error = db_.error_message();
    return false;
  }
  return true;
}

// [START register]
RegisterOutcome SqliteAttendanceStore::Register(const std::string& code,
                                                const std::string& first_name,
                                                const std::string& last_name,
                                                int64_t now,
                                                AttendeeRecord* attendee,
                                                std::string* error) {
  std::lock_guard<std::mutex> lock(mutex_);
  // IMMEDIATE takes the write lock at once, so another process cannot slip
  // in between the attendee's insert and the code's update.
  if (!db_.Exec("BEGIN IMMEDIATE", error)) return RegisterOutcome::kError;
  auto rollback = [&](RegisterOutcome outcome) {
    std::string ignored;
    db_.Exec("ROLLBACK", &ignored);
    return outcome;
  };

  Statement insert(
      db_,
      "INSERT INTO attendees(first_name, last_name, registered_at) "
      "VALUES (?, ?, ?)");
  insert.Bind(1, first_name);
  insert.Bind(2, last_name);
  insert.Bind(3, now);
  if (insert.Step() != SQLITE_DONE) {
    *error = db_.error_message();
    return rollback(RegisterOutcome::kError);
  }
  const int64_t id = db_.last_insert_rowid();

  // The one-time check and the use are one statement: the code is taken only
  // if it is still unused and unexpired at this moment.
  Statement use(db_,
                "UPDATE codes SET used_by = ? "
                "WHERE code = ? AND used_by IS NULL AND expires_at > ?");
  const std::string code_hash = KeyedHash(code_key_, code);
  use.Bind(1, id);
  use.Bind(2, code_hash);
  use.Bind(3, now);
  if (use.Step() != SQLITE_DONE) {
    *error = db_.error_message();
    return rollback(RegisterOutcome::kError);
  }
  if (db_.changes() == 0) {
    // Not taken: tell a used code from one that never was (or expired).
    Statement used(
        db_, "SELECT 1 FROM codes WHERE code = ? AND used_by IS NOT NULL");
    used.Bind(1, code_hash);
    return rollback(used.Step() == SQLITE_ROW ? RegisterOutcome::kCodeUsed
                                              : RegisterOutcome::kCodeInvalid);
  }
  if (!db_.Exec("COMMIT", error)) return rollback(RegisterOutcome::kError);
  *attendee = AttendeeRecord{id, first_name, last_name, now};
  if (listener_) listener_(*attendee);
  return RegisterOutcome::kRegistered;
}
// [END register]

std::vector<AttendeeRecord> SqliteAttendanceStore::Attendees() {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement select(db_,
                   "SELECT id, first_name, last_name, registered_at "
                   "FROM attendees ORDER BY id");
  std::vector<AttendeeRecord> attendees;
  while (select.Step() == SQLITE_ROW) {
    attendees.push_back(AttendeeRecord{select.Int64(0), select.Text(1),
                                       select.Text(2), select.Int64(3)});
  }
  return attendees;
}

}  // namespace attendance
