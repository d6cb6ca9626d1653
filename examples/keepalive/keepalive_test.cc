// Keepalive on loopback, through a proxy that can go silent (as a pulled
// cable or a frozen peer does: the connection stays open, nothing gets
// through). An idle stream is open when the proxy goes silent; the tests
// measure how long each side takes to notice with keepalive, show that
// without it neither does, and that a server answers pings more frequent
// than it allows with GOAWAY.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>

#include "common/testing/counting_proxy.h"
#include "examples/calculator/sync_service.h"
#include "examples/keepalive/keepalive_settings.h"

namespace keepalive {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using ::testing::HasSubstr;

class KeepaliveTest : public ::testing::Test {
 protected:
  void StartServer(const ServerKeepalive& keepalive) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&service_);
    Apply(keepalive, builder);
    server_ = builder.BuildAndStart();
    ASSERT_GT(port, 0);
    proxy_ = std::make_unique<testing_util::CountingProxy>(
        "127.0.0.1:" + std::to_string(port));
    ASSERT_TRUE(proxy_->ok());
  }

  void TearDown() override {
    if (context_) context_->TryCancel();
    if (stream_) stream_->Finish();
    proxy_.reset();  // closes the connections
    if (server_) server_->Shutdown(std::chrono::system_clock::now());
  }

  // Opens a RunningSum stream through the proxy, makes one round trip (so
  // the stream is open at both ends) and leaves it idle.
  void OpenIdleStream(const ClientKeepalive& keepalive,
                      milliseconds deadline = std::chrono::seconds(20)) {
    grpc::ChannelArguments arguments;
    Apply(keepalive, arguments);
    stub_ = calculator::v1::Calculator::NewStub(grpc::CreateCustomChannel(
        proxy_->address(), grpc::InsecureChannelCredentials(), arguments));
    context_ = std::make_unique<grpc::ClientContext>();
    context_->set_deadline(std::chrono::system_clock::now() + deadline);
    stream_ = stub_->RunningSum(context_.get());
    calculator::v1::Number number;
    number.set_value(1);
    calculator::v1::RunningTotal total;
    ASSERT_TRUE(stream_->Write(number));
    ASSERT_TRUE(stream_->Read(&total));
  }

  // Blocks until the client's stream ends; its status.
  grpc::Status WaitForClientToNotice() {
    calculator::v1::RunningTotal total;
    while (stream_->Read(&total)) {
    }
    grpc::Status status = stream_->Finish();
    stream_.reset();
    return status;
  }

  // Waits until the server's RunningSum has ended (up to `timeout`).
  bool WaitForServerToNotice(milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return ended_.wait_for(lock, timeout,
                           [this] { return server_saw_end_.has_value(); });
  }

  static long Ms(Clock::duration duration) {
    return std::chrono::duration_cast<milliseconds>(duration).count();
  }

  std::mutex mu_;
  std::condition_variable ended_;
  std::optional<Clock::time_point> server_saw_end_;
  calculator::SyncCalculatorService service_{
      [this](const calculator::CallOutcome&) {
        std::lock_guard<std::mutex> lock(mu_);
        server_saw_end_ = Clock::now();
        ended_.notify_all();
      }};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<testing_util::CountingProxy> proxy_;
  std::unique_ptr<calculator::v1::Calculator::Stub> stub_;
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientReaderWriter<calculator::v1::Number,
                                           calculator::v1::RunningTotal>>
      stream_;
};

// Keepalive every 200 ms, 200 ms for the answer: what the tests use to be
// quick. (Real settings are minutes and tens of seconds.)
ClientKeepalive FastClient() {
  ClientKeepalive keepalive;
  keepalive.time = milliseconds(200);
  keepalive.timeout = milliseconds(200);
  return keepalive;
}

ServerKeepalive Tolerant() {  // lets FastClient ping as often as it does
  ServerKeepalive keepalive;
  keepalive.min_client_ping_interval = milliseconds(100);
  return keepalive;
}

// [START client_notices]
TEST_F(KeepaliveTest, WithKeepaliveTheClientNoticesASilentServer) {
  StartServer(Tolerant());
  OpenIdleStream(FastClient());
  const Clock::time_point silenced = Clock::now();
  proxy_->Silence();
  const grpc::Status status = WaitForClientToNotice();
  const long noticed_ms = Ms(Clock::now() - silenced);
  std::cout << "client noticed after " << noticed_ms << " ms" << std::endl;
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("keepalive"));
  // A ping sent within `time` of the silence, unanswered for `timeout`.
  EXPECT_GE(noticed_ms, 200);
  EXPECT_LT(noticed_ms, 5000);
}
// [END client_notices]

TEST_F(KeepaliveTest, WithKeepaliveTheServerNoticesASilentClient) {
  ServerKeepalive keepalive;
  keepalive.time = milliseconds(200);
  keepalive.timeout = milliseconds(200);
  StartServer(keepalive);
  OpenIdleStream(ClientKeepalive());  // the client does not ping
  const Clock::time_point silenced = Clock::now();
  proxy_->Silence();
  ASSERT_TRUE(WaitForServerToNotice(std::chrono::seconds(10)));
  const long noticed_ms = Ms(*server_saw_end_ - silenced);
  std::cout << "server noticed after " << noticed_ms << " ms" << std::endl;
  EXPECT_GE(noticed_ms, 200);
  EXPECT_LT(noticed_ms, 5000);
}

TEST_F(KeepaliveTest, WithoutKeepaliveNeitherSideNotices) {
  StartServer(ServerKeepalive());
  // A long-lived stream, as a subscription is: its deadline is far away.
  OpenIdleStream(ClientKeepalive(), /*deadline=*/std::chrono::minutes(10));
  proxy_->Silence();
  auto client = std::async(std::launch::async,
                           [this] { return WaitForClientToNotice(); });
  // Ten times what keepalive needed above, and neither side has noticed.
  EXPECT_EQ(client.wait_for(std::chrono::seconds(4)),
            std::future_status::timeout);
  EXPECT_FALSE(WaitForServerToNotice(milliseconds(0)));
  context_->TryCancel();  // ends the test's stream
  EXPECT_EQ(client.get().error_code(), grpc::StatusCode::CANCELLED);
}

// [START too_many_pings]
TEST_F(KeepaliveTest, PingsMoreFrequentThanTheServerAllowsGetAGoaway) {
  // The server's default: at most one ping per 5 minutes without data,
  // two strikes, then GOAWAY and the connection is closed.
  StartServer(ServerKeepalive());
  OpenIdleStream(FastClient());
  const grpc::Status status = WaitForClientToNotice();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("Too many pings"));
}
// [END too_many_pings]

}  // namespace
}  // namespace keepalive
