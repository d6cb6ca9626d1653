// The health service on loopback: Check and Watch for the whole server and
// per service; every status NOT_SERVING as a graceful shutdown begins (the
// real health_server, SIGTERM); and client-side health checking, which
// keeps a round_robin channel off a backend that reports NOT_SERVING (and
// which pick_first ignores).
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "common/testing/child_process.h"
#include "common/testing/test_arguments.h"
#include "examples/calculator/sync_service.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace health {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using ::testing::ElementsAre;

constexpr char kCalculator[] = "calculator.v1.Calculator";

TEST_ARGUMENTS("health_test <health_server binary>", 1);

std::chrono::system_clock::time_point In(std::chrono::milliseconds time) {
  return std::chrono::system_clock::now() + time;
}

// A calculator server with the default health service, counting its calls.
class Backend {
 public:
  Backend() {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    health()->SetServingStatus(kCalculator, true);
  }
  ~Backend() { server_->Shutdown(In(std::chrono::seconds(0))); }

  grpc::HealthCheckServiceInterface* health() {
    return server_->GetHealthCheckService();
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  int calls() const { return calls_; }

 private:
  std::atomic<int> calls_{0};
  calculator::SyncCalculatorService service_{
      [this](const calculator::CallOutcome&) { ++calls_; }};
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

std::unique_ptr<Health::Stub> HealthStub(const std::string& address) {
  return Health::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

// Check's answer, or the error code's name if it failed.
std::string Check(Health::Stub& stub, const std::string& service) {
  grpc::ClientContext context;
  context.set_deadline(In(std::chrono::seconds(10)));
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  const grpc::Status status = stub.Check(&context, request, &response);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return "NOT_FOUND";
  EXPECT_TRUE(status.ok()) << status.error_message();
  return HealthCheckResponse::ServingStatus_Name(response.status());
}

TEST(HealthTest, CheckAnswersForTheServerAndPerService) {
  Backend backend;
  auto stub = HealthStub(backend.address());
  EXPECT_EQ(Check(*stub, ""), "SERVING");
  EXPECT_EQ(Check(*stub, kCalculator), "SERVING");
  EXPECT_EQ(Check(*stub, "no.such.Service"), "NOT_FOUND");
  // [START per_service]
  backend.health()->SetServingStatus(kCalculator, false);
  EXPECT_EQ(Check(*stub, kCalculator), "NOT_SERVING");
  EXPECT_EQ(Check(*stub, ""), "SERVING");  // the server as a whole
  // [END per_service]
}

// A Watch stream and the statuses it delivered, read on its own thread.
class Watcher {
 public:
  Watcher(Health::Stub& stub, const std::string& service) {
    context_.set_deadline(In(std::chrono::seconds(20)));
    HealthCheckRequest request;
    request.set_service(service);
    reader_ = stub.Watch(&context_, request);
  }
  // The next status, or "" if the stream ended.
  std::string Next() {
    HealthCheckResponse response;
    if (!reader_->Read(&response)) return "";
    return HealthCheckResponse::ServingStatus_Name(response.status());
  }
  grpc::Status Finish() {
    context_.TryCancel();
    return reader_->Finish();
  }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<HealthCheckResponse>> reader_;
};

TEST(HealthTest, WatchSendsEveryChange) {
  Backend backend;
  auto stub = HealthStub(backend.address());
  Watcher watcher(*stub, kCalculator);
  EXPECT_EQ(watcher.Next(), "SERVING");
  backend.health()->SetServingStatus(kCalculator, false);
  EXPECT_EQ(watcher.Next(), "NOT_SERVING");
  backend.health()->SetServingStatus(kCalculator, true);
  EXPECT_EQ(watcher.Next(), "SERVING");
  watcher.Finish();
}

TEST(HealthTest, WatchingAnUnknownServiceWaitsForIt) {
  Backend backend;
  auto stub = HealthStub(backend.address());
  Watcher watcher(*stub, "later.v1.Service");
  EXPECT_EQ(watcher.Next(), "SERVICE_UNKNOWN");  // not an error, unlike Check
  backend.health()->SetServingStatus("later.v1.Service", true);
  EXPECT_EQ(watcher.Next(), "SERVING");
  watcher.Finish();
}

// [START shutdown_test]
TEST(HealthTest, AGracefulShutdownStartsWithNotServing) {
  testing_util::ChildProcess server(
      {testing_util::TestArgument(0), "--port=0", "--shutdown_grace_ms=10000"});
  const std::string address = server.WaitUntilListening();
  ASSERT_FALSE(address.empty()) << server.output();
  auto stub = HealthStub(address);
  Watcher whole_server(*stub, "");
  Watcher calculator(*stub, kCalculator);
  EXPECT_EQ(whole_server.Next(), "SERVING");
  EXPECT_EQ(calculator.Next(), "SERVING");
  server.Signal(SIGTERM);
  // While the watches (calls in flight) keep the server in its grace
  // period, both statuses turn NOT_SERVING.
  EXPECT_EQ(whole_server.Next(), "NOT_SERVING");
  EXPECT_EQ(calculator.Next(), "NOT_SERVING");
  whole_server.Finish();
  calculator.Finish();
  EXPECT_EQ(server.WaitForExit(), 0) << server.output();
}
// [END shutdown_test]

// Calls Divide `count` times on `stub`; false if one fails.
bool Calls(calculator::v1::Calculator::Stub& stub, int count) {
  for (int i = 0; i < count; ++i) {
    grpc::ClientContext context;
    context.set_deadline(In(std::chrono::seconds(10)));
    calculator::v1::DivideRequest request;
    request.set_dividend(17);
    request.set_divisor(5);
    calculator::v1::DivideResponse response;
    const grpc::Status status = stub.Divide(&context, request, &response);
    if (!status.ok()) {
      ADD_FAILURE() << status.error_message();
      return false;
    }
  }
  return true;
}

// A channel over both backends with the given load-balancing policy and
// client-side health checking of the calculator service.
std::unique_ptr<calculator::v1::Calculator::Stub> HealthCheckedStub(
    const std::string& policy, Backend& first, Backend& second) {
  grpc::ChannelArguments arguments;
  // [START health_check_config]
  arguments.SetServiceConfigJSON(
      R"({"loadBalancingConfig": [{")" + policy +
      R"(": {}}],)"
      R"( "healthCheckConfig": {"serviceName": "calculator.v1.Calculator"}})");
  // [END health_check_config]
  return calculator::v1::Calculator::NewStub(grpc::CreateCustomChannel(
      "ipv4:" + first.address() + "," + second.address(),
      grpc::InsecureChannelCredentials(), arguments));
}

TEST(ClientSideHealthTest, RoundRobinStopsSendingToANotServingBackend) {
  Backend first, second;
  auto stub = HealthCheckedStub("round_robin", first, second);
  // The first calls may all go to whichever backend connected first; once
  // both have had a call, round_robin takes them in turn.
  for (int calls = 0;
       (first.calls() == 0 || second.calls() == 0) && calls < 1000; ++calls) {
    ASSERT_TRUE(Calls(*stub, 1));
  }
  const int first_before = first.calls(), second_before = second.calls();
  ASSERT_TRUE(Calls(*stub, 20));
  EXPECT_EQ(first.calls() - first_before, 10);
  EXPECT_EQ(second.calls() - second_before, 10);

  first.health()->SetServingStatus(kCalculator, false);
  // The channel learns it from its own Watch on the backend: wait (on the
  // counts) until ten calls in a row have gone to the second backend...
  int in_a_row = 0;
  for (int calls = 0; in_a_row < 10 && calls < 1000; ++calls) {
    const int before = second.calls();
    ASSERT_TRUE(Calls(*stub, 1));
    in_a_row = second.calls() > before ? in_a_row + 1 : 0;
  }
  ASSERT_EQ(in_a_row, 10) << "the channel never left the first backend";
  // ... and from then on, no call goes to the first.
  const int first_calls = first.calls();
  ASSERT_TRUE(Calls(*stub, 20));
  EXPECT_EQ(first.calls(), first_calls);

  // Back to SERVING: traffic comes back (wait until a call reaches it).
  first.health()->SetServingStatus(kCalculator, true);
  for (int calls = 0; first.calls() == first_calls && calls < 1000; ++calls) {
    ASSERT_TRUE(Calls(*stub, 1));
  }
  EXPECT_GT(first.calls(), first_calls);
}

TEST(ClientSideHealthTest, PickFirstIgnoresHealth) {
  Backend first, second;
  first.health()->SetServingStatus(kCalculator, false);
  auto stub = HealthCheckedStub("pick_first", first, second);
  ASSERT_TRUE(Calls(*stub, 10));
  // All to the first address, NOT_SERVING or not.
  EXPECT_EQ(first.calls(), 10);
  EXPECT_EQ(second.calls(), 0);
}

}  // namespace
}  // namespace health
