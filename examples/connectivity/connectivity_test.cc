// A client started before its server, on loopback: fail-fast calls get
// UNAVAILABLE at once, wait-for-ready calls wait and succeed once the server
// is up (or end at their deadline), and the channel walks IDLE ->
// CONNECTING -> TRANSIENT_FAILURE -> ... -> READY, then back to IDLE when
// the server goes away. Nothing sleeps: the tests wait on channel states.
#include <absl/strings/str_join.h>
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "common/testing/free_port.h"
#include "examples/calculator/sync_service.h"
#include "examples/connectivity/channel_states.h"

namespace connectivity {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::system_clock;

// Whether `wanted` is a subsequence of `seen`: all there, in this order.
bool InOrder(const std::vector<std::string>& seen,
             const std::vector<std::string>& wanted) {
  size_t next = 0;
  for (const std::string& state : seen) {
    if (next < wanted.size() && state == wanted[next]) ++next;
  }
  return next == wanted.size();
}

class ConnectivityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    port_ = testing_util::FreeLoopbackPort();
    ASSERT_GT(port_, 0);
    grpc::ChannelArguments arguments;
    // Reconnect after 100 ms instead of gRPC's 1 s (growing to 120 s), so
    // that the test does not wait for a backoff once the server is up.
    arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
    arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
    arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 100);
    channel_ = grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(port_),
                                         grpc::InsecureChannelCredentials(),
                                         arguments);
    stub_ = calculator::v1::Calculator::NewStub(channel_);
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  void StartServer() {
    grpc::ServerBuilder builder;
    int bound = 0;
    builder.AddListeningPort("127.0.0.1:" + std::to_string(port_),
                             grpc::InsecureServerCredentials(), &bound);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_EQ(bound, port_);
  }

  grpc::Status Divide(bool wait_for_ready, std::chrono::milliseconds timeout) {
    grpc::ClientContext context;
    context.set_deadline(Clock::now() + timeout);
    context.set_wait_for_ready(wait_for_ready);
    calculator::v1::DivideRequest request;
    request.set_dividend(17);
    request.set_divisor(5);
    calculator::v1::DivideResponse response;
    return stub_->Divide(&context, request, &response);
  }

  // Waits (up to 10 s) until the channel is in `wanted`; records every state
  // seen on the way in states_.
  bool WaitForState(grpc_connectivity_state wanted) {
    return WatchStates(
               *channel_, Clock::now() + std::chrono::seconds(10),
               [&](grpc_connectivity_state state) {
                 if (states_.empty() || states_.back() != StateName(state)) {
                   states_.push_back(StateName(state));
                 }
                 return state != wanted;
               }) == wanted;
  }

  int port_ = 0;
  calculator::SyncCalculatorService service_{
      [](const calculator::CallOutcome&) {}};
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<calculator::v1::Calculator::Stub> stub_;
  std::vector<std::string> states_;
};

TEST_F(ConnectivityTest, AFailFastCallWithoutAServerIsUnavailableAtOnce) {
  const auto start = Clock::now();
  const grpc::Status status = Divide(false, std::chrono::seconds(20));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("failed to connect"));
  // "At once": after one refused connection, long before the deadline.
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(10));
}

// [START wait_for_ready_test]
TEST_F(ConnectivityTest, AWaitForReadyCallSucceedsOnceTheServerStarts) {
  auto call = std::async(std::launch::async, [this] {
    return Divide(/*wait_for_ready=*/true, std::chrono::seconds(20));
  });
  // The channel has tried and failed to connect, and the call still waits.
  ASSERT_TRUE(WaitForState(GRPC_CHANNEL_TRANSIENT_FAILURE));
  EXPECT_EQ(call.wait_for(std::chrono::seconds(0)),
            std::future_status::timeout);
  StartServer();
  const grpc::Status status = call.get();
  EXPECT_TRUE(status.ok()) << status.error_message();
}
// [END wait_for_ready_test]

TEST_F(ConnectivityTest, AWaitForReadyCallStillEndsAtItsDeadline) {
  EXPECT_EQ(Divide(true, std::chrono::milliseconds(300)).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(ConnectivityTest, TheStatesFromNoServerToReadyAndBack) {
  EXPECT_EQ(channel_->GetState(/*try_to_connect=*/false), GRPC_CHANNEL_IDLE);
  ASSERT_TRUE(WaitForState(GRPC_CHANNEL_TRANSIENT_FAILURE));
  StartServer();
  ASSERT_TRUE(WaitForState(GRPC_CHANNEL_READY));
  EXPECT_TRUE(Divide(false, std::chrono::seconds(10)).ok());
  // The server goes away: the connection closes, the channel is IDLE, and
  // (asked to connect again) fails to connect.
  server_->Shutdown();
  server_.reset();
  ASSERT_TRUE(WaitForState(GRPC_CHANNEL_TRANSIENT_FAILURE));
  // A watcher may miss a state that lasted only a moment (CONNECTING just
  // before READY, on loopback), so this checks the ones that last, in order.
  EXPECT_TRUE(InOrder(states_, {"IDLE", "CONNECTING", "TRANSIENT_FAILURE",
                                "READY", "IDLE", "TRANSIENT_FAILURE"}))
      << absl::StrJoin(states_, " -> ");
}

}  // namespace
}  // namespace connectivity
