// attendance.v1.AttendanceService: the unary calls in gRPC's synchronous
// API (Login and password checks are slow on purpose, and a sync handler may
// block its thread), WatchStatus in the callback API (status_board.h).
#ifndef PI_DEMO_ATTENDANCE_SERVICE_H_
#define PI_DEMO_ATTENDANCE_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>
#include <vector>

#include "pi-demo/attendance_store.h"
#include "pi-demo/clock.h"
#include "pi-demo/concurrency_limit.h"
#include "pi-demo/failure_limiter.h"
#include "pi-demo/status_board.h"
#include "pi-demo/token_store.h"
#include "protos/attendance/v1/attendance.grpc.pb.h"

namespace attendance {

struct ServiceOptions {
  // Lifetime of a code whose IssueCodeRequest sets none, and the longest
  // one may ask for.
  std::chrono::seconds code_lifetime = std::chrono::hours(24);
  std::chrono::seconds max_code_lifetime = std::chrono::hours(24 * 30);
  // Lifetime of a Login token.
  std::chrono::seconds token_lifetime = std::chrono::hours(12);
  // A client with this many failed Register calls within `failure_window`
  // gets RESOURCE_EXHAUSTED for Register until the window ends, and the same
  // for Login, counted apart (so that a flood of bad codes from one network
  // cannot lock the organiser out). 0: no limit.
  int max_failures = 10;
  std::chrono::seconds failure_window = std::chrono::seconds(60);
  // The HTTP server's identity, which calls Register for every web user: a
  // call whose `x-proxy-token` metadata equals it names the real client in
  // `x-forwarded-for`. Empty: no call may name another client. (A list of
  // trusted peer addresses cannot do this: any local process connects from
  // 127.0.0.1, and could pick a new identity per guess.)
  std::string proxy_token;
  // bcrypt checks of Login at once (each takes a core for ~50 ms), and Login
  // calls that may wait for a turn; more are refused with
  // RESOURCE_EXHAUSTED, so that a flood of logins leaves the other calls
  // their share of the CPU.
  int max_concurrent_logins = 2;
  int max_waiting_logins = 16;
  // bcrypt cost of the hash an unknown organiser name is checked against: the
  // cost of the real hashes, so that both take as long.
  int bcrypt_cost = 10;
  Clock clock = SystemClock();
};

using ServiceBase = v1::AttendanceService::WithCallbackMethod_WatchStatus<
    v1::AttendanceService::Service>;

class AttendanceServiceImpl final : public ServiceBase {
 public:
  // `store` must outlive the service.
  AttendanceServiceImpl(AttendanceStore* store, ServiceOptions options);
  ~AttendanceServiceImpl() override;

  grpc::Status Login(grpc::ServerContext* context,
                     const v1::LoginRequest* request,
                     v1::LoginResponse* response) override;
  grpc::Status IssueCode(grpc::ServerContext* context,
                         const v1::IssueCodeRequest* request,
                         v1::IssueCodeResponse* response) override;
  grpc::Status Register(grpc::ServerContext* context,
                        const v1::RegisterRequest* request,
                        v1::RegisterResponse* response) override;
  grpc::Status GetStatus(grpc::ServerContext* context,
                         const v1::GetStatusRequest* request,
                         v1::Status* response) override;
  grpc::ServerWriteReactor<v1::Status>* WatchStatus(
      grpc::CallbackServerContext* context,
      const v1::WatchStatusRequest* request) override;

  // A new check of Login's bearer tokens on IssueCode, for the server's
  // credentials (SecuredCredentials in token_auth.h). Without it IssueCode
  // refuses every call. The service must outlive it.
  std::shared_ptr<grpc::AuthMetadataProcessor> MakeTokenChecker();

  // Ends every WatchStatus call (UNAVAILABLE); call it at shutdown.
  void StopWatches() { board_.StopAll(); }
  int watch_count() const { return board_.watch_count(); }
  // What Login checks a password against when the name is unknown (for
  // tests: its cost must be options.bcrypt_cost).
  const std::string& dummy_hash() const { return dummy_hash_; }

 private:
  // The client a call comes from, for rate limiting: the peer's IP address,
  // or the last address of x-forwarded-for (the one the proxy added) if the
  // call carries the proxy token; an IPv6 address as its /64 (ClientGroup).
  std::string ClientOf(const grpc::ServerContext& context) const;

  AttendanceStore* const store_;
  const ServiceOptions options_;
  const std::string dummy_hash_;
  const std::unique_ptr<Tokens> tokens_;
  const std::unique_ptr<AttemptLimiter> login_failures_;
  const std::unique_ptr<AttemptLimiter> register_failures_;
  ConcurrencyLimit password_checks_;
  StatusBoard board_;
};

}  // namespace attendance

#endif  // PI_DEMO_ATTENDANCE_SERVICE_H_
