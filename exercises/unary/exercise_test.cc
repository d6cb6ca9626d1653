// The unary exercise's test (exercises/unary/README.md).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>

#include "common/grpc/status_names.h"
#include "common/testing/loopback_server.h"
#include "exercises/unary/service.h"

namespace exercises::unary {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

class MultiplyTest : public ::testing::Test {
 protected:
  grpc::Status Multiply(int64_t a, int64_t b, int64_t* product) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    v1::MultiplyRequest request;
    request.set_a(a);
    request.set_b(b);
    v1::MultiplyResponse response;
    grpc::Status status = stub_->Multiply(&context, request, &response);
    *product = response.product();
    return status;
  }

  ArithmeticService service_;
  testing_util::LoopbackServer server_{{&service_}};
  std::unique_ptr<v1::ArithmeticService::Stub> stub_ =
      v1::ArithmeticService::NewStub(server_.NewChannel());
};

TEST_F(MultiplyTest, MultipliesTwoNumbers) {
  int64_t product = 0;
  grpc::Status status = Multiply(6, 7, &product);
  ASSERT_TRUE(status.ok()) << "Multiply(6, 7) ended "
                           << common::FormatStatus(status);
  EXPECT_EQ(product, 42);
  ASSERT_TRUE(Multiply(-3, 5, &product).ok());
  EXPECT_EQ(product, -15);
  ASSERT_TRUE(Multiply(kMin, 1, &product).ok());
  EXPECT_EQ(product, kMin);
}

TEST_F(MultiplyTest, AProductThatDoesNotFitIsOutOfRange) {
  int64_t product = 0;
  EXPECT_EQ(Multiply(kMax, 2, &product).error_code(),
            grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_EQ(Multiply(kMin, -1, &product).error_code(),
            grpc::StatusCode::OUT_OF_RANGE)
      << "-INT64_MIN is one more than INT64_MAX";
  // Too far below zero, either way round.
  EXPECT_EQ(Multiply(kMin, 2, &product).error_code(),
            grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_EQ(Multiply(-2, kMax, &product).error_code(),
            grpc::StatusCode::OUT_OF_RANGE);
}

}  // namespace
}  // namespace exercises::unary
