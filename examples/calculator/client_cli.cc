#include "examples/calculator/client_cli.h"

#include <iostream>
#include <limits>
#include <string>

#include <absl/flags/flag.h>
#include <absl/flags/parse.h>
#include <absl/flags/usage.h>
#include <absl/strings/numbers.h>

#include "examples/common/status_names.h"

ABSL_FLAG(std::string, target, "localhost:50051",
          "The server to call, as host:port.");
ABSL_FLAG(int, timeout_ms, 5000, "Deadline of every call, in milliseconds.");
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
    "  all                           one call of each mode";

int UsageError(const std::string& message) {
  std::cerr << "error: " << message << "\n" << kUsage << std::endl;
  return 2;
}

// Parses every argument as an int64; false (and a message) if one is not.
bool ParseIntegers(const std::vector<char*>& args, size_t first,
                   std::vector<int64_t>* values) {
  for (size_t i = first; i < args.size(); ++i) {
    int64_t value;
    if (!absl::SimpleAtoi(args[i], &value)) {
      std::cerr << "error: '" << args[i] << "' is not a 64-bit integer"
                << std::endl;
      return false;
    }
    values->push_back(value);
  }
  return true;
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
           [&] { return client.Summarize({3, 1, 4, 1, 5}); },
           [&] { return client.RunningSum({3, 1, 4, 1, 5}); }}) {
    if (grpc::Status status = call(); !status.ok()) return status;
  }
  return grpc::Status::OK;
}

}  // namespace

int RunClientCli(int argc, char** argv, const ClientFactory& make_client) {
  absl::SetProgramUsageMessage(kUsage);
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() < 2) return UsageError("no command given");
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
    return UsageError("unknown command '" + command + "'");
  }
  std::vector<int64_t> values;
  if (!ParseIntegers(args, 2, &values)) return 2;
  if (expected >= 0 && values.size() != static_cast<size_t>(expected)) {
    return UsageError(command + " takes " + std::to_string(expected) +
                      " arguments");
  }
  if (command == "primes" &&
      (values[1] < 0 || values[1] > std::numeric_limits<int32_t>::max())) {
    return UsageError("count must fit in an int32");
  }

  ClientSettings settings;
  settings.channel = grpc::CreateChannel(absl::GetFlag(FLAGS_target),
                                         grpc::InsecureChannelCredentials());
  settings.timeout = std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms));
  settings.out = &std::cout;
  std::unique_ptr<CalculatorClient> client = make_client(settings);

  // [START client_exit_code]
  grpc::Status status = RunCommand(*client, command, values);
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
