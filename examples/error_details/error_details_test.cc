// Rich errors on loopback: the details the server packs come out of the
// client's status as they went in; a client that ignores them still has a
// plain error; the quota's RetryInfo counts down; details a client cannot
// trust are refused; and details travel in the trailers, so their size is
// limited like all metadata.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "examples/error_details/error_details_service.h"
#include "examples/error_details/rich_status.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace error_details {
namespace {

using calculator::v1::Calculator;
using ::testing::ElementsAre;

class ErrorDetailsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_GT(port, 0);
    stub_ = Calculator::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
  }

  void TearDown() override { server_->Shutdown(); }

  grpc::Status Divide(int64_t dividend, int64_t divisor) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    calculator::v1::DivideRequest request;
    request.set_dividend(dividend);
    request.set_divisor(divisor);
    calculator::v1::DivideResponse response;
    return stub_->Divide(&context, request, &response);
  }

  grpc::Status ListPrimes(int64_t start, int32_t count) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    calculator::v1::ListPrimesRequest request;
    request.set_start(start);
    request.set_count(count);
    auto reader = stub_->ListPrimes(&context, request);
    calculator::v1::Prime prime;
    while (reader->Read(&prime)) {
    }
    return reader->Finish();
  }

  // A clock the test moves: the quota's windows without waiting.
  std::atomic<int64_t> now_ms_{0};
  CallQuota quota_{3, std::chrono::seconds(60), [this] {
                     return CallQuota::Clock::time_point(
                         std::chrono::milliseconds(now_ms_.load()));
                   }};
  ErrorDetailsCalculatorService service_{&quota_};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<Calculator::Stub> stub_;
};

TEST_F(ErrorDetailsTest, ABadRequestNamesTheField) {
  const grpc::Status status = Divide(1, 0);
  // What every client sees, rich details or not.
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "divisor must not be zero");

  google::rpc::Status rich;
  ASSERT_TRUE(ExtractRichStatus(status, &rich));
  EXPECT_EQ(rich.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(rich.message(), "divisor must not be zero");
  ASSERT_EQ(rich.details_size(), 1);
  EXPECT_EQ(rich.details(0).type_url(),
            "type.googleapis.com/google.rpc.BadRequest");
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(rich.details(0).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "divisor");
  EXPECT_EQ(bad_request.field_violations(0).description(), "must not be zero");
}

TEST_F(ErrorDetailsTest, EveryBadFieldIsNamedAtOnce) {
  const grpc::Status status = ListPrimes(-1, -1);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status rich;
  ASSERT_TRUE(ExtractRichStatus(status, &rich));
  EXPECT_THAT(DescribeDetails(rich),
              ElementsAre("start: must be between 0 and "
                          "1000000000000000000",
                          "count: must be between 0 and 10000000"));
}

TEST_F(ErrorDetailsTest, AnErrorWithoutDetailsHasNone) {
  const grpc::Status status = Divide(std::numeric_limits<int64_t>::min(), -1);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  google::rpc::Status rich;
  EXPECT_FALSE(ExtractRichStatus(status, &rich));
}

TEST_F(ErrorDetailsTest, PastTheQuotaComeQuotaFailureAndRetryInfo) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Divide(4, 2).ok()) << i;
  now_ms_ = 45'000;  // 15 s left in the window
  const grpc::Status status = Divide(4, 2);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  google::rpc::Status rich;
  ASSERT_TRUE(ExtractRichStatus(status, &rich));
  EXPECT_THAT(DescribeDetails(rich),
              ElementsAre("quota of ipv4:127.0.0.1: at most 3 calls per "
                          "60000 ms",
                          "retry after 15.0 s"));
  // A client that waits as told gets through.
  now_ms_ = 60'000;
  EXPECT_TRUE(Divide(4, 2).ok());
}

TEST(RichStatusTest, DetailsThatDoNotParseOrDoNotMatchAreRefused) {
  google::rpc::Status rich;
  EXPECT_FALSE(ExtractRichStatus(
      grpc::Status(grpc::StatusCode::INTERNAL, "x", "\xff\xff not a proto"),
      &rich));
  // A google.rpc.Status whose code is not the call's.
  google::rpc::Status other;
  other.set_code(grpc::StatusCode::NOT_FOUND);
  EXPECT_FALSE(ExtractRichStatus(
      grpc::Status(grpc::StatusCode::INTERNAL, "x", other.SerializeAsString()),
      &rich));
}

TEST(RichStatusTest, ADetailOfAnUnknownTypeIsNamedNotDropped) {
  google::rpc::Status rich;
  google::rpc::DebugInfo debug;
  debug.set_detail("stack");
  rich.add_details()->PackFrom(debug);
  EXPECT_THAT(DescribeDetails(rich),
              ElementsAre("(a detail of type "
                          "type.googleapis.com/google.rpc.DebugInfo)"));
}

// A service whose errors carry `bytes` of details.
class HugeDetailsService final : public Calculator::Service {
 public:
  explicit HugeDetailsService(size_t bytes) : bytes_(bytes) {}
  grpc::Status Divide(grpc::ServerContext*,
                      const calculator::v1::DivideRequest*,
                      calculator::v1::DivideResponse*) override {
    return BadRequest("too big", {{"divisor", std::string(bytes_, 'x')}});
  }
  size_t bytes_;
};

grpc::StatusCode CodeOfDetailsOfSize(size_t bytes) {
  HugeDetailsService service(bytes);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&service);
  auto server = builder.BuildAndStart();
  auto stub = Calculator::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  calculator::v1::DivideResponse response;
  const grpc::StatusCode code =
      stub->Divide(&context, calculator::v1::DivideRequest(), &response)
          .error_code();
  server->Shutdown();
  return code;
}

// [START details_size_limit]
TEST(RichStatusTest, DetailsAreTrailersAndShareTheirSizeLimit) {
  EXPECT_EQ(CodeOfDetailsOfSize(4 * 1024), grpc::StatusCode::INVALID_ARGUMENT);
  // Base64 makes 16 KB of details 21 KB of trailers, past the client's
  // 8 KB limit: the client gets RESOURCE_EXHAUSTED instead of the error.
  EXPECT_EQ(CodeOfDetailsOfSize(16 * 1024),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}
// [END details_size_limit]

TEST(ClientAddressTest, ThePortIsDropped) {
  EXPECT_EQ(ClientAddress("ipv4:127.0.0.1:50412"), "ipv4:127.0.0.1");
  EXPECT_EQ(ClientAddress("ipv6:[::1]:50412"), "ipv6:[::1]");
  EXPECT_EQ(ClientAddress("unix:/tmp/socket"), "unix:/tmp/socket");
}

}  // namespace
}  // namespace error_details
