// The real grpc_server binary as a child process: the organiser created on
// the first start, registrations that survive a restart and a kill -9, health,
// and shutdown while displays watch.
//
// Usage (from BUILD): grpc_server_test <grpc_server>
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include "common/testing/child_process.h"
#include "common/testing/raw_call.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "protos/attendance/v1/attendance.grpc.pb.h"

namespace attendance {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

std::string server_path;

std::chrono::system_clock::time_point Deadline() {
  return std::chrono::system_clock::now() + std::chrono::seconds(10);
}

class GrpcServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = fs::path(std::getenv("TEST_TMPDIR")) /
          (::testing::UnitTest::GetInstance()->current_test_info()->name() +
           std::string(".db"));
    fs::remove(db_);
    unsetenv("ATTENDANCE_PASSWORD");
  }

  // Starts the server and connects to it.
  std::unique_ptr<testing_util::ChildProcess> Start(
      const std::vector<std::string>& more_args = {}) {
    std::vector<std::string> args = {server_path, "--host=127.0.0.1",
                                     "--port=0", "--db=" + db_.string(),
                                     "--bcrypt_cost=4"};
    args.insert(args.end(), more_args.begin(), more_args.end());
    auto server = std::make_unique<testing_util::ChildProcess>(args);
    std::string address = server->WaitUntilListening();
    EXPECT_FALSE(address.empty()) << server->output();
    channel_ = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
    stub_ = v1::AttendanceService::NewStub(channel_);
    health_ = grpc::health::v1::Health::NewStub(
        grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
    return server;
  }

  // The password the first start printed.
  static std::string PrintedPassword(const std::string& output) {
    std::smatch match;
    std::regex pattern("Created organiser 'organiser' with password (\\S+) ");
    return std::regex_search(output, match, pattern) ? match[1].str() : "";
  }

  std::string Code(const std::string& password) {
    v1::LoginResponse login;
    {
      grpc::ClientContext context;
      context.set_deadline(Deadline());
      v1::LoginRequest request;
      request.set_organiser("organiser");
      request.set_password(password);
      grpc::Status status = stub_->Login(&context, request, &login);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    context.AddMetadata("authorization", "Bearer " + login.token());
    v1::IssueCodeResponse issued;
    EXPECT_TRUE(stub_->IssueCode(&context, {}, &issued).ok());
    return issued.code();
  }

  grpc::Status Register(const std::string& first, const std::string& code) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    v1::RegisterRequest request;
    request.set_first_name(first);
    request.set_last_name("Tester");
    request.set_code(code);
    v1::RegisterResponse response;
    return stub_->Register(&context, request, &response);
  }

  v1::Status GetStatus() {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    v1::Status status;
    EXPECT_TRUE(stub_->GetStatus(&context, {}, &status).ok());
    return status;
  }

  fs::path db_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::AttendanceService::Stub> stub_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

TEST_F(GrpcServerTest, FirstStartPrintsAGeneratedPasswordOnce) {
  auto server = Start();
  const std::string password = PrintedPassword(server->output());
  ASSERT_EQ(password.size(), 20u) << server->output();
  EXPECT_FALSE(Code(password).empty());
  server->Signal(SIGTERM);
  EXPECT_EQ(server->WaitForExit(), 0);

  server = Start();
  EXPECT_THAT(server->output(), Not(HasSubstr("password")));
  EXPECT_FALSE(Code(password).empty());  // the same password still works
}

TEST_F(GrpcServerTest, FirstStartTakesThePasswordFromTheEnvironment) {
  setenv("ATTENDANCE_PASSWORD", "chosen by me", 1);
  auto server = Start();
  EXPECT_THAT(server->output(),
              HasSubstr("Created organiser 'organiser' with the password from "
                        "$ATTENDANCE_PASSWORD"));
  EXPECT_THAT(server->output(), Not(HasSubstr("chosen by me")));
  EXPECT_FALSE(Code("chosen by me").empty());
}

TEST_F(GrpcServerTest, APasswordFileWithWindowsLineEndsWorks) {
  const fs::path file = db_.string() + ".password";
  {
    std::ofstream out(file, std::ios::binary);
    out << "from a file\r\n";
  }
  auto server = Start({"--organiser_password_file=" + file.string()});
  EXPECT_THAT(server->output(), HasSubstr("with the password from"));
  EXPECT_FALSE(Code("from a file").empty());  // not "from a file\r"
}

// [START kill_test]
TEST_F(GrpcServerTest, RegistrationsSurviveARestartAndAKill9) {
  auto server = Start();
  const std::string password = PrintedPassword(server->output());
  const std::string first = Code(password), second = Code(password),
                    unused = Code(password);
  ASSERT_TRUE(Register("Ada", first).ok());

  server->Signal(SIGTERM);  // a clean restart
  ASSERT_EQ(server->WaitForExit(), 0);
  server = Start();
  EXPECT_EQ(GetStatus().count(), 1);
  ASSERT_TRUE(Register("Bob", second).ok());

  // No chance to clean up: what Register acknowledged must be on disk.
  server->Signal(SIGKILL);
  server->WaitForExit();
  server = Start();
  v1::Status status = GetStatus();
  ASSERT_EQ(status.count(), 2);
  EXPECT_EQ(status.attendees(0).first_name(), "Ada");
  EXPECT_EQ(status.attendees(1).first_name(), "Bob");
  EXPECT_EQ(status.version(), 2);
  // Used codes stay used; issued ones stay valid.
  EXPECT_EQ(Register("Eve", second).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_TRUE(Register("Carol", unused).ok());
}
// [END kill_test]

TEST_F(GrpcServerTest, ServesHealth) {
  auto server = Start();
  for (const char* service : {"", "attendance.v1.AttendanceService"}) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    ASSERT_TRUE(health_->Check(&context, request, &response).ok()) << service;
    EXPECT_EQ(response.status(),
              grpc::health::v1::HealthCheckResponse::SERVING);
  }
}

// Bytes that are no RegisterRequest (a hostile or broken client) are the
// client's error, said in words: not gRPC 1.51's INTERNAL with no message.
TEST_F(GrpcServerTest, AnUnparsableRequestIsInvalidArgument) {
  auto server = Start();
  grpc::Status status = testing_util::CallWithBytes(
      channel_, "/attendance.v1.AttendanceService/Register", "\xff\xff\xff");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("not a valid message of "
                        "/attendance.v1.AttendanceService/Register"));
  EXPECT_EQ(GetStatus().count(), 0);  // and the server carries on
}

TEST_F(GrpcServerTest, ShutsDownPromptlyWhileDisplaysWatch) {
  auto server = Start();
  grpc::ClientContext context;  // no deadline: a display watches for hours
  auto reader = stub_->WatchStatus(&context, {});
  v1::Status status;
  ASSERT_TRUE(reader->Read(&status));
  server->Signal(SIGTERM);
  EXPECT_FALSE(reader->Read(&status));
  grpc::Status end = reader->Finish();
  EXPECT_EQ(end.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(server->WaitForExit(), 0);
  EXPECT_THAT(server->output(), HasSubstr("Attendance gRPC server stopped"));
}

// The token check runs in gRPC, before the handler (token_auth.h): the real
// server refuses IssueCode without a token, and with a made-up one.
TEST_F(GrpcServerTest, IssueCodeNeedsAValidToken) {
  setenv("ATTENDANCE_PASSWORD", "chosen by me", 1);
  auto server = Start();
  for (const std::string& header :
       {std::string(), std::string("Bearer 0123")}) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    if (!header.empty()) context.AddMetadata("authorization", header);
    v1::IssueCodeResponse issued;
    const grpc::Status status = stub_->IssueCode(&context, {}, &issued);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << header;
    EXPECT_TRUE(issued.code().empty());
  }
  EXPECT_FALSE(Code("chosen by me").empty());
}

TEST_F(GrpcServerTest, RefusesPlaintextBeyondLoopback) {
  testing_util::ChildProcess server(
      {server_path, "--host=0.0.0.0", "--port=0", "--db=" + db_.string()});
  EXPECT_EQ(server.WaitForExit(), 2);
  EXPECT_THAT(server.output(),
              HasSubstr("--host=0.0.0.0: plaintext listens on loopback only"));
}

TEST_F(GrpcServerTest, RefusesAnUnusableDatabase) {
  testing_util::ChildProcess server(
      {server_path, "--port=0", "--db=/nonexistent/dir/attendance.db"});
  EXPECT_EQ(server.WaitForExit(), 1);
  EXPECT_THAT(server.output(), HasSubstr("/nonexistent/dir/attendance.db"));
}

}  // namespace
}  // namespace attendance

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 2) {
    std::cerr << "usage: grpc_server_test <grpc_server>" << std::endl;
    return 2;
  }
  attendance::server_path = argv[1];
  return RUN_ALL_TESTS();
}
