// The hand-written JSON of readings must be exactly what protobuf prints for
// the equivalent meter.v1.ReadingList: checked here for fixed cases and for
// many random batches.
#include "meter-demo/readings_json.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace meter {
namespace {

constexpr int64_t kFirstSecond = -62135596800;  // 0001-01-01T00:00:00Z
constexpr int64_t kLastSecond = 253402300799;   // 9999-12-31T23:59:59Z
constexpr double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::nan("");

// The message a batch stands for: NaN is a missing reading (no value).
v1::ReadingList ToReadingList(const std::vector<int64_t>& times,
                              const std::vector<double>& values) {
  v1::ReadingList list;
  for (size_t i = 0; i < times.size(); ++i) {
    v1::Reading* reading = list.add_readings();
    reading->mutable_time()->set_seconds(times[i]);
    if (!std::isnan(values[i])) reading->set_value(values[i]);
  }
  return list;
}

std::string ProtobufJson(const google::protobuf::Message& message) {
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(message, &json);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return json;
}

std::string WriterJson(const std::vector<int64_t>& times,
                       const std::vector<double>& values) {
  std::string json;
  ReadingListJsonWriter writer(&json);
  EXPECT_TRUE(writer.Append(times.data(), values.data(), times.size()));
  writer.Finish();
  return json;
}

// Checks one batch: same bytes as protobuf, and protobuf reads it back as
// the same message.
void ExpectSameAsProtobuf(const std::vector<int64_t>& times,
                          const std::vector<double>& values) {
  v1::ReadingList expected = ToReadingList(times, values);
  std::string json = WriterJson(times, values);
  ASSERT_EQ(json, ProtobufJson(expected));
  v1::ReadingList parsed;
  auto status = google::protobuf::util::JsonStringToMessage(json, &parsed);
  ASSERT_TRUE(status.ok()) << status.ToString();
  // Equal values (protobuf reads "-0" back as 0; -0 == 0 here).
  ASSERT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(parsed, expected))
      << parsed.DebugString();
}

TEST(ReadingsJsonTest, TheIssuesExample) {
  // 2019-01-01T00:15:00Z and 00:30:00Z
  EXPECT_EQ(WriterJson({1546301700, 1546302600}, {55.09, kNaN}),
            R"({"readings":[{"time":"2019-01-01T00:15:00Z","value":55.09},)"
            R"({"time":"2019-01-01T00:30:00Z"}]})");
}

TEST(ReadingsJsonTest, NoReadingsIsAnEmptyObjectAsInProtobuf) {
  EXPECT_EQ(WriterJson({}, {}), "{}");
  EXPECT_EQ(ProtobufJson(v1::ReadingList()), "{}");
  EXPECT_EQ(ReadingBatchToJson(v1::ReadingBatch()), "{}");
}

TEST(ReadingsJsonTest, BatchesAppendToOneList) {
  v1::ReadingBatch first;
  first.add_times(0);
  first.add_values(1.5);
  v1::ReadingBatch second;
  second.add_times(-1);
  second.add_values(kNaN);
  std::string json;
  ReadingListJsonWriter writer(&json);
  EXPECT_TRUE(writer.Append(first));
  EXPECT_TRUE(writer.Append(v1::ReadingBatch()));
  EXPECT_TRUE(writer.Append(second));
  writer.Finish();
  EXPECT_EQ(writer.count(), 2u);
  EXPECT_EQ(json, R"({"readings":[{"time":"1970-01-01T00:00:00Z","value":1.5},)"
                  R"({"time":"1969-12-31T23:59:59Z"}]})");
}

TEST(ReadingsJsonTest, TimestampsAtTheEdgesOfTheRange) {
  std::string text;
  AppendJsonTimestamp(kFirstSecond, &text);
  AppendJsonTimestamp(kLastSecond, &text);
  AppendJsonTimestamp(-2208988800, &text);  // 1900-01-01
  AppendJsonTimestamp(951782400, &text);    // 2000-02-29
  AppendJsonTimestamp(7258118399, &text);   // 2199-12-31T23:59:59
  EXPECT_EQ(text,
            "\"0001-01-01T00:00:00Z\"\"9999-12-31T23:59:59Z\""
            "\"1900-01-01T00:00:00Z\"\"2000-02-29T00:00:00Z\""
            "\"2199-12-31T23:59:59Z\"");
  ExpectSameAsProtobuf({kFirstSecond, -1, 0, 1, kLastSecond}, {1, 2, 3, 4, 5});
}

TEST(ReadingsJsonTest, TimesOutsideTimestampsRangeAreRefused) {
  std::string json = "unchanged";
  ReadingListJsonWriter writer(&json);
  const int64_t times[] = {0, kLastSecond + 1};
  const double values[] = {1, 2};
  EXPECT_FALSE(writer.Append(times, values, 2));
  const int64_t before[] = {kFirstSecond - 1};
  EXPECT_FALSE(writer.Append(before, values, 1));
  EXPECT_EQ(json, "unchanged");

  v1::ReadingBatch uneven;
  uneven.add_times(0);
  EXPECT_FALSE(writer.Append(uneven));
  EXPECT_EQ(ReadingBatchToJson(uneven), "");
}

TEST(ReadingsJsonTest, DoublesAsProtobufPrintsThem) {
  struct Case {
    double value;
    const char* json;
  };
  const Case kCases[] = {
      {0.0, "0"},
      {-0.0, "-0"},
      {55.09, "55.09"},
      {100, "100"},
      {0.1, "0.1"},
      {0.0001, "0.0001"},
      {1e-05, "1e-05"},
      {0.000123, "0.000123"},
      {-55.09, "-55.09"},
      {999999999.999999, "999999999.999999"},
      {1e9, "1000000000"},
      {0.1 + 0.2, "0.30000000000000004"},
      {1e15, "1e+15"},
      {123456789012345.0, "123456789012345"},
      {2.0 / 3, "0.66666666666666663"},  // %.17g, not the shortest form
      {5e-324, "4.94065645841247e-324"},
      {std::numeric_limits<double>::max(), "1.7976931348623157e+308"},
      {kInf, "\"Infinity\""},
      {-kInf, "\"-Infinity\""},
  };
  for (const Case& c : kCases) {
    std::string text;
    AppendJsonDouble(c.value, &text);
    EXPECT_EQ(text, c.json);
    ExpectSameAsProtobuf({0}, {c.value});
  }
}

// Any finite or infinite double (not NaN), from its bits.
double RandomDouble(std::mt19937_64& random) {
  for (;;) {
    uint64_t bits = random();
    double value;
    std::memcpy(&value, &bits, sizeof(value));
    if (!std::isnan(value)) return value;
  }
}

double RandomValue(std::mt19937_64& random) {
  std::uniform_int_distribution<int> kind(0, 11);
  switch (kind(random)) {
    case 0:
      return kNaN;  // a missing reading
    case 1:         // an integer, small or large
      return std::floor(
          std::ldexp(static_cast<double>(random() >> 11),
                     std::uniform_int_distribution<int>(-53, 20)(random)));
    case 2:  // tiny, including subnormal
      return std::ldexp(
          std::uniform_real_distribution<double>(0.5, 1)(random),
          std::uniform_int_distribution<int>(-1074, -900)(random));
    case 3:  // huge
      return std::ldexp(std::uniform_real_distribution<double>(0.5, 1)(random),
                        std::uniform_int_distribution<int>(900, 1024)(random));
    case 4:  // a power of two (where the gap between doubles changes)
      return std::ldexp(
          1.0, std::uniform_int_distribution<int>(-1074, 1023)(random));
    case 5:
      return RandomDouble(random);
    case 6: {  // a meter's value with 2 or 3 decimals
      int64_t thousandths =
          std::uniform_int_distribution<int64_t>(0, 10'000'000)(random);
      return random() % 2 ? thousandths / 1000.0 : (thousandths / 10) / 100.0;
    }
    case 7:  // up to 15 digits, up to 7 decimals (around the fast path)
    case 8: {
      static const double kPowers[] = {1, 10, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7};
      double decimal =
          static_cast<double>(std::uniform_int_distribution<int64_t>(
                                  0, 999'999'999'999'999)(random) >>
                              (random() % 50)) /
          kPowers[random() % 8];
      return random() % 4 == 0 ? -decimal : decimal;
    }
    case 9: {  // next to a short decimal: must not print as that decimal
      double decimal =
          std::uniform_int_distribution<int64_t>(0, 100'000'000)(random) /
          1000.0;
      return std::nextafter(decimal, random() % 2 ? 0.0 : 1e300);
    }
    default:  // a sum of readings, or a mean
      return std::uniform_real_distribution<double>(0, 1e6)(random);
  }
}

int64_t RandomTime(std::mt19937_64& random) {
  switch (random() % 3) {
    case 0:  // anywhere in Timestamp's range
      return std::uniform_int_distribution<int64_t>(kFirstSecond,
                                                    kLastSecond)(random);
    case 1:  // the years meter data may have (1900 to 2199)
      return std::uniform_int_distribution<int64_t>(-2208988800,
                                                    7258118399)(random);
    default:  // a 15-minute grid around 1970
      return std::uniform_int_distribution<int64_t>(-100000, 100000)(random) *
             900;
  }
}

TEST(ReadingsJsonTest, RandomBatchesPrintExactlyAsProtobuf) {
  std::mt19937_64 random(20190101);
  for (int batch = 0; batch < 300; ++batch) {
    size_t size = std::uniform_int_distribution<size_t>(0, 200)(random);
    std::vector<int64_t> times;
    std::vector<double> values;
    for (size_t i = 0; i < size; ++i) {
      times.push_back(RandomTime(random));
      values.push_back(RandomValue(random));
    }
    ExpectSameAsProtobuf(times, values);
    if (HasFatalFailure()) {
      ADD_FAILURE() << "batch " << batch;
      return;
    }
  }
}

TEST(ReadingsJsonTest, AMonthOfReadingsPrintsExactlyAsProtobuf) {
  // 2019-01, every 15 minutes, 3 decimals, some missing.
  std::mt19937_64 random(7);
  std::vector<int64_t> times;
  std::vector<double> values;
  for (int64_t t = 1546300800 + 900; t <= 1548979200; t += 900) {
    times.push_back(t);
    values.push_back(
        random() % 50 == 0
            ? kNaN
            : std::uniform_int_distribution<int>(0, 99999)(random) / 1000.0);
  }
  ASSERT_GT(times.size(), 2900u);
  ExpectSameAsProtobuf(times, values);
}

}  // namespace
}  // namespace meter
