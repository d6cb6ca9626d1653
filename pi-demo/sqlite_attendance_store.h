// AttendanceStore in an SQLite file: codes are stored as keyed hashes, the
// key in the file "<database>.key" beside it; both files are readable by
// their owner only. Tokens and failure counts are kept in this process: one
// server owns the file.
#ifndef PI_DEMO_SQLITE_ATTENDANCE_STORE_H_
#define PI_DEMO_SQLITE_ATTENDANCE_STORE_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/sqlite/sqlite.h"
#include "pi-demo/attendance_store.h"

namespace attendance {

class SqliteAttendanceStore final : public AttendanceStore {
 public:
  static std::unique_ptr<SqliteAttendanceStore> Open(const std::string& path,
                                                     std::string* error);

  bool AddOrganiser(const std::string& name, const std::string& password_hash,
                    std::string* error) override;
  std::optional<std::string> PasswordHash(const std::string& name) override;
  bool HasOrganisers() override;
  bool AddCode(const std::string& code, int64_t issued_at, int64_t expires_at,
               std::string* error) override;
  RegisterOutcome Register(const std::string& code,
                           const std::string& first_name,
                           const std::string& last_name, int64_t now,
                           AttendeeRecord* attendee,
                           std::string* error) override;
  std::vector<AttendeeRecord> Attendees() override;
  void SetRegistrationListener(RegistrationListener listener) override {
    std::lock_guard<std::mutex> lock(mutex_);  // Register reads it under it
    listener_ = std::move(listener);
  }
  std::unique_ptr<Tokens> MakeTokens(std::chrono::seconds lifetime,
                                     Clock clock) override {
    return std::make_unique<TokenStore>(lifetime, std::move(clock));
  }
  std::unique_ptr<AttemptLimiter> MakeLimiter(const std::string& /*name*/,
                                              int max_failures,
                                              std::chrono::seconds window,
                                              Clock clock) override {
    return std::make_unique<FailureLimiter>(max_failures, window,
                                            std::move(clock));
  }

 private:
  SqliteAttendanceStore(common::SqliteDb db, std::string code_key)
      : db_(std::move(db)), code_key_(std::move(code_key)) {}

  // One connection shared by the server's threads: a transaction and the
  // changes() count that follows a statement must not interleave with
  // another thread's.
  std::mutex mutex_;
  common::SqliteDb db_;
  // Codes are stored as KeyedHash(code_key_, code) (private_files.h).
  const std::string code_key_;
  RegistrationListener listener_;
};

}  // namespace attendance

#endif  // PI_DEMO_SQLITE_ATTENDANCE_STORE_H_
