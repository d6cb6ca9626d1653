#include "examples/authentication/bearer_token.h"

#include <openssl/crypto.h>

#include <string_view>

namespace authentication {
namespace {

constexpr std::string_view kBearer = "Bearer ";

// [START token_plugin]
class BearerTokenPlugin : public grpc::MetadataCredentialsPlugin {
 public:
  explicit BearerTokenPlugin(std::string token) : token_(std::move(token)) {}

  // Called by gRPC for every call, before it is sent.
  grpc::Status GetMetadata(
      grpc::string_ref /*service_url*/, grpc::string_ref /*method_name*/,
      const grpc::AuthContext& /*channel_auth_context*/,
      std::multimap<std::string, std::string>* metadata) override {
    metadata->insert({"authorization", std::string(kBearer) + token_});
    return grpc::Status::OK;
  }
  // The token is at hand: no need for a thread of its own.
  bool IsBlocking() const override { return false; }

 private:
  const std::string token_;
};
// [END token_plugin]

std::string_view View(grpc::string_ref ref) { return {ref.data(), ref.size()}; }

}  // namespace

std::shared_ptr<grpc::CallCredentials> BearerTokenCredentials(
    const std::string& token) {
  return grpc::MetadataCredentialsFromPlugin(
      std::make_unique<BearerTokenPlugin>(token));
}

BearerTokenProcessor::BearerTokenProcessor(
    std::map<std::string, std::string> users_by_token,
    std::set<std::string> public_methods)
    : users_by_token_(std::move(users_by_token)),
      public_methods_(std::move(public_methods)) {}

// [START process]
grpc::Status BearerTokenProcessor::Process(
    const InputMetadata& auth_metadata, grpc::AuthContext* context,
    OutputMetadata* consumed_auth_metadata,
    OutputMetadata* /*response_metadata*/) {
  auto path = auth_metadata.find(":path");
  const bool is_public = path != auth_metadata.end() &&
                         public_methods_.count(std::string(View(path->second)));
  auto header = auth_metadata.find("authorization");
  if (header == auth_metadata.end()) {
    // A client certificate (mutual TLS) authenticates a call too.
    if (is_public || context->IsPeerAuthenticated()) return grpc::Status::OK;
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "no token: send `authorization: Bearer <token>`");
  }
  const std::string_view value = View(header->second);
  if (value.substr(0, kBearer.size()) != kBearer) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "the authorization header is not `Bearer <token>`");
  }
  const std::string_view token = value.substr(kBearer.size());
  // Compared in constant time, so that the time a wrong guess takes says
  // nothing about how close it came.
  for (const auto& [valid, user] : users_by_token_) {
    if (valid.size() == token.size() &&
        CRYPTO_memcmp(valid.data(), token.data(), token.size()) == 0) {
      context->AddProperty(kUserProperty, user);
      context->SetPeerIdentityPropertyName(kUserProperty);
      // Handlers see the identity, not the secret.
      consumed_auth_metadata->insert(
          {"authorization",
           std::string(header->second.data(), header->second.size())});
      return grpc::Status::OK;
    }
  }
  return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unknown token");
}
// [END process]

// [START caller]
std::string Caller(const grpc::ServerContext& context) {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  const std::vector<grpc::string_ref> user =
      auth->FindPropertyValues(kUserProperty);
  if (!user.empty()) return "user " + std::string(View(user.front()));
  // With mutual TLS the peer identity is the client certificate's: its
  // subjectAltName entries, or its CN if it has none.
  const std::vector<grpc::string_ref> peer = auth->GetPeerIdentity();
  if (!peer.empty()) return "certificate " + std::string(View(peer.front()));
  return "anonymous";
}
// [END caller]

}  // namespace authentication
