// The attendance system's data in an SQLite file: organisers (with bcrypt
// password hashes), issued codes (as keyed hashes: the key is the file
// "<database>.key" beside it) and registered attendees. Both files are
// readable by their owner only. Every write is a
// transaction that is on disk when the call returns, so an acknowledged
// registration survives a crash, a `kill -9` or pulling the Pi's plug.
#ifndef PI_DEMO_ATTENDANCE_STORE_H_
#define PI_DEMO_ATTENDANCE_STORE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/sqlite/sqlite.h"

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

class AttendanceStore {
 public:
  // Opens (and on first use creates) the database at `path`; ":memory:" for
  // a private in-memory one. Returns nullptr and sets `error` on failure.
  static std::unique_ptr<AttendanceStore> Open(const std::string& path,
                                               std::string* error);
  AttendanceStore(const AttendanceStore&) = delete;
  AttendanceStore& operator=(const AttendanceStore&) = delete;

  // Adds an organiser unless one of that name exists (then returns false
  // without changing the password).
  bool AddOrganiser(const std::string& name, const std::string& password_hash,
                    std::string* error);
  std::optional<std::string> PasswordHash(const std::string& name);
  bool HasOrganisers();

  // Stores a new code. False (with `error`) if it exists already, which a
  // caller drawing random codes answers by drawing again.
  bool AddCode(const std::string& code, int64_t issued_at, int64_t expires_at,
               std::string* error);

  // Uses up `code` (canonical form) and adds the attendee, in one
  // transaction. Of any number of concurrent calls with one code (in this
  // process or another), exactly one returns kRegistered.
  RegisterOutcome Register(const std::string& code,
                           const std::string& first_name,
                           const std::string& last_name, int64_t now,
                           AttendeeRecord* attendee, std::string* error);

  // Every attendee in registration order.
  std::vector<AttendeeRecord> Attendees();

 private:
  AttendanceStore(common::SqliteDb db, std::string code_key)
      : db_(std::move(db)), code_key_(std::move(code_key)) {}

  // One connection shared by the server's threads: a transaction and the
  // changes() count that follows a statement must not interleave with
  // another thread's.
  std::mutex mutex_;
  common::SqliteDb db_;
  // Codes are stored as KeyedHash(code_key_, code) (private_files.h).
  const std::string code_key_;
};

}  // namespace attendance

#endif  // PI_DEMO_ATTENDANCE_STORE_H_
