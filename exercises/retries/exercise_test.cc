// The retry exercise's test (exercises/retries/README.md).
#include <gtest/gtest.h>

#include <chrono>

#include "common/grpc/status_names.h"
#include "common/testing/loopback_server.h"
#include "exercises/retries/service.h"

namespace exercises::retries {
namespace {

grpc::Status Fetch(FlakyService& service, v1::FetchResponse* response) {
  testing_util::LoopbackServer server({&service});
  auto stub =
      v1::FlakyService::NewStub(NewFlakyServiceChannel(server.address()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  return stub->Fetch(&context, v1::FetchRequest(), response);
}

TEST(RetryTest, ACallGetsThroughAServerThatFailsTwice) {
  FlakyService service(/*failures=*/2);
  v1::FetchResponse response;
  grpc::Status status = Fetch(service, &response);
  ASSERT_TRUE(status.ok()) << common::FormatStatus(status) << " after "
                           << service.attempts() << " attempt(s)";
  EXPECT_EQ(response.attempt(), 3);
}

TEST(RetryTest, FourAttemptsInAll) {
  FlakyService service(/*failures=*/10);
  v1::FetchResponse response;
  EXPECT_EQ(Fetch(service, &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(service.attempts(), 4);
}

}  // namespace
}  // namespace exercises::retries
