// Authentication the gRPC way: a bearer token that the client's channel
// attaches to every call (CallCredentials, from a metadata plugin), checked
// on the server before any handler runs (an AuthMetadataProcessor), which
// records who called in the call's AuthContext. Handlers read the caller from
// there, whether it came from a token or from a client certificate (mutual
// TLS).
#ifndef EXAMPLES_AUTHENTICATION_BEARER_TOKEN_H_
#define EXAMPLES_AUTHENTICATION_BEARER_TOKEN_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/auth_metadata_processor.h>

#include <map>
#include <memory>
#include <set>
#include <string>

namespace authentication {

// The AuthContext property that names the user of a valid token.
inline constexpr char kUserProperty[] = "x-user";

// Client: "authorization: Bearer <token>" on every call made with these
// credentials. gRPC sends call credentials only over a channel with
// privacy and integrity (TLS, or a local connection), never in plaintext.
std::shared_ptr<grpc::CallCredentials> BearerTokenCredentials(
    const std::string& token);

class BearerTokenProcessor : public grpc::AuthMetadataProcessor {
 public:
  // `users_by_token`: each valid token and the user it stands for. A call
  // without a token is refused, unless the client presented a certificate
  // the server trusts (mutual TLS) or the method is in `public_methods`
  // ("/package.Service/Method"). A token given is always checked.
  explicit BearerTokenProcessor(
      std::map<std::string, std::string> users_by_token,
      std::set<std::string> public_methods = {});

  // A map lookup: quick enough to run on gRPC's own thread.
  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& auth_metadata,
                       grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  const std::map<std::string, std::string> users_by_token_;
  const std::set<std::string> public_methods_;
};

// Who made the call: "user NAME" for a valid token, else "certificate NAME"
// for a client certificate (its subjectAltName, or its CN without one), else
// "anonymous".
std::string Caller(const grpc::ServerContext& context);

}  // namespace authentication

#endif  // EXAMPLES_AUTHENTICATION_BEARER_TOKEN_H_
