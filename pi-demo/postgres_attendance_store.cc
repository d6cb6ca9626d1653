#include "pi-demo/postgres_attendance_store.h"

#include <atomic>
#include <iostream>

#include "common/postgres/schema.h"
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

int64_t Millis(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             time.time_since_epoch())
      .count();
}

TimePoint FromMillis(int64_t millis) {
  return TimePoint(std::chrono::milliseconds(millis));
}

// Runs one statement on a pooled connection, once more on a new connection
// if the first had been dropped (the database restarted). Each statement
// here stands alone, and running one twice is harmless: at worst a failure
// is counted twice or a code nobody was shown is stored. A failed result
// (with `error`) otherwise.
PgResult Exec(common::PgPool& pool, const std::string& sql,
              const PgParams& params, std::string* error) {
  for (int attempt = 0;; ++attempt) {
    common::PgPool::Lease db = pool.Take(error);
    if (!db) return PgResult(nullptr);
    PgResult result = db->Exec(sql, params);
    if (result.ok()) return result;
    if (db->healthy() || attempt == 1) {
      *error = "database: " + result.error();
      return result;
    }
  }
}

AttendeeRecord ReadAttendee(const PgResult& rows, int row) {
  return AttendeeRecord{std::stoll(rows.Text(row, 0)), rows.Text(row, 1),
                        rows.Text(row, 2), std::stoll(rows.Text(row, 3))};
}

class PostgresTokens final : public Tokens {
 public:
  PostgresTokens(common::PgPool* pool, std::chrono::seconds lifetime,
                 Clock clock)
      : pool_(pool), lifetime_(lifetime), clock_(std::move(clock)) {}

  Token Issue(const std::string& organiser) override {
    const TimePoint now = clock_();
    Token token{NewTokenText(), now + lifetime_};
    std::string error;
    // Expired tokens go as new ones come, so the table stays small.
    Exec(*pool_, "DELETE FROM tokens WHERE expires_at <= $1",
         {std::to_string(Millis(now))}, &error);
    if (!Exec(*pool_,
              "INSERT INTO tokens(hash, organiser, expires_at) "
              "VALUES ($1, $2, $3)",
              {TokenHash(token.token), organiser,
               std::to_string(Millis(token.expires_at))},
              &error)
             .ok()) {
      std::cerr << "cannot store a login token: " << error << std::endl;
      return Token{};
    }
    return token;
  }

  std::optional<std::string> Check(std::string_view token,
                                   std::string* error) override {
    PgResult found =
        Exec(*pool_,
             "SELECT organiser FROM tokens WHERE hash = $1 AND expires_at > $2",
             {TokenHash(token), std::to_string(Millis(clock_()))}, error);
    if (!found.ok() || found.rows() == 0) return std::nullopt;
    return found.Text(0, 0);
  }

  bool blocking() const override { return true; }

 private:
  common::PgPool* const pool_;
  const std::chrono::seconds lifetime_;
  const Clock clock_;
};

class PostgresFailureLimiter final : public AttemptLimiter {
 public:
  PostgresFailureLimiter(common::PgPool* pool, std::string name,
                         int max_failures, std::chrono::seconds window,
                         Clock clock)
      : pool_(pool),
        name_(std::move(name)),
        max_failures_(max_failures),
        window_(window),
        clock_(std::move(clock)) {}

  Attempt TryAttempt(const std::string& client) override {
    Attempt attempt;
    if (max_failures_ <= 0) return attempt;
    const TimePoint now = clock_();
    const std::string window_ms = std::to_string(
        std::chrono::duration_cast<std::chrono::milliseconds>(window_).count());
    // One statement checks and counts: the row lock that ON CONFLICT takes
    // makes concurrent attempts, from any replica, take turns. A window
    // that has ended starts again; a full one is left as it is (no row
    // comes back).
    std::string error;
    PgResult counted =
        Exec(*pool_,
             "INSERT INTO failure_windows AS w (limiter, client, window_start, "
             "failures) VALUES ($1, $2, $3, 1) "
             "ON CONFLICT (limiter, client) DO UPDATE SET "
             "  window_start = CASE WHEN w.window_start + $4 <= $3 THEN $3 "
             "                      ELSE w.window_start END,"
             "  failures = CASE WHEN w.window_start + $4 <= $3 THEN 1 "
             "                  ELSE w.failures + 1 END "
             "WHERE w.window_start + $4 <= $3 OR w.failures < $5 "
             "RETURNING window_start",
             {name_, client, std::to_string(Millis(now)), window_ms,
              std::to_string(max_failures_)},
             &error);
    if (!counted.ok()) {
      attempt.admitted = false;
      attempt.error = error;
      return attempt;
    }
    if (++attempts_ % kCleanupEvery == 0) {
      // Ended windows hold nothing: keep the table small.
      Exec(*pool_,
           "DELETE FROM failure_windows WHERE limiter = $1 AND "
           "window_start + $2 <= $3",
           {name_, window_ms, std::to_string(Millis(now))}, &error);
    }
    if (counted.rows() == 1) {
      attempt.client = client;
      attempt.window_start = FromMillis(std::stoll(counted.Text(0, 0)));
      return attempt;
    }
    PgResult window = Exec(*pool_,
                           "SELECT window_start FROM failure_windows "
                           "WHERE limiter = $1 AND client = $2",
                           {name_, client}, &error);
    attempt.admitted = false;
    TimePoint start = now;
    if (window.ok() && window.rows() == 1) {
      start = FromMillis(std::stoll(window.Text(0, 0)));
    }
    // Rounded up, so that retrying after this long always works.
    attempt.retry_after = std::max(
        std::chrono::seconds(1),
        std::chrono::ceil<std::chrono::seconds>(start + window_ - now));
    return attempt;
  }

  void Refund(const Attempt& attempt) override {
    if (max_failures_ <= 0 || !attempt.admitted) return;
    std::string error;
    // A window that has ended since holds other attempts: leave it.
    Exec(*pool_,
         "UPDATE failure_windows SET failures = failures - 1 "
         "WHERE limiter = $1 AND client = $2 AND window_start = $3 "
         "AND failures > 0",
         {name_, attempt.client, std::to_string(Millis(attempt.window_start))},
         &error);
  }

 private:
  common::PgPool* const pool_;
  const std::string name_;
  const int max_failures_;
  const std::chrono::seconds window_;
  const Clock clock_;
  static constexpr int kCleanupEvery = 1000;
  std::atomic<int> attempts_{0};
};

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
  return std::make_unique<PostgresTokens>(pool_.get(), lifetime,
                                          std::move(clock));
}

std::unique_ptr<AttemptLimiter> PostgresAttendanceStore::MakeLimiter(
    const std::string& name, int max_failures, std::chrono::seconds window,
    Clock clock) {
  return std::make_unique<PostgresFailureLimiter>(
      pool_.get(), name, max_failures, window, std::move(clock));
}

}  // namespace attendance
