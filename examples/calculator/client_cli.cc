#include "examples/calculator/client_cli.h"

#include <absl/flags/flag.h>
#include <absl/strings/numbers.h>

#include <iostream>
#include <limits>
#include <string>

#include "common/flags/flags.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"

ABSL_FLAG(std::string, target, "localhost:50051",
          "The server to call, as host:port.");
ABSL_FLAG(int, timeout_ms, 5000,
          "Deadline of every call, in milliseconds (0: one already passed).");
ABSL_FLAG(int, cancel_after, -1,
          "primes: cancel the call after this many primes (-1: never).");

namespace calculator {
namespace {

constexpr char kUsage[] =
    "Calls calculator.v1.Calculator.\n"
    "Usage: client [flags] <command> <args>\n"
    "  divide <dividend> <divisor>   unary\n"
    "  primes <start> <count>        server streaming\n"
    "  summarize <value>...          client streaming\n"
    "  running-sum <value>...        bidirectional streaming\n"
    "  all                           one call of each mode\n"
    "Numbers may be negative: divide -17 5.";

// Parses every argument from `first` on as an int64; a usage error if one
// is not.
std::vector<int64_t> ParseIntegers(const std::vector<std::string>& args,
                                   size_t first) {
  std::vector<int64_t> values;
  for (size_t i = first; i < args.size(); ++i) {
    int64_t value;
    if (!absl::SimpleAtoi(args[i], &value)) {
      common::ExitWithUsageError("'" + args[i] + "' is not a 64-bit integer");
    }
    values.push_back(value);
  }
  return values;
}

grpc::Status RunCommand(CalculatorClient& client, const std::string& command,
                        const std::vector<int64_t>& values) {
  if (command == "divide") return client.Divide(values[0], values[1]);
  if (command == "primes") {
    return client.ListPrimes(values[0], static_cast<int32_t>(values[1]),
                             absl::GetFlag(FLAGS_cancel_after));
  }
  if (command == "summarize") return client.Summarize(values);
  if (command == "running-sum") return client.RunningSum(values);
  // "all": one call of each mode, stopping at the first failure.
  for (auto call : std::vector<std::function<grpc::Status()>>{
           [&] { return client.Divide(17, 5); },
           [&] { return client.ListPrimes(100, 5, -1); },
           [&] {
             return client.Summarize({3, 1, 4, 1, 5});
           },
           [&] {
             return client.RunningSum({3, 1, 4, 1, 5});
           }}) {
    if (grpc::Status status = call(); !status.ok()) return status;
  }
  return grpc::Status::OK;
}

}  // namespace

int RunClientCli(int argc, char** argv, const ClientFactory& make_client) {
  const std::vector<std::string> args = common::ParseFlags(argc, argv, kUsage);
  if (args.size() < 2) common::ExitWithUsageError("no command given");
  const std::string command = args[1];

  // How many integer arguments each command takes (-1: any number).
  int expected;
  if (command == "divide" || command == "primes") {
    expected = 2;
  } else if (command == "summarize" || command == "running-sum") {
    expected = -1;
  } else if (command == "all") {
    expected = 0;
  } else {
    common::ExitWithUsageError("unknown command '" + command + "'");
  }
  const std::vector<int64_t> values = ParseIntegers(args, 2);
  if (expected >= 0 && values.size() != static_cast<size_t>(expected)) {
    common::ExitWithUsageError(command + " takes " + std::to_string(expected) +
                               " arguments");
  }
  // The request's count is an int32; the server judges the rest (a
  // negative count is its INVALID_ARGUMENT to give).
  if (command == "primes" &&
      (values[1] < std::numeric_limits<int32_t>::min() ||
       values[1] > std::numeric_limits<int32_t>::max())) {
    common::ExitWithUsageError("primes: the count " +
                               std::to_string(values[1]) +
                               " does not fit in 32 bits");
  }

  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);
  if (absl::GetFlag(FLAGS_timeout_ms) < 0) {
    common::ExitWithUsageError("--timeout_ms must be 0 or more");
  }
  ClientSettings settings;
  settings.channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  settings.timeout = std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms));
  // 0 asks for a deadline that has already passed. "Now" would not do:
  // gRPC rounds a deadline up to the next millisecond, time enough for a
  // call on loopback to succeed now and then.
  if (settings.timeout.count() == 0) {
    settings.timeout = std::chrono::milliseconds(-1000);
  }
  settings.out = &std::cout;
  std::unique_ptr<CalculatorClient> client = make_client(settings);

  // [START client_exit_code]
  // Pointed at another demo's server, a call ends UNIMPLEMENTED: say which
  // service is there instead.
  const grpc::Status status = common::ExplainWrongService(
      RunCommand(*client, command, values), settings.channel, target,
      "calculator.v1.Calculator");
  if (status.error_code() == grpc::StatusCode::CANCELLED &&
      command == "primes" && absl::GetFlag(FLAGS_cancel_after) >= 0) {
    std::cout << "cancelled by this client after "
              << absl::GetFlag(FLAGS_cancel_after) << " primes" << std::endl;
    return 0;
  }
  if (!status.ok()) {
    std::cout << "error: " << common::FormatStatus(status) << std::endl;
    return 1;
  }
  return 0;
  // [END client_exit_code]
}

void PrintQuotient(std::ostream& out, int64_t dividend, int64_t divisor,
                   const v1::DivideResponse& response) {
  out << "divide: " << dividend << " / " << divisor << " = "
      << response.quotient() << " remainder " << response.remainder()
      << std::endl;
}

void PrintPrime(std::ostream& out, const v1::Prime& prime) {
  out << "prime #" << prime.index() << ": " << prime.value() << std::endl;
}

void PrintSummary(std::ostream& out, const v1::Summary& summary) {
  out << "summary: count=" << summary.count() << " sum=" << summary.sum();
  if (summary.has_min()) {
    out << " min=" << summary.min() << " max=" << summary.max()
        << " mean=" << summary.mean();
  }
  out << std::endl;
}

void PrintRunningTotal(std::ostream& out, int64_t sent,
                       const v1::RunningTotal& total) {
  out << "running-sum: sent " << sent << ", total " << total.sum() << " of "
      << total.count() << " values" << std::endl;
}

}  // namespace calculator
