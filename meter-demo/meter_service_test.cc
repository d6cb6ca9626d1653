// meter.v1.MeterService against a real server on loopback, through the
// generated client stub.
#include "meter-demo/meter_service.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace meter {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kJan1 = 1546300800;  // 2019-01-01T00:00:00Z
constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
// The test server's limit on what waits for one subscriber to read.
constexpr size_t kSubscriberBacklogBytes = 256 * 1024;

google::protobuf::Timestamp Time(int64_t seconds, int32_t nanos = 0) {
  google::protobuf::Timestamp time;
  time.set_seconds(seconds);
  time.set_nanos(nanos);
  return time;
}

std::chrono::system_clock::time_point In(std::chrono::milliseconds delay) {
  return std::chrono::system_clock::now() + delay;
}

// Remembers how the server said each streaming call ended.
class OutcomeRecorder {
 public:
  MeterServiceImpl::CallObserver Observer() {
    return [this](std::string_view method, const grpc::Status& status) {
      std::lock_guard<std::mutex> lock(mutex_);
      outcomes_.emplace(std::string(method), status.error_code());
      changed_.notify_all();
    };
  }

  // The code of the next `method` call to end, or nullopt after 10 s.
  std::optional<grpc::StatusCode> Next(const std::string& method) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!changed_.wait_for(lock, std::chrono::seconds(10),
                           [&] { return outcomes_.count(method) > 0; })) {
      return std::nullopt;
    }
    auto it = outcomes_.find(method);
    grpc::StatusCode code = it->second;
    outcomes_.erase(it);
    return code;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::multimap<std::string, grpc::StatusCode> outcomes_;
};

class MeterServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    data_ = MeterData::Open(":memory:", &error);
    ASSERT_NE(data_, nullptr) << error;
    service_ = std::make_unique<MeterServiceImpl>(
        data_.get(), outcomes_.Observer(), kSubscriberBacklogBytes);
    grpc::ServerBuilder builder;
    int port = 0;
    // 127.0.0.1, not localhost: "localhost:0" binds a port on ::1 and on
    // 127.0.0.1, and if another process holds it on one of them the client
    // may reach that process instead (an empty answer, once, under ASan).
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    stub_ = v1::MeterService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    server_->Shutdown(In(std::chrono::seconds(1)));
    server_->Wait();
  }

  void Store(const std::string& meter_id, std::vector<Reading> readings) {
    std::string error;
    ASSERT_TRUE(data_->Upsert(meter_id, readings, &error)) << error;
  }

  // `count` quarter-hour readings from 2019-01-01 00:15 with value i + 1.
  void StoreQuarterHours(const std::string& meter_id, int count) {
    std::vector<Reading> readings;
    for (int i = 0; i < count; ++i)
      readings.push_back({kJan1 + (i + 1) * 900, i + 1.0});
    Store(meter_id, readings);
  }

  v1::ListReadingsRequest Range(const std::string& meter_id, int64_t start,
                                int64_t end) {
    v1::ListReadingsRequest request;
    request.set_meter_id(meter_id);
    *request.mutable_start() = Time(start);
    *request.mutable_end() = Time(end);
    return request;
  }

  struct Listed {
    grpc::Status status;
    std::vector<int> batch_sizes;
    std::vector<int64_t> times;
    std::vector<double> values;
  };

  Listed List(const v1::ListReadingsRequest& request) {
    grpc::ClientContext context;
    context.set_deadline(In(std::chrono::seconds(10)));
    auto reader = stub_->ListReadings(&context, request);
    Listed listed;
    v1::ReadingBatch batch;
    while (reader->Read(&batch)) {
      EXPECT_EQ(batch.times_size(), batch.values_size());
      listed.batch_sizes.push_back(batch.times_size());
      listed.times.insert(listed.times.end(), batch.times().begin(),
                          batch.times().end());
      listed.values.insert(listed.values.end(), batch.values().begin(),
                           batch.values().end());
    }
    listed.status = reader->Finish();
    return listed;
  }

  grpc::Status Summarize(const std::string& meter_id, int64_t start,
                         int64_t end, v1::Summary* summary) {
    grpc::ClientContext context;
    context.set_deadline(In(std::chrono::seconds(10)));
    v1::GetSummaryRequest request;
    request.set_meter_id(meter_id);
    *request.mutable_start() = Time(start);
    *request.mutable_end() = Time(end);
    return stub_->GetSummary(&context, request, summary);
  }

  std::unique_ptr<MeterData> data_;
  OutcomeRecorder outcomes_;
  std::unique_ptr<MeterServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::MeterService::Stub> stub_;
};

// ---- ListReadings
// ------------------------------------------------------------

// A reading measures the interval that ends at its time, so a range holds
// the readings that end inside it: start < time <= end.
TEST_F(MeterServiceTest, ListsTheReadingsThatEndInTheRange) {
  Store("home", {{kJan1 + 900, 1.5},
                 {kJan1 + 1800, kMissing},
                 {kJan1 + 2700, 3.5},
                 {kJan1 + 3600, 4.5}});
  Listed listed = List(Range("home", kJan1 + 900, kJan1 + 3600));
  ASSERT_TRUE(listed.status.ok()) << listed.status.error_message();
  EXPECT_THAT(listed.times,
              ElementsAre(kJan1 + 1800, kJan1 + 2700, kJan1 + 3600));
  ASSERT_EQ(listed.values.size(), 3u);
  EXPECT_TRUE(std::isnan(listed.values[0]));  // missing stays missing, not 0
  EXPECT_EQ(listed.values[1], 3.5);
  EXPECT_EQ(listed.values[2], 4.5);
}

// The same readings make a day's summary and the day's daily sum, however
// long the range the daily sums come from.
TEST_F(MeterServiceTest, ADaysSummaryIsItsDailySum) {
  std::vector<Reading> readings;
  for (int64_t i = 1; i <= 3 * 96; ++i) {
    readings.push_back({kJan1 + i * 900, static_cast<double>(i % 7)});
  }
  Store("home", readings);
  v1::Summary day;
  ASSERT_TRUE(Summarize("home", kJan1 + 86400, kJan1 + 2 * 86400, &day).ok());
  EXPECT_EQ(day.reading_count(), 96);
  v1::ListReadingsRequest request = Range("home", kJan1, kJan1 + 3 * 86400);
  request.set_resolution(v1::RESOLUTION_DAILY);
  Listed daily = List(request);
  ASSERT_TRUE(daily.status.ok()) << daily.status.error_message();
  EXPECT_THAT(daily.times,
              ElementsAre(kJan1 + 86400, kJan1 + 2 * 86400, kJan1 + 3 * 86400));
  EXPECT_EQ(daily.values[1], day.total_kwh());
}

TEST_F(MeterServiceTest, FractionalBoundsCoverTheSameWholeSeconds) {
  StoreQuarterHours("home", 4);
  v1::ListReadingsRequest request = Range("home", 0, 0);
  *request.mutable_start() = Time(kJan1 + 900 - 1, 500000000);  // 00:14:59.5
  *request.mutable_end() = Time(kJan1 + 2700, 1);  // just after 00:45
  const Listed listed = List(request);
  ASSERT_TRUE(listed.status.ok()) << listed.status.error_message();
  EXPECT_THAT(listed.times,
              ElementsAre(kJan1 + 900, kJan1 + 1800, kJan1 + 2700));
}

TEST_F(MeterServiceTest, SendsLargeRangesInBatches) {
  StoreQuarterHours("home", 20000);
  Listed listed = List(Range("home", kJan1, kJan1 + 20001 * 900));
  ASSERT_TRUE(listed.status.ok());
  EXPECT_THAT(listed.batch_sizes, ElementsAre(8192, 8192, 3616));
  ASSERT_EQ(listed.times.size(), 20000u);
  for (size_t i = 0; i < listed.times.size(); ++i) {
    ASSERT_EQ(listed.times[i], kJan1 + static_cast<int64_t>(i + 1) * 900);
    ASSERT_EQ(listed.values[i], i + 1.0);
  }
}

TEST_F(MeterServiceTest, EmptyRangeIsAnEmptyStream) {
  StoreQuarterHours("home", 4);
  Listed listed = List(Range("home", kJan1 + 86400, kJan1 + 2 * 86400));
  EXPECT_TRUE(listed.status.ok());
  EXPECT_TRUE(listed.times.empty());
}

TEST_F(MeterServiceTest, HourlyResolutionSumsEachHourAtItsEnd) {
  StoreQuarterHours("home", 8);  // 00:15 .. 02:00 with values 1 .. 8
  v1::ListReadingsRequest request = Range("home", kJan1, kJan1 + 86400);
  request.set_resolution(v1::RESOLUTION_HOURLY);
  Listed listed = List(request);
  ASSERT_TRUE(listed.status.ok());
  EXPECT_THAT(listed.times, ElementsAre(kJan1 + 3600, kJan1 + 7200));
  EXPECT_THAT(listed.values, ElementsAre(1 + 2 + 3 + 4, 5 + 6 + 7 + 8));
}

TEST_F(MeterServiceTest, DailyResolutionAndAllMissingDay) {
  std::vector<Reading> readings;
  for (int i = 0; i < 96 * 2; ++i)
    readings.push_back({kJan1 + (i + 1) * 900, 1.0});
  for (int i = 96; i < 96 * 2; ++i) readings[i].kwh = kMissing;  // all of day 2
  Store("home", readings);
  v1::ListReadingsRequest request = Range("home", kJan1, kJan1 + 3 * 86400);
  request.set_resolution(v1::RESOLUTION_DAILY);
  Listed listed = List(request);
  ASSERT_TRUE(listed.status.ok());
  // Day 1 is the 96 readings from 00:15 to 24:00.
  ASSERT_THAT(listed.times, ElementsAre(kJan1 + 86400, kJan1 + 2 * 86400));
  EXPECT_EQ(listed.values[0], 96);
  EXPECT_TRUE(std::isnan(listed.values[1]));
}

TEST_F(MeterServiceTest, MaxPointsBoundsThePointsAndKeepsTheExtremes) {
  std::vector<Reading> readings;
  for (int i = 0; i < 50000; ++i)
    readings.push_back({kJan1 + i * 60, 1.0 + (i % 7) * 0.1});
  readings[12345].kwh = 99;
  readings[40000].kwh = 0;
  Store("home", readings);
  v1::ListReadingsRequest request = Range("home", kJan1, kJan1 + 50000 * 60);
  request.set_max_points(500);
  Listed listed = List(request);
  ASSERT_TRUE(listed.status.ok());
  EXPECT_LE(listed.times.size(), 500u);
  EXPECT_GE(listed.times.size(), 250u);
  EXPECT_EQ(*std::max_element(listed.values.begin(), listed.values.end()), 99);
  EXPECT_EQ(*std::min_element(listed.values.begin(), listed.values.end()), 0);
}

TEST_F(MeterServiceTest, InvalidListRequestsSayWhatIsWrong) {
  StoreQuarterHours("home", 4);
  struct Case {
    std::function<void(v1::ListReadingsRequest&)> change;
    grpc::StatusCode code;
    std::string message;
  };
  std::vector<Case> cases = {
      {[](auto& r) { r.clear_start(); }, grpc::StatusCode::INVALID_ARGUMENT,
       "start is required"},
      {[](auto& r) { r.clear_end(); }, grpc::StatusCode::INVALID_ARGUMENT,
       "end is required"},
      {[](auto& r) { std::swap(*r.mutable_start(), *r.mutable_end()); },
       grpc::StatusCode::INVALID_ARGUMENT,
       "start 2019-01-02T00:00:00Z must be before end 2019-01-01T00:00:00Z"},
      {[](auto& r) { *r.mutable_end() = r.start(); },
       grpc::StatusCode::INVALID_ARGUMENT, "must be before end"},
      {[](auto& r) { *r.mutable_start() = Time(-5000000000); },
       grpc::StatusCode::INVALID_ARGUMENT, "is outside the years 1900 to 2199"},
      {[](auto& r) { *r.mutable_end() = Time(kJan1, -1); },
       grpc::StatusCode::INVALID_ARGUMENT,
       "end {seconds: 1546300800, nanos: -1} is not a valid timestamp"},
      {[](auto& r) { r.set_resolution(static_cast<v1::Resolution>(42)); },
       grpc::StatusCode::INVALID_ARGUMENT,
       "resolution 42 is not a known resolution"},
      {[](auto& r) { r.set_max_points(1); }, grpc::StatusCode::INVALID_ARGUMENT,
       "max_points 1 must be 0 (no limit) or from 2 to 1000000"},
      {[](auto& r) { r.set_max_points(-5); },
       grpc::StatusCode::INVALID_ARGUMENT, "max_points -5"},
      {[](auto& r) { r.set_meter_id(""); }, grpc::StatusCode::INVALID_ARGUMENT,
       "meter_id is required"},
      {[](auto& r) { r.set_meter_id("a b"); },
       grpc::StatusCode::INVALID_ARGUMENT, "may only contain letters"},
      {[](auto& r) { r.set_meter_id("garage"); }, grpc::StatusCode::NOT_FOUND,
       "meter 'garage' not found"},
  };
  for (const Case& c : cases) {
    v1::ListReadingsRequest request = Range("home", kJan1, kJan1 + 86400);
    c.change(request);
    Listed listed = List(request);
    EXPECT_EQ(listed.status.error_code(), c.code) << c.message;
    EXPECT_THAT(listed.status.error_message(), HasSubstr(c.message));
  }
}

TEST_F(MeterServiceTest, ServerStopsStreamingWhenTheClientCancels) {
  StoreQuarterHours("home", 1000000);
  grpc::ClientContext context;
  context.set_deadline(In(std::chrono::seconds(30)));
  auto reader = stub_->ListReadings(
      &context, Range("home", kJan1, kJan1 + 1000001 * 900));
  v1::ReadingBatch batch;
  ASSERT_TRUE(reader->Read(&batch));
  context.TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_EQ(outcomes_.Next("ListReadings"), grpc::StatusCode::CANCELLED);
}

TEST_F(MeterServiceTest, ServerStopsStreamingWhenTheDeadlinePasses) {
  StoreQuarterHours("home", 1000000);
  grpc::ClientContext context;
  context.set_deadline(In(std::chrono::milliseconds(500)));
  auto reader = stub_->ListReadings(
      &context, Range("home", kJan1, kJan1 + 1000001 * 900));
  v1::ReadingBatch batch;
  ASSERT_TRUE(reader->Read(&batch));
  // The client stops reading, so flow control holds the server back until
  // the deadline passes; then the server must give up by itself.
  EXPECT_EQ(outcomes_.Next("ListReadings"), grpc::StatusCode::CANCELLED);
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

// ---- GetSummary and ListMeters
// ------------------------------------------------

TEST_F(MeterServiceTest, SummarizesARange) {
  Store("home", {{kJan1 + 900, 2},
                 {kJan1 + 1800, kMissing},
                 {kJan1 + 2700, 6},
                 {kJan1 + 3600, 1},
                 {kJan1 + 4500, 100}});
  v1::Summary summary;
  ASSERT_TRUE(Summarize("home", kJan1, kJan1 + 3600, &summary).ok());
  EXPECT_EQ(summary.meter_id(), "home");
  EXPECT_EQ(summary.reading_count(), 4);
  EXPECT_EQ(summary.missing_count(), 1);
  EXPECT_EQ(summary.total_kwh(), 9);
  EXPECT_EQ(summary.min_kwh(), 1);
  EXPECT_EQ(summary.max_kwh(), 6);
  EXPECT_EQ(summary.mean_kwh(), 3);
  EXPECT_EQ(summary.min_time().seconds(), kJan1 + 3600);
  EXPECT_EQ(summary.max_time().seconds(), kJan1 + 2700);
  EXPECT_EQ(summary.first_time().seconds(), kJan1 + 900);
  EXPECT_EQ(summary.last_time().seconds(), kJan1 + 3600);
}

TEST_F(MeterServiceTest, SummaryOfAnEmptyRangeHasOnlyZeroCounts) {
  StoreQuarterHours("home", 4);
  v1::Summary summary;
  ASSERT_TRUE(
      Summarize("home", kJan1 + 86400, kJan1 + 2 * 86400, &summary).ok());
  EXPECT_EQ(summary.reading_count(), 0);
  EXPECT_FALSE(summary.has_min_kwh());
  EXPECT_FALSE(summary.has_mean_kwh());
  EXPECT_FALSE(summary.has_first_time());
}

TEST_F(MeterServiceTest, SummaryErrors) {
  StoreQuarterHours("home", 4);
  v1::Summary summary;
  EXPECT_EQ(Summarize("garage", kJan1, kJan1 + 10, &summary).error_code(),
            grpc::StatusCode::NOT_FOUND);
  grpc::Status reversed = Summarize("home", kJan1 + 10, kJan1, &summary);
  EXPECT_EQ(reversed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(reversed.error_message(), HasSubstr("must be before end"));
}

TEST_F(MeterServiceTest, ListsMeters) {
  StoreQuarterHours("home", 4);
  Store("garage", {{kJan1, 1}});
  grpc::ClientContext context;
  context.set_deadline(In(std::chrono::seconds(10)));
  v1::ListMetersResponse response;
  ASSERT_TRUE(
      stub_->ListMeters(&context, v1::ListMetersRequest(), &response).ok());
  ASSERT_EQ(response.meters_size(), 2);
  EXPECT_EQ(response.meters(0).id(), "garage");
  EXPECT_EQ(response.meters(1).id(), "home");
  EXPECT_EQ(response.meters(1).reading_count(), 4);
  EXPECT_EQ(response.meters(1).first_time().seconds(), kJan1 + 900);
  EXPECT_EQ(response.meters(1).last_time().seconds(), kJan1 + 3600);
}

// ---- UploadReadings
// ----------------------------------------------------------

v1::Reading Uploaded(int64_t time, std::optional<double> value) {
  v1::Reading reading;
  *reading.mutable_time() = Time(time);
  if (value) reading.set_value(*value);
  return reading;
}

class Upload {
 public:
  explicit Upload(v1::MeterService::Stub* stub) {
    context_.set_deadline(In(std::chrono::seconds(10)));
    writer_ = stub->UploadReadings(&context_, &response_);
  }
  Upload& Send(const std::string& meter_id, std::vector<v1::Reading> readings) {
    v1::UploadReadingsRequest request;
    request.set_meter_id(meter_id);
    for (auto& reading : readings) *request.add_readings() = std::move(reading);
    writer_->Write(request);
    return *this;
  }
  grpc::Status Finish() {
    writer_->WritesDone();
    return writer_->Finish();
  }
  const v1::UploadReadingsResponse& response() const { return response_; }

 private:
  grpc::ClientContext context_;
  v1::UploadReadingsResponse response_;
  std::unique_ptr<grpc::ClientWriter<v1::UploadReadingsRequest>> writer_;
};

TEST_F(MeterServiceTest, UploadCountsAcceptedAndRejectedWithReasons) {
  Upload upload(stub_.get());
  upload
      .Send("garage", {Uploaded(kJan1 + 900, 1.25), Uploaded(kJan1 + 1800, -1)})
      .Send("",
            {Uploaded(kJan1 + 2700, std::nullopt), Uploaded(kJan1 + 3600, 2)})
      .Send("garage",
            {Uploaded(kJan1 + 4500, std::numeric_limits<double>::infinity()),
             v1::Reading(), Uploaded(kJan1 + 5400, 1e308)});
  v1::UploadReadingsRequest fractional;
  ASSERT_TRUE(upload.Finish().ok());
  const v1::UploadReadingsResponse& response = upload.response();
  EXPECT_EQ(response.meter_id(), "garage");
  EXPECT_EQ(response.accepted_count(), 3);
  EXPECT_EQ(response.rejected_count(), 4);
  ASSERT_EQ(response.rejections_size(), 4);
  EXPECT_EQ(response.rejections(0).index(), 1);
  EXPECT_EQ(response.rejections(0).reason(), "value -1 is negative");
  EXPECT_EQ(response.rejections(1).index(), 4);
  EXPECT_EQ(response.rejections(1).reason(), "value inf is not finite");
  EXPECT_EQ(response.rejections(2).index(), 5);
  EXPECT_EQ(response.rejections(2).reason(), "time is missing");
  EXPECT_EQ(response.rejections(3).index(), 6);
  EXPECT_EQ(response.rejections(3).reason(),
            "value 1e+308 is more than a reading can be (1e9 kWh)");

  Listed listed = List(Range("garage", kJan1, kJan1 + 86400));
  EXPECT_THAT(listed.times,
              ElementsAre(kJan1 + 900, kJan1 + 2700, kJan1 + 3600));
  EXPECT_EQ(listed.values[0], 1.25);
  EXPECT_TRUE(std::isnan(listed.values[1]));  // uploaded without a value
  EXPECT_EQ(outcomes_.Next("UploadReadings"), grpc::StatusCode::OK);
}

TEST_F(MeterServiceTest, UploadRejectsTimesThatAreNotWholeSecondsOrAbsurd) {
  v1::Reading fractional = Uploaded(kJan1, 1);
  fractional.mutable_time()->set_nanos(5);
  Upload upload(stub_.get());
  upload.Send("home", {fractional, Uploaded(8000000000, 1)});
  ASSERT_TRUE(upload.Finish().ok());
  ASSERT_EQ(upload.response().rejections_size(), 2);
  EXPECT_THAT(upload.response().rejections(0).reason(),
              HasSubstr("has a fraction of a second"));
  EXPECT_THAT(upload.response().rejections(1).reason(),
              HasSubstr("is outside the years 1900 to 2199"));
}

TEST_F(MeterServiceTest, UploadingTheSameTimeAgainUpdatesNeverDuplicates) {
  StoreQuarterHours("home", 4);
  for (double value : {7.0, 8.0}) {
    Upload upload(stub_.get());
    upload.Send("home", {Uploaded(kJan1 + 1800, value)});
    ASSERT_TRUE(upload.Finish().ok());
  }
  Listed listed = List(Range("home", kJan1, kJan1 + 86400));
  EXPECT_THAT(listed.times, ElementsAre(kJan1 + 900, kJan1 + 1800, kJan1 + 2700,
                                        kJan1 + 3600));
  EXPECT_THAT(listed.values, ElementsAre(1, 8, 3, 4));
}

TEST_F(MeterServiceTest, UploadNeedsOneValidMeterId) {
  {
    Upload upload(stub_.get());
    upload.Send("", {Uploaded(kJan1, 1)});
    grpc::Status status = upload.Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(
        status.error_message(),
        HasSubstr(
            "the first message must name the meter: meter_id is required"));
  }
  {
    Upload upload(stub_.get());
    upload.Send("home", {Uploaded(kJan1, 1)})
        .Send("garage", {Uploaded(kJan1, 1)});
    grpc::Status status = upload.Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(status.error_message(),
              "message 2 names meter 'garage' but the upload is for 'home'");
  }
  {
    Upload upload(stub_.get());
    grpc::Status status = upload.Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
}

// ---- Subscribe
// ---------------------------------------------------------------

class Subscription {
 public:
  explicit Subscription(v1::MeterService::Stub* stub) {
    context_.set_deadline(In(std::chrono::seconds(20)));
    stream_ = stub->Subscribe(&context_);
  }
  bool Request(const std::string& meter_id, v1::Resolution resolution) {
    v1::SubscribeRequest request;
    request.set_meter_id(meter_id);
    request.set_resolution(resolution);
    return stream_->Write(request);
  }
  bool Read(v1::SubscribeResponse* response) { return stream_->Read(response); }
  grpc::Status Close() {
    stream_->WritesDone();
    v1::SubscribeResponse ignored;
    while (stream_->Read(&ignored)) {
    }
    return stream_->Finish();
  }
  grpc::ClientContext& context() { return context_; }
  grpc::ClientReaderWriter<v1::SubscribeRequest, v1::SubscribeResponse>&
  stream() {
    return *stream_;
  }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<
      grpc::ClientReaderWriter<v1::SubscribeRequest, v1::SubscribeResponse>>
      stream_;
};

TEST_F(MeterServiceTest, SubscriberGetsUploadsAndCanSwitchResolution) {
  StoreQuarterHours("home", 2);  // 00:15 = 1, 00:30 = 2
  Subscription subscription(stub_.get());
  ASSERT_TRUE(subscription.Request("home", v1::RESOLUTION_RAW));
  v1::SubscribeResponse response;
  ASSERT_TRUE(subscription.Read(&response));
  EXPECT_EQ(response.meter_id(), "home");
  EXPECT_EQ(response.resolution(), v1::RESOLUTION_RAW);
  EXPECT_EQ(response.readings().times_size(), 0);  // the confirmation

  Upload first(stub_.get());
  first.Send("home", {Uploaded(kJan1 + 3600, 4), Uploaded(kJan1 + 2700, 3)});
  ASSERT_TRUE(first.Finish().ok());
  ASSERT_TRUE(subscription.Read(&response));
  EXPECT_THAT(response.readings().times(),
              ElementsAre(kJan1 + 2700, kJan1 + 3600));
  EXPECT_THAT(response.readings().values(), ElementsAre(3, 4));

  ASSERT_TRUE(subscription.Request("home", v1::RESOLUTION_HOURLY));
  ASSERT_TRUE(subscription.Read(&response));
  EXPECT_EQ(response.resolution(), v1::RESOLUTION_HOURLY);
  EXPECT_EQ(response.readings().times_size(), 0);

  // An upload into the first hour pushes that hour's new total, which
  // includes the readings stored before.
  Upload second(stub_.get());
  second.Send("home", {Uploaded(kJan1 + 900, 10)});
  ASSERT_TRUE(second.Finish().ok());
  ASSERT_TRUE(subscription.Read(&response));
  EXPECT_THAT(response.readings().times(), ElementsAre(kJan1 + 3600));
  EXPECT_THAT(response.readings().values(), ElementsAre(10 + 2 + 3 + 4));

  EXPECT_TRUE(subscription.Close().ok());
  EXPECT_EQ(outcomes_.Next("Subscribe"), grpc::StatusCode::OK);
}

TEST_F(MeterServiceTest, SubscriberOnlyGetsItsOwnMeter) {
  StoreQuarterHours("home", 1);
  Store("garage", {{kJan1, 1}});
  Subscription subscription(stub_.get());
  ASSERT_TRUE(subscription.Request("home", v1::RESOLUTION_RAW));
  v1::SubscribeResponse response;
  ASSERT_TRUE(subscription.Read(&response));
  for (const char* meter_id : {"garage", "home"}) {
    Upload upload(stub_.get());
    upload.Send(meter_id, {Uploaded(kJan1 + 86400, 5)});
    ASSERT_TRUE(upload.Finish().ok());
  }
  ASSERT_TRUE(subscription.Read(&response));
  EXPECT_EQ(response.meter_id(), "home");  // the garage upload was not pushed
  EXPECT_THAT(response.readings().times(), ElementsAre(kJan1 + 86400));
  EXPECT_TRUE(subscription.Close().ok());
}

TEST_F(MeterServiceTest, InvalidSubscriptionsEndTheCall) {
  StoreQuarterHours("home", 1);
  {
    Subscription subscription(stub_.get());
    ASSERT_TRUE(subscription.Request("garage", v1::RESOLUTION_RAW));
    grpc::Status status = subscription.Close();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(status.error_message(), "meter 'garage' not found");
  }
  {
    Subscription subscription(stub_.get());
    ASSERT_TRUE(subscription.Request("home", static_cast<v1::Resolution>(9)));
    grpc::Status status = subscription.Close();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(status.error_message(), "resolution 9 is not a known resolution");
  }
}

TEST_F(MeterServiceTest, CancelledSubscriptionEndsOnTheServer) {
  StoreQuarterHours("home", 1);
  Subscription subscription(stub_.get());
  ASSERT_TRUE(subscription.Request("home", v1::RESOLUTION_RAW));
  v1::SubscribeResponse response;
  ASSERT_TRUE(subscription.Read(&response));
  subscription.context().TryCancel();
  EXPECT_EQ(outcomes_.Next("Subscribe"), grpc::StatusCode::CANCELLED);
  EXPECT_EQ(subscription.stream().Finish().error_code(),
            grpc::StatusCode::CANCELLED);
  // Uploads after the subscriber left still work.
  Upload upload(stub_.get());
  upload.Send("home", {Uploaded(kJan1 + 86400, 5)});
  EXPECT_TRUE(upload.Finish().ok());
}

TEST_F(MeterServiceTest, StopSubscriptionsEndsThemWithUnavailable) {
  StoreQuarterHours("home", 1);
  Subscription subscription(stub_.get());
  ASSERT_TRUE(subscription.Request("home", v1::RESOLUTION_RAW));
  v1::SubscribeResponse response;
  ASSERT_TRUE(subscription.Read(&response));
  service_->StopSubscriptions();
  EXPECT_FALSE(subscription.Read(&response));
  grpc::Status status = subscription.stream().Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(status.error_message(), "the server is shutting down");

  Subscription late(stub_.get());
  late.Request("home", v1::RESOLUTION_RAW);
  EXPECT_EQ(late.Close().error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(MeterServiceTest, ManySubscribersAndConcurrentUploadsAllArrive) {
  StoreQuarterHours("home", 1);
  constexpr int kSubscribers = 8;
  constexpr int kUploads = 50;
  std::vector<std::unique_ptr<Subscription>> subscriptions;
  for (int i = 0; i < kSubscribers; ++i) {
    subscriptions.push_back(std::make_unique<Subscription>(stub_.get()));
    ASSERT_TRUE(subscriptions.back()->Request("home", v1::RESOLUTION_RAW));
    v1::SubscribeResponse confirmation;
    ASSERT_TRUE(subscriptions.back()->Read(&confirmation));
  }
  std::vector<std::thread> uploaders;
  for (int u = 0; u < 2; ++u) {
    uploaders.emplace_back([this, u] {
      for (int i = 0; i < kUploads; ++i) {
        Upload upload(stub_.get());
        upload.Send("home",
                    {Uploaded(kJan1 + 86400 + (u * kUploads + i) * 900, i)});
        EXPECT_TRUE(upload.Finish().ok());
      }
    });
  }
  for (auto& subscription : subscriptions) {
    std::set<int64_t> seen;
    v1::SubscribeResponse response;
    while (seen.size() < 2 * kUploads && subscription->Read(&response)) {
      seen.insert(response.readings().times().begin(),
                  response.readings().times().end());
    }
    EXPECT_EQ(seen.size(), 2u * kUploads);
  }
  for (auto& uploader : uploaders) uploader.join();
  for (auto& subscription : subscriptions)
    EXPECT_TRUE(subscription->Close().ok());
}

TEST_F(MeterServiceTest, SubscriberThatStopsReadingIsDroppedNotBuffered) {
  StoreQuarterHours("home", 1);
  Subscription subscription(stub_.get());
  ASSERT_TRUE(subscription.Request("home", v1::RESOLUTION_RAW));
  v1::SubscribeResponse response;
  ASSERT_TRUE(subscription.Read(&response));
  // The subscriber reads nothing while ~10 MB of updates are pushed, far more
  // than the transport's windows and the server's backlog limit hold.
  constexpr int kUploads = 60;
  constexpr int kReadingsPerUpload = 10000;
  for (int u = 0; u < kUploads; ++u) {
    std::vector<v1::Reading> readings;
    for (int i = 0; i < kReadingsPerUpload; ++i) {
      readings.push_back(
          Uploaded(kJan1 + 86400 + (u * kReadingsPerUpload + i) * 900, i));
    }
    Upload upload(stub_.get());
    upload.Send("home", std::move(readings));
    ASSERT_TRUE(upload.Finish().ok());
  }
  // Reading again: what was in flight arrives, then the call ends with the
  // reason; the rest was dropped on the server instead of held for it.
  size_t received = 0;
  while (subscription.Read(&response))
    received += response.readings().times_size();
  grpc::Status status = subscription.stream().Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("fell behind"));
  EXPECT_LT(received, size_t{kUploads} * kReadingsPerUpload);
  EXPECT_EQ(outcomes_.Next("Subscribe"), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

}  // namespace
}  // namespace meter
