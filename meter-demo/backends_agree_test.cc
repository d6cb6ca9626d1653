// The meter service over SQLite and over PostgreSQL, given the same year of
// sample data, answers every ListReadings (each resolution, with and
// without max_points) and GetSummary alike, bit for bit.
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "common/testing/postgres_server.h"
#include "common/testing/test_arguments.h"
#include "meter-demo/meter_data.h"
#include "meter-demo/meter_service.h"
#include "meter-demo/sample_data.h"

TEST_ARGUMENTS("backends_agree_test <throwaway_postgres binary>", 1);

namespace meter {
namespace {

constexpr int64_t kJan1 = 1546300800;  // 2019-01-01T00:00:00Z

std::chrono::system_clock::time_point In(std::chrono::seconds seconds) {
  return std::chrono::system_clock::now() + seconds;
}

// A meter service over `db`, with the sample year, on a loopback port.
class Backend {
 public:
  explicit Backend(const std::string& db) {
    std::string error;
    data_ = MeterData::Open(db, &error);
    EXPECT_NE(data_, nullptr) << error;
    SampleOptions options;
    options.count = 365 * 96;
    EXPECT_TRUE(data_->Upsert("home", GenerateSample(options), &error))
        << error;
    service_ = std::make_unique<MeterServiceImpl>(data_.get());
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
  ~Backend() {
    server_->Shutdown(In(std::chrono::seconds(1)));
    server_->Wait();
  }

  // Every batch of one ListReadings, merged into one.
  v1::ReadingBatch List(v1::Resolution resolution, int max_points,
                        int64_t start, int64_t end) {
    v1::ListReadingsRequest request;
    request.set_meter_id("home");
    request.mutable_start()->set_seconds(start);
    request.mutable_end()->set_seconds(end);
    request.set_resolution(resolution);
    request.set_max_points(max_points);
    grpc::ClientContext context;
    context.set_deadline(In(std::chrono::seconds(30)));
    auto reader = stub_->ListReadings(&context, request);
    v1::ReadingBatch all, batch;
    while (reader->Read(&batch)) all.MergeFrom(batch);
    grpc::Status status = reader->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return all;
  }

  v1::Summary Summarize(int64_t start, int64_t end) {
    v1::GetSummaryRequest request;
    request.set_meter_id("home");
    request.mutable_start()->set_seconds(start);
    request.mutable_end()->set_seconds(end);
    grpc::ClientContext context;
    context.set_deadline(In(std::chrono::seconds(10)));
    v1::Summary summary;
    grpc::Status status = stub_->GetSummary(&context, request, &summary);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return summary;
  }

 private:
  std::unique_ptr<MeterData> data_;
  std::unique_ptr<MeterServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::MeterService::Stub> stub_;
};

// NaN (a missing reading) equals NaN here.
void ExpectSameBatch(const v1::ReadingBatch& sqlite,
                     const v1::ReadingBatch& postgres,
                     const std::string& what) {
  ASSERT_EQ(sqlite.times_size(), postgres.times_size()) << what;
  ASSERT_GT(sqlite.times_size(), 0) << what;
  for (int i = 0; i < sqlite.times_size(); ++i) {
    ASSERT_EQ(sqlite.times(i), postgres.times(i)) << what << " #" << i;
    if (std::isnan(sqlite.values(i))) {
      ASSERT_TRUE(std::isnan(postgres.values(i))) << what << " #" << i;
    } else {
      ASSERT_EQ(sqlite.values(i), postgres.values(i)) << what << " #" << i;
    }
  }
}

class BackendsAgreeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sqlite_ = new Backend(":memory:");
    postgres_ =
        new Backend(testing_util::PostgresServer::Shared().NewDatabase());
  }
  static void TearDownTestSuite() {
    delete sqlite_;
    delete postgres_;
  }
  static Backend* sqlite_;
  static Backend* postgres_;
};
Backend* BackendsAgreeTest::sqlite_ = nullptr;
Backend* BackendsAgreeTest::postgres_ = nullptr;

TEST_F(BackendsAgreeTest, EveryResolutionAndDownsamplingGiveTheSameReadings) {
  const int64_t kYear = kJan1 + 365 * 86400 + 1;
  const int64_t kMarch = kJan1 + 59 * 86400;
  for (v1::Resolution resolution :
       {v1::RESOLUTION_RAW, v1::RESOLUTION_15_MINUTES, v1::RESOLUTION_HOURLY,
        v1::RESOLUTION_DAILY}) {
    for (int max_points : {0, 200, 2000}) {
      for (auto [start, end] : {std::pair{kJan1, kYear},
                                std::pair{kMarch + 3600, kMarch + 7 * 86400}}) {
        const std::string what = v1::Resolution_Name(resolution) +
                                 " max_points " + std::to_string(max_points) +
                                 " from " + std::to_string(start);
        ExpectSameBatch(sqlite_->List(resolution, max_points, start, end),
                        postgres_->List(resolution, max_points, start, end),
                        what);
      }
    }
  }
}

TEST_F(BackendsAgreeTest, SummariesAreTheSame) {
  for (auto [start, end] : {std::pair{kJan1, kJan1 + 365 * 86400 + 1},
                            std::pair{kJan1 + 86400, kJan1 + 2 * 86400}}) {
    v1::Summary sqlite = sqlite_->Summarize(start, end);
    v1::Summary postgres = postgres_->Summarize(start, end);
    EXPECT_TRUE(
        google::protobuf::util::MessageDifferencer::Equals(sqlite, postgres))
        << "SQLite: " << sqlite.DebugString()
        << "PostgreSQL: " << postgres.DebugString();
  }
}

}  // namespace
}  // namespace meter
