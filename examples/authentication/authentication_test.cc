// Authentication on loopback over TLS, with certificates made by the
// openssl command: a bearer token attached by CallCredentials and checked by
// an AuthMetadataProcessor (valid, missing, wrong, a public method without
// one, never sent in plaintext, never seen by the handler), and mutual TLS
// (the client certificate's name read from the AuthContext; no certificate,
// or one the server does not trust, and there is no connection).
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/grpc/metadata_rules.h"
#include "common/testing/certificates.h"
#include "examples/authentication/bearer_token.h"
#include "examples/authentication/caller_service.h"

namespace authentication {
namespace {

using ::testing::HasSubstr;
using testing_util::CertificateFiles;
using testing_util::MakeCertificate;

struct Result {
  grpc::Status status;
  std::string caller;  // the x-caller trailer
};

class AuthenticationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_cert_ = new CertificateFiles(MakeCertificate("server"));
    // Client certificates name a device, not a host: a CN, no SAN.
    laptop_cert_ =
        new CertificateFiles(MakeCertificate("laptop", "alices-laptop", ""));
    stranger_cert_ =
        new CertificateFiles(MakeCertificate("stranger", "stranger", ""));
  }
  static void TearDownTestSuite() {
    delete server_cert_;
    delete laptop_cert_;
    delete stranger_cert_;
  }

  // A TLS server; with `require_client_certificate`, mutual TLS trusting
  // the laptop's certificate.
  void StartServer(bool require_client_certificate = false) {
    // [START server_credentials]
    grpc::SslServerCredentialsOptions tls;
    tls.pem_key_cert_pairs.push_back(
        {server_cert_->key_pem(), server_cert_->cert_pem()});
    if (require_client_certificate) {
      tls.pem_root_certs = laptop_cert_->cert_pem();
      tls.client_certificate_request =
          GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
    }
    std::shared_ptr<grpc::ServerCredentials> credentials =
        grpc::SslServerCredentials(tls);
    credentials->SetAuthMetadataProcessor(
        std::make_shared<BearerTokenProcessor>(
            std::map<std::string, std::string>{{"s3cret-alice", "alice"}},
            std::set<std::string>{"/calculator.v1.Calculator/Summarize"}));
    // [END server_credentials]
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", credentials, &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_GT(port_, 0);
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  std::shared_ptr<grpc::ChannelCredentials> Tls(
      const CertificateFiles* client_cert = nullptr) {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = server_cert_->cert_pem();
    if (client_cert != nullptr) {
      tls.pem_private_key = client_cert->key_pem();
      tls.pem_cert_chain = client_cert->cert_pem();
    }
    return grpc::SslCredentials(tls);
  }

  Result Divide(std::shared_ptr<grpc::ChannelCredentials> channel_credentials,
                const std::string& token = "") {
    auto stub = calculator::v1::Calculator::NewStub(grpc::CreateChannel(
        "localhost:" + std::to_string(port_), channel_credentials));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    // [START call_credentials]
    if (!token.empty()) context.set_credentials(BearerTokenCredentials(token));
    // [END call_credentials]
    calculator::v1::DivideRequest request;
    request.set_dividend(17);
    request.set_divisor(5);
    calculator::v1::DivideResponse response;
    Result result;
    result.status = stub->Divide(&context, request, &response);
    result.caller =
        common::FindMetadata(context.GetServerTrailingMetadata(), kCallerKey)
            .value_or("");
    return result;
  }

  static inline CertificateFiles* server_cert_ = nullptr;
  static inline CertificateFiles* laptop_cert_ = nullptr;
  static inline CertificateFiles* stranger_cert_ = nullptr;
  CallerCalculatorService service_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(AuthenticationTest, AValidTokenNamesTheUser) {
  StartServer();
  const Result result = Divide(Tls(), "s3cret-alice");
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.caller, "user alice");
  EXPECT_FALSE(service_.saw_token());  // consumed by the processor
}

TEST_F(AuthenticationTest, NoTokenOrAWrongOneNeverReachesTheHandler) {
  StartServer();
  const Result none = Divide(Tls());
  EXPECT_EQ(none.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(none.status.error_message(), HasSubstr("no token"));
  const Result wrong = Divide(Tls(), "s3cret-bob");
  EXPECT_EQ(wrong.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong.status.error_message(), "unknown token");
  EXPECT_EQ(service_.calls(), 0);
}

TEST_F(AuthenticationTest, APublicMethodNeedsNoToken) {
  StartServer();
  auto stub = calculator::v1::Calculator::NewStub(
      grpc::CreateChannel("localhost:" + std::to_string(port_), Tls()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  calculator::v1::Summary summary;
  auto writer = stub->Summarize(&context, &summary);
  writer->WritesDone();
  // Past authentication: the calculator has no Summarize here, so it is
  // gRPC's UNIMPLEMENTED, not UNAUTHENTICATED.
  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(AuthenticationTest, CallCredentialsAreNeverSentInPlaintext) {
  // A plaintext server and channel: gRPC refuses to send the token at all.
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port_);
  builder.RegisterService(&service_);
  server_ = builder.BuildAndStart();
  const Result result =
      Divide(grpc::InsecureChannelCredentials(), "s3cret-alice");
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(result.status.error_message(),
            "Established channel does not have a sufficient security level "
            "to transfer call credential.");
  EXPECT_EQ(service_.calls(), 0);
}

// [START mtls_test]
TEST_F(AuthenticationTest, MutualTlsNamesTheClientsCertificate) {
  StartServer(/*require_client_certificate=*/true);
  const Result result = Divide(Tls(laptop_cert_));
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  // No token: the certificate is the identity.
  EXPECT_EQ(result.caller, "certificate alices-laptop");
}
// [END mtls_test]

TEST_F(AuthenticationTest, WithoutATrustedClientCertificateNoConnection) {
  StartServer(/*require_client_certificate=*/true);
  EXPECT_EQ(Divide(Tls(), "s3cret-alice").status.error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Divide(Tls(stranger_cert_), "s3cret-alice").status.error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(service_.calls(), 0);
}

TEST_F(AuthenticationTest, ATokenOverMutualTlsNamesTheUser) {
  StartServer(/*require_client_certificate=*/true);
  const Result result = Divide(Tls(laptop_cert_), "s3cret-alice");
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.caller, "user alice");
}

}  // namespace
}  // namespace authentication
