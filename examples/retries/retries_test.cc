// Client retries on loopback, counted on the server: a retry policy turns
// failed attempts into one successful call; only the listed codes are
// retried; the deadline bounds all attempts together; maxAttempts is capped
// at 5; retry throttling stops retries while a server keeps failing; and
// gRPC 1.51 accepts a hedging policy but sends a single attempt.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/validate_service_config.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/grpc/metadata_rules.h"
#include "examples/retries/flaky_service.h"
#include "examples/retries/retry_policy.h"

namespace retries {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

// A service config with one method config for Divide; `policy` is the JSON
// of its retryPolicy or hedgingPolicy member, `extra` more top-level members.
std::string DivideConfig(const std::string& policy,
                         const std::string& extra = "") {
  return R"({"methodConfig": [{"name": [{"service": )"
         R"("calculator.v1.Calculator", "method": "Divide"}], )" +
         policy + "}]" + extra + "}";
}

// Retries with short pauses, so that a test with many attempts stays quick.
std::string FastRetries(int max_attempts,
                        const std::string& codes = R"("UNAVAILABLE")") {
  return R"("retryPolicy": {"maxAttempts": )" + std::to_string(max_attempts) +
         R"(, "initialBackoff": "0.01s", "maxBackoff": "0.01s", )"
         R"("backoffMultiplier": 1, "retryableStatusCodes": [)" +
         codes + "]}";
}

FlakyOptions Flaky(int fail_first, std::chrono::milliseconds delay = {}) {
  FlakyOptions options;
  options.fail_first = fail_first;
  options.delay = delay;
  return options;
}

struct Result {
  grpc::Status status;
  int64_t quotient = 0;
  std::string attempt;  // the x-attempt trailer of the attempt that answered
  Clock::duration elapsed{};
};

class RetriesTest : public ::testing::Test {
 protected:
  void StartServer(FlakyOptions options) {
    service_ = std::make_unique<FlakyCalculatorService>(options);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_GT(port_, 0);
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  std::unique_ptr<calculator::v1::Calculator::Stub> Stub(
      const std::string& service_config, bool retries_enabled = true) {
    EXPECT_EQ(grpc::experimental::ValidateServiceConfigJSON(service_config),
              "");
    grpc::ChannelArguments arguments;
    arguments.SetServiceConfigJSON(service_config);
    if (!retries_enabled) arguments.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
    return calculator::v1::Calculator::NewStub(grpc::CreateCustomChannel(
        "127.0.0.1:" + std::to_string(port_),
        grpc::InsecureChannelCredentials(), arguments));
  }

  static Result Divide(
      calculator::v1::Calculator::Stub& stub, int64_t divisor,
      const std::string& call_id = "",
      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + timeout);
    if (!call_id.empty()) context.AddMetadata(kCallIdKey, call_id);
    calculator::v1::DivideRequest request;
    request.set_dividend(17);
    request.set_divisor(divisor);
    calculator::v1::DivideResponse response;
    const Clock::time_point start = Clock::now();
    Result result;
    result.status = stub.Divide(&context, request, &response);
    result.elapsed = Clock::now() - start;
    result.quotient = response.quotient();
    result.attempt =
        common::FindMetadata(context.GetServerTrailingMetadata(), kAttemptKey)
            .value_or("");
    return result;
  }

  std::vector<int> AttemptNumbers() const {
    std::vector<int> numbers;
    for (const Attempt& attempt : service_->attempts()) {
      numbers.push_back(attempt.number);
    }
    return numbers;
  }

  int port_ = 0;
  std::unique_ptr<FlakyCalculatorService> service_;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(RetriesTest, TheExamplePolicyTurnsTwoFailuresIntoOneAnswer) {
  StartServer(Flaky(2));
  auto stub = Stub(kRetryServiceConfig);
  const Result result = Divide(*stub, 5);
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.quotient, 3);
  EXPECT_EQ(result.attempt,
            "3");  // the client sees the last attempt's trailers
  EXPECT_THAT(AttemptNumbers(), ElementsAre(1, 2, 3));
}

TEST_F(RetriesTest, WithoutRetriesTheFirstFailureIsTheAnswer) {
  StartServer(Flaky(2));
  auto stub = Stub(kRetryServiceConfig, /*retries_enabled=*/false);
  const Result result = Divide(*stub, 5);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(result.status.error_message(), HasSubstr("attempt 1 failed"));
  EXPECT_THAT(AttemptNumbers(), ElementsAre(1));
}

TEST_F(RetriesTest, WithoutAPolicyNothingIsRetried) {
  StartServer(Flaky(2));
  auto stub = Stub("{}");
  EXPECT_EQ(Divide(*stub, 5).status.error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(AttemptNumbers(), ElementsAre(1));
}

TEST_F(RetriesTest, AfterMaxAttemptsTheLastFailureIsTheAnswer) {
  StartServer(Flaky(100));
  auto stub = Stub(DivideConfig(FastRetries(4)));
  const Result result = Divide(*stub, 5);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(result.status.error_message(), HasSubstr("attempt 4 failed"));
  EXPECT_THAT(AttemptNumbers(), ElementsAre(1, 2, 3, 4));
}

TEST_F(RetriesTest, MaxAttemptsAboveFiveCountsAsFive) {
  StartServer(Flaky(100));
  auto stub = Stub(DivideConfig(FastRetries(10)));
  EXPECT_EQ(Divide(*stub, 5).status.error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(AttemptNumbers(), ElementsAre(1, 2, 3, 4, 5));
}

// [START not_retried]
TEST_F(RetriesTest, ACodeNotListedIsNeverRetried) {
  StartServer(Flaky(0));
  auto stub = Stub(DivideConfig(FastRetries(4)));
  // Division by zero: INVALID_ARGUMENT, the same on every attempt.
  EXPECT_EQ(Divide(*stub, 0).status.error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(AttemptNumbers(), ElementsAre(1));
}
// [END not_retried]

TEST_F(RetriesTest, RetriesStopAtTheFirstCodeNotListed) {
  StartServer(Flaky(1));
  auto stub = Stub(DivideConfig(FastRetries(4)));
  const Result result = Divide(*stub, 0);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(result.attempt, "2");
  EXPECT_THAT(AttemptNumbers(), ElementsAre(1, 2));
}

TEST_F(RetriesTest, TheDeadlineBoundsAllAttemptsTogether) {
  // Each attempt takes 200 ms and fails; five would take a second.
  StartServer(Flaky(100, std::chrono::milliseconds(200)));
  auto stub = Stub(DivideConfig(FastRetries(5)));
  const Result result = Divide(*stub, 5, "", std::chrono::milliseconds(500));
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // The deadline is the call's, not each attempt's: the third attempt is cut
  // short and no fourth one starts.
  EXPECT_LT(result.elapsed, std::chrono::milliseconds(500 + 400));
  server_->Shutdown();  // waits for the cut attempt to end on the server
  // Retried (at least a second attempt), but not past the deadline.
  EXPECT_GE(service_->attempts().size(), 2u);
  EXPECT_LE(service_->attempts().size(), 3u);
}

TEST_F(RetriesTest, ThrottlingStopsRetriesWhileTheServerKeepsFailing) {
  StartServer(Flaky(100));
  // [START retry_throttling]
  // Ten tokens; a failed attempt costs one, a success gives 0.1 back; below
  // half (5 or fewer) the channel sends no retries, only first attempts.
  auto stub = Stub(DivideConfig(
      FastRetries(3),
      R"(, "retryThrottling": {"maxTokens": 10, "tokenRatio": 0.1})"));
  // [END retry_throttling]
  std::vector<int> attempts_per_call;
  for (int call = 0; call < 6; ++call) {
    const std::string id = "call-" + std::to_string(call);
    EXPECT_EQ(Divide(*stub, 5, id).status.error_code(),
              grpc::StatusCode::UNAVAILABLE);
    attempts_per_call.push_back(service_->AttemptsOf(id));
  }
  // 10 -> 7 tokens after the first call's three attempts; the second call's
  // first failure leaves 6 (a retry), its second 5 (no more); then first
  // attempts only.
  EXPECT_THAT(attempts_per_call, ElementsAre(3, 2, 1, 1, 1, 1));
}

TEST_F(RetriesTest, WithoutThrottlingEveryCallGetsAllItsAttempts) {
  StartServer(Flaky(100));
  auto stub = Stub(DivideConfig(FastRetries(3)));
  std::vector<int> attempts_per_call;
  for (int call = 0; call < 6; ++call) {
    const std::string id = "call-" + std::to_string(call);
    Divide(*stub, 5, id);
    attempts_per_call.push_back(service_->AttemptsOf(id));
  }
  EXPECT_THAT(attempts_per_call, ElementsAre(3, 3, 3, 3, 3, 3));
}

// The evidence that gRPC C++ 1.51 does not hedge: a hedging policy passes
// validation, yet a slow first attempt gets no second one beside it.
TEST_F(RetriesTest, AHedgingPolicyIsAcceptedButSendsOneAttempt) {
  StartServer(Flaky(0, std::chrono::milliseconds(300)));
  auto stub = Stub(DivideConfig(
      R"("hedgingPolicy": {"maxAttempts": 3, "hedgingDelay": "0.05s"})"));
  const Result result = Divide(*stub, 5);
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_THAT(AttemptNumbers(), ElementsAre(1));
}

// Why the client validates its config first: with an invalid one gRPC
// makes a channel that fails every call, the reason only in its log.
TEST_F(RetriesTest, AnInvalidConfigMakesAChannelThatFailsEveryCall) {
  StartServer(Flaky(0));
  grpc::ChannelArguments arguments;
  arguments.SetServiceConfigJSON(DivideConfig(FastRetries(1)));
  auto stub = calculator::v1::Calculator::NewStub(
      grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(port_),
                                grpc::InsecureChannelCredentials(), arguments));
  const Result result = Divide(*stub, 5);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(result.status.error_message(),
            "Failed to create secure client channel");
  EXPECT_TRUE(service_->attempts().empty());
}

TEST(ServiceConfigTest, AnInvalidConfigIsRefusedWithTheReason) {
  EXPECT_EQ(grpc::experimental::ValidateServiceConfigJSON(kRetryServiceConfig),
            "");
  EXPECT_THAT(grpc::experimental::ValidateServiceConfigJSON(
                  DivideConfig(FastRetries(1))),
              HasSubstr("maxAttempts"));
  EXPECT_THAT(grpc::experimental::ValidateServiceConfigJSON("{"),
              HasSubstr("JSON"));
}

}  // namespace
}  // namespace retries
