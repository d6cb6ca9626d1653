// Client logic worth a unit test: a report on the primes of a range, from
// the calculator's ListPrimes. It stops (and cancels the call) once it has
// `limit` primes, checks what the server sends (primes in increasing
// order), and passes the call's errors on. It takes the stub's interface,
// so a test can hand it gRPC's generated mock instead of a real stub.
#ifndef EXAMPLES_MOCKING_PRIME_REPORT_H_
#define EXAMPLES_MOCKING_PRIME_REPORT_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace mocking {

struct PrimeReport {
  int64_t count = 0;
  int64_t sum = 0;
  int64_t smallest = 0;
  int64_t largest = 0;
  // True if it stopped at the limit before the server's last prime.
  bool stopped_at_limit = false;
};

struct ReportOptions {
  int32_t limit = 1000;
  std::chrono::milliseconds timeout{5000};
};

// OK with `report` filled in; the call's error; DATA_LOSS if the server
// sent a prime out of order; OUT_OF_RANGE if the sum does not fit in an
// int64; INVALID_ARGUMENT for a limit below 1.
grpc::Status ReportPrimes(calculator::v1::Calculator::StubInterface& stub,
                          int64_t start, int32_t count,
                          const ReportOptions& options, PrimeReport* report);

// "3 primes from 101 to 107, sum 311" (and " (stopped at the limit)").
std::string Describe(const PrimeReport& report);

}  // namespace mocking

#endif  // EXAMPLES_MOCKING_PRIME_REPORT_H_
