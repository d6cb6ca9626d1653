// ReportPrimes (prime_report.h) tested two ways. With gRPC's generated mock
// stub (calculator_mock.grpc.pb.h) and mock stream (grpcpp/test/
// mock_stream.h): each case scripts exactly what "the server" sends, even
// what a real server never would, and runs in microseconds. With a real
// calculator server in-process: the same code over real gRPC.
#include "examples/mocking/prime_report.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/test/mock_stream.h>
#include <gtest/gtest.h>

#include <limits>
#include <memory>

#include "examples/calculator/sync_service.h"
#include "protos/calculator/v1/calculator_mock.grpc.pb.h"

namespace mocking {
namespace {

using calculator::v1::ListPrimesRequest;
using calculator::v1::MockCalculatorStub;
using calculator::v1::Prime;
using ::testing::_;
using ::testing::DoAll;
using ::testing::InSequence;
using ::testing::Property;
using ::testing::Return;
using ::testing::SaveArg;
using ::testing::SetArgPointee;

Prime PrimeOf(int64_t value) {
  Prime prime;
  prime.set_value(value);
  return prime;
}

// [START mock_stream]
// A reader that yields `values`, then ends the stream with `status`.
grpc::testing::MockClientReader<Prime>* Stream(
    const std::vector<int64_t>& values, grpc::Status status) {
  auto* reader = new grpc::testing::MockClientReader<Prime>();
  InSequence in_order;
  for (int64_t value : values) {
    EXPECT_CALL(*reader, Read(_))
        .WillOnce(DoAll(SetArgPointee<0>(PrimeOf(value)), Return(true)));
  }
  EXPECT_CALL(*reader, Read(_)).WillOnce(Return(false));
  EXPECT_CALL(*reader, Finish()).WillOnce(Return(status));
  return reader;  // ReportPrimes owns it (ListPrimes returns a unique_ptr)
}
// [END mock_stream]

// [START mock_test]
TEST(PrimeReportTest, SumsWhatTheServerSends) {
  MockCalculatorStub stub;
  EXPECT_CALL(stub,
              ListPrimesRaw(_, AllOf(Property(&ListPrimesRequest::start, 100),
                                     Property(&ListPrimesRequest::count, 3))))
      .WillOnce(Return(Stream({101, 103, 107}, grpc::Status::OK)));
  PrimeReport report;
  ASSERT_TRUE(ReportPrimes(stub, 100, 3, ReportOptions(), &report).ok());
  EXPECT_EQ(Describe(report), "3 primes from 101 to 107, sum 311");
}
// [END mock_test]

TEST(PrimeReportTest, PassesAnErrorInTheMiddleOfTheStreamOn) {
  MockCalculatorStub stub;
  EXPECT_CALL(stub, ListPrimesRaw(_, _))
      .WillOnce(Return(Stream({2}, grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                                "connection reset"))));
  PrimeReport report;
  EXPECT_EQ(ReportPrimes(stub, 0, 5, ReportOptions(), &report).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

// [START mock_misbehaving_server]
TEST(PrimeReportTest, RefusesPrimesOutOfOrder) {
  // No real calculator does this; a buggy or hostile server might.
  MockCalculatorStub stub;
  auto* reader = new grpc::testing::MockClientReader<Prime>();
  EXPECT_CALL(*reader, Read(_))
      .WillOnce(DoAll(SetArgPointee<0>(PrimeOf(11)), Return(true)))
      .WillOnce(DoAll(SetArgPointee<0>(PrimeOf(7)), Return(true)));
  EXPECT_CALL(*reader, Finish())
      .WillOnce(Return(grpc::Status(grpc::StatusCode::CANCELLED, "")));
  EXPECT_CALL(stub, ListPrimesRaw(_, _)).WillOnce(Return(reader));
  PrimeReport report;
  const grpc::Status status =
      ReportPrimes(stub, 0, 5, ReportOptions(), &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS);
  EXPECT_EQ(status.error_message(), "the server sent 7 after 11");
}
// [END mock_misbehaving_server]

TEST(PrimeReportTest, ASumPastInt64IsOutOfRangeNotAnOverflow) {
  MockCalculatorStub stub;
  auto* reader = new grpc::testing::MockClientReader<Prime>();
  const int64_t big = std::numeric_limits<int64_t>::max() - 10;
  EXPECT_CALL(*reader, Read(_))
      .WillOnce(DoAll(SetArgPointee<0>(PrimeOf(big)), Return(true)))
      .WillOnce(DoAll(SetArgPointee<0>(PrimeOf(big + 6)), Return(true)));
  EXPECT_CALL(*reader, Finish())
      .WillOnce(Return(grpc::Status(grpc::StatusCode::CANCELLED, "")));
  EXPECT_CALL(stub, ListPrimesRaw(_, _)).WillOnce(Return(reader));
  PrimeReport report;
  EXPECT_EQ(ReportPrimes(stub, big, 2, ReportOptions(), &report).error_code(),
            grpc::StatusCode::OUT_OF_RANGE);
}

TEST(PrimeReportTest, ALimitBelowOneIsRefusedBeforeAnyCall) {
  MockCalculatorStub stub;
  EXPECT_CALL(stub, ListPrimesRaw(_, _)).Times(0);
  ReportOptions options;
  options.limit = 0;
  PrimeReport report;
  EXPECT_EQ(ReportPrimes(stub, 0, 5, options, &report).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST(PrimeReportTest, StopsReadingAtTheLimit) {
  MockCalculatorStub stub;
  auto* reader = new grpc::testing::MockClientReader<Prime>();
  // Exactly two reads: the third prime is never asked for.
  EXPECT_CALL(*reader, Read(_))
      .Times(2)
      .WillOnce(DoAll(SetArgPointee<0>(PrimeOf(2)), Return(true)))
      .WillOnce(DoAll(SetArgPointee<0>(PrimeOf(3)), Return(true)));
  // After TryCancel() a real stream ends with CANCELLED.
  EXPECT_CALL(*reader, Finish())
      .WillOnce(Return(grpc::Status(grpc::StatusCode::CANCELLED, "")));
  EXPECT_CALL(stub, ListPrimesRaw(_, _)).WillOnce(Return(reader));
  ReportOptions options;
  options.limit = 2;
  PrimeReport report;
  ASSERT_TRUE(ReportPrimes(stub, 0, 100, options, &report).ok());
  EXPECT_EQ(Describe(report),
            "2 primes from 2 to 3, sum 5 (stopped at the limit)");
}

TEST(PrimeReportTest, EveryCallHasADeadline) {
  MockCalculatorStub stub;
  grpc::ClientContext* context = nullptr;
  std::chrono::system_clock::time_point deadline;
  EXPECT_CALL(stub, ListPrimesRaw(_, _))
      .WillOnce(DoAll(
          SaveArg<0>(&context),
          [&](grpc::ClientContext* c, const ListPrimesRequest&) {
            deadline = c->deadline();
          },
          Return(Stream({}, grpc::Status::OK))));
  ReportOptions options;
  options.timeout = std::chrono::seconds(3);
  const auto before = std::chrono::system_clock::now();
  PrimeReport report;
  ASSERT_TRUE(ReportPrimes(stub, 0, 0, options, &report).ok());
  EXPECT_NE(context, nullptr);
  EXPECT_GT(deadline, before);
  EXPECT_LE(deadline, std::chrono::system_clock::now() + options.timeout);
}

// [START real_server_test]
// The same code over real gRPC, with a real calculator in-process: slower
// to set up, but it tests what the mocks take on trust (that the server
// sends what this code expects, that TryCancel ends the stream, that the
// channel and stub work together).
class PrimeReportServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    stub_ = calculator::v1::Calculator::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_->Shutdown(); }

  calculator::SyncCalculatorService service_{
      [](const calculator::CallOutcome&) {}};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<calculator::v1::Calculator::Stub> stub_;
};

TEST_F(PrimeReportServerTest, ReportsTheRealPrimesAndStopsTheRealStream) {
  PrimeReport report;
  ASSERT_TRUE(ReportPrimes(*stub_, 100, 3, ReportOptions(), &report).ok());
  EXPECT_EQ(Describe(report), "3 primes from 101 to 107, sum 311");
  ReportOptions options;
  options.limit = 2;
  ASSERT_TRUE(ReportPrimes(*stub_, 0, 1000000, options, &report).ok());
  EXPECT_EQ(Describe(report),
            "2 primes from 2 to 3, sum 5 (stopped at the limit)");
}
// [END real_server_test]

}  // namespace
}  // namespace mocking
