#include "pi-demo/token_auth.h"

#include <optional>
#include <string_view>
#include <utility>

namespace attendance {

TokenAuthProcessor::TokenAuthProcessor(Tokens* tokens,
                                       std::set<std::string> protected_methods)
    : tokens_(tokens), protected_methods_(std::move(protected_methods)) {}

// [START authenticate]
grpc::Status TokenAuthProcessor::Process(
    const InputMetadata& auth_metadata, grpc::AuthContext* context,
    OutputMetadata* consumed_auth_metadata,
    OutputMetadata* /*response_metadata*/) {
  auto path = auth_metadata.find(":path");
  if (path == auth_metadata.end() ||
      protected_methods_.count(
          std::string(path->second.data(), path->second.size())) == 0) {
    return grpc::Status::OK;  // Login, Register, GetStatus, WatchStatus, ...
  }
  auto header = auth_metadata.find("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header == auth_metadata.end() ||
      header->second.size() <= kBearer.size() ||
      std::string_view(header->second.data(), kBearer.size()) != kBearer) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "log in first: send the token of Login as "
                        "`authorization: Bearer <token>` metadata");
  }
  std::string_view token(header->second.data() + kBearer.size(),
                         header->second.size() - kBearer.size());
  std::string error;
  std::optional<std::string> organiser = tokens_->Check(token, &error);
  if (!error.empty()) {
    // Not the organiser's fault: they keep their token.
    return grpc::Status(
        grpc::StatusCode::UNAVAILABLE,
        "cannot check the token now (" + error + "); try again");
  }
  if (!organiser) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "the token is unknown or has expired; log in again");
  }
  context->AddProperty(kOrganiserProperty, *organiser);
  context->SetPeerIdentityPropertyName(kOrganiserProperty);
  // The handler gets the organiser, not the secret.
  consumed_auth_metadata->insert(
      {"authorization",
       std::string(header->second.data(), header->second.size())});
  return grpc::Status::OK;
}
// [END authenticate]

std::shared_ptr<grpc::ServerCredentials> SecuredCredentials(
    std::shared_ptr<grpc::ServerCredentials> tls,
    std::shared_ptr<grpc::AuthMetadataProcessor> processor) {
  // InsecureServerCredentials() cannot run a processor (gRPC 1.51 aborts
  // the process if given one); local credentials are the plaintext that can.
  std::shared_ptr<grpc::ServerCredentials> credentials =
      tls != nullptr ? tls
                     : grpc::experimental::LocalServerCredentials(LOCAL_TCP);
  credentials->SetAuthMetadataProcessor(processor);
  return credentials;
}

}  // namespace attendance
