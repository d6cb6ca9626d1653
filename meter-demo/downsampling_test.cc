#include "meter-demo/downsampling.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace meter {
namespace {

using ::testing::ElementsAre;

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

Series Make(std::vector<int64_t> times, std::vector<double> values) {
  Series series;
  series.times = std::move(times);
  series.values = std::move(values);
  return series;
}

TEST(IntervalEndTest, NamesIntervalsByTheirEnd) {
  EXPECT_EQ(IntervalEnd(900, 3600), 3600);
  EXPECT_EQ(IntervalEnd(3600, 3600), 3600);  // 01:00 closes the first hour
  EXPECT_EQ(IntervalEnd(3601, 3600), 7200);
  EXPECT_EQ(IntervalEnd(0, 3600), 0);
  EXPECT_EQ(IntervalEnd(-1, 3600), 0);  // before 1970 too
  EXPECT_EQ(IntervalEnd(-3600, 3600), -3600);
  EXPECT_EQ(IntervalEnd(-3601, 3600), -3600);
}

TEST(AggregateTest, SumsQuarterHoursIntoHours) {
  Series in = Make({900, 1800, 2700, 3600, 4500}, {1, 2, 3, 4, 10});
  Series out;
  AppendAggregated(in, 3600, &out);
  EXPECT_THAT(out.times, ElementsAre(3600, 7200));
  EXPECT_THAT(out.values, ElementsAre(10, 10));
}

TEST(AggregateTest, SkipsMissingAndKeepsAllMissingIntervalsMissing) {
  Series in = Make({900, 1800, 4500, 5400}, {1, kMissing, kMissing, kMissing});
  Series out;
  AppendAggregated(in, 3600, &out);
  EXPECT_THAT(out.times, ElementsAre(3600, 7200));
  EXPECT_EQ(out.values[0], 1);
  EXPECT_TRUE(std::isnan(out.values[1]));
}

TEST(AggregateTest, ContinuesTheLastIntervalAcrossPages) {
  Series out;
  AppendAggregated(Make({900, 1800}, {kMissing, 2}), 3600, &out);
  AppendAggregated(Make({2700, 3600, 4500}, {3, 4, 5}), 3600, &out);
  EXPECT_THAT(out.times, ElementsAre(3600, 7200));
  EXPECT_THAT(out.values, ElementsAre(9, 5));
}

TEST(AggregateTest, RoundSumsRemovesBinaryNoiseAndKeepsMissing) {
  Series sums = Make({1, 2}, {0.1 + 0.2, kMissing});
  EXPECT_NE(sums.values[0], 0.3);
  RoundSums(&sums);
  EXPECT_EQ(sums.values[0], 0.3);
  EXPECT_TRUE(std::isnan(sums.values[1]));
}

TEST(DownsampleTest, ReturnsASeriesThatFitsUnchanged) {
  Series in = Make({1, 2, 3}, {5, 6, 7});
  Series out = DownsampleMinMax(in, 3);
  EXPECT_EQ(out.times, in.times);
  EXPECT_EQ(out.values, in.values);
}

TEST(DownsampleTest, KeepsExtremesAndBoundsThePointCount) {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> noise(1, 2);
  Series in;
  for (int64_t i = 0; i < 100000; ++i) in.Append(i * 60, noise(random));
  in.values[31337] = 50;    // a peak
  in.values[77777] = 0.01;  // a trough
  for (size_t max_points : {2, 3, 10, 100, 999, 1000}) {
    Series out = DownsampleMinMax(in, max_points);
    EXPECT_LE(out.size(), max_points);
    EXPECT_GE(out.size(), max_points / 2);
    EXPECT_TRUE(std::is_sorted(out.times.begin(), out.times.end()));
    EXPECT_EQ(*std::max_element(out.values.begin(), out.values.end()), 50);
    EXPECT_EQ(*std::min_element(out.values.begin(), out.values.end()), 0.01);
    // Every point is a real reading, at its real time.
    for (size_t i = 0; i < out.size(); ++i) {
      EXPECT_EQ(in.values[out.times[i] / 60], out.values[i]);
    }
  }
}

TEST(DownsampleTest, KeepsAGapThatFillsAnInterval) {
  Series in;
  for (int64_t i = 0; i < 1000; ++i)
    in.Append(i, i >= 400 && i < 600 ? kMissing : 1.0);
  Series out = DownsampleMinMax(in, 20);  // 10 intervals of 100 readings
  int gaps = std::count_if(out.values.begin(), out.values.end(),
                           [](double v) { return std::isnan(v); });
  EXPECT_EQ(gaps, 2);
  EXPECT_LE(out.size(), 20u);
}

TEST(DownsampleTest, AllMissingStaysMissing) {
  Series in;
  for (int64_t i = 0; i < 100; ++i) in.Append(i, kMissing);
  Series out = DownsampleMinMax(in, 10);
  ASSERT_EQ(out.size(), 5u);
  for (double value : out.values) EXPECT_TRUE(std::isnan(value));
}

}  // namespace
}  // namespace meter
