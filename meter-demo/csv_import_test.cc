#include "meter-demo/csv_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

namespace meter {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t k2019 = 1546300800;  // 2019-01-01 00:00:00 UTC

TEST(ParseUtcTimestampTest, ReadsTheUsersFormatAsUtc) {
  EXPECT_EQ(ParseUtcTimestamp("2019-01-01 00:00:00"), k2019);
  EXPECT_EQ(ParseUtcTimestamp("2019-01-01 00:15:00"), k2019 + 900);
  EXPECT_EQ(ParseUtcTimestamp("2020-02-29 23:59:59"), 1583020799);  // leap day
  EXPECT_EQ(ParseUtcTimestamp("1970-01-01 00:00:00"), 0);
}

TEST(ParseUtcTimestampTest, RejectsOtherFormatsAndImpossibleDates) {
  for (const char* bad :
       {"", "2019-01-01", "2019-01-01T00:00:00", "2019-01-01 00:00:00Z",
        "2019-1-01 00:00:00", "2019-02-30 00:00:00", "2019-13-01 00:00:00",
        "2019-01-01 24:00:00", "2019-01-01 00:60:00", "2019-01-01 00:00:60",
        "2019-02-29 00:00:00", "abcd-01-01 00:00:00", " 2019-01-01 00:00:00"}) {
    EXPECT_EQ(ParseUtcTimestamp(bad), std::nullopt) << "'" << bad << "'";
  }
}

TEST(ParseMeterCsvTest, GoodRows) {
  CsvParseResult result = ParseMeterCsv(
      "time,meterusage\n"
      "2019-01-01 00:15:00,55.09\n"
      "2019-01-01 00:30:00,54.64\n");
  EXPECT_FALSE(result.fatal);
  EXPECT_TRUE(result.problems.empty());
  ASSERT_EQ(result.readings.size(), 2u);
  EXPECT_EQ(result.readings[0].time, k2019 + 900);
  EXPECT_DOUBLE_EQ(result.readings[0].kwh, 55.09);
  EXPECT_EQ(result.readings[1].time, k2019 + 1800);
  EXPECT_DOUBLE_EQ(result.readings[1].kwh, 54.64);
}

TEST(ParseMeterCsvTest, NanIsAMissingReadingNotZero) {
  CsvParseResult result = ParseMeterCsv(
      "time,meterusage\n"
      "2019-01-01 00:15:00,NaN\n"
      "2019-01-01 00:30:00,nan\n"
      "2019-01-01 00:45:00,0\n");
  ASSERT_EQ(result.readings.size(), 3u);
  EXPECT_TRUE(result.readings[0].missing());
  EXPECT_TRUE(result.readings[1].missing());
  EXPECT_FALSE(result.readings[2].missing());
  EXPECT_EQ(result.readings[2].kwh, 0.0);
}

TEST(ParseMeterCsvTest, MalformedRowsAreReportedByLineAndTheRestIsKept) {
  CsvParseResult result = ParseMeterCsv(
      "time,meterusage\n"
      "2019-01-01 00:15:00,55.09\n"
      "2019-01-01 00:30:00,abc\n"  // line 3
      "2019-02-30 00:45:00,1.5\n"  // line 4
      "2019-01-01 01:00:00\n"      // line 5
      "2019-01-01 01:15:00,\n"     // line 6
      "2019-01-01 01:30:00,1,2\n"  // line 7
      "2019-01-01 01:45:00,inf\n"  // line 8
      "2019-01-01 02:00:00,12.5\n");
  EXPECT_FALSE(result.fatal);
  ASSERT_EQ(result.readings.size(), 2u);
  EXPECT_DOUBLE_EQ(result.readings[1].kwh, 12.5);
  std::vector<int> lines;
  for (const CsvProblem& problem : result.problems)
    lines.push_back(problem.line);
  EXPECT_THAT(lines, ElementsAre(3, 4, 5, 6, 7, 8));
  // The readings remember their lines too.
  EXPECT_THAT(result.lines, ElementsAre(2, 9));
  EXPECT_EQ(result.problems[0].Describe("usage.csv"),
            "usage.csv:3: value 'abc' is not a number");
  EXPECT_THAT(result.problems[1].message, HasSubstr("'2019-02-30 00:45:00'"));
  EXPECT_THAT(result.problems[3].message, HasSubstr("NaN"));
}

// A finite value so large that sums of it overflow to infinity ("Infinity"
// in every summary) is refused like a value that is not a number.
TEST(ParseMeterCsvTest, AValueTooLargeForAReadingIsReported) {
  CsvParseResult result = ParseMeterCsv(
      "time,meterusage\n"
      "2019-01-01 00:15:00,1e308\n"
      "2019-01-01 00:30:00,1000000000\n");  // 1e9 kWh: the most there is
  ASSERT_EQ(result.readings.size(), 1u);
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].Describe("usage.csv"),
            "usage.csv:2: value '1e308' is more than a reading can be "
            "(1e9 kWh)");
}

TEST(ParseMeterCsvTest, MissingNewlineAtTheEnd) {
  CsvParseResult result = ParseMeterCsv(
      "time,meterusage\n2019-01-01 00:15:00,1\n2019-01-01 00:30:00,2");
  ASSERT_EQ(result.readings.size(), 2u);
  EXPECT_DOUBLE_EQ(result.readings[1].kwh, 2);
}

TEST(ParseMeterCsvTest, CrlfAndByteOrderMark) {
  CsvParseResult result = ParseMeterCsv(
      "\xEF\xBB\xBFtime,meterusage\r\n2019-01-01 00:15:00,1.25\r\n\r\n");
  EXPECT_FALSE(result.fatal);
  EXPECT_TRUE(result.problems.empty());
  ASSERT_EQ(result.readings.size(), 1u);
  EXPECT_DOUBLE_EQ(result.readings[0].kwh, 1.25);
  EXPECT_THAT(result.lines, ElementsAre(2));
}

TEST(ParseMeterCsvTest, WrongHeaderOrEmptyFileIsFatal) {
  CsvParseResult wrong = ParseMeterCsv("date,usage\n2019-01-01 00:15:00,1\n");
  ASSERT_TRUE(wrong.fatal);
  EXPECT_EQ(wrong.fatal->Describe("x.csv"),
            "x.csv:1: expected the header 'time,meterusage', got 'date,usage'");
  EXPECT_TRUE(wrong.readings.empty());

  CsvParseResult empty = ParseMeterCsv("");
  ASSERT_TRUE(empty.fatal);
  EXPECT_THAT(empty.fatal->message, HasSubstr("empty"));
}

TEST(ReadMeterCsvFileTest, ReadsAFileAndReportsAMissingOne) {
  std::string path = std::string(getenv("TEST_TMPDIR")) + "/usage.csv";
  std::ofstream(path) << "time,meterusage\n2019-01-01 00:15:00,7\n";
  CsvParseResult result = ReadMeterCsvFile(path);
  ASSERT_EQ(result.readings.size(), 1u);
  EXPECT_DOUBLE_EQ(result.readings[0].kwh, 7);

  CsvParseResult missing = ReadMeterCsvFile(path + ".nope");
  ASSERT_TRUE(missing.fatal);
  EXPECT_EQ(missing.fatal->message, "cannot open the file");
}

}  // namespace
}  // namespace meter
