// The attendance system's data: organisers (with bcrypt password hashes),
// issued codes (as keyed hashes) and registered attendees. Every write is a
// transaction that is on disk when the call returns, so an acknowledged
// registration survives a crash, a `kill -9` or pulling the Pi's plug.
#ifndef PI_DEMO_ATTENDANCE_STORE_H_
#define PI_DEMO_ATTENDANCE_STORE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pi-demo/clock.h"
#include "pi-demo/failure_limiter.h"
#include "pi-demo/token_store.h"

namespace attendance {

struct AttendeeRecord {
  int64_t id = 0;  // 1, 2, 3, ... in registration order
  std::string first_name;
  std::string last_name;
  int64_t registered_at = 0;  // seconds since the Unix epoch
};

enum class RegisterOutcome {
  kRegistered,
  kCodeUsed,     // the code exists and was used before
  kCodeInvalid,  // no such code, or it has expired
  kError,        // the database failed; nothing was written
};

// The attendance data, as the service reads and writes it. Two
// implementations, chosen by Open from the --db value: an SQLite file
// (sqlite_attendance_store.h), the default, for one server; or a PostgreSQL
// database (postgres_attendance_store.h) that several server replicas
// share, with the tokens and failure counts in it too. The same contract
// test (attendance_store_test.cc) runs against both.
class AttendanceStore {
 public:
  // Opens `db`: a PostgreSQL URL or connection string, or else an SQLite
  // file (created if needed; ":memory:" for a private in-memory one).
  // Returns nullptr and sets `error` on failure.
  static std::unique_ptr<AttendanceStore> Open(const std::string& db,
                                               std::string* error);
  virtual ~AttendanceStore() = default;

  // Adds an organiser unless one of that name exists (then returns false
  // without changing the password).
  virtual bool AddOrganiser(const std::string& name,
                            const std::string& password_hash,
                            std::string* error) = 0;
  virtual std::optional<std::string> PasswordHash(const std::string& name) = 0;
  virtual bool HasOrganisers() = 0;

  // Stores a new code. False (with `error`) if it exists already, which a
  // caller drawing random codes answers by drawing again.
  virtual bool AddCode(const std::string& code, int64_t issued_at,
                       int64_t expires_at, std::string* error) = 0;

  // Uses up `code` (canonical form) and adds the attendee, in one
  // transaction. Of any number of concurrent calls with one code (in this
  // process or another), exactly one returns kRegistered.
  virtual RegisterOutcome Register(const std::string& code,
                                   const std::string& first_name,
                                   const std::string& last_name, int64_t now,
                                   AttendeeRecord* attendee,
                                   std::string* error) = 0;

  // Every attendee in registration order.
  virtual std::vector<AttendeeRecord> Attendees() = 0;

  // Called with every registration once it is stored, made through this
  // process or (PostgreSQL) any other replica; on the registering thread or
  // a listener thread. Set it before the first Register.
  using RegistrationListener = std::function<void(const AttendeeRecord&)>;
  virtual void SetRegistrationListener(RegistrationListener listener) = 0;

  // Where login tokens and failure counts live, next to the data: in this
  // process for SQLite (one server per file), in the database for
  // PostgreSQL (shared by the replicas).
  virtual std::unique_ptr<Tokens> MakeTokens(std::chrono::seconds lifetime,
                                             Clock clock) = 0;
  virtual std::unique_ptr<AttemptLimiter> MakeLimiter(
      const std::string& name, int max_failures, std::chrono::seconds window,
      Clock clock) = 0;
};

}  // namespace attendance

#endif  // PI_DEMO_ATTENDANCE_STORE_H_
