// The organiser command line as a child process against the real grpc_server:
// issued codes and their format, a clear error for a wrong password, and the
// terminal's echo back after Ctrl-C at the password prompt (on a pseudo
// terminal).
//
// Usage (from BUILD): organiser_test <grpc_server> <organiser>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "common/testing/child_process.h"
#include "protos/attendance/v1/attendance.grpc.pb.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

std::string server_path, organiser_path;

class OrganiserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path db =
        fs::path(std::getenv("TEST_TMPDIR")) /
        (::testing::UnitTest::GetInstance()->current_test_info()->name() +
         std::string(".db"));
    fs::remove(db);
    setenv("ATTENDANCE_PASSWORD", "the right one", 1);
    server_ = std::make_unique<testing_util::ChildProcess>(
        std::vector<std::string>{server_path, "--host=127.0.0.1", "--port=0",
                                 "--db=" + db.string(), "--bcrypt_cost=4"});
    address_ = server_->WaitUntilListening();
    ASSERT_FALSE(address_.empty()) << server_->output();
  }

  // Runs the organiser to its end; returns its exit code and output.
  int Run(const std::vector<std::string>& args, std::string* output) {
    std::vector<std::string> argv = {organiser_path, "--server=" + address_};
    argv.insert(argv.end(), args.begin(), args.end());
    testing_util::ChildProcess organiser(argv);
    const int exit_code = organiser.WaitForExit();
    *output = organiser.output();
    return exit_code;
  }

  std::unique_ptr<testing_util::ChildProcess> server_;
  std::string address_;
};

TEST_F(OrganiserTest, IssuesCodesInTheirFormat) {
  std::string output;
  ASSERT_EQ(Run({"issue", "--count=2"}, &output), 0) << output;
  std::regex line(
      "[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}  valid until "
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n");
  auto lines =
      std::distance(std::sregex_iterator(output.begin(), output.end(), line),
                    std::sregex_iterator());
  EXPECT_EQ(lines, 2) << output;

  ASSERT_EQ(Run({"status"}, &output), 0) << output;
  EXPECT_EQ(output, "Attendees: 0\n");
}

TEST_F(OrganiserTest, AWrongPasswordIsAClearErrorAndExitCode1) {
  setenv("ATTENDANCE_PASSWORD", "a wrong one", 1);
  std::string output;
  EXPECT_EQ(Run({"issue"}, &output), 1);
  EXPECT_EQ(output,
            "Login: UNAUTHENTICATED: wrong organiser name or password\n");
}

TEST_F(OrganiserTest, UsageErrorsExit2) {
  std::string output;
  EXPECT_EQ(Run({"mint"}, &output), 2);
  EXPECT_THAT(output, HasSubstr("organiser: unknown command 'mint' (issue or "
                                "status)\nTry 'organiser --help'."));
  EXPECT_EQ(Run({}, &output), 2);
  EXPECT_THAT(output, HasSubstr("organiser: no command given"));
  EXPECT_EQ(Run({"status", "--sever=x"}, &output), 2);
  EXPECT_THAT(output,
              HasSubstr("unknown flag --sever (did you mean --server?)"));
  EXPECT_EQ(Run({"issue", "--count=0"}, &output), 2);
  EXPECT_THAT(output, HasSubstr("--count: must be 1 to 100"));
}

// Reads from `fd` until `text` has come; false at its end or after 10 s.
bool ReadUntil(int fd, const std::string& text, std::string* seen) {
  while (seen->find(text) == std::string::npos) {
    pollfd ready{fd, POLLIN, 0};
    if (poll(&ready, 1, 10000) != 1) return false;
    char buffer[256];
    const ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n <= 0) return false;
    seen->append(buffer, n);
  }
  return true;
}

TEST_F(OrganiserTest, CtrlCAtThePasswordPromptLeavesEchoOn) {
  unsetenv("ATTENDANCE_PASSWORD");
  int terminal = -1, user_side = -1;
  ASSERT_EQ(openpty(&terminal, &user_side, nullptr, nullptr, nullptr), 0);
  termios settings;
  ASSERT_EQ(tcgetattr(user_side, &settings), 0);
  settings.c_lflag |= ECHO | ISIG;
  ASSERT_EQ(tcsetattr(user_side, TCSANOW, &settings), 0);

  // The organiser in a session of its own, with the pseudo terminal as its
  // controlling terminal, as a shell would run it.
  const std::string server_flag = "--server=" + address_;
  std::vector<char*> argv = {organiser_path.data(),
                             const_cast<char*>(server_flag.c_str()),
                             const_cast<char*>("issue"), nullptr};
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {  // only async-signal-safe calls until exec
    setsid();
    ioctl(user_side, TIOCSCTTY, 0);
    dup2(user_side, STDIN_FILENO);
    dup2(user_side, STDOUT_FILENO);
    dup2(user_side, STDERR_FILENO);
    close(terminal);
    close(user_side);
    execv(argv[0], argv.data());
    _exit(127);
  }

  std::string seen;
  ASSERT_TRUE(ReadUntil(terminal, "Password for organiser: ", &seen)) << seen;
  ASSERT_EQ(tcgetattr(user_side, &settings), 0);
  EXPECT_FALSE(settings.c_lflag & ECHO);     // the password is hidden
  ASSERT_EQ(write(terminal, "\x03", 1), 1);  // Ctrl-C

  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << status;
  ASSERT_EQ(tcgetattr(user_side, &settings), 0);
  EXPECT_TRUE(settings.c_lflag & ECHO) << "echo left off after Ctrl-C";
  close(terminal);
  close(user_side);
}

// A server that answers Login with a token holding a newline. Sending it
// back as metadata would make gRPC abort the organiser.
class BadTokenService final
    : public attendance::v1::AttendanceService::Service {
  grpc::Status Login(grpc::ServerContext*, const attendance::v1::LoginRequest*,
                     attendance::v1::LoginResponse* response) override {
    response->set_token("bad\ntoken");
    return grpc::Status::OK;
  }
};

TEST(OrganiserAgainstABadServerTest, ATokenItCannotSendIsAClearError) {
  BadTokenService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_GT(port, 0);
  setenv("ATTENDANCE_PASSWORD", "any", 1);
  testing_util::ChildProcess organiser(
      {organiser_path, "--server=127.0.0.1:" + std::to_string(port), "issue"});
  EXPECT_EQ(organiser.WaitForExit(), 1) << organiser.output();
  EXPECT_THAT(organiser.output(),
              HasSubstr("Login: the server sent a token that is not "
                        "printable ASCII"));
  server->Shutdown();
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 3) {
    std::cerr << "usage: organiser_test <grpc_server> <organiser>" << std::endl;
    return 2;
  }
  server_path = argv[1];
  organiser_path = argv[2];
  return RUN_ALL_TESTS();
}
