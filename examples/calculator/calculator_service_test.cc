// The Calculator service end to end over loopback: a real gRPC server in this
// process, real stubs, and every test run against both server styles (sync
// and callback), which must behave the same.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "examples/calculator/calculator_logic.h"
#include "examples/calculator/callback_service.h"
#include "examples/calculator/sync_service.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace calculator {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::HasSubstr;

enum class ServerStyle { kSync, kCallback };

// Collects the servers' CallOutcomes so a test can wait for the server's view
// of a call, which may arrive after the client has seen the call end.
class OutcomeRecorder {
 public:
  CallObserver Observer() {
    return [this](const CallOutcome& outcome) {
      std::lock_guard<std::mutex> lock(mu_);
      outcomes_.push_back(outcome);
      cv_.notify_all();
    };
  }

  // The first outcome reported for `method`; fails the test after 10 s.
  CallOutcome WaitFor(const std::string& method) {
    std::unique_lock<std::mutex> lock(mu_);
    const CallOutcome* found = nullptr;
    bool reported = cv_.wait_for(lock, seconds(10), [&] {
      for (const CallOutcome& outcome : outcomes_) {
        if (outcome.method == method) {
          found = &outcome;
          break;
        }
      }
      return found != nullptr;
    });
    EXPECT_TRUE(reported) << "the server never reported a " << method
                          << " call";
    return reported ? *found : CallOutcome{};
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<CallOutcome> outcomes_;
};

class CalculatorServiceTest : public ::testing::TestWithParam<ServerStyle> {
 protected:
  void SetUp() override {
    if (GetParam() == ServerStyle::kSync) {
      service_ = std::make_unique<SyncCalculatorService>(recorder_.Observer());
    } else {
      service_ =
          std::make_unique<CallbackCalculatorService>(recorder_.Observer());
    }
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_NE(port, 0);
    stub_ = v1::Calculator::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::system_clock::now());
  }

  // Every call in these tests has a deadline, as in the real clients.
  static void SetDeadline(grpc::ClientContext* context,
                          milliseconds timeout = milliseconds(10'000)) {
    context->set_deadline(std::chrono::system_clock::now() + timeout);
  }

  grpc::Status CallDivide(int64_t dividend, int64_t divisor,
                          v1::DivideResponse* response) {
    grpc::ClientContext context;
    SetDeadline(&context);
    v1::DivideRequest request;
    request.set_dividend(dividend);
    request.set_divisor(divisor);
    return stub_->Divide(&context, request, response);
  }

  static v1::Number Num(int64_t value) {
    v1::Number number;
    number.set_value(value);
    return number;
  }

  // Sends `values` to Summarize and half-closes.
  grpc::Status CallSummarize(const std::vector<int64_t>& values,
                             v1::Summary* summary) {
    grpc::ClientContext context;
    SetDeadline(&context);
    auto writer = stub_->Summarize(&context, summary);
    for (int64_t value : values) {
      if (!writer->Write(Num(value))) break;
    }
    writer->WritesDone();
    return writer->Finish();
  }

  OutcomeRecorder recorder_;
  std::unique_ptr<grpc::Service> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::Calculator::Stub> stub_;
};

// ---- Unary ----

TEST_P(CalculatorServiceTest, DivideReturnsQuotientAndRemainder) {
  v1::DivideResponse response;
  ASSERT_TRUE(CallDivide(17, 5, &response).ok());
  EXPECT_EQ(response.quotient(), 3);
  EXPECT_EQ(response.remainder(), 2);
}

TEST_P(CalculatorServiceTest, DivideErrorReachesTheClientIntact) {
  v1::DivideResponse response;
  grpc::Status status = CallDivide(1, 0, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "divisor must not be zero");

  status = CallDivide(std::numeric_limits<int64_t>::min(), -1, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_EQ(status.error_message(),
            "the quotient of INT64_MIN / -1 does not fit in int64");
  EXPECT_EQ(recorder_.WaitFor("Divide").code,
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_P(CalculatorServiceTest, DivideWithAnExpiredDeadlineFails) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() - milliseconds(1));
  v1::DivideRequest request;
  request.set_dividend(1);
  request.set_divisor(1);
  v1::DivideResponse response;
  EXPECT_EQ(stub_->Divide(&context, request, &response).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
}

// ---- Server streaming ----

// Reads ListPrimes to the end; returns the status and fills `primes`.
grpc::Status ReadAllPrimes(grpc::ClientReader<v1::Prime>* reader,
                           std::vector<v1::Prime>* primes) {
  v1::Prime prime;
  while (reader->Read(&prime)) primes->push_back(prime);
  return reader->Finish();
}

TEST_P(CalculatorServiceTest, ListPrimesStreamsInOrder) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::ListPrimesRequest request;
  request.set_start(0);
  request.set_count(10);
  std::vector<v1::Prime> primes;
  ASSERT_TRUE(
      ReadAllPrimes(stub_->ListPrimes(&context, request).get(), &primes).ok());
  const std::vector<int64_t> expected = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29};
  ASSERT_EQ(primes.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(primes[i].index(), static_cast<int32_t>(i));
    EXPECT_EQ(primes[i].value(), expected[i]);
  }
}

TEST_P(CalculatorServiceTest, ListPrimesWithCountZeroIsAnEmptyStream) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::ListPrimesRequest request;
  request.set_start(100);
  std::vector<v1::Prime> primes;
  EXPECT_TRUE(
      ReadAllPrimes(stub_->ListPrimes(&context, request).get(), &primes).ok());
  EXPECT_TRUE(primes.empty());
  EXPECT_EQ(recorder_.WaitFor("ListPrimes").messages_sent, 0);
}

TEST_P(CalculatorServiceTest, ListPrimesStreamsTenThousandMessages) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::ListPrimesRequest request;
  request.set_count(10'000);
  std::vector<v1::Prime> primes;
  ASSERT_TRUE(
      ReadAllPrimes(stub_->ListPrimes(&context, request).get(), &primes).ok());
  ASSERT_EQ(primes.size(), 10'000u);
  for (size_t i = 0; i < primes.size(); ++i) {
    ASSERT_EQ(primes[i].index(), static_cast<int32_t>(i));
    if (i > 0) {
      ASSERT_GT(primes[i].value(), primes[i - 1].value());
    }
  }
  EXPECT_EQ(primes.back().value(), 104'729);  // the 10,000th prime
}

TEST_P(CalculatorServiceTest, ListPrimesRejectsANegativeCount) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::ListPrimesRequest request;
  request.set_count(-1);
  std::vector<v1::Prime> primes;
  grpc::Status status =
      ReadAllPrimes(stub_->ListPrimes(&context, request).get(), &primes);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("count must be between 0 and"));
  EXPECT_TRUE(primes.empty());
}

TEST_P(CalculatorServiceTest, ClientCancellingMidStreamStopsTheServer) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::ListPrimesRequest request;
  request.set_count(kMaxPrimeCount);
  auto reader = stub_->ListPrimes(&context, request);
  v1::Prime prime;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(reader->Read(&prime));
  context.TryCancel();
  while (reader->Read(&prime)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);

  CallOutcome outcome = recorder_.WaitFor("ListPrimes");
  EXPECT_TRUE(outcome.cancelled);
  EXPECT_GE(outcome.messages_sent, 5);
  EXPECT_LT(outcome.messages_sent, kMaxPrimeCount);
}

TEST_P(CalculatorServiceTest, DeadlineExpiringMidStreamStopsBothSides) {
  grpc::ClientContext context;
  // Ten million primes take far longer than this.
  SetDeadline(&context, milliseconds(300));
  v1::ListPrimesRequest request;
  request.set_count(kMaxPrimeCount);
  std::vector<v1::Prime> primes;
  grpc::Status status =
      ReadAllPrimes(stub_->ListPrimes(&context, request).get(), &primes);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_LT(primes.size(), static_cast<size_t>(kMaxPrimeCount));

  CallOutcome outcome = recorder_.WaitFor("ListPrimes");
  EXPECT_TRUE(outcome.cancelled);
  EXPECT_LT(outcome.messages_sent, kMaxPrimeCount);
}

// ---- Client streaming ----

TEST_P(CalculatorServiceTest, SummarizeAnswersOnceAfterTheClientHalfCloses) {
  v1::Summary summary;
  ASSERT_TRUE(CallSummarize({3, 1, 4, 1, 5}, &summary).ok());
  EXPECT_EQ(summary.count(), 5);
  EXPECT_EQ(summary.sum(), 14);
  EXPECT_EQ(summary.min(), 1);
  EXPECT_EQ(summary.max(), 5);
  EXPECT_DOUBLE_EQ(summary.mean(), 2.8);
  CallOutcome outcome = recorder_.WaitFor("Summarize");
  EXPECT_EQ(outcome.messages_received, 5);
  EXPECT_EQ(outcome.messages_sent, 1);
}

TEST_P(CalculatorServiceTest, SummarizeOfAnEmptyStream) {
  v1::Summary summary;
  ASSERT_TRUE(CallSummarize({}, &summary).ok());
  EXPECT_EQ(summary.count(), 0);
  EXPECT_FALSE(summary.has_min());
  EXPECT_FALSE(summary.has_mean());
}

TEST_P(CalculatorServiceTest, SummarizeOfTenThousandMessages) {
  std::vector<int64_t> values;
  for (int64_t i = 1; i <= 10'000; ++i) values.push_back(i);
  v1::Summary summary;
  ASSERT_TRUE(CallSummarize(values, &summary).ok());
  EXPECT_EQ(summary.count(), 10'000);
  EXPECT_EQ(summary.sum(), 50'005'000);
  EXPECT_EQ(summary.max(), 10'000);
}

TEST_P(CalculatorServiceTest, SummarizeOverflowIsOutOfRange) {
  v1::Summary summary;
  grpc::Status status =
      CallSummarize({std::numeric_limits<int64_t>::max(), 1, 2}, &summary);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_EQ(status.error_message(), "the sum overflows int64 at value #2 (1)");
}

TEST_P(CalculatorServiceTest, SummarizeCancelledByTheClientIsSeenByTheServer) {
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::Summary summary;
  auto writer = stub_->Summarize(&context, &summary);
  ASSERT_TRUE(writer->Write(Num(1)));
  context.TryCancel();
  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(recorder_.WaitFor("Summarize").cancelled);
}

// ---- Bidirectional streaming ----

TEST_P(CalculatorServiceTest, RunningSumAnswersBeforeTheClientFinishesWriting) {
  grpc::ClientContext context;
  SetDeadline(&context);
  auto stream = stub_->RunningSum(&context);
  int64_t expected_sum = 0;
  // Lockstep: each answer is read while the client's side is still open, so
  // the server must have replied before seeing the end of the stream.
  for (int64_t value : {10, -4, 7}) {
    ASSERT_TRUE(stream->Write(Num(value)));
    v1::RunningTotal total;
    ASSERT_TRUE(stream->Read(&total));
    expected_sum += value;
    EXPECT_EQ(total.sum(), expected_sum);
  }
  ASSERT_TRUE(stream->WritesDone());
  v1::RunningTotal extra;
  EXPECT_FALSE(stream->Read(&extra));
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_P(CalculatorServiceTest, RunningSumOfAnEmptyStream) {
  grpc::ClientContext context;
  SetDeadline(&context);
  auto stream = stub_->RunningSum(&context);
  ASSERT_TRUE(stream->WritesDone());
  v1::RunningTotal total;
  EXPECT_FALSE(stream->Read(&total));
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(recorder_.WaitFor("RunningSum").messages_sent, 0);
}

TEST_P(CalculatorServiceTest, RunningSumFullDuplexTenThousandMessages) {
  grpc::ClientContext context;
  SetDeadline(&context);
  auto stream = stub_->RunningSum(&context);
  // One thread writes everything while this one reads: both directions
  // stream at the same time.
  std::thread writer([&stream] {
    for (int64_t i = 1; i <= 10'000; ++i) {
      if (!stream->Write(Num(i))) return;
    }
    stream->WritesDone();
  });
  v1::RunningTotal total;
  int64_t received = 0;
  int64_t expected_sum = 0;
  while (stream->Read(&total)) {
    ++received;
    expected_sum += received;
    ASSERT_EQ(total.count(), received);
    ASSERT_EQ(total.sum(), expected_sum);
  }
  writer.join();
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(received, 10'000);
}

TEST_P(CalculatorServiceTest, RunningSumCancelledByTheClientIsSeenByTheServer) {
  grpc::ClientContext context;
  SetDeadline(&context);
  auto stream = stub_->RunningSum(&context);
  ASSERT_TRUE(stream->Write(Num(1)));
  v1::RunningTotal total;
  ASSERT_TRUE(stream->Read(&total));
  context.TryCancel();
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
  CallOutcome outcome = recorder_.WaitFor("RunningSum");
  EXPECT_TRUE(outcome.cancelled);
  EXPECT_EQ(outcome.messages_received, 1);
}

TEST_P(CalculatorServiceTest, RunningSumOverflowEndsTheStreamWithOutOfRange) {
  grpc::ClientContext context;
  SetDeadline(&context);
  auto stream = stub_->RunningSum(&context);
  ASSERT_TRUE(stream->Write(Num(std::numeric_limits<int64_t>::max())));
  v1::RunningTotal total;
  ASSERT_TRUE(stream->Read(&total));
  stream->Write(Num(1));  // May fail: the server ends the call on this value.
  EXPECT_FALSE(stream->Read(&total));
  grpc::Status status = stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_EQ(status.error_message(), "the sum overflows int64 at value #2 (1)");
}

INSTANTIATE_TEST_SUITE_P(BothServerStyles, CalculatorServiceTest,
                         ::testing::Values(ServerStyle::kSync,
                                           ServerStyle::kCallback),
                         [](const ::testing::TestParamInfo<ServerStyle>& info) {
                           return info.param == ServerStyle::kSync ? "Sync"
                                                                   : "Callback";
                         });

}  // namespace
}  // namespace calculator
