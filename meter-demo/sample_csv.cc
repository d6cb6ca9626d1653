// Writes realistic sample meter data in the users' CSV format to stdout (or
// --out): a daily and weekly pattern, noise and a few missing readings.
//
//   bazel run //meter-demo:sample_csv -- --count=1000000 --interval_s=60
//   --out=big.csv
#include <absl/flags/flag.h>
#include <absl/time/time.h>

#include <fstream>
#include <iostream>

#include "common/files/user_path.h"
#include "common/flags/flags.h"
#include "meter-demo/sample_data.h"

ABSL_FLAG(std::string, start, "2019-01-01T00:00:00Z",
          "Time before the first reading (RFC 3339).");
ABSL_FLAG(int64_t, interval_s, 900, "Seconds between readings.");
ABSL_FLAG(int64_t, count, 31 * 96,
          "Number of readings (default: a month of 15-minute ones).");
ABSL_FLAG(double, missing_fraction, 0.005, "Share of readings written as NaN.");
ABSL_FLAG(uint64_t, seed, 42,
          "Random seed; the same seed gives the same file.");
ABSL_FLAG(std::string, out, "",
          "Output file (relative to where you ran bazel); default stdout.");

int main(int argc, char** argv) {
  if (common::ParseFlags(argc, argv,
                         "Writes sample meter data as CSV (time,meterusage) "
                         "to stdout or --out.\n"
                         "Usage: sample_csv [--count=N] [--interval_s=S] "
                         "[--out=FILE] [flags]")
          .size() > 1) {
    common::ExitWithUsageError("sample_csv takes no arguments, only flags");
  }
  meter::SampleOptions options;
  absl::Time start;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, absl::GetFlag(FLAGS_start), &start,
                       &error)) {
    common::ExitWithUsageError("--start=" + absl::GetFlag(FLAGS_start) +
                               ": not an RFC 3339 time such as "
                               "2019-01-01T00:00:00Z");
  }
  options.start = absl::ToUnixSeconds(start);
  options.interval_seconds = absl::GetFlag(FLAGS_interval_s);
  options.count = absl::GetFlag(FLAGS_count);
  options.missing_fraction = absl::GetFlag(FLAGS_missing_fraction);
  options.seed = absl::GetFlag(FLAGS_seed);
  if (options.interval_seconds <= 0) {
    common::ExitWithUsageError("--interval_s must be more than 0");
  }
  if (options.count < 0)
    common::ExitWithUsageError("--count must be 0 or more");
  if (!(options.missing_fraction >= 0 && options.missing_fraction <= 1)) {
    common::ExitWithUsageError("--missing_fraction must be from 0 to 1");
  }

  std::string out_path = absl::GetFlag(FLAGS_out);
  if (out_path.empty()) {
    meter::WriteMeterCsv(meter::GenerateSample(options), std::cout);
    return std::cout.good() ? 0 : 1;
  }
  out_path = common::UserPath(out_path);
  std::ofstream out(out_path);
  meter::WriteMeterCsv(meter::GenerateSample(options), out);
  out.close();
  if (!out) {
    std::cerr << "cannot write " << out_path << std::endl;
    return 1;
  }
  std::cerr << "wrote " << options.count << " readings to " << out_path
            << std::endl;
  return 0;
}
