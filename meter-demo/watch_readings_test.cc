// WatchReadings, the server-streaming twin of Subscribe (for gRPC-Web),
// against a real server on loopback.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>

#include "meter-demo/meter_service.h"

namespace meter {
namespace {

using ::testing::ElementsAre;

constexpr int64_t kJan1 = 1546300800;  // 2019-01-01T00:00:00Z

class WatchReadingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    data_ = MeterData::Open(":memory:", &error);
    ASSERT_NE(data_, nullptr) << error;
    Store("home", {{kJan1 + 900, 1.0}});
    service_ = std::make_unique<MeterServiceImpl>(
        data_.get(),
        [this](std::string_view method, const grpc::Status& status) {
          std::lock_guard<std::mutex> lock(mutex_);
          ended_.emplace(std::string(method), status.error_code());
          changed_.notify_all();
        });
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    stub_ = v1::MeterService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    server_->Shutdown(std::chrono::system_clock::now() +
                      std::chrono::seconds(1));
  }

  void Store(const std::string& meter_id,
             const std::vector<Reading>& readings) {
    std::string error;
    ASSERT_TRUE(data_->Upsert(meter_id, readings, &error)) << error;
  }

  std::unique_ptr<grpc::ClientReader<v1::WatchReadingsResponse>> Watch(
      grpc::ClientContext* context, const std::string& meter_id,
      v1::Resolution resolution) {
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    v1::WatchReadingsRequest request;
    request.set_meter_id(meter_id);
    request.set_resolution(resolution);
    return stub_->WatchReadings(context, request);
  }

  // How the server says the next WatchReadings call ended; nullopt if none
  // ends within 10 s.
  std::optional<grpc::StatusCode> Ended() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!changed_.wait_for(lock, std::chrono::seconds(10),
                           [&] { return ended_.count("WatchReadings") > 0; })) {
      return std::nullopt;
    }
    const auto it = ended_.find("WatchReadings");
    const grpc::StatusCode code = it->second;
    ended_.erase(it);
    return code;
  }

  std::unique_ptr<MeterData> data_;
  std::unique_ptr<MeterServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::MeterService::Stub> stub_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::multimap<std::string, grpc::StatusCode> ended_;
};

TEST_F(WatchReadingsTest, ConfirmsThenPushesEachUpload) {
  grpc::ClientContext context;
  auto stream = Watch(&context, "home", v1::RESOLUTION_HOURLY);
  v1::WatchReadingsResponse response;
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_EQ(response.meter_id(), "home");
  EXPECT_EQ(response.resolution(), v1::RESOLUTION_HOURLY);
  EXPECT_EQ(response.readings().times_size(), 0);  // the confirmation

  Store("garage", {{kJan1 + 900, 7.0}});  // another meter: not pushed
  Store("home", {{kJan1 + 1800, 2.5}});
  ASSERT_TRUE(stream->Read(&response));
  // The hour's updated sum: the reading stored before and the new one.
  EXPECT_THAT(response.readings().times(), ElementsAre(kJan1 + 3600));
  EXPECT_THAT(response.readings().values(), ElementsAre(3.5));
  context.TryCancel();
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(WatchReadingsTest, UnknownMetersAndResolutionsEndTheCall) {
  grpc::ClientContext unknown;
  grpc::Status status = Watch(&unknown, "garage", v1::RESOLUTION_RAW)->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "meter 'garage' not found");
  grpc::ClientContext bad;
  status = Watch(&bad, "home", static_cast<v1::Resolution>(9))->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// Without an upload to write, nothing but the cancellation itself tells a
// server-streaming reactor that its client has gone.
TEST_F(WatchReadingsTest, ACancelledWatchEndsOnTheServerWithoutAnUpload) {
  grpc::ClientContext context;
  auto stream = Watch(&context, "home", v1::RESOLUTION_RAW);
  v1::WatchReadingsResponse response;
  ASSERT_TRUE(stream->Read(&response));
  context.TryCancel();
  EXPECT_EQ(Ended(), grpc::StatusCode::CANCELLED);
}

// A client that stops reading leaves a write waiting for flow control; when
// it then cancels, the write fails after the call was already told to end.
// It must still end (once ended, a reactor is deleted).
TEST_F(WatchReadingsTest, ACancelledWatchWithAWriteInFlightEnds) {
  grpc::ClientContext context;
  auto stream = Watch(&context, "home", v1::RESOLUTION_RAW);
  v1::WatchReadingsResponse response;
  ASSERT_TRUE(stream->Read(&response));
  // 6 x 200,000 readings, some 15 MB, that the client never reads: more than
  // HTTP/2's flow-control windows hold.
  for (int upload = 0; upload < 6; ++upload) {
    std::vector<Reading> readings;
    for (int i = 0; i < 200'000; ++i) {
      readings.push_back({kJan1 + (upload * 200'000 + i + 2) * 900, 1.5});
    }
    Store("home", readings);
  }
  context.TryCancel();
  EXPECT_EQ(Ended(), grpc::StatusCode::CANCELLED);
}

TEST_F(WatchReadingsTest, StopSubscriptionsEndsWatchesWithUnavailable) {
  grpc::ClientContext context;
  auto stream = Watch(&context, "home", v1::RESOLUTION_RAW);
  v1::WatchReadingsResponse response;
  ASSERT_TRUE(stream->Read(&response));
  service_->StopSubscriptions();
  EXPECT_FALSE(stream->Read(&response));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace meter
