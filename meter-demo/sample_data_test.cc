#include "meter-demo/sample_data.h"

#include <gtest/gtest.h>

#include <sstream>

#include "meter-demo/csv_import.h"

namespace meter {
namespace {

TEST(GenerateSampleTest, AMonthOfQuarterHoursStartingAtQuarterPastMidnight) {
  std::vector<Reading> readings = GenerateSample({});
  ASSERT_EQ(readings.size(), 31u * 96);
  EXPECT_EQ(readings.front().time, *ParseUtcTimestamp("2019-01-01 00:15:00"));
  EXPECT_EQ(readings.back().time, *ParseUtcTimestamp("2019-02-01 00:00:00"));
  for (size_t i = 1; i < readings.size(); ++i) {
    ASSERT_EQ(readings[i].time - readings[i - 1].time, 900);
  }
}

TEST(GenerateSampleTest, DeterministicForASeedAndDifferentForAnother) {
  SampleOptions options;
  std::vector<Reading> a = GenerateSample(options);
  std::vector<Reading> b = GenerateSample(options);
  options.seed = 7;
  std::vector<Reading> c = GenerateSample(options);
  int same_as_b = 0, same_as_c = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    same_as_b += a[i].kwh == b[i].kwh || (a[i].missing() && b[i].missing());
    same_as_c += a[i].kwh == c[i].kwh;
  }
  EXPECT_EQ(same_as_b, static_cast<int>(a.size()));
  EXPECT_LT(same_as_c, static_cast<int>(a.size()) / 10);
}

TEST(GenerateSampleTest, HasAFewMissingReadingsAndNoNegativeOnes) {
  SampleOptions options;
  options.count = 100'000;
  int missing = 0;
  for (const Reading& reading : GenerateSample(options)) {
    if (reading.missing()) {
      ++missing;
    } else {
      ASSERT_GE(reading.kwh, 0.0);
    }
  }
  EXPECT_GT(missing, 250);  // 0.5% of 100,000 is 500
  EXPECT_LT(missing, 750);
}

TEST(GenerateSampleTest, EveningPeakIsAboveTheNightLow) {
  SampleOptions options;
  options.count = 28 * 96;
  options.missing_fraction = 0;
  double night = 0, evening = 0;
  std::vector<Reading> readings = GenerateSample(options);
  for (size_t i = 0; i < readings.size(); ++i) {
    int64_t second_of_day = readings[i].time % 86400;
    if (second_of_day == 3 * 3600) night += readings[i].kwh;
    if (second_of_day == 19 * 3600) evening += readings[i].kwh;
  }
  EXPECT_GT(evening, 1.5 * night);
}

TEST(WriteMeterCsvTest, RoundTripsThroughTheImporter) {
  SampleOptions options;
  options.missing_fraction = 0.05;
  std::vector<Reading> readings = GenerateSample(options);
  std::ostringstream csv;
  WriteMeterCsv(readings, csv);
  const std::string start = "time,meterusage\n2019-01-01 00:15:00,";
  EXPECT_EQ(csv.str().substr(0, start.size()), start);

  CsvParseResult parsed = ParseMeterCsv(csv.str());
  ASSERT_FALSE(parsed.fatal);
  EXPECT_TRUE(parsed.problems.empty());
  ASSERT_EQ(parsed.readings.size(), readings.size());
  for (size_t i = 0; i < readings.size(); ++i) {
    ASSERT_EQ(parsed.readings[i].time, readings[i].time);
    ASSERT_EQ(parsed.readings[i].missing(), readings[i].missing()) << i;
    if (!readings[i].missing()) {
      ASSERT_DOUBLE_EQ(parsed.readings[i].kwh, readings[i].kwh);
    }
  }
}

}  // namespace
}  // namespace meter
