#include "pi-demo/postgres_attendance_store.h"

#include <iostream>

#include "common/postgres/schema.h"
#include "pi-demo/postgres_limits.h"
#include "pi-demo/private_files.h"

namespace attendance {
namespace {

using common::PgConnection;
using common::PgParams;
using common::PgResult;

// Released schema versions; append, never edit (common/postgres/schema.h).
const std::vector<std::string> kMigrations = {
    R"sql(
      CREATE TABLE organisers (
        name TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL
      );
      CREATE TABLE attendees (
        id BIGSERIAL PRIMARY KEY,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        registered_at BIGINT NOT NULL
      );
      -- used_by is the attendee a code registered; NULL while it is unused.
      -- Checked at commit: Register sets it in the statement that adds the
      -- attendee.
      CREATE TABLE codes (
        code TEXT PRIMARY KEY,
        issued_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        used_by BIGINT REFERENCES attendees(id) DEFERRABLE INITIALLY DEFERRED
      );
      -- Login tokens by their SHA-256; expires_at in milliseconds.
      CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,
        organiser TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX tokens_by_expiry ON tokens (expires_at);
      -- One failure window per limiter and client; times in milliseconds.
      CREATE TABLE failure_windows (
        limiter TEXT NOT NULL,
        client TEXT NOT NULL,
        window_start BIGINT NOT NULL,
        failures INTEGER NOT NULL,
        PRIMARY KEY (limiter, client)
      );
      CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    )sql",
};

constexpr char kChannel[] = "attendance_registrations";
constexpr size_t kPoolSize = 8;

AttendeeRecord ReadAttendee(const PgResult& rows, int row) {
  return AttendeeRecord{std::stoll(rows.Text(row, 0)), rows.Text(row, 1),
                        rows.Text(row, 2), std::stoll(rows.Text(row, 3))};
}

}  // namespace

std::unique_ptr<PostgresAttendanceStore> PostgresAttendanceStore::Open(
    const std::string& url, std::string* error) {
  std::unique_ptr<common::PgPool> pool =
      common::PgPool::Open(url, kPoolSize, error);
  if (pool == nullptr) return nullptr;
  std::string code_key;
  {
    common::PgPool::Lease db = pool->Take(error);
    if (!db || !common::MigrateSchema(*db, "attendance", kMigrations, error)) {
      return nullptr;
    }
    // The first replica draws the key; the others read the same one.
    PgResult drawn = db->Exec(
        "INSERT INTO secrets(name, value) VALUES ('code_key', $1) "
        "ON CONFLICT (name) DO NOTHING",
        {NewTokenText() + NewTokenText()});
    PgResult key =
        db->Exec("SELECT value FROM secrets WHERE name = 'code_key'");
    if (!drawn.ok() || !key.ok() || key.rows() != 1) {
      *error = "database: cannot read the key of the codes: " + key.error();
      return nullptr;
    }
    code_key = key.Text(0, 0);
  }
  std::unique_ptr<PostgresAttendanceStore> store(
      new PostgresAttendanceStore(std::move(pool), std::move(code_key)));
  // Listening before Open returns: no registration after it goes unheard.
  store->notifications_ = common::PgListener::Start(
      url, kChannel,
      [store = store.get()](PgConnection& connection,
                            const std::string& payload) {
        store->Notified(connection, payload);
      },
      // Registrations committed while the listener was away: the board
      // takes every attendee again and keeps the ones it lacks.
      [store = store.get()] {
        std::vector<AttendeeRecord> attendees = store->Attendees();
        std::lock_guard<std::mutex> lock(store->listener_mutex_);
        if (!store->listener_) return;
        for (const AttendeeRecord& attendee : attendees) {
          store->listener_(attendee);
        }
      },
      error);
  if (store->notifications_ == nullptr) return nullptr;
  return store;
}

bool PostgresAttendanceStore::AddOrganiser(const std::string& name,
                                           const std::string& password_hash,
                                           std::string* error) {
  PgResult added = Exec(*pool_,
                        "INSERT INTO organisers(name, password_hash) "
                        "VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                        {name, password_hash}, error);
  if (!added.ok()) return false;
  if (added.affected_rows() == 0) {
    *error = "organiser " + name + " exists already";
    return false;
  }
  return true;
}

std::optional<std::string> PostgresAttendanceStore::PasswordHash(
    const std::string& name) {
  std::string error;
  PgResult found =
      Exec(*pool_, "SELECT password_hash FROM organisers WHERE name = $1",
           {name}, &error);
  if (!found.ok() || found.rows() == 0) return std::nullopt;
  return found.Text(0, 0);
}

bool PostgresAttendanceStore::HasOrganisers() {
  std::string error;
  PgResult found = Exec(*pool_, "SELECT 1 FROM organisers LIMIT 1", {}, &error);
  return found.ok() && found.rows() > 0;
}

bool PostgresAttendanceStore::AddCode(const std::string& code,
                                      int64_t issued_at, int64_t expires_at,
                                      std::string* error) {
  return Exec(*pool_,
              "INSERT INTO codes(code, issued_at, expires_at) "
              "VALUES ($1, $2, $3)",
              {KeyedHash(code_key_, code), std::to_string(issued_at),
               std::to_string(expires_at)},
              error)
      .ok();
}

// [START register]
RegisterOutcome PostgresAttendanceStore::Register(const std::string& code,
                                                  const std::string& first_name,
                                                  const std::string& last_name,
                                                  int64_t now,
                                                  AttendeeRecord* attendee,
                                                  std::string* error) {
  common::PgPool::Lease db = pool_->Take(error);
  if (!db) return RegisterOutcome::kError;
  auto fail = [&](const std::string& message) {
    *error = "database: " + message;
    std::string ignored;
    db->Run("ROLLBACK", &ignored);
    return RegisterOutcome::kError;
  };
  if (!db->Run("BEGIN", error)) return fail(*error);
  // One statement takes the code, if it is still unused and unexpired (0 is
  // a placeholder until the attendee's number exists; the foreign key is
  // checked at commit). A racer that finds the row locked waits, then sees
  // used_by set and takes nothing, so only the winner goes on to draw a
  // registration number: racing leaves no gaps in the numbers.
  const std::string code_hash = KeyedHash(code_key_, code);
  PgResult taken = db->Exec(
      "UPDATE codes SET used_by = 0 "
      "WHERE code = $1 AND used_by IS NULL AND expires_at > $2",
      {code_hash, std::to_string(now)});
  if (!taken.ok()) return fail(taken.error());
  if (taken.affected_rows() == 0) {
    // Not taken: tell a used code from one that never was (or expired).
    PgResult used =
        db->Exec("SELECT 1 FROM codes WHERE code = $1 AND used_by IS NOT NULL",
                 {code_hash});
    if (!used.ok()) return fail(used.error());
    db->Run("ROLLBACK", error);
    return used.rows() > 0 ? RegisterOutcome::kCodeUsed
                           : RegisterOutcome::kCodeInvalid;
  }
  PgResult added = db->Exec(
      "INSERT INTO attendees (first_name, last_name, registered_at) "
      "VALUES ($1, $2, $3) RETURNING id",
      {first_name, last_name, std::to_string(now)});
  if (!added.ok() || added.rows() != 1) return fail(added.error());
  PgResult linked = db->Exec("UPDATE codes SET used_by = $2 WHERE code = $1",
                             {code_hash, added.Text(0, 0)});
  if (!linked.ok()) return fail(linked.error());
  const std::string id = added.Text(0, 0);
  // Every replica's status board hears of it when this commits.
  if (!db->Exec("SELECT pg_notify($1, $2)", {std::string(kChannel), id}).ok() ||
      !db->Run("COMMIT", error)) {
    return fail(db->error_message());
  }
  *attendee = AttendeeRecord{std::stoll(id), first_name, last_name, now};
  return RegisterOutcome::kRegistered;
}
// [END register]

std::vector<AttendeeRecord> PostgresAttendanceStore::Attendees() {
  std::string error;
  PgResult rows = Exec(*pool_,
                       "SELECT id, first_name, last_name, registered_at "
                       "FROM attendees ORDER BY id",
                       {}, &error);
  std::vector<AttendeeRecord> attendees;
  if (!rows.ok()) return attendees;
  for (int row = 0; row < rows.rows(); ++row) {
    attendees.push_back(ReadAttendee(rows, row));
  }
  return attendees;
}

void PostgresAttendanceStore::SetRegistrationListener(
    RegistrationListener listener) {
  std::lock_guard<std::mutex> lock(listener_mutex_);
  listener_ = std::move(listener);
}

void PostgresAttendanceStore::Notified(PgConnection& connection,
                                       const std::string& payload) {
  PgResult rows = connection.Exec(
      "SELECT id, first_name, last_name, registered_at FROM attendees "
      "WHERE id = $1",
      {payload});
  if (!rows.ok() || rows.rows() != 1) {
    std::cerr << "cannot read attendee " << payload << ": " << rows.error()
              << std::endl;
    return;
  }
  std::lock_guard<std::mutex> lock(listener_mutex_);
  if (listener_) listener_(ReadAttendee(rows, 0));
}

std::unique_ptr<Tokens> PostgresAttendanceStore::MakeTokens(
    std::chrono::seconds lifetime, Clock clock) {
  return MakePostgresTokens(pool_.get(), lifetime, std::move(clock));
}

std::unique_ptr<AttemptLimiter> PostgresAttendanceStore::MakeLimiter(
    const std::string& name, int max_failures, std::chrono::seconds window,
    Clock clock) {
  return MakePostgresLimiter(pool_.get(), name, max_failures, window,
                             std::move(clock));
}

}  // namespace attendance
