// AttendanceStore in PostgreSQL, shared by several attendance server
// replicas. Everything a replica would otherwise keep to itself is in the
// database too, because the replicas must agree on it:
//   - a code is used by one statement that takes it only if it is still
//     unused and unexpired, so one racer wins whichever replica each uses;
//   - login tokens (as SHA-256 hashes), so a token issued by one replica is
//     accepted by all;
//   - failure counts, so a client spread over two replicas by round-robin
//     does not get twice the allowance (tokens and counts: postgres_limits.h);
//   - the key of the codes' hashes (table secrets): the replicas share no
//     file, only the database. A copy of the database therefore holds the
//     key too; protect it (and its backups) as you would the codes.
// Each registration's transaction ends with NOTIFY, so every replica's
// status board (WatchStatus) hears of registrations made through the others.
#ifndef PI_DEMO_POSTGRES_ATTENDANCE_STORE_H_
#define PI_DEMO_POSTGRES_ATTENDANCE_STORE_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/postgres/listener.h"
#include "common/postgres/postgres.h"
#include "pi-demo/attendance_store.h"

namespace attendance {

class PostgresAttendanceStore final : public AttendanceStore {
 public:
  // Connects to `url`, creates or migrates the schema and starts listening.
  static std::unique_ptr<PostgresAttendanceStore> Open(const std::string& url,
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
  void SetRegistrationListener(RegistrationListener listener) override;
  std::unique_ptr<Tokens> MakeTokens(std::chrono::seconds lifetime,
                                     Clock clock) override;
  std::unique_ptr<AttemptLimiter> MakeLimiter(const std::string& name,
                                              int max_failures,
                                              std::chrono::seconds window,
                                              Clock clock) override;

 private:
  PostgresAttendanceStore(std::unique_ptr<common::PgPool> pool,
                          std::string code_key)
      : pool_(std::move(pool)), code_key_(std::move(code_key)) {}
  // On the listener's thread: reads the notified attendee, tells the
  // listener.
  void Notified(common::PgConnection& connection, const std::string& payload);

  std::unique_ptr<common::PgPool> pool_;
  const std::string code_key_;
  std::mutex listener_mutex_;
  RegistrationListener listener_;
  std::unique_ptr<common::PgListener> notifications_;  // last: stops first
};

}  // namespace attendance

#endif  // PI_DEMO_POSTGRES_ATTENDANCE_STORE_H_
