// The gateway's calls: answers, streams, statuses, deadlines, cancellation,
// metadata, limits and shutdown, against a real gRPC server on loopback.
#include "common/http/grpc_web.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>

#include "common/http/grpc_web_testing.h"
#include "protos/calculator/v1/calculator.pb.h"

namespace common {
namespace {

using calculator::v1::DivideRequest;
using calculator::v1::DivideResponse;
using calculator::v1::ListPrimesRequest;
using calculator::v1::Prime;
using grpc_web::Encoding;
using grpc_web_testing::CallGrpcWeb;
using grpc_web_testing::GatewayFixture;
using grpc_web_testing::WebAnswer;
using grpc_web_testing::WebRequest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kDivide[] = "/calculator.v1.Calculator/Divide";
constexpr char kListPrimes[] = "/calculator.v1.Calculator/ListPrimes";
constexpr auto kWait = std::chrono::seconds(10);

GrpcWebOptions TestOptions() {
  GrpcWebOptions options;
  options.services = {"calculator.v1.Calculator"};
  options.response_metadata = {"x-echo-authorization", "x-echo-cookie",
                               "x-trailer"};
  return options;
}

WebRequest Divide(int64_t dividend, int64_t divisor) {
  DivideRequest request;
  request.set_dividend(dividend);
  request.set_divisor(divisor);
  return WebRequest{kDivide, request.SerializeAsString()};
}

WebRequest ListPrimes(int64_t start, int32_t count) {
  ListPrimesRequest request;
  request.set_start(start);
  request.set_count(count);
  return WebRequest{kListPrimes, request.SerializeAsString()};
}

std::vector<int64_t> PrimeValues(const WebAnswer& answer) {
  std::vector<int64_t> values;
  for (const std::string& message : answer.messages) {
    Prime prime;
    EXPECT_TRUE(prime.ParseFromString(message));
    values.push_back(prime.value());
  }
  return values;
}

// TestOptions' max_deadline is the default, 10 minutes.
void ExpectAboutTenMinutes(std::chrono::system_clock::time_point deadline) {
  const auto now = std::chrono::system_clock::now();
  EXPECT_GT(deadline, now + std::chrono::minutes(9));
  EXPECT_LT(deadline, now + std::chrono::minutes(11));
}

class GrpcWebTest : public ::testing::Test {
 protected:
  GatewayFixture fixture_{TestOptions()};
};

TEST_F(GrpcWebTest, UnaryAnswerIsOneMessageFrameAndTheTrailers) {
  const WebAnswer answer = CallGrpcWeb(fixture_.http_port(), Divide(17, 5));
  EXPECT_EQ(answer.http_status, 200);
  EXPECT_EQ(answer.headers.find("Content-Type")->second,
            "application/grpc-web+proto");
  ASSERT_EQ(answer.messages.size(), 1u);
  DivideResponse response;
  ASSERT_TRUE(response.ParseFromString(answer.messages[0]));
  EXPECT_EQ(response.quotient(), 3);
  EXPECT_EQ(response.remainder(), 2);
  EXPECT_FALSE(answer.trailers_only);
  EXPECT_EQ(answer.code(), 0);
  EXPECT_EQ(answer.framing_error, "");
}

TEST_F(GrpcWebTest, AnErrorStatusComesBackInTheTrailerFrame) {
  const WebAnswer answer = CallGrpcWeb(fixture_.http_port(), Divide(1, 0));
  EXPECT_EQ(answer.http_status, 200);
  EXPECT_TRUE(answer.messages.empty());
  EXPECT_EQ(answer.code(), static_cast<int>(grpc::INVALID_ARGUMENT));
  EXPECT_EQ(answer.message(), "division by zero: 100% undefined");
}

TEST_F(GrpcWebTest, ServerStreamIsOneFramePerMessage) {
  const WebAnswer answer = CallGrpcWeb(fixture_.http_port(), ListPrimes(10, 5));
  EXPECT_THAT(PrimeValues(answer), ElementsAre(11, 13, 17, 19, 23));
  EXPECT_EQ(answer.code(), 0);
}

TEST_F(GrpcWebTest, TextModeAnswersInBase64) {
  WebRequest request = ListPrimes(10, 3);
  request.encoding = Encoding::kText;
  const WebAnswer answer = CallGrpcWeb(fixture_.http_port(), request);
  EXPECT_EQ(answer.headers.find("Content-Type")->second,
            "application/grpc-web-text+proto");
  EXPECT_THAT(PrimeValues(answer), ElementsAre(11, 13, 17));
  EXPECT_EQ(answer.code(), 0);
  EXPECT_EQ(answer.body.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                "+/="),
            std::string::npos);
}

TEST_F(GrpcWebTest, MessagesArriveWhileTheStreamGoesOn) {
  // The server sends one prime and then waits: the browser must have it
  // before the server goes on, or the gateway would be buffering.
  WebRequest request = ListPrimes(2, -2);
  request.on_message = [this](const std::string&) {
    fixture_.service().Release();
    return true;
  };
  const WebAnswer answer = CallGrpcWeb(fixture_.http_port(), request);
  EXPECT_THAT(PrimeValues(answer), ElementsAre(2, -1));
  EXPECT_EQ(answer.code(), 0) << answer.message();
}

TEST_F(GrpcWebTest, ClosingTheConnectionCancelsAStream) {
  WebRequest request = ListPrimes(2, -1);
  request.on_message = [](const std::string&) { return false; };
  CallGrpcWeb(fixture_.http_port(), request);
  EXPECT_TRUE(fixture_.service().WaitForCancelled(1, kWait));
  EXPECT_TRUE(fixture_.gateway().WaitForCalls(0, kWait));
}

TEST_F(GrpcWebTest, ClosingTheConnectionCancelsACallBeforeItsFirstAnswer) {
  // Divide(-1, ...) answers nothing until cancelled; the client gives up.
  std::thread client([port = fixture_.http_port()] {
    httplib::Client http("127.0.0.1", port);
    http.set_read_timeout(std::chrono::milliseconds(300));
    const std::string body = grpc_web::EncodeFrame(0, Divide(-1, 1).message);
    http.Post(kDivide, body, "application/grpc-web+proto");
  });
  client.join();
  EXPECT_TRUE(fixture_.service().WaitForCancelled(1, kWait));
  EXPECT_TRUE(fixture_.gateway().WaitForCalls(0, kWait));
}

TEST_F(GrpcWebTest, TheBrowsersTimeoutBecomesTheCallsDeadline) {
  WebRequest request = Divide(1, 1);
  request.headers = {{"grpc-timeout", "3S"}};
  const auto before = std::chrono::system_clock::now();
  ASSERT_EQ(CallGrpcWeb(fixture_.http_port(), request).code(), 0);
  const auto deadline = fixture_.service().last_deadline();
  // gRPC rounds a timeout up on the wire, and the server counts from when
  // the call reached it.
  EXPECT_GT(deadline, before + std::chrono::milliseconds(2500));
  EXPECT_LT(deadline,
            std::chrono::system_clock::now() + std::chrono::seconds(4));
}

TEST_F(GrpcWebTest, DeadlinesAreCappedAndGivenWhenTheBrowserSendsNone) {
  WebRequest request = Divide(1, 1);
  for (const char* timeout : {"5H", "99999999H"}) {
    request.headers = {{"grpc-timeout", timeout}};
    ASSERT_EQ(CallGrpcWeb(fixture_.http_port(), request).code(), 0);
    ExpectAboutTenMinutes(fixture_.service().last_deadline());
  }
  ASSERT_EQ(CallGrpcWeb(fixture_.http_port(), Divide(1, 1)).code(), 0);
  ExpectAboutTenMinutes(fixture_.service().last_deadline());
}

TEST_F(GrpcWebTest, AnExpiredDeadlineIsDeadlineExceeded) {
  WebRequest request = Divide(-1, 1);  // holds the call
  request.headers = {{"grpc-timeout", "200m"}};
  const WebAnswer answer = CallGrpcWeb(fixture_.http_port(), request);
  EXPECT_EQ(answer.code(), static_cast<int>(grpc::DEADLINE_EXCEEDED));
}

TEST_F(GrpcWebTest, OnlyAllowedMetadataPassesEitherWay) {
  WebRequest request = Divide(4, 2);
  request.headers = {{"Authorization", "Bearer abc"},
                     {"Cookie", "session=secret"}};
  const WebAnswer answer = CallGrpcWeb(fixture_.http_port(), request);
  ASSERT_EQ(answer.code(), 0);
  EXPECT_EQ(answer.headers.find("x-echo-authorization")->second, "Bearer abc");
  EXPECT_EQ(answer.headers.find("x-echo-cookie")->second, "(none)");
  EXPECT_EQ(answer.trailers.at("x-trailer"), "from the server");
  EXPECT_EQ(answer.trailers.count("x-secret"), 0u);
}

TEST(GrpcWebLimits, CallsBeyondTheLimitAreResourceExhausted) {
  GrpcWebOptions options = TestOptions();
  options.max_calls = 1;
  GatewayFixture fixture(options);
  std::promise<void> streaming;
  WebAnswer held;
  std::thread holder([&] {
    WebRequest request = ListPrimes(2, -1);  // held until cancelled
    request.on_message = [&](const std::string&) {
      streaming.set_value();
      return true;
    };
    held = CallGrpcWeb(fixture.http_port(), request);
  });
  ASSERT_EQ(streaming.get_future().wait_for(kWait), std::future_status::ready);
  const WebAnswer refused = CallGrpcWeb(fixture.http_port(), Divide(1, 1));
  EXPECT_TRUE(refused.trailers_only);
  EXPECT_EQ(refused.code(), static_cast<int>(grpc::RESOURCE_EXHAUSTED));
  EXPECT_THAT(refused.message(), HasSubstr("at most 1"));

  // Shutdown() ends the held stream with UNAVAILABLE (a client may retry
  // elsewhere) and refuses new calls.
  fixture.gateway().Shutdown();
  holder.join();
  EXPECT_EQ(held.code(), static_cast<int>(grpc::UNAVAILABLE));
  EXPECT_EQ(held.message(), "the server is shutting down");
  EXPECT_TRUE(fixture.gateway().WaitForCalls(0, kWait));
  const WebAnswer after = CallGrpcWeb(fixture.http_port(), Divide(1, 1));
  EXPECT_EQ(after.code(), static_cast<int>(grpc::UNAVAILABLE));
}

TEST(GrpcWebBackend, AServerThatIsDownIsUnavailable) {
  GatewayFixture fixture(TestOptions());
  fixture.StopGrpcServer();
  WebRequest request = Divide(1, 1);
  request.headers = {{"grpc-timeout", "2S"}};
  const WebAnswer answer = CallGrpcWeb(fixture.http_port(), request);
  EXPECT_TRUE(answer.trailers_only);
  EXPECT_EQ(answer.code(), static_cast<int>(grpc::UNAVAILABLE));
  // Not gRPC's own message, which names the server's address.
  EXPECT_EQ(answer.message(),
            "the gRPC server is not reachable; please try again");
}

}  // namespace
}  // namespace common
