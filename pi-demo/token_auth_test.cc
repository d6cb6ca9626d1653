// TokenAuthProcessor on its own: which calls it lets through, and what a
// token store that cannot be read turns into.
#include "pi-demo/token_auth.h"

#include <grpcpp/security/auth_context.h>
#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace attendance {
namespace {

constexpr char kProtected[] = "/attendance.v1.AttendanceService/IssueCode";

// The AuthContext gRPC would pass: it records what the processor adds.
class RecordingAuthContext : public grpc::AuthContext {
 public:
  bool IsPeerAuthenticated() const override { return !identity_.empty(); }
  std::vector<grpc::string_ref> GetPeerIdentity() const override { return {}; }
  std::string GetPeerIdentityPropertyName() const override { return identity_; }
  std::vector<grpc::string_ref> FindPropertyValues(
      const std::string&) const override {
    return {};
  }
  grpc::AuthPropertyIterator begin() const override { return Empty(); }
  grpc::AuthPropertyIterator end() const override { return Empty(); }
  void AddProperty(const std::string& key,
                   const grpc::string_ref& value) override {
    properties_[key] = std::string(value.data(), value.size());
  }
  bool SetPeerIdentityPropertyName(const std::string& name) override {
    identity_ = name;
    return true;
  }

  std::map<std::string, std::string> properties_;

 private:
  // AuthPropertyIterator's empty constructor is protected.
  struct EmptyIterator : grpc::AuthPropertyIterator {};
  static grpc::AuthPropertyIterator Empty() { return EmptyIterator(); }
  std::string identity_;
};

// A store whose database is down.
class UnreachableTokens : public Tokens {
 public:
  Token Issue(const std::string&) override { return Token{}; }
  using Tokens::Check;
  std::optional<std::string> Check(std::string_view,
                                   std::string* error) override {
    *error = "database: connection refused";
    return std::nullopt;
  }
  bool blocking() const override { return true; }
};

grpc::Status Process(TokenAuthProcessor& processor, const std::string& path,
                     const std::string& authorization,
                     RecordingAuthContext* context) {
  grpc::AuthMetadataProcessor::InputMetadata metadata;
  metadata.emplace(":path", path);
  if (!authorization.empty()) metadata.emplace("authorization", authorization);
  grpc::AuthMetadataProcessor::OutputMetadata consumed, response;
  return processor.Process(metadata, context, &consumed, &response);
}

TEST(TokenAuthTest, AValidTokenNamesTheOrganiser) {
  TokenStore tokens(std::chrono::seconds(60));
  TokenAuthProcessor processor(&tokens, {kProtected});
  RecordingAuthContext context;
  const std::string token = tokens.Issue("ada").token;
  EXPECT_TRUE(Process(processor, kProtected, "Bearer " + token, &context).ok());
  EXPECT_EQ(context.properties_[kOrganiserProperty], "ada");
  EXPECT_FALSE(processor.IsBlocking()) << "in memory: gRPC's own thread";
}

TEST(TokenAuthTest, UnknownTokensAndUnprotectedMethods) {
  TokenStore tokens(std::chrono::seconds(60));
  TokenAuthProcessor processor(&tokens, {kProtected});
  RecordingAuthContext context;
  EXPECT_EQ(
      Process(processor, kProtected, "Bearer 0123", &context).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Process(processor, kProtected, "", &context).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(Process(processor, "/attendance.v1.AttendanceService/Register",
                      "", &context)
                  .ok());
}

TEST(TokenAuthTest, AStoreThatCannotBeReadIsUnavailableNotALogout) {
  UnreachableTokens tokens;
  TokenAuthProcessor processor(&tokens, {kProtected});
  RecordingAuthContext context;
  grpc::Status status =
      Process(processor, kProtected, "Bearer 0123456789abcdef", &context);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(status.error_message(),
            "cannot check the token now (database: connection refused); try "
            "again");
  EXPECT_TRUE(processor.IsBlocking()) << "a database: not gRPC's own thread";
}

}  // namespace
}  // namespace attendance
