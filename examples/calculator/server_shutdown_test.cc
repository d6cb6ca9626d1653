// Runs the real server binaries as child processes and checks that SIGINT and
// SIGTERM shut them down cleanly: calls in flight finish within the grace
// period (or are cancelled after it) and the process exits 0.
//
// Usage (from BUILD): server_shutdown_test <path of sync_server> <path of
// callback_server>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "examples/calculator/calculator_logic.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

extern char** environ;

namespace calculator {
namespace {

std::vector<std::string> server_paths;

// A server binary (on a free port unless told otherwise), its stdout read
// through a pipe.
class ServerProcess {
 public:
  ServerProcess(const std::string& path, int grace_ms,
                const std::string& port = "0") {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<std::string> args = {path, "--host=127.0.0.1", "--port=" + port,
                                     "--shutdown_grace_ms=" + std::to_string(grace_ms)};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv.data(),
                          environ),
              0);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    stdout_fd_ = fds[0];
  }

  ~ServerProcess() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(stdout_fd_);
  }

  // Waits for "... listening on 127.0.0.1:<port>" and returns the address.
  std::string WaitUntilListening() {
    std::smatch match;
    static const std::regex kListening("listening on (\\S+)");
    while (!std::regex_search(output_, match, kListening)) {
      if (!ReadMore()) return "";
    }
    return match[1];
  }

  void Signal(int signal_number) { kill(pid_, signal_number); }

  // Waits until the child has printed `text`; false if it never does.
  bool WaitForOutput(const std::string& text) {
    while (output_.find(text) == std::string::npos) {
      if (!ReadMore()) return false;
    }
    return true;
  }

  // Waits for the process to exit and returns its exit code (-1 if killed).
  int WaitForExit() {
    int status = 0;
    waitpid(pid_, &status, 0);
    exited_ = true;
    while (ReadMore()) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  const std::string& output() const { return output_; }

 private:
  // Appends what the child wrote; false at end of file or after 10 s.
  bool ReadMore() {
    pollfd fd = {stdout_fd_, POLLIN, 0};
    if (poll(&fd, 1, 10'000) <= 0) return false;
    char buffer[4096];
    ssize_t n = read(stdout_fd_, buffer, sizeof buffer);
    if (n <= 0) return false;
    output_.append(buffer, n);
    return true;
  }

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  bool exited_ = false;
  std::string output_;
};

std::unique_ptr<v1::Calculator::Stub> Connect(const std::string& address) {
  return v1::Calculator::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

class ServerShutdownTest : public ::testing::TestWithParam<int> {
 protected:
  const std::string& server_path() const { return server_paths[GetParam()]; }
};

TEST_P(ServerShutdownTest, IdleServerExitsZeroOnSigint) {
  ServerProcess server(server_path(), 5000);
  std::string address = server.WaitUntilListening();
  ASSERT_FALSE(address.empty()) << server.output();
  server.Signal(SIGINT);
  EXPECT_EQ(server.WaitForExit(), 0);
  EXPECT_NE(server.output().find("received SIGINT"), std::string::npos);
  EXPECT_NE(server.output().find("stopped"), std::string::npos);
}

TEST_P(ServerShutdownTest, CallInFlightKeepsWorkingDuringTheGracePeriod) {
  ServerProcess server(server_path(), 30'000);
  std::string address = server.WaitUntilListening();
  ASSERT_FALSE(address.empty()) << server.output();
  auto stub = Connect(address);

  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto stream = stub->RunningSum(&context);
  v1::Number number;
  number.set_value(1);
  v1::RunningTotal total;
  ASSERT_TRUE(stream->Write(number));
  ASSERT_TRUE(stream->Read(&total));  // The call is now in flight.

  server.Signal(SIGTERM);
  ASSERT_TRUE(server.WaitForOutput("shutting down")) << server.output();

  // New calls are refused once Shutdown() takes effect, just after the log
  // line: UNAVAILABLE if the client has seen the server's GOAWAY, CANCELLED
  // if the call raced it.
  grpc::StatusCode late_call = grpc::StatusCode::OK;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (late_call == grpc::StatusCode::OK &&
         std::chrono::steady_clock::now() < give_up) {
    grpc::ClientContext late_context;
    late_context.set_deadline(std::chrono::system_clock::now() +
                              std::chrono::seconds(10));
    v1::DivideRequest request;
    request.set_dividend(1);
    request.set_divisor(1);
    v1::DivideResponse response;
    late_call = stub->Divide(&late_context, request, &response).error_code();
  }
  EXPECT_THAT(late_call, ::testing::AnyOf(grpc::StatusCode::UNAVAILABLE,
                                          grpc::StatusCode::CANCELLED));

  // ...while the call in flight still works in both directions.
  number.set_value(2);
  ASSERT_TRUE(stream->Write(number));
  ASSERT_TRUE(stream->Read(&total));
  EXPECT_EQ(total.sum(), 3);
  ASSERT_TRUE(stream->WritesDone());
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(server.WaitForExit(), 0);
}

TEST_P(ServerShutdownTest, CallStillRunningAfterTheGracePeriodIsCancelled) {
  ServerProcess server(server_path(), 100);
  std::string address = server.WaitUntilListening();
  ASSERT_FALSE(address.empty()) << server.output();
  auto stub = Connect(address);

  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::ListPrimesRequest request;
  request.set_count(kMaxPrimeCount);  // Far more than 100 ms of work.
  auto reader = stub->ListPrimes(&context, request);
  v1::Prime prime;
  ASSERT_TRUE(reader->Read(&prime));
  server.Signal(SIGTERM);
  int received = 1;
  while (reader->Read(&prime)) ++received;
  grpc::Status status = reader->Finish();
  EXPECT_FALSE(status.ok());
  EXPECT_LT(received, kMaxPrimeCount);
  EXPECT_EQ(server.WaitForExit(), 0);
}

TEST_P(ServerShutdownTest, ASecondServerOnABusyPortExitsWithAnError) {
  ServerProcess first(server_path(), 5000);
  std::string address = first.WaitUntilListening();
  ASSERT_FALSE(address.empty()) << first.output();
  std::string port = address.substr(address.rfind(':') + 1);

  ServerProcess second(server_path(), 5000, port);
  EXPECT_EQ(second.WaitForExit(), 1);
  EXPECT_EQ(second.output().find("listening on"), std::string::npos);

  first.Signal(SIGTERM);
  EXPECT_EQ(first.WaitForExit(), 0);
}

INSTANTIATE_TEST_SUITE_P(BothServers, ServerShutdownTest, ::testing::Values(0, 1),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == 0 ? "Sync" : "Callback";
                         });

}  // namespace
}  // namespace calculator

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) calculator::server_paths.push_back(argv[i]);
  if (calculator::server_paths.size() != 2) {
    fprintf(stderr, "usage: %s <sync_server> <callback_server>\n", argv[0]);
    return 2;
  }
  return RUN_ALL_TESTS();
}
