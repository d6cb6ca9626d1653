#include "examples/calculator/calculator_logic.h"

#include <cstdint>
#include <limits>
#include <string>

namespace calculator {
namespace {

using grpc::Status;
using grpc::StatusCode;

uint64_t MulMod(uint64_t a, uint64_t b, uint64_t m) {
  return static_cast<uint64_t>(static_cast<unsigned __int128>(a) * b % m);
}

uint64_t PowMod(uint64_t base, uint64_t exponent, uint64_t m) {
  uint64_t result = 1;
  base %= m;
  while (exponent > 0) {
    if (exponent & 1) result = MulMod(result, base, m);
    base = MulMod(base, base, m);
    exponent >>= 1;
  }
  return result;
}

}  // namespace

// [START divide_logic]
Status Divide(const v1::DivideRequest& request, v1::DivideResponse* response) {
  if (request.divisor() == 0) {
    return Status(StatusCode::INVALID_ARGUMENT, "divisor must not be zero");
  }
  if (request.dividend() == std::numeric_limits<int64_t>::min() &&
      request.divisor() == -1) {
    return Status(StatusCode::OUT_OF_RANGE,
                  "the quotient of INT64_MIN / -1 does not fit in int64");
  }
  response->set_quotient(request.dividend() / request.divisor());
  response->set_remainder(request.dividend() % request.divisor());
  return Status::OK;
}
// [END divide_logic]

Status ValidateListPrimes(const v1::ListPrimesRequest& request) {
  if (request.count() < 0 || request.count() > kMaxPrimeCount) {
    return Status(StatusCode::INVALID_ARGUMENT,
                  "count must be between 0 and " +
                      std::to_string(kMaxPrimeCount) + ", got " +
                      std::to_string(request.count()));
  }
  if (request.start() < 0 || request.start() > kMaxPrimeStart) {
    return Status(StatusCode::INVALID_ARGUMENT,
                  "start must be between 0 and " +
                      std::to_string(kMaxPrimeStart) + ", got " +
                      std::to_string(request.start()));
  }
  return Status::OK;
}

// Trial division is too slow near 10^18, and Debian has no small primality
// library, so this is the textbook Miller-Rabin test. These twelve bases make
// it exact for every n < 2^64.
bool IsPrime(int64_t n) {
  if (n < 2) return false;
  const uint64_t un = static_cast<uint64_t>(n);
  for (uint64_t p : {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37}) {
    if (un % p == 0) return un == p;
  }
  uint64_t d = un - 1;
  int twos = 0;
  while (d % 2 == 0) {
    d /= 2;
    ++twos;
  }
  for (uint64_t a : {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37}) {
    uint64_t x = PowMod(a, d, un);
    if (x == 1 || x == un - 1) continue;
    bool composite = true;
    for (int i = 1; i < twos && composite; ++i) {
      x = MulMod(x, x, un);
      if (x == un - 1) composite = false;
    }
    if (composite) return false;
  }
  return true;
}

v1::Prime PrimeSequence::Next() {
  // kMaxPrimeStart leaves ample room below INT64_MAX, so this cannot overflow.
  while (!IsPrime(candidate_)) ++candidate_;
  v1::Prime prime;
  prime.set_index(index_++);
  prime.set_value(candidate_++);
  return prime;
}

Status Accumulator::Add(int64_t value) {
  int64_t sum;
  if (__builtin_add_overflow(sum_, value, &sum)) {
    return Status(StatusCode::OUT_OF_RANGE,
                  "the sum overflows int64 at value #" +
                      std::to_string(count_ + 1) + " (" +
                      std::to_string(value) + ")");
  }
  min_ = count_ == 0 ? value : std::min(min_, value);
  max_ = count_ == 0 ? value : std::max(max_, value);
  sum_ = sum;
  ++count_;
  return Status::OK;
}

v1::Summary Accumulator::Summary() const {
  v1::Summary summary;
  summary.set_count(count_);
  summary.set_sum(sum_);
  if (count_ > 0) {
    summary.set_min(min_);
    summary.set_max(max_);
    summary.set_mean(static_cast<double>(sum_) / static_cast<double>(count_));
  }
  return summary;
}

v1::RunningTotal Accumulator::RunningTotal() const {
  v1::RunningTotal total;
  total.set_count(count_);
  total.set_sum(sum_);
  return total;
}

}  // namespace calculator
