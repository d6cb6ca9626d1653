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
  // A client with this many failed Register (or Login) calls within
  // `failure_window` gets RESOURCE_EXHAUSTED until the window ends. 0: no
  // limit.
  int max_failures = 10;
  std::chrono::seconds failure_window = std::chrono::seconds(60);
  // Peers (IP addresses) trusted to name the real client in `x-forwarded-for`
  // metadata: the HTTP server, which calls Register for every web user.
  std::vector<std::string> trusted_proxies = {"127.0.0.1", "::1"};
  Clock clock = SystemClock();
};

using ServiceBase = v1::AttendanceService::WithCallbackMethod_WatchStatus<
    v1::AttendanceService::Service>;

class AttendanceServiceImpl final : public ServiceBase {
 public:
  // `store` must outlive the service.
  AttendanceServiceImpl(AttendanceStore* store, ServiceOptions options);

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

  // Ends every WatchStatus call (UNAVAILABLE); call it at shutdown.
  void StopWatches() { board_.StopAll(); }
  int watch_count() const { return board_.watch_count(); }

 private:
  // The client a call comes from, for rate limiting: the peer's IP address,
  // or the first address of x-forwarded-for if the peer is a trusted proxy.
  std::string ClientOf(const grpc::ServerContext& context) const;
  // OK, or UNAUTHENTICATED if the call has no valid bearer token.
  grpc::Status Authenticate(const grpc::ServerContext& context);

  AttendanceStore* const store_;
  const ServiceOptions options_;
  TokenStore tokens_;
  FailureLimiter failures_;
  StatusBoard board_;
};

}  // namespace attendance

#endif  // PI_DEMO_ATTENDANCE_SERVICE_H_
