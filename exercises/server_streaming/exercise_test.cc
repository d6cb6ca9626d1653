// The server-streaming exercise's test (exercises/server_streaming/README.md).
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <vector>

#include "common/grpc/status_names.h"
#include "common/testing/loopback_server.h"
#include "exercises/server_streaming/service.h"

namespace exercises::server_streaming {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

class CountdownTest : public ::testing::Test {
 protected:
  // Waits until the server's handler has returned, for at most `limit`.
  std::optional<grpc::Status> WaitForTheHandler(milliseconds limit) {
    std::unique_lock<std::mutex> lock(mutex_);
    finished_changed_.wait_for(lock, limit,
                               [&] { return finished_.has_value(); });
    return finished_;
  }

  std::unique_ptr<grpc::ClientReader<v1::CountdownResponse>> Start(
      grpc::ClientContext& context, int32_t from, int32_t interval_ms) {
    v1::CountdownRequest request;
    request.set_from(from);
    request.set_interval_ms(interval_ms);
    return stub_->Countdown(&context, request);
  }

  std::mutex mutex_;
  std::condition_variable finished_changed_;
  std::optional<grpc::Status> finished_;  // Guarded by mutex_.
  CountdownService service_{[this](const grpc::Status& status) {
    std::lock_guard<std::mutex> lock(mutex_);
    finished_ = status;
    finished_changed_.notify_all();
  }};
  testing_util::LoopbackServer server_{{&service_}};
  std::shared_ptr<grpc::Channel> channel_ = server_.NewChannel();
  std::unique_ptr<v1::CountdownService::Stub> stub_ =
      v1::CountdownService::NewStub(channel_);
};

TEST_F(CountdownTest, CountsDownToOne) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  auto reader = Start(context, 3, 0);
  std::vector<int32_t> values;
  v1::CountdownResponse response;
  while (reader->Read(&response)) values.push_back(response.value());
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_EQ(values, (std::vector<int32_t>{3, 2, 1}));
}

// 100 messages 20 ms apart: two seconds of stream. The client reads three
// and cancels; the server must stop within a few intervals, not at the end.
TEST_F(CountdownTest, StopsSoonAfterTheClientCancels) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  auto reader = Start(context, 100, 20);
  v1::CountdownResponse response;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(reader->Read(&response));
  context.TryCancel();
  const auto cancelled = steady_clock::now();

  std::optional<grpc::Status> status = WaitForTheHandler(milliseconds(500));
  ASSERT_TRUE(status.has_value())
      << "the server was still streaming 500 ms after the client cancelled";
  EXPECT_EQ(status->error_code(), grpc::StatusCode::CANCELLED)
      << "the handler returned " << common::FormatStatus(*status);
  EXPECT_LT(steady_clock::now() - cancelled, milliseconds(500));
}

TEST_F(CountdownTest, StopsWhenTheClientsDeadlinePasses) {
  // Connected first, so that the short deadline is all the stream's.
  ASSERT_TRUE(channel_->WaitForConnected(std::chrono::system_clock::now() +
                                         std::chrono::seconds(10)));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + milliseconds(300));
  auto reader = Start(context, 100, 20);
  v1::CountdownResponse response;
  while (reader->Read(&response)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  std::optional<grpc::Status> status = WaitForTheHandler(milliseconds(500));
  ASSERT_TRUE(status.has_value())
      << "the server was still streaming 500 ms after the deadline passed";
  EXPECT_EQ(status->error_code(), grpc::StatusCode::CANCELLED)
      << "the handler returned " << common::FormatStatus(*status);
}

}  // namespace
}  // namespace exercises::server_streaming
