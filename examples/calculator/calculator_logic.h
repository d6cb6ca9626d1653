// The arithmetic behind the Calculator service, kept apart from gRPC so that
// the synchronous and the callback server share it and behave the same.
#ifndef EXAMPLES_CALCULATOR_CALCULATOR_LOGIC_H_
#define EXAMPLES_CALCULATOR_CALCULATOR_LOGIC_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>

#include "protos/calculator/v1/calculator.pb.h"

namespace calculator {

// Bounds on ListPrimes requests, so that one call cannot keep a server busy
// for hours.
inline constexpr int32_t kMaxPrimeCount = 10'000'000;
inline constexpr int64_t kMaxPrimeStart = 1'000'000'000'000'000'000;

// Fills `response` or returns INVALID_ARGUMENT (divisor 0) or OUT_OF_RANGE
// (INT64_MIN / -1 does not fit in int64).
grpc::Status Divide(const v1::DivideRequest& request,
                    v1::DivideResponse* response);

// OK, or INVALID_ARGUMENT naming the field that is out of bounds.
grpc::Status ValidateListPrimes(const v1::ListPrimesRequest& request);

// Deterministic for every int64 (Miller-Rabin with a fixed set of bases).
bool IsPrime(int64_t n);

// The primes >= start, in order, numbered from 0.
class PrimeSequence {
 public:
  explicit PrimeSequence(int64_t start) : candidate_(start) {}
  v1::Prime Next();

 private:
  int64_t candidate_;
  int32_t index_ = 0;
};

// Count, sum, min and max of a stream of values, shared by Summarize and
// RunningSum.
class Accumulator {
 public:
  // OUT_OF_RANGE if the sum would overflow int64 (the value is not added).
  grpc::Status Add(int64_t value);
  v1::Summary Summary() const;
  v1::RunningTotal RunningTotal() const;

 private:
  int64_t count_ = 0;
  int64_t sum_ = 0;
  int64_t min_ = 0;
  int64_t max_ = 0;
};

}  // namespace calculator

#endif  // EXAMPLES_CALCULATOR_CALCULATOR_LOGIC_H_
