// The organisers' bearer tokens, checked the gRPC way: an
// AuthMetadataProcessor that runs before any handler of the methods that
// need a token (IssueCode), refuses calls without a valid one, hides the
// token from the handler and names the organiser in the call's AuthContext
// (docs/25-authentication.md shows the mechanism on its own).
//
// gRPC runs a processor only on secure connections: the server's TLS
// credentials, or, for plaintext, local credentials, which accept loopback
// connections only (SecuredCredentials below).
#ifndef PI_DEMO_TOKEN_AUTH_H_
#define PI_DEMO_TOKEN_AUTH_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/auth_metadata_processor.h>

#include <memory>
#include <set>
#include <string>

#include "pi-demo/token_store.h"

namespace attendance {

// The AuthContext property with the organiser of a valid token.
inline constexpr char kOrganiserProperty[] = "x-organiser";

class TokenAuthProcessor : public grpc::AuthMetadataProcessor {
 public:
  // `tokens` (Login's) must outlive the processor. `protected_methods`:
  // full method names ("/attendance.v1.AttendanceService/IssueCode") that
  // need a token; every other method passes untouched.
  TokenAuthProcessor(Tokens* tokens, std::set<std::string> protected_methods);

  // In memory, a hash and a map lookup: quick enough for gRPC's own thread.
  // In a database, a round trip: gRPC then runs it on a thread of its own.
  bool IsBlocking() const override { return tokens_->blocking(); }

  grpc::Status Process(const InputMetadata& auth_metadata,
                       grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  Tokens* const tokens_;
  const std::set<std::string> protected_methods_;
};

// `tls` (TLS credentials, changed: `processor` is installed on them), or
// with `tls` null (plaintext) local credentials with `processor`: plaintext
// that gRPC takes on loopback connections only.
std::shared_ptr<grpc::ServerCredentials> SecuredCredentials(
    std::shared_ptr<grpc::ServerCredentials> tls,
    std::shared_ptr<grpc::AuthMetadataProcessor> processor);

}  // namespace attendance

#endif  // PI_DEMO_TOKEN_AUTH_H_
