// The command line shared by the two Calculator clients:
//
//   client [--target=localhost:50051] [--timeout_ms=5000] <command> <args>
//     divide <dividend> <divisor>          unary
//     primes <start> <count>               server streaming
//     summarize <value>...                 client streaming
//     running-sum <value>...               bidirectional streaming
//     all                                  one call of each mode
//
// Each client implements CalculatorClient with one gRPC API style and prints
// every message as it arrives, using the Print* helpers below.
#ifndef EXAMPLES_CALCULATOR_CLIENT_CLI_H_
#define EXAMPLES_CALCULATOR_CLIENT_CLI_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <vector>

#include "protos/calculator/v1/calculator.pb.h"

namespace calculator {

class CalculatorClient {
 public:
  virtual ~CalculatorClient() = default;
  virtual grpc::Status Divide(int64_t dividend, int64_t divisor) = 0;
  // Cancels the call after `cancel_after` primes if that is >= 0.
  virtual grpc::Status ListPrimes(int64_t start, int32_t count,
                                  int32_t cancel_after) = 0;
  virtual grpc::Status Summarize(const std::vector<int64_t>& values) = 0;
  virtual grpc::Status RunningSum(const std::vector<int64_t>& values) = 0;
};

// [START client_settings]
// Everything a client needs to make calls.
struct ClientSettings {
  std::shared_ptr<grpc::Channel> channel;
  // Every call gets a deadline this far in the future.
  std::chrono::milliseconds timeout;
  std::ostream* out;

  // now + timeout, for ClientContext::set_deadline.
  std::chrono::system_clock::time_point Deadline() const {
    return std::chrono::system_clock::now() + timeout;
  }
};
// [END client_settings]

using ClientFactory =
    std::function<std::unique_ptr<CalculatorClient>(const ClientSettings&)>;

// Parses flags and the command, runs it and returns the exit code: 0 on
// success, 1 if the call failed. Exits with 2 after a usage error.
int RunClientCli(int argc, char** argv, const ClientFactory& make_client);

void PrintQuotient(std::ostream& out, int64_t dividend, int64_t divisor,
                   const v1::DivideResponse& response);
void PrintPrime(std::ostream& out, const v1::Prime& prime);
void PrintSummary(std::ostream& out, const v1::Summary& summary);
void PrintRunningTotal(std::ostream& out, int64_t sent,
                       const v1::RunningTotal& total);

}  // namespace calculator

#endif  // EXAMPLES_CALCULATOR_CLIENT_CLI_H_
