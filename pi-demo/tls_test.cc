// The real binaries over TLS, with self-signed certificates made by the
// openssl command: the organiser and the HTTP server reach a TLS grpc_server
// only when they trust its certificate, plaintext clients are refused, and
// bad TLS flags and files stop each program with an error naming them.
//
// Usage (from BUILD): tls_test <grpc_server> <organiser> <http_server>
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "common/testing/certificates.h"
#include "common/testing/child_process.h"
#include "protos/attendance/v1/attendance.grpc.pb.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

std::string server_path, organiser_path, http_server_path;

// Runs a program to its end; returns its exit code, and its output in
// `*output`.
int RunToEnd(const std::vector<std::string>& argv, std::string* output) {
  testing_util::ChildProcess process(argv);
  const int exit_code = process.WaitForExit();
  *output = process.output();
  return exit_code;
}

// Self-signed certificates for localhost and 127.0.0.1, as docs/08 makes
// one.
using Certificate = testing_util::CertificateFiles;
using testing_util::MakeCertificate;

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_cert_ = new Certificate(MakeCertificate("server"));
    other_cert_ = new Certificate(MakeCertificate("other"));
  }
  static void TearDownTestSuite() {
    delete server_cert_;
    delete other_cert_;
  }

  void SetUp() override {
    db_ = fs::path(std::getenv("TEST_TMPDIR")) /
          (::testing::UnitTest::GetInstance()->current_test_info()->name() +
           std::string(".db"));
    fs::remove(db_);
    setenv("ATTENDANCE_PASSWORD", "the right one", 1);
  }

  std::vector<std::string> ServerArgs(
      const std::vector<std::string>& more_args) const {
    std::vector<std::string> args = {server_path, "--host=127.0.0.1",
                                     "--port=0", "--db=" + db_.string(),
                                     "--bcrypt_cost=4"};
    args.insert(args.end(), more_args.begin(), more_args.end());
    return args;
  }

  // Starts grpc_server with `more_args` and sets address_.
  void Start(const std::vector<std::string>& more_args) {
    server_ =
        std::make_unique<testing_util::ChildProcess>(ServerArgs(more_args));
    address_ = server_->WaitUntilListening();
    ASSERT_FALSE(address_.empty()) << server_->output();
  }
  void StartWithTls() {
    Start({"--tls_cert_file=" + server_cert_->cert,
           "--tls_key_file=" + server_cert_->key});
  }

  int Organiser(const std::vector<std::string>& args, std::string* output) {
    std::vector<std::string> argv = {organiser_path, "--server=" + address_};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunToEnd(argv, output);
  }

  static std::string FirstCode(const std::string& output) {
    std::smatch match;
    std::regex code("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}");
    return std::regex_search(output, match, code) ? match[0].str() : "";
  }

  static Certificate* server_cert_;
  static Certificate* other_cert_;
  fs::path db_;
  std::unique_ptr<testing_util::ChildProcess> server_;
  std::string address_;
};

Certificate* TlsTest::server_cert_ = nullptr;
Certificate* TlsTest::other_cert_ = nullptr;

// Over TLS the token check runs too (token_auth.h): no token, no code.
TEST_F(TlsTest, OverTlsIssueCodeStillNeedsAToken) {
  StartWithTls();
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = server_cert_->cert_pem();
  auto stub = attendance::v1::AttendanceService::NewStub(
      grpc::CreateChannel(address_, grpc::SslCredentials(tls)));
  for (const std::string& header : {std::string(), std::string("Bearer 42")}) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    if (!header.empty()) context.AddMetadata("authorization", header);
    attendance::v1::IssueCodeResponse issued;
    EXPECT_EQ(stub->IssueCode(&context, {}, &issued).error_code(),
              grpc::StatusCode::UNAUTHENTICATED)
        << header;
  }
}

TEST_F(TlsTest, AnOrganiserThatTrustsTheCertificateIssuesCodes) {
  StartWithTls();
  EXPECT_THAT(server_->output(),
              HasSubstr("TLS with the certificate in " + server_cert_->cert));
  std::string output;
  ASSERT_EQ(
      Organiser({"--tls_roots_file=" + server_cert_->cert, "issue"}, &output),
      0)
      << output;
  EXPECT_FALSE(FirstCode(output).empty()) << output;
  // The certificate names localhost too, for a name given apart.
  ASSERT_EQ(Organiser({"--tls_roots_file=" + server_cert_->cert,
                       "--tls_server_name=localhost", "status"},
                      &output),
            0)
      << output;
  EXPECT_EQ(output, "Attendees: 0\n");
}

TEST_F(TlsTest, APlaintextOrganiserIsRefusedWithAHint) {
  StartWithTls();
  std::string output;
  EXPECT_EQ(Organiser({"issue"}, &output), 1);
  EXPECT_THAT(output, HasSubstr("Login: UNAVAILABLE: "));
  EXPECT_THAT(output, HasSubstr("for a server with TLS pass --tls_roots_file"));
}

TEST_F(TlsTest, AnOrganiserThatTrustsAnotherCertificateIsRefused) {
  StartWithTls();
  std::string output;
  EXPECT_EQ(
      Organiser({"--tls_roots_file=" + other_cert_->cert, "issue"}, &output),
      1);
  EXPECT_THAT(output, HasSubstr("Login: UNAVAILABLE: "));
  EXPECT_THAT(output, HasSubstr("a certificate that --tls_roots_file trusts"));
  EXPECT_THAT(output, Not(HasSubstr("valid until")));
}

TEST_F(TlsTest, ACertificateForAnotherNameIsRefused) {
  StartWithTls();
  std::string output;
  EXPECT_EQ(Organiser({"--tls_roots_file=" + server_cert_->cert,
                       "--tls_server_name=attendance.example", "status"},
                      &output),
            1);
  EXPECT_THAT(output, HasSubstr("GetStatus: UNAVAILABLE: "));
}

TEST_F(TlsTest, ATlsOrganiserAgainstAPlaintextServerFails) {
  Start({});
  EXPECT_THAT(server_->output(), HasSubstr("Plaintext"));
  std::string output;
  EXPECT_EQ(
      Organiser({"--tls_roots_file=" + server_cert_->cert, "status"}, &output),
      1);
  EXPECT_THAT(output, HasSubstr("GetStatus: UNAVAILABLE: "));
}

TEST_F(TlsTest, TheHttpServerRegistersOverTls) {
  StartWithTls();
  std::string output;
  ASSERT_EQ(
      Organiser({"--tls_roots_file=" + server_cert_->cert, "issue"}, &output),
      0)
      << output;
  const std::string code = FirstCode(output);

  auto register_through = [&](const std::vector<std::string>& tls_args) {
    std::vector<std::string> argv = {http_server_path, "--host=127.0.0.1",
                                     "--port=0", "--grpc_target=" + address_};
    argv.insert(argv.end(), tls_args.begin(), tls_args.end());
    testing_util::ChildProcess http_server(argv);
    const std::string http_address = http_server.WaitUntilListening();
    EXPECT_FALSE(http_address.empty()) << http_server.output();
    httplib::Client client(http_address);
    client.set_read_timeout(10, 0);
    auto result = client.Post(
        "/register", {{"Accept", "application/json"}},
        httplib::Params{
            {"first_name", "Ada"}, {"last_name", "Lovelace"}, {"code", code}});
    http_server.Signal(SIGTERM);
    EXPECT_EQ(http_server.WaitForExit(), 0) << http_server.output();
    return result ? result->status : 0;
  };
  EXPECT_EQ(register_through({}), 503);  // plaintext: refused
  EXPECT_EQ(register_through({"--tls_roots_file=" + server_cert_->cert}), 200);
}

TEST_F(TlsTest, TheServerNeedsBothFlagsAndReadableMatchingFiles) {
  std::string output;
  EXPECT_EQ(
      RunToEnd(ServerArgs({"--tls_cert_file=" + server_cert_->cert}), &output),
      1);
  EXPECT_EQ(output, "--tls_cert_file needs --tls_key_file (TLS needs both)\n");
  EXPECT_EQ(
      RunToEnd(ServerArgs({"--tls_key_file=" + server_cert_->key}), &output),
      1);
  EXPECT_EQ(output, "--tls_key_file needs --tls_cert_file (TLS needs both)\n");

  const std::string missing = db_.string() + ".missing.pem";
  EXPECT_EQ(RunToEnd(ServerArgs({"--tls_cert_file=" + missing,
                                 "--tls_key_file=" + server_cert_->key}),
                     &output),
            1);
  EXPECT_EQ(output, "--tls_cert_file: cannot read " + missing + "\n");
  EXPECT_EQ(RunToEnd(ServerArgs({"--tls_cert_file=" + server_cert_->cert,
                                 "--tls_key_file=" + missing}),
                     &output),
            1);
  EXPECT_EQ(output, "--tls_key_file: cannot read " + missing + "\n");

  // A key file swapped for the certificate, and another certificate's key.
  EXPECT_EQ(RunToEnd(ServerArgs({"--tls_cert_file=" + server_cert_->cert,
                                 "--tls_key_file=" + server_cert_->cert}),
                     &output),
            1);
  EXPECT_THAT(output, HasSubstr("--tls_key_file: " + server_cert_->cert +
                                " holds no PEM private key"));
  EXPECT_EQ(RunToEnd(ServerArgs({"--tls_cert_file=" + server_cert_->key,
                                 "--tls_key_file=" + server_cert_->key}),
                     &output),
            1);
  EXPECT_THAT(output, HasSubstr("--tls_cert_file: " + server_cert_->key +
                                " holds no PEM certificate"));
  EXPECT_EQ(RunToEnd(ServerArgs({"--tls_cert_file=" + server_cert_->cert,
                                 "--tls_key_file=" + other_cert_->key}),
                     &output),
            1);
  EXPECT_EQ(output, "--tls_key_file: " + other_cert_->key +
                        " is not the key of the certificate in " +
                        server_cert_->cert + "\n");
  EXPECT_FALSE(fs::exists(db_));  // stopped before opening the database
}

TEST_F(TlsTest, ClientsRejectBadTlsFlags) {
  address_ = "127.0.0.1:1";  // never reached
  const std::string missing = db_.string() + ".missing.pem";
  std::string output;
  EXPECT_EQ(Organiser({"--tls_roots_file=" + missing, "status"}, &output), 2);
  EXPECT_THAT(output, HasSubstr("organiser: --tls_roots_file: cannot read " +
                                missing + "\n"));
  EXPECT_EQ(Organiser({"--tls_server_name=localhost", "status"}, &output), 2);
  EXPECT_THAT(output, HasSubstr("organiser: --tls_server_name needs "
                                "--tls_roots_file\n"));
  EXPECT_EQ(
      Organiser({"--tls_roots_file=" + server_cert_->key, "status"}, &output),
      2);
  EXPECT_THAT(output,
              HasSubstr("organiser: --tls_roots_file: " + server_cert_->key +
                        " holds no PEM certificate\n"));

  EXPECT_EQ(
      RunToEnd({http_server_path, "--port=0", "--tls_roots_file=" + missing},
               &output),
      1);
  EXPECT_THAT(output, HasSubstr("Attendance HTTP server: --tls_roots_file: "
                                "cannot read " +
                                missing + "\n"));
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 4) {
    std::cerr << "usage: tls_test <grpc_server> <organiser> <http_server>"
              << std::endl;
    return 2;
  }
  server_path = argv[1];
  organiser_path = argv[2];
  http_server_path = argv[3];
  return RUN_ALL_TESTS();
}
