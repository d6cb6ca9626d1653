// The client-streaming exercise's test (exercises/client_streaming/README.md).
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "common/grpc/status_names.h"
#include "common/testing/loopback_server.h"
#include "exercises/client_streaming/service.h"

namespace exercises::client_streaming {
namespace {

class SummarizeTest : public ::testing::Test {
 protected:
  // Sends `values`, half-closes and returns the status; `sent` counts the
  // writes that went through (a finished call refuses the rest).
  grpc::Status Summarize(const std::vector<int64_t>& values,
                         v1::SummarizeResponse* response, int64_t* sent) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    auto writer = stub_->Summarize(&context, response);
    *sent = 0;
    for (int64_t value : values) {
      v1::SummarizeRequest request;
      request.set_value(value);
      if (!writer->Write(request)) break;  // The server has answered.
      ++*sent;
    }
    writer->WritesDone();
    return writer->Finish();
  }

  StatisticsService service_;
  testing_util::LoopbackServer server_{{&service_}};
  std::unique_ptr<v1::StatisticsService::Stub> stub_ =
      v1::StatisticsService::NewStub(server_.NewChannel());
};

TEST_F(SummarizeTest, AnswersCountSumMinAndMax) {
  v1::SummarizeResponse response;
  int64_t sent = 0;
  ASSERT_TRUE(Summarize({3, -2, 7}, &response, &sent).ok());
  EXPECT_EQ(response.count(), 3);
  EXPECT_EQ(response.sum(), 8);
  ASSERT_TRUE(response.has_min()) << "min is not set";
  ASSERT_TRUE(response.has_max()) << "max is not set";
  EXPECT_EQ(response.min(), -2);
  EXPECT_EQ(response.max(), 7);
  // All of one sign: an extreme that starts at 0 would stay there.
  ASSERT_TRUE(Summarize({3, 5, 7}, &response, &sent).ok());
  EXPECT_EQ(response.min(), 3);
  ASSERT_TRUE(Summarize({-3, -5}, &response, &sent).ok());
  EXPECT_EQ(response.max(), -3);
}

TEST_F(SummarizeTest, AnEmptyStreamHasNoMinOrMax) {
  v1::SummarizeResponse response;
  int64_t sent = 0;
  ASSERT_TRUE(Summarize({}, &response, &sent).ok());
  EXPECT_EQ(response.count(), 0);
  EXPECT_FALSE(response.has_min());
  EXPECT_FALSE(response.has_max());
}

TEST_F(SummarizeTest, TooManyValuesAreRefused) {
  v1::SummarizeResponse response;
  int64_t sent = 0;
  std::vector<int64_t> values(StatisticsService::kMaxValues, 1);
  ASSERT_TRUE(Summarize(values, &response, &sent).ok())
      << "the limit is allowed";
  // 700 KB of messages: more than HTTP/2 flow control lets the client send
  // ahead of a server that has stopped reading.
  values.resize(100'000, 1);
  grpc::Status status = Summarize(values, &response, &sent);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << "ended " << common::FormatStatus(status) << " after " << sent
      << " values";
  // Answered at once: the client's writes stopped going through long
  // before its last value.
  EXPECT_LT(sent, static_cast<int64_t>(values.size()));
}

}  // namespace
}  // namespace exercises::client_streaming
