#include "meter-demo/csv_import.h"

#include <absl/time/civil_time.h>
#include <absl/time/time.h>

#include <charconv>
#include <cmath>
#include <fstream>

#include "meter-demo/meter_text.h"

namespace meter {
namespace {

constexpr std::string_view kHeader = "time,meterusage";
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Parses exactly `digits` decimal digits.
bool ParseFixed(std::string_view text, size_t offset, size_t digits, int* out) {
  if (offset + digits > text.size()) return false;
  int value = 0;
  for (size_t i = offset; i < offset + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

// Parses one data row, or explains what is wrong with it.
std::optional<Reading> ParseRow(std::string_view row, std::string* problem) {
  size_t comma = row.find(',');
  if (comma == std::string_view::npos) {
    *problem = "expected 'time,value', got " + Quoted(row);
    return std::nullopt;
  }
  std::string_view time_text = row.substr(0, comma);
  std::string_view value_text = row.substr(comma + 1);
  if (value_text.find(',') != std::string_view::npos) {
    *problem = "expected 2 columns, got more: " + Quoted(row);
    return std::nullopt;
  }
  Reading reading;
  std::optional<int64_t> time = ParseUtcTimestamp(time_text);
  if (!time) {
    *problem =
        "time " + Quoted(time_text) + " is not a valid 'YYYY-MM-DD HH:MM:SS'";
    return std::nullopt;
  }
  reading.time = *time;
  if (value_text.empty()) {
    *problem = "value is empty (write NaN for a missing reading)";
    return std::nullopt;
  }
  double value = 0;
  auto [end, error] = std::from_chars(
      value_text.data(), value_text.data() + value_text.size(), value);
  if (error != std::errc() || end != value_text.data() + value_text.size() ||
      std::isinf(value)) {
    *problem = "value " + Quoted(value_text) + " is not a number";
    return std::nullopt;
  }
  if (value > kMaxReadingKwh || value < -kMaxReadingKwh) {
    *problem = "value " + Quoted(value_text) +
               " is more than a reading can be (1e9 kWh)";
    return std::nullopt;
  }
  // from_chars accepts "NaN" (any case): the file's word for "no reading".
  reading.kwh = std::isnan(value) ? std::nan("") : value;
  return reading;
}

}  // namespace

std::string CsvProblem::Describe(std::string_view file_name) const {
  return std::string(file_name) + ":" + std::to_string(line) + ": " + message;
}

std::optional<int64_t> ParseUtcTimestamp(std::string_view text) {
  // Fixed layout: YYYY-MM-DD HH:MM:SS (19 characters).
  if (text.size() != 19 || text[4] != '-' || text[7] != '-' ||
      text[10] != ' ' || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  int year, month, day, hour, minute, second;
  if (!ParseFixed(text, 0, 4, &year) || !ParseFixed(text, 5, 2, &month) ||
      !ParseFixed(text, 8, 2, &day) || !ParseFixed(text, 11, 2, &hour) ||
      !ParseFixed(text, 14, 2, &minute) || !ParseFixed(text, 17, 2, &second)) {
    return std::nullopt;
  }
  // CivilSecond normalises out-of-range fields (Feb 30 -> Mar 2); a date
  // that changes on the way through did not exist.
  absl::CivilSecond civil(year, month, day, hour, minute, second);
  if (civil.year() != year || civil.month() != month || civil.day() != day ||
      civil.hour() != hour || civil.minute() != minute ||
      civil.second() != second) {
    return std::nullopt;
  }
  return absl::ToUnixSeconds(absl::FromCivil(civil, absl::UTCTimeZone()));
}

CsvParseResult ParseMeterCsv(std::string_view text) {
  CsvParseResult result;
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  int line_number = 0;
  bool header_seen = false;
  while (!text.empty()) {
    size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size()
                                                         : newline + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    if (!header_seen) {
      if (line != kHeader) {
        result.fatal = CsvProblem{line_number, "expected the header '" +
                                                   std::string(kHeader) +
                                                   "', got " + Quoted(line)};
        return result;
      }
      header_seen = true;
      continue;
    }
    if (line.empty())
      continue;  // Blank lines (often at the end) carry no data.
    std::string problem;
    if (std::optional<Reading> reading = ParseRow(line, &problem)) {
      result.readings.push_back(*reading);
      result.lines.push_back(line_number);
    } else {
      result.problems.push_back({line_number, problem});
    }
  }
  if (!header_seen) {
    result.fatal = CsvProblem{1, "the file is empty; expected the header '" +
                                     std::string(kHeader) + "'"};
  }
  return result;
}

CsvParseResult ReadMeterCsvFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    CsvParseResult result;
    result.fatal = CsvProblem{0, "cannot open the file"};
    return result;
  }
  // Read straight into one string of the file's size: a stringstream would
  // hold the text twice, and files of millions of rows are tens of MB.
  file.seekg(0, std::ios::end);
  std::string contents(static_cast<size_t>(file.tellg()), '\0');
  file.seekg(0, std::ios::beg);
  file.read(contents.data(), static_cast<std::streamsize>(contents.size()));
  if (!file) {
    CsvParseResult result;
    result.fatal = CsvProblem{0, "cannot read the file"};
    return result;
  }
  return ParseMeterCsv(contents);
}

}  // namespace meter
