// Runs the real server binaries as child processes and checks that SIGINT and
// SIGTERM shut them down cleanly: calls in flight finish within the grace
// period (or are cancelled after it) and the process exits 0.
//
// Usage (from BUILD): server_shutdown_test <path of sync_server> <path of
// callback_server>
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <string>
#include <vector>

#include "common/testing/child_process.h"
#include "examples/calculator/calculator_logic.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace calculator {
namespace {

std::vector<std::string> server_paths;

// A server binary on a free port unless told otherwise.
class ServerProcess : public testing_util::ChildProcess {
 public:
  ServerProcess(const std::string& path, int grace_ms,
                const std::string& port = "0")
      : ChildProcess({path, "--host=127.0.0.1", "--port=" + port,
                      "--shutdown_grace_ms=" + std::to_string(grace_ms)}) {}
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
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
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
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
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
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
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

INSTANTIATE_TEST_SUITE_P(BothServers, ServerShutdownTest,
                         ::testing::Values(0, 1),
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
