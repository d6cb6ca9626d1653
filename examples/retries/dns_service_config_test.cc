// A service config offered by the name resolver rather than set by the
// client: a real DNS server (Debian's dnsmasq, on a loopback port) answers
// for flaky.test with an A record and a TXT record "_grpc_config.flaky.test"
// holding the retry policy. gRPC 1.51 reads that record only when the
// channel asks for it (GRPC_ARG_SERVICE_CONFIG_DISABLE_RESOLUTION = 0).
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/testing/dns_server.h"
#include "examples/retries/flaky_service.h"

namespace retries {
namespace {

using ::testing::ElementsAre;

// [START txt_record]
// The TXT record's text: "grpc_config=" and a JSON list of choices, each
// with a serviceConfig (clients may pick one by language or percentage).
constexpr char kTxtRecord[] =
    R"(grpc_config=[{"serviceConfig":{"methodConfig":[{"name":[{"service":)"
    R"("calculator.v1.Calculator"}],"retryPolicy":{"maxAttempts":4,)"
    R"("initialBackoff":"0.01s","maxBackoff":"0.01s","backoffMultiplier":1,)"
    R"("retryableStatusCodes":["UNAVAILABLE"]}}]}}])";
// [END txt_record]

// The record as dnsmasq reads it: a quoted string.
std::string TxtRecordLine() {
  std::string quoted;
  for (char c : std::string(kTxtRecord)) {
    if (c == '"') quoted += '\\';
    quoted += c;
  }
  return "txt-record=_grpc_config.flaky.test,\"" + quoted + "\"";
}

class DnsServiceConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FlakyOptions options;
    options.fail_first = 2;
    service_ = std::make_unique<FlakyCalculatorService>(options);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_GT(port, 0);

    // plain.test: an address and no service config.
    dns_ = std::make_unique<testing_util::DnsServer>(std::vector<std::string>{
        "host-record=flaky.test,127.0.0.1", "host-record=plain.test,127.0.0.1",
        TxtRecordLine()});
    ASSERT_TRUE(dns_->ok()) << dns_->output();
    // [START dns_target]
    // dns://NAME-SERVER/HOST:PORT asks that name server, not the system's.
    target_ =
        "dns://" + dns_->address() + "/flaky.test:" + std::to_string(port);
    // [END dns_target]
    plain_target_ =
        "dns://" + dns_->address() + "/plain.test:" + std::to_string(port);
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  // A call on a new channel to `target` (flaky.test by default), with
  // `default_config` as the client's own service config.
  grpc::Status Divide(bool accept_dns_service_config,
                      const std::string& default_config = "",
                      const std::string& target = "") {
    grpc::ChannelArguments arguments;
    if (accept_dns_service_config) {
      arguments.SetInt(GRPC_ARG_SERVICE_CONFIG_DISABLE_RESOLUTION, 0);
    }
    if (!default_config.empty()) arguments.SetServiceConfigJSON(default_config);
    auto stub = calculator::v1::Calculator::NewStub(grpc::CreateCustomChannel(
        target.empty() ? target_ : target, grpc::InsecureChannelCredentials(),
        arguments));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    calculator::v1::DivideRequest request;
    request.set_dividend(17);
    request.set_divisor(5);
    calculator::v1::DivideResponse response;
    return stub->Divide(&context, request, &response);
  }

  std::vector<int> AttemptNumbers() const {
    std::vector<int> numbers;
    for (const Attempt& attempt : service_->attempts()) {
      numbers.push_back(attempt.number);
    }
    return numbers;
  }

  std::unique_ptr<FlakyCalculatorService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<testing_util::DnsServer> dns_;
  std::string target_;
  std::string plain_target_;
};

TEST_F(DnsServiceConfigTest, AChannelThatAsksGetsTheRetryPolicyFromDns) {
  const grpc::Status status = Divide(/*accept_dns_service_config=*/true);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(AttemptNumbers(), ElementsAre(1, 2, 3));
}

TEST_F(DnsServiceConfigTest, ByDefaultTheTxtRecordIsIgnored) {
  // The name resolves (the call reaches the server), the policy is not used.
  EXPECT_EQ(Divide(/*accept_dns_service_config=*/false).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(AttemptNumbers(), ElementsAre(1));
}

TEST_F(DnsServiceConfigTest, WithoutATxtRecordTheClientsOwnConfigApplies) {
  constexpr char kClientConfig[] =
      R"({"methodConfig": [{"name": [{"service": "calculator.v1.Calculator"}],)"
      R"( "retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.01s",)"
      R"( "maxBackoff": "0.01s", "backoffMultiplier": 1,)"
      R"( "retryableStatusCodes": ["UNAVAILABLE"]}}]})";
  const grpc::Status status =
      Divide(/*accept_dns_service_config=*/true, kClientConfig, plain_target_);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(AttemptNumbers(), ElementsAre(1, 2, 3));
}

}  // namespace
}  // namespace retries
