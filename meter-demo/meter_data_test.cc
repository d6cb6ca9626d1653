// The MeterData contract, run against both implementations: SQLite (a file
// in the test's directory) and PostgreSQL (a real server, a new database per
// test). What one does, the other must do too.
#include "meter-demo/meter_data.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <map>
#include <thread>

#include "common/postgres/postgres.h"
#include "common/testing/postgres_server.h"
#include "common/testing/test_arguments.h"

TEST_ARGUMENTS("meter_data_test <throwaway_postgres binary>", 1);

namespace meter {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kJan1 = 1546300800;  // 2019-01-01T00:00:00Z

std::vector<Reading> Readings(int64_t start, int count, int64_t step = 900) {
  std::vector<Reading> readings;
  for (int i = 0; i < count; ++i) {
    readings.push_back({start + i * step, 0.25 * (i % 7)});
  }
  return readings;
}

class MeterDataTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = testing_util::NewTestDatabase(GetParam());
    data_ = OpenOrFail();
    ASSERT_NE(data_, nullptr);
  }

  std::unique_ptr<MeterData> OpenOrFail() {
    std::string error;
    std::unique_ptr<MeterData> data = MeterData::Open(db_, &error);
    EXPECT_NE(data, nullptr) << error;
    return data;
  }

  void Store(const std::string& meter, const std::vector<Reading>& readings,
             MeterData* data = nullptr) {
    std::string error;
    ASSERT_TRUE((data ? data : data_.get())->Upsert(meter, readings, &error))
        << error;
  }

  // Every reading of `meter` in [start, end), fetched `page` at a time.
  std::vector<Reading> All(const std::string& meter, int64_t start = INT64_MIN,
                           int64_t end = INT64_MAX, size_t page = 1000,
                           MeterData* data = nullptr) {
    std::vector<Reading> all;
    Series series;
    for (;;) {
      absl::StatusOr<bool> copied =
          (data ? data : data_.get())
              ->CopyRange(meter, start, end, page, &series);
      EXPECT_TRUE(copied.ok()) << copied.status();
      if (!copied.ok() || !*copied) break;
      EXPECT_LE(series.size(), page);
      for (size_t i = 0; i < series.size(); ++i) {
        all.push_back({series.times[i], series.values[i]});
      }
      start = series.times.back() + 1;
    }
    return all;
  }

  std::string db_;
  std::unique_ptr<MeterData> data_;
};

MATCHER_P2(IsReading, time, kwh, "") {
  return arg.time == time &&
         (std::isnan(kwh) ? std::isnan(arg.kwh) : arg.kwh == kwh);
}

TEST_P(MeterDataTest, RangesAreStartInclusiveEndExclusiveInTimeOrder) {
  std::vector<Reading> readings = Readings(kJan1, 10);
  std::reverse(readings.begin(), readings.end());
  Store("home", readings);
  std::vector<Reading> some = All("home", kJan1 + 900, kJan1 + 3 * 900);
  EXPECT_THAT(some, ElementsAre(IsReading(kJan1 + 900, 0.25),
                                IsReading(kJan1 + 1800, 0.5)));
  EXPECT_EQ(All("home").size(), 10u);
  EXPECT_TRUE(All("home", kJan1 + 10 * 900, INT64_MAX).empty());
  EXPECT_TRUE(All("nobody").empty());
}

TEST_P(MeterDataTest, PagesNeverExceedTheirSizeAndCoverTheRange) {
  Store("home", Readings(kJan1, 2500));
  std::vector<Reading> all = All("home", INT64_MIN, INT64_MAX, 1000);
  ASSERT_EQ(all.size(), 2500u);
  for (size_t i = 1; i < all.size(); ++i)
    EXPECT_LT(all[i - 1].time, all[i].time);
}

TEST_P(MeterDataTest, ValuesComeBackExactlyAndMissingStaysMissing) {
  const double kNan = std::nan("");
  Store("home", {{kJan1, 0.1},
                 {kJan1 + 1, kNan},
                 {kJan1 + 2, kMaxReadingKwh},
                 {kJan1 + 3, 1e-300},
                 {kJan1 + 4, 0.0}});
  EXPECT_THAT(
      All("home"),
      ElementsAre(IsReading(kJan1, 0.1), IsReading(kJan1 + 1, kNan),
                  IsReading(kJan1 + 2, kMaxReadingKwh),
                  IsReading(kJan1 + 3, 1e-300), IsReading(kJan1 + 4, 0.0)));
}

TEST_P(MeterDataTest,
       AReadingAtAKnownTimeReplacesItAndTheLastOfEqualTimesWins) {
  Store("home", Readings(kJan1, 3));
  Store("home", {{kJan1 + 900, 5.0}, {kJan1 + 900, 6.0}, {kJan1 + 9000, 1.0}});
  EXPECT_THAT(
      All("home"),
      ElementsAre(IsReading(kJan1, 0.0), IsReading(kJan1 + 900, 6.0),
                  IsReading(kJan1 + 1800, 0.5), IsReading(kJan1 + 9000, 1.0)));
  absl::StatusOr<std::vector<MeterStats>> meters = data_->ListMeters();
  ASSERT_TRUE(meters.ok()) << meters.status();
  ASSERT_EQ(meters->size(), 1u);
  EXPECT_EQ((*meters)[0].reading_count, 4);  // a replaced reading counts once
  EXPECT_EQ((*meters)[0].first_time, kJan1);
  EXPECT_EQ((*meters)[0].last_time, kJan1 + 9000);
}

TEST_P(MeterDataTest, MetersAreListedByIdAndKnownOnceCreated) {
  Store("b", Readings(kJan1, 2));
  Store("a", Readings(kJan1 + 100, 3));
  Store("empty", {});
  absl::StatusOr<std::vector<MeterStats>> meters = data_->ListMeters();
  ASSERT_TRUE(meters.ok()) << meters.status();
  ASSERT_EQ(meters->size(), 3u);
  EXPECT_EQ((*meters)[0].id, "a");
  EXPECT_EQ((*meters)[0].reading_count, 3);
  EXPECT_EQ((*meters)[1].id, "b");
  EXPECT_EQ((*meters)[2].id, "empty");
  EXPECT_EQ((*meters)[2].reading_count, 0);
  EXPECT_FALSE((*meters)[2].first_time);
  EXPECT_TRUE(*data_->HasMeter("empty"));
  EXPECT_FALSE(*data_->HasMeter("c"));
}

TEST_P(MeterDataTest, SummariesCountSumAndFindTheEarliestExtremes) {
  Store("home", {{kJan1, 2.0},
                 {kJan1 + 900, std::nan("")},
                 {kJan1 + 1800, 0.5},
                 {kJan1 + 2700, 2.0},
                 {kJan1 + 3600, 0.5},
                 {kJan1 + 4500, 9.0}});
  absl::StatusOr<RangeSummary> summary =
      data_->Summarize("home", kJan1, kJan1 + 4500);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->reading_count, 5);
  EXPECT_EQ(summary->missing_count, 1);
  EXPECT_EQ(summary->total, 5.0);
  EXPECT_THAT(*summary->min, IsReading(kJan1 + 1800, 0.5));
  EXPECT_THAT(*summary->max, IsReading(kJan1, 2.0));
  EXPECT_EQ(summary->first_time, kJan1);
  EXPECT_EQ(summary->last_time, kJan1 + 3600);

  absl::StatusOr<RangeSummary> empty =
      data_->Summarize("home", kJan1 + 1, kJan1 + 2);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->reading_count, 0);
  EXPECT_FALSE(empty->min);
  EXPECT_FALSE(empty->first_time);
  absl::StatusOr<RangeSummary> all_missing =
      data_->Summarize("home", kJan1 + 900, kJan1 + 901);
  ASSERT_TRUE(all_missing.ok());
  EXPECT_EQ(all_missing->reading_count, 1);
  EXPECT_EQ(all_missing->missing_count, 1);
  EXPECT_FALSE(all_missing->min);
}

TEST_P(MeterDataTest, DataOutlivesTheProcessThatStoredIt) {
  Store("home", Readings(kJan1, 100));
  data_.reset();
  std::unique_ptr<MeterData> reopened = OpenOrFail();
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(All("home", INT64_MIN, INT64_MAX, 1000, reopened.get()).size(),
            100u);
}

// Collects what a MeterData's listener is told, for waiting on.
class Heard {
 public:
  explicit Heard(MeterData* data) : data_(data) {
    id_ = data->AddListener(
        [this](const std::string& meter, const std::vector<Reading>& readings) {
          std::lock_guard<std::mutex> lock(mutex_);
          for (const Reading& reading : readings) {
            readings_.push_back({meter, reading});
          }
          changed_.notify_all();
        });
  }
  ~Heard() { data_->RemoveListener(id_); }

  using Readings = std::vector<std::pair<std::string, Reading>>;
  // What arrived once `done` holds for it (or after 10 s).
  Readings WaitUntil(const std::function<bool(const Readings&)>& done) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(10),
                      [&] { return done(readings_); });
    return readings_;
  }
  Readings WaitFor(size_t count) {
    return WaitUntil([count](const Readings& r) { return r.size() >= count; });
  }

 private:
  MeterData* data_;
  int id_;
  std::mutex mutex_;
  std::condition_variable changed_;
  Readings readings_;
};

TEST_P(MeterDataTest, ListenersHearEveryUploadInOrder) {
  Heard heard(data_.get());
  Store("home", {{kJan1, 1.0}});
  Store("garage", {{kJan1, 2.0}, {kJan1 + 900, 3.0}});
  Store("home", {{kJan1, 4.0}});
  auto readings = heard.WaitFor(4);
  ASSERT_EQ(readings.size(), 4u);
  EXPECT_EQ(readings[0].first, "home");
  EXPECT_THAT(readings[0].second, IsReading(kJan1, 1.0));
  EXPECT_EQ(readings[1].first, "garage");
  EXPECT_THAT(readings[2].second, IsReading(kJan1 + 900, 3.0));
  EXPECT_EQ(readings[3].first, "home");
  EXPECT_THAT(readings[3].second, IsReading(kJan1, 4.0));
}

INSTANTIATE_TEST_SUITE_P(BothDatabases, MeterDataTest,
                         ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

// What only a shared database can do: several replicas over one database.
class PostgresReplicasTest : public MeterDataTest {};

TEST_P(PostgresReplicasTest, AReplicaHearsUploadsThroughAnother) {
  std::unique_ptr<MeterData> replica_b = OpenOrFail();
  Heard heard_on_a(data_.get());
  Store("home", Readings(kJan1, 3), replica_b.get());
  auto readings = heard_on_a.WaitFor(3);
  ASSERT_EQ(readings.size(), 3u);
  EXPECT_THAT(readings[2].second, IsReading(kJan1 + 1800, 0.5));
  EXPECT_EQ(All("home").size(), 3u) << "and reads see it at once";
}

TEST_P(PostgresReplicasTest, ConcurrentUploadsThroughTwoReplicasAllCount) {
  std::unique_ptr<MeterData> replica_b = OpenOrFail();
  Heard heard_on_a(data_.get());
  std::vector<std::thread> uploaders;
  for (int i = 0; i < 4; ++i) {
    MeterData* replica = i % 2 == 0 ? data_.get() : replica_b.get();
    uploaders.emplace_back([this, replica, i] {
      // Overlapping times: each reading is uploaded by two threads.
      for (int j = 0; j < 25; ++j) {
        Store("home", {{kJan1 + (i / 2) * 100 + j, 1.0 * i}}, replica);
      }
    });
  }
  for (std::thread& uploader : uploaders) uploader.join();
  absl::StatusOr<std::vector<MeterStats>> meters = replica_b->ListMeters();
  ASSERT_TRUE(meters.ok()) << meters.status();
  EXPECT_EQ((*meters)[0].reading_count, 50);
  std::vector<Reading> stored = All("home");
  ASSERT_EQ(stored.size(), 50u);
  // A reading replaced before the listener read it back comes with the
  // upload that replaced it, so the last heard value of each time is the
  // stored one.
  auto last_heard = [](const Heard::Readings& heard) {
    std::map<int64_t, double> last;
    for (const auto& [meter, reading] : heard) last[reading.time] = reading.kwh;
    return last;
  };
  std::map<int64_t, double> expected;
  for (const Reading& reading : stored) expected[reading.time] = reading.kwh;
  EXPECT_EQ(last_heard(heard_on_a.WaitUntil([&](const Heard::Readings& heard) {
              return last_heard(heard) == expected;
            })),
            expected);
}

TEST_P(PostgresReplicasTest, AServerRefusesADatabaseWithANewerSchema) {
  std::string error;
  std::unique_ptr<common::PgConnection> admin =
      common::PgConnection::Connect(db_, &error);
  ASSERT_NE(admin, nullptr) << error;
  ASSERT_TRUE(admin->Run(
      "UPDATE schema_versions SET version = 99 WHERE component = 'meter'",
      &error));
  EXPECT_EQ(MeterData::Open(db_, &error), nullptr);
  EXPECT_THAT(error, HasSubstr("schema of meter: the database is at version "
                               "99, newer than this server knows (1)"));
}

TEST_P(PostgresReplicasTest, AnUnreachableDatabaseIsAClearError) {
  std::string error;
  EXPECT_EQ(
      MeterData::Open("postgresql://meter:secret@127.0.0.1:1/meter", &error),
      nullptr);
  EXPECT_THAT(error, HasSubstr("cannot connect to "
                               "postgresql://meter:***@127.0.0.1:1/meter"));
}

INSTANTIATE_TEST_SUITE_P(Postgres, PostgresReplicasTest,
                         ::testing::Values("postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace meter
