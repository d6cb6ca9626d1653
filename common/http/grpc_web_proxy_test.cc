// The standalone proxy (grpc_web_proxy.cc) as a user runs it: a child
// process with real flags in front of a gRPC server on loopback.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

#include "common/http/grpc_web_testing.h"
#include "common/testing/child_process.h"
#include "common/testing/test_arguments.h"
#include "protos/calculator/v1/calculator.pb.h"

namespace common {
namespace {

using grpc_web_testing::CallGrpcWeb;
using grpc_web_testing::GatewayFixture;
using grpc_web_testing::WebAnswer;
using grpc_web_testing::WebRequest;
using ::testing::HasSubstr;
using testing_util::ChildProcess;
using testing_util::TestArgument;

const testing_util::TestArgumentsDeclaration kArguments(
    "grpc_web_proxy_test PROXY GREETER_DESCRIPTOR_SET", 2);

// The proxy on a free port; its HTTP port once it listens.
class Proxy {
 public:
  explicit Proxy(std::vector<std::string> flags) : process_(Args(flags)) {
    const std::string address = process_.WaitUntilListening();
    port_ = address.empty() ? -1
                            : std::stoi(address.substr(address.rfind(':') + 1));
  }
  int port() const { return port_; }
  ChildProcess& process() { return process_; }

 private:
  static std::vector<std::string> Args(std::vector<std::string> flags) {
    flags.insert(flags.begin(),
                 {TestArgument(0), "--port=0", "--host=127.0.0.1"});
    return flags;
  }
  ChildProcess process_;
  int port_ = -1;
};

WebRequest Divide(int64_t dividend, int64_t divisor) {
  calculator::v1::DivideRequest request;
  request.set_dividend(dividend);
  request.set_divisor(divisor);
  return WebRequest("/calculator.v1.Calculator/Divide",
                    request.SerializeAsString());
}

class GrpcWebProxyTest : public ::testing::Test {
 protected:
  std::string Backend() const {
    return "--backend=127.0.0.1:" + std::to_string(backend_.grpc_port());
  }
  GatewayFixture backend_{GrpcWebOptions{}};
};

TEST_F(GrpcWebProxyTest, PassesCallsOfTheProtosLinkedIn) {
  Proxy proxy({Backend()});
  ASSERT_GT(proxy.port(), 0) << proxy.process().output();
  const WebAnswer answer = CallGrpcWeb(proxy.port(), Divide(7, 2));
  ASSERT_EQ(answer.code(), 0) << answer.message();
  calculator::v1::DivideResponse response;
  ASSERT_EQ(answer.messages.size(), 1u);
  ASSERT_TRUE(response.ParseFromString(answer.messages[0]));
  EXPECT_EQ(response.quotient(), 3);

  calculator::v1::ListPrimesRequest primes;
  primes.set_start(1);
  primes.set_count(4);
  const WebAnswer stream = CallGrpcWeb(
      proxy.port(), WebRequest("/calculator.v1.Calculator/ListPrimes",
                               primes.SerializeAsString()));
  EXPECT_EQ(stream.messages.size(), 4u);
  EXPECT_EQ(stream.code(), 0);
}

TEST_F(GrpcWebProxyTest, ServesOnlyTheServicesNamed) {
  Proxy proxy({Backend(), "--services=calculator.v1.Calculator"});
  ASSERT_GT(proxy.port(), 0) << proxy.process().output();
  const WebAnswer health =
      CallGrpcWeb(proxy.port(), WebRequest("/grpc.health.v1.Health/Check"));
  EXPECT_EQ(health.code(), static_cast<int>(grpc::StatusCode::UNIMPLEMENTED));
  EXPECT_THAT(health.message(), HasSubstr("serves calculator.v1.Calculator"));
}

TEST_F(GrpcWebProxyTest, LearnsOtherServicesFromADescriptorSet) {
  const WebRequest hello("/testdata.v1.Greeter/Hello");
  const WebRequest chat("/testdata.v1.Greeter/Chat");
  {
    Proxy without({Backend()});
    ASSERT_GT(without.port(), 0) << without.process().output();
    EXPECT_THAT(CallGrpcWeb(without.port(), hello).message(),
                HasSubstr("unknown method /testdata.v1.Greeter/Hello"));
  }
  Proxy with({Backend(), "--descriptor_set=" + TestArgument(1)});
  ASSERT_GT(with.port(), 0) << with.process().output();
  // The proxy knows Chat is bidirectional, and passes Hello on: the backend
  // (a Calculator) has no such method.
  EXPECT_THAT(CallGrpcWeb(with.port(), chat).message(),
              HasSubstr("is a bidirectional-streaming method"));
  const WebAnswer passed = CallGrpcWeb(with.port(), hello);
  EXPECT_EQ(passed.code(), static_cast<int>(grpc::StatusCode::UNIMPLEMENTED));
  EXPECT_THAT(passed.message(), Not(HasSubstr("unknown method")));
  // The protos linked in still work.
  EXPECT_EQ(CallGrpcWeb(with.port(), Divide(1, 1)).code(), 0);
}

TEST_F(GrpcWebProxyTest, BadFlagsAreUsageErrorsNamingTheFlag) {
  ChildProcess missing({TestArgument(0), "--descriptor_set=/no/such/file"});
  EXPECT_EQ(missing.WaitForExit(), 2);
  EXPECT_THAT(missing.output(),
              HasSubstr("--descriptor_set=/no/such/file: cannot read it"));
  ChildProcess unknown({TestArgument(0), "--services=nope.v1.Nothing"});
  EXPECT_EQ(unknown.WaitForExit(), 2);
  EXPECT_THAT(unknown.output(), HasSubstr("no descriptor of nope.v1.Nothing"));
}

TEST_F(GrpcWebProxyTest, SigtermEndsOpenStreamsAndExitsZero) {
  Proxy proxy({Backend()});
  ASSERT_GT(proxy.port(), 0) << proxy.process().output();
  calculator::v1::ListPrimesRequest held;
  held.set_start(2);
  held.set_count(-1);  // one prime, then held until cancelled
  WebRequest request("/calculator.v1.Calculator/ListPrimes",
                     held.SerializeAsString());
  request.on_message = [&proxy](const std::string&) {
    proxy.process().Signal(SIGTERM);
    return true;
  };
  const WebAnswer answer = CallGrpcWeb(proxy.port(), request);
  EXPECT_EQ(answer.messages.size(), 1u);
  EXPECT_EQ(answer.code(), static_cast<int>(grpc::StatusCode::UNAVAILABLE));
  EXPECT_EQ(proxy.process().WaitForExit(), 0) << proxy.process().output();
  EXPECT_TRUE(backend_.service().WaitForCancelled(1, std::chrono::seconds(10)));
}

}  // namespace
}  // namespace common
