// Parses meter data in the format users bring:
//
//   time,meterusage
//   2019-01-01 00:15:00,55.09
//   2019-01-01 00:30:00,NaN
//
// Timestamps are "YYYY-MM-DD HH:MM:SS" read as UTC; values are decimals in
// kWh; NaN means "no reading" and is kept as a missing reading, never as 0.
// A UTF-8 byte order mark, CRLF line ends and a missing final newline are
// accepted.
//
// A malformed row is reported with its file name and line number and
// skipped; every other row is still imported. A wrong header rejects the
// whole file, because the columns could not be trusted.
#ifndef METER_DEMO_CSV_IMPORT_H_
#define METER_DEMO_CSV_IMPORT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "meter-demo/reading.h"

namespace meter {

struct CsvProblem {
  int line = 0;  // 1-based, as an editor shows it
  std::string message;

  // "usage.csv:12: value 'abc' is not a number"
  std::string Describe(std::string_view file_name) const;
};

struct CsvParseResult {
  std::vector<Reading> readings;  // in file order
  // lines[i] is the line readings[i] came from, so that whoever checks the
  // readings later can still point at the file's line.
  std::vector<int> lines;
  std::vector<CsvProblem> problems;
  // Set when the file cannot be read at all (e.g. a wrong header).
  std::optional<CsvProblem> fatal;
};

CsvParseResult ParseMeterCsv(std::string_view text);

// Reads and parses a file; a file that cannot be opened is a fatal problem.
CsvParseResult ReadMeterCsvFile(const std::string& path);

// Parses "YYYY-MM-DD HH:MM:SS" as UTC seconds since the epoch. Rejects
// anything else, including impossible dates such as 2019-02-30.
std::optional<int64_t> ParseUtcTimestamp(std::string_view text);

}  // namespace meter

#endif  // METER_DEMO_CSV_IMPORT_H_
