#include "meter-demo/sample_data.h"

#include <absl/time/civil_time.h>
#include <absl/time/time.h>

#include <cmath>
#include <cstdio>
#include <random>

namespace meter {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Average kWh per 15 minutes at this time of day and day of the week.
double TypicalUsage(absl::CivilSecond when) {
  double hour = when.hour() + when.minute() / 60.0;
  auto peak = [hour](double center, double width) {
    return std::exp(-0.5 * std::pow((hour - center) / width, 2));
  };
  absl::Weekday weekday = absl::GetWeekday(absl::CivilDay(when));
  bool weekend =
      weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
  double base = 30.0 + 5.0 * std::cos(2 * kPi * (hour - 3) / 24);  // night low
  double morning = (weekend ? 10.0 : 18.0) * peak(weekend ? 9.5 : 7.5, 1.2);
  double evening = 25.0 * peak(19.0, 2.0);
  double daytime =
      (weekend ? 12.0 : 4.0) * peak(13.0, 3.0);  // home during the day
  return base + morning + evening + daytime;
}

}  // namespace

std::vector<Reading> GenerateSample(const SampleOptions& options) {
  std::mt19937_64 random(options.seed);
  std::normal_distribution<double> noise(0.0, 2.5);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<Reading> readings;
  readings.reserve(options.count);
  for (int64_t i = 0; i < options.count; ++i) {
    Reading reading;
    reading.time = options.start + (i + 1) * options.interval_seconds;
    double usage = TypicalUsage(absl::ToCivilSecond(
        absl::FromUnixSeconds(reading.time), absl::UTCTimeZone()));
    double value = std::max(0.0, usage + noise(random));
    if (uniform(random) >= options.missing_fraction) {
      reading.kwh =
          std::round(value * 100) / 100;  // two decimals, as in the files
    }
    readings.push_back(reading);
  }
  return readings;
}

void WriteMeterCsv(const std::vector<Reading>& readings, std::ostream& out) {
  out << "time,meterusage\n";
  char line[64];
  for (const Reading& reading : readings) {
    std::string time = absl::FormatTime("%Y-%m-%d %H:%M:%S",
                                        absl::FromUnixSeconds(reading.time),
                                        absl::UTCTimeZone());
    if (reading.missing()) {
      std::snprintf(line, sizeof line, "%s,NaN\n", time.c_str());
    } else {
      std::snprintf(line, sizeof line, "%s,%.2f\n", time.c_str(), reading.kwh);
    }
    out << line;
  }
}

}  // namespace meter
