#include "meter-demo/readings_json.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string_view>
#include <system_error>

namespace meter {
namespace {

// google.protobuf.Timestamp's range: 0001-01-01T00:00:00Z to
// 9999-12-31T23:59:59Z.
constexpr int64_t kMinSeconds = -62135596800;
constexpr int64_t kMaxSeconds = 253402300799;
constexpr int64_t kSecondsPerDay = 86400;

// Two decimal digits of 0..99.
constexpr char kDigitPairs[] =
    "00010203040506070809"
    "10111213141516171819"
    "20212223242526272829"
    "30313233343536373839"
    "40414243444546474849"
    "50515253545556575859"
    "60616263646566676869"
    "70717273747576777879"
    "80818283848586878889"
    "90919293949596979899";

void PutTwoDigits(int value, char* out) {
  std::memcpy(out, kDigitPairs + 2 * value, 2);
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Writes "YYYY-MM-DD" of the day `days` after 1970-01-01 (proleptic
// Gregorian calendar; Howard Hinnant's civil_from_days).
void PutDate(int64_t days, char* out) {
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;  // [0, 146096]
  const int64_t yoe =
      (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;    // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                       // [0, 11]
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  PutTwoDigits(year / 100, out);
  PutTwoDigits(year % 100, out + 2);
  out[4] = '-';
  PutTwoDigits(month, out + 5);
  out[7] = '-';
  PutTwoDigits(day, out + 8);
}

// Formats timestamps, remembering the date of the last one: consecutive
// readings mostly fall on the same day.
class TimestampFormatter {
 public:
  // Appends "\"YYYY-MM-DDTHH:MM:SSZ\"" (22 characters).
  void Append(int64_t seconds, std::string* out) {
    const int64_t days = FloorDiv(seconds, kSecondsPerDay);
    if (days != cached_days_) {
      PutDate(days, text_ + 1);
      cached_days_ = days;
    }
    const int second_of_day = static_cast<int>(seconds - days * kSecondsPerDay);
    PutTwoDigits(second_of_day / 3600, text_ + 12);
    PutTwoDigits(second_of_day / 60 % 60, text_ + 15);
    PutTwoDigits(second_of_day % 60, text_ + 18);
    out->append(text_, sizeof(text_));
  }

 private:
  // Never a valid day, so the first call fills in the date.
  int64_t cached_days_ = std::numeric_limits<int64_t>::min();
  char text_[22] = {'"', 'Y', 'Y', 'Y', 'Y', '-', 'M', 'M', '-', 'D', 'D',
                    'T', 'h', 'h', ':', 'm', 'm', ':', 's', 's', 'Z', '"'};
};

constexpr std::string_view kFirstReading = "{\"readings\":[{\"time\":";
constexpr std::string_view kNextReading = ",{\"time\":";
constexpr std::string_view kValue = ",\"value\":";

bool InTimestampRange(int64_t seconds) {
  return seconds >= kMinSeconds && seconds <= kMaxSeconds;
}

// Parses what to_chars wrote. from_chars reports subnormal results as out of
// range; strtod (what protobuf uses) returns them, so ask it then.
double ReadBack(const char* begin, const char* end) {
  double value = 0;
  if (std::from_chars(begin, end, value).ec == std::errc()) return value;
  return std::strtod(std::string(begin, end).c_str(), nullptr);
}

// protobuf's algorithm, literally: "%.15g", and "%.17g" if that does not
// read back as `value`.
void AppendDoubleSlowly(double value, std::string* out) {
  char buffer[32];
  char* end = std::to_chars(buffer, buffer + sizeof(buffer), value,
                            std::chars_format::general, 15)
                  .ptr;
  if (ReadBack(buffer, end) != value) {
    end = std::to_chars(buffer, buffer + sizeof(buffer), value,
                        std::chars_format::general, 17)
              .ptr;
  }
  out->append(buffer, end);
}

// Appends the decimal digits of 0 <= value < 10^16.
void AppendUnsigned(uint64_t value, std::string* out) {
  char buffer[20];
  char* end = std::to_chars(buffer, buffer + sizeof(buffer), value).ptr;
  out->append(buffer, end);
}

// The fast path for what meters report: a value with at most 6 decimals,
// e.g. 55.09. If value * 10^6 rounds to an integer m whose quotient m / 10^6
// is `value` again (IEEE division is correctly rounded, and m and 10^6 are
// exact), then `value` is the double nearest the decimal m * 10^-6, which
// has at most 15 significant digits (m < 10^15): "%.15g" prints that decimal
// (see AppendJsonDouble), in fixed notation as 1e-4 <= |value| < 1e15, with
// trailing zeros removed: so does this. Returns false, appending nothing,
// otherwise.
bool AppendShortDecimal(double value, std::string* out) {
  constexpr double kScale = 1e6;
  const double magnitude = std::fabs(value);
  if (!(magnitude >= 1e-4 && magnitude < 1e9)) return false;
  const double scaled = std::nearbyint(magnitude * kScale);
  if (scaled / kScale != magnitude) return false;
  const uint64_t m = static_cast<uint64_t>(scaled);
  if (value < 0) out->push_back('-');
  AppendUnsigned(m / 1000000, out);
  uint64_t fraction = m % 1000000;
  if (fraction == 0) return true;
  int decimals = 6;
  while (fraction % 10 == 0) {
    fraction /= 10;
    --decimals;
  }
  char text[7] = {'.', '0', '0', '0', '0', '0', '0'};
  for (int i = decimals; i > 0; --i) {
    text[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  out->append(text, static_cast<size_t>(decimals + 1));
  return true;
}

}  // namespace

void AppendJsonTimestamp(int64_t seconds, std::string* out) {
  TimestampFormatter().Append(seconds, out);
}

// protobuf 3.21 prints a double with SimpleDtoa(): snprintf "%.15g", and if
// strtod does not give the same double back, "%.17g". So it is not the
// shortest round-trip form: 2.0 / 3 prints as 0.66666666666666663, not
// 0.6666666666666666. AppendDoubleSlowly() does exactly that with to_chars and
// from_chars; this function gets the same text faster (4 times, on a month
// of readings), and readings_json_test checks it against protobuf on
// millions of random doubles. Short decimals take AppendShortDecimal();
// for the rest:
//
// Let S be the shortest decimal that reads back as `value` (std::to_chars
// without a precision; Ryu). If S has at most 15 significant digits, then
// "%.15g" prints S's digits: for a normal double, any decimal of at most 15
// (DBL_DIG) digits comes back unchanged through the nearest double, and
// `value` is the double nearest S. That text reads back, so protobuf keeps
// it. If S has 16 or 17 digits, "%.15g" cannot read back (or S would be
// shorter), and protobuf prints "%.17g". Subnormal doubles have fewer digits
// of precision, so they take the literal route.
void AppendJsonDouble(double value, std::string* out) {
  if (std::isnan(value)) {
    out->append("\"NaN\"");
    return;
  }
  if (std::isinf(value)) {
    out->append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    return;
  }
  if (AppendShortDecimal(value, out)) return;
  if (std::fpclassify(value) == FP_SUBNORMAL) {
    AppendDoubleSlowly(value, out);
    return;
  }
  // S in scientific form, as printf writes it: [-]d[.ddd]e(+|-)xx[x].
  char buffer[32];
  char* const end = std::to_chars(buffer, buffer + sizeof(buffer), value,
                                  std::chars_format::scientific)
                        .ptr;
  const char* digits_begin = buffer[0] == '-' ? buffer + 1 : buffer;
  const char* e = static_cast<const char*>(
      std::memchr(digits_begin, 'e', static_cast<size_t>(end - digits_begin)));
  char digits[17];
  int digit_count = 0;
  for (const char* p = digits_begin; p < e; ++p) {
    if (*p == '.') continue;
    if (digit_count == 17) break;  // cannot happen: S has at most 17 digits
    digits[digit_count++] = *p;
  }
  if (digit_count > 15) {
    char* end17 = std::to_chars(buffer, buffer + sizeof(buffer), value,
                                std::chars_format::general, 17)
                      .ptr;
    out->append(buffer, end17);
    return;
  }
  int exponent = 0;
  std::from_chars(e + (e[1] == '+' ? 2 : 1), end, exponent);
  // "%g" writes scientific notation below 1e-4 and from 1e15 (the
  // precision) on, which to_chars has already written, and otherwise fixed
  // notation without trailing zeros.
  if (exponent < -4 || exponent >= 15) {
    out->append(buffer, end);
    return;
  }
  if (buffer[0] == '-') out->push_back('-');
  if (exponent < 0) {
    out->append("0.");
    out->append(static_cast<size_t>(-exponent - 1), '0');
    out->append(digits, static_cast<size_t>(digit_count));
    return;
  }
  const int integer_digits = exponent + 1;
  if (digit_count <= integer_digits) {
    out->append(digits, static_cast<size_t>(digit_count));
    out->append(static_cast<size_t>(integer_digits - digit_count), '0');
    return;
  }
  out->append(digits, static_cast<size_t>(integer_digits));
  out->push_back('.');
  out->append(digits + integer_digits,
              static_cast<size_t>(digit_count - integer_digits));
}

bool ReadingListJsonWriter::Append(const int64_t* times, const double* values,
                                   size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (!InTimestampRange(times[i])) return false;
  }
  if (count == 0) return true;
  // {"time":"2019-01-01T00:15:00Z","value":55.09}, is 46 characters.
  out_->reserve(out_->size() + count * 48 + 16);
  TimestampFormatter timestamps;
  for (size_t i = 0; i < count; ++i) {
    if (count_++ == 0) {
      out_->append(kFirstReading);
    } else {
      out_->append(kNextReading);
    }
    timestamps.Append(times[i], out_);
    if (!std::isnan(values[i])) {
      out_->append(kValue);
      AppendJsonDouble(values[i], out_);
    }
    out_->push_back('}');
  }
  return true;
}

bool ReadingListJsonWriter::Append(const v1::ReadingBatch& batch) {
  if (batch.times_size() != batch.values_size()) return false;
  return Append(batch.times().data(), batch.values().data(),
                static_cast<size_t>(batch.times_size()));
}

void ReadingListJsonWriter::Finish() {
  out_->append(count_ == 0 ? "{}" : "]}");
}

std::string ReadingBatchToJson(const v1::ReadingBatch& batch) {
  std::string json;
  ReadingListJsonWriter writer(&json);
  if (!writer.Append(batch)) return "";
  writer.Finish();
  return json;
}

}  // namespace meter
