// A service config offered by the name resolver rather than set by the
// client: a real DNS server (Debian's dnsmasq, on a loopback port) answers
// for flaky.test with an A record and a TXT record "_grpc_config.flaky.test"
// holding the retry policy. gRPC 1.51 reads that record only when the
// channel asks for it (GRPC_ARG_SERVICE_CONFIG_DISABLE_RESOLUTION = 0).
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "common/testing/child_process.h"
#include "common/testing/free_port.h"
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

// dnsmasq's configuration: answer only for flaky.test, from nothing but
// these records, on 127.0.0.1:`port`.
std::string DnsmasqConfig(int port) {
  std::string quoted;  // dnsmasq reads the text as a quoted string
  for (char c : std::string(kTxtRecord)) {
    if (c == '"') quoted += '\\';
    quoted += c;
  }
  return "port=" + std::to_string(port) +
         "\nlisten-address=127.0.0.1\nbind-interfaces\nno-resolv\nno-hosts\n"
         "host-record=flaky.test,127.0.0.1\n"
         "txt-record=_grpc_config.flaky.test,\"" +
         quoted + "\"\n";
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

    const int dns_port = testing_util::FreeLoopbackPort(SOCK_DGRAM);
    ASSERT_GT(dns_port, 0);
    const std::string config_path =
        std::string(std::getenv("TEST_TMPDIR")) + "/dnsmasq.conf";
    std::ofstream(config_path) << DnsmasqConfig(dns_port);
    // --no-daemon: in the foreground, no pid file, no change of user (which
    // a sandbox would refuse); the log on stderr.
    dns_ =
        std::make_unique<testing_util::ChildProcess>(std::vector<std::string>{
            "/usr/sbin/dnsmasq", "--no-daemon", "--conf-file=" + config_path,
            "--log-facility=-"});
    ASSERT_TRUE(dns_->started());
    ASSERT_TRUE(dns_->WaitForOutput("started")) << dns_->output();
    // [START dns_target]
    // dns://NAME-SERVER/HOST:PORT asks that name server, not the system's.
    target_ = "dns://127.0.0.1:" + std::to_string(dns_port) +
              "/flaky.test:" + std::to_string(port);
    // [END dns_target]
  }

  void TearDown() override { server_->Shutdown(); }

  grpc::Status Divide(bool accept_dns_service_config) {
    grpc::ChannelArguments arguments;
    if (accept_dns_service_config) {
      arguments.SetInt(GRPC_ARG_SERVICE_CONFIG_DISABLE_RESOLUTION, 0);
    }
    auto stub = calculator::v1::Calculator::NewStub(grpc::CreateCustomChannel(
        target_, grpc::InsecureChannelCredentials(), arguments));
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
  std::unique_ptr<testing_util::ChildProcess> dns_;
  std::string target_;
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

}  // namespace
}  // namespace retries
