#include "meter-demo/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace meter {
namespace {

std::unique_ptr<MeterStore> OpenOrDie(const std::string& path) {
  std::string error;
  std::unique_ptr<MeterStore> store = MeterStore::Open(path, &error);
  EXPECT_NE(store, nullptr) << error;
  return store;
}

std::vector<Reading> Readings(int64_t start, int count, int64_t step = 900) {
  std::vector<Reading> readings;
  for (int i = 0; i < count; ++i)
    readings.push_back({start + i * step, 1.0 * i});
  return readings;
}

std::vector<Reading> ScanAll(const MeterStore& store, const std::string& meter,
                             int64_t start, int64_t end, size_t batch = 1000) {
  std::vector<Reading> all;
  std::string error;
  EXPECT_TRUE(store.Scan(
      meter, start, end, batch,
      [&](const std::vector<Reading>& b) {
        all.insert(all.end(), b.begin(), b.end());
        return true;
      },
      &error))
      << error;
  return all;
}

TEST(MeterStoreTest, RangeIsStartInclusiveEndExclusiveAndOrdered) {
  auto store = OpenOrDie(":memory:");
  std::vector<Reading> readings = Readings(1000, 10);
  std::reverse(readings.begin(),
               readings.end());  // stored order must not matter
  std::string error;
  ASSERT_TRUE(store->Upsert("m1", readings, &error)) << error;

  std::vector<Reading> range =
      ScanAll(*store, "m1", 1000 + 2 * 900, 1000 + 5 * 900);
  ASSERT_EQ(range.size(), 3u);
  EXPECT_EQ(range[0].time, 1000 + 2 * 900);
  EXPECT_EQ(range[2].time, 1000 + 4 * 900);
  EXPECT_DOUBLE_EQ(range[1].kwh, 3.0);
  EXPECT_TRUE(ScanAll(*store, "m1", 0, 1000).empty());
  EXPECT_TRUE(ScanAll(*store, "unknown", 0, 1'000'000).empty());
}

TEST(MeterStoreTest, MissingReadingsStayMissing) {
  auto store = OpenOrDie(":memory:");
  std::string error;
  ASSERT_TRUE(store->Upsert("m1", {{0, std::nan("")}, {900, 0.0}}, &error));
  std::vector<Reading> all = ScanAll(*store, "m1", 0, 10'000);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(all[0].missing());
  EXPECT_FALSE(all[1].missing());
  EXPECT_EQ(all[1].kwh, 0.0);
}

TEST(MeterStoreTest, ImportingTheSameDataTwiceChangesNothingAndUpdatesReplace) {
  auto store = OpenOrDie(":memory:");
  std::string error;
  ASSERT_TRUE(store->Upsert("m1", Readings(0, 100), &error));
  ASSERT_TRUE(store->Upsert("m1", Readings(0, 100), &error));
  EXPECT_EQ(ScanAll(*store, "m1", 0, 1'000'000).size(), 100u);

  ASSERT_TRUE(store->Upsert("m1", {{900, 42.5}}, &error));
  std::vector<Reading> all = ScanAll(*store, "m1", 0, 1'000'000);
  ASSERT_EQ(all.size(), 100u);
  EXPECT_DOUBLE_EQ(all[1].kwh, 42.5);
}

TEST(MeterStoreTest, MetersAreSeparate) {
  auto store = OpenOrDie(":memory:");
  std::string error;
  ASSERT_TRUE(store->Upsert("b", Readings(0, 3), &error));
  ASSERT_TRUE(store->Upsert("a", Readings(0, 5), &error));
  EXPECT_EQ(store->ListMeters(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ScanAll(*store, "b", 0, 1'000'000).size(), 3u);
  EXPECT_TRUE(store->HasMeter("a"));
  EXPECT_FALSE(store->HasMeter("c"));
  EXPECT_EQ(store->TimeSpan("a"), std::make_pair(int64_t{0}, int64_t{4 * 900}));
  EXPECT_EQ(store->TimeSpan("c"), std::nullopt);
}

TEST(MeterStoreTest, ScanBatchesAndStopsWhenAsked) {
  auto store = OpenOrDie(":memory:");
  std::string error;
  ASSERT_TRUE(store->Upsert("m1", Readings(0, 25), &error));
  std::vector<size_t> sizes;
  ASSERT_TRUE(store->Scan(
      "m1", 0, 1'000'000, 10,
      [&](const std::vector<Reading>& batch) {
        sizes.push_back(batch.size());
        return true;
      },
      &error));
  EXPECT_EQ(sizes, (std::vector<size_t>{10, 10, 5}));

  int batches = 0;
  ASSERT_TRUE(store->Scan(
      "m1", 0, 1'000'000, 10,
      [&](const std::vector<Reading>&) { return ++batches < 2; }, &error));
  EXPECT_EQ(batches, 2);
}

TEST(MeterStoreTest, DataSurvivesReopeningTheFile) {
  std::string path = std::string(getenv("TEST_TMPDIR")) + "/meters.db";
  std::string error;
  {
    auto store = OpenOrDie(path);
    ASSERT_TRUE(store->Upsert("m1", Readings(0, 7), &error));
  }
  auto reopened = OpenOrDie(path);
  EXPECT_EQ(ScanAll(*reopened, "m1", 0, 1'000'000).size(), 7u);
}

TEST(MeterStoreTest, AnUnopenableFileIsAnErrorNamingThePath) {
  std::string error;
  EXPECT_EQ(MeterStore::Open("/nonexistent-dir/x.db", &error), nullptr);
  EXPECT_NE(error.find("/nonexistent-dir/x.db"), std::string::npos) << error;
}

}  // namespace
}  // namespace meter
