// A client that sends metadata with each call and prints the metadata the
// server sends back: the initial metadata as soon as it arrives (before the
// first message of a stream), the trailing metadata with the status.
//
//   bazel run //examples/metadata:metadata_client -- divide 17 5
//   bazel run //examples/metadata:metadata_client -- primes 100 3
#include <absl/flags/flag.h>
#include <absl/strings/escaping.h>
#include <absl/strings/numbers.h>
#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/flags/flags.h"
#include "common/grpc/metadata_rules.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "examples/metadata/metadata_service.h"

ABSL_FLAG(std::string, target, "localhost:50061",
          "The server to call, as host:port.");
ABSL_FLAG(int, timeout_ms, 5000, "Deadline of every call, in milliseconds.");
ABSL_FLAG(std::string, request_id, "",
          "Sent as x-request-id (ASCII); the server echoes it in its "
          "trailers. Empty: none.");
ABSL_FLAG(std::string, trace_hex, "",
          "Bytes, in hex, sent as x-trace-bin (any bytes, zero included); "
          "the server echoes them. Empty: none.");
ABSL_FLAG(std::string, style, "sync",
          "sync (blocking calls) or callback (reactors).");

namespace metadata {
namespace {

using calculator::v1::Calculator;

// The metadata of ours in a map gRPC filled in ("x-..." keys; gRPC's own
// "grpc-..." keys, if any, are left out), one "key=value" each, sorted; the
// value of a -bin key in hex.
std::string Describe(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
  std::map<std::string, std::string> ours;
  for (const auto& [key, value] : metadata) {
    const std::string name(key.data(), key.size());
    if (name.rfind("x-", 0) != 0) continue;
    const std::string text(value.data(), value.size());
    ours[name] = name.size() > 4 && name.substr(name.size() - 4) == "-bin"
                     ? absl::BytesToHexString(text)
                     : text;
  }
  std::string line;
  for (const auto& [name, value] : ours) {
    line += (line.empty() ? "" : " ") + name + "=" + value;
  }
  return line.empty() ? "(none)" : line;
}

// [START add_metadata]
// Every call's context: a deadline, and the request metadata.
void Prepare(grpc::ClientContext* context) {
  context->set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
  // main() has checked the flags: gRPC would abort on a value it cannot send.
  if (const std::string id = absl::GetFlag(FLAGS_request_id); !id.empty()) {
    context->AddMetadata(kRequestId, id);
  }
  if (const std::string hex = absl::GetFlag(FLAGS_trace_hex); !hex.empty()) {
    // A -bin key takes any bytes; gRPC base64-encodes them on the wire.
    context->AddMetadata(kTraceBin, absl::HexStringToBytes(hex));
  }
}
// [END add_metadata]

void PrintTrailers(const grpc::ClientContext& context) {
  std::cout << "trailing metadata: "
            << Describe(context.GetServerTrailingMetadata()) << std::endl;
}

// [START sync_metadata]
grpc::Status SyncPrimes(Calculator::Stub& stub,
                        const calculator::v1::ListPrimesRequest& request) {
  grpc::ClientContext context;
  Prepare(&context);
  auto reader = stub.ListPrimes(&context, request);
  // Blocks until the server's initial metadata is here; the primes come
  // after it.
  reader->WaitForInitialMetadata();
  std::cout << "initial metadata: "
            << Describe(context.GetServerInitialMetadata()) << std::endl;
  calculator::v1::Prime prime;
  while (reader->Read(&prime)) {
    std::cout << "prime #" << prime.index() << ": " << prime.value()
              << std::endl;
  }
  grpc::Status status = reader->Finish();
  PrintTrailers(context);  // there on success and on failure alike
  return status;
}
// [END sync_metadata]

grpc::Status SyncDivide(Calculator::Stub& stub,
                        const calculator::v1::DivideRequest& request) {
  grpc::ClientContext context;
  Prepare(&context);
  calculator::v1::DivideResponse response;
  grpc::Status status = stub.Divide(&context, request, &response);
  std::cout << "initial metadata: "
            << Describe(context.GetServerInitialMetadata()) << std::endl;
  if (status.ok()) {
    std::cout << "divide: " << request.dividend() << " / " << request.divisor()
              << " = " << response.quotient() << " remainder "
              << response.remainder() << std::endl;
  }
  PrintTrailers(context);
  return status;
}

// [START callback_metadata]
// The callback style. The initial metadata has arrived by the first
// OnReadDone, but gRPC may run OnReadInitialMetadataDone and OnReadDone at
// the same time, on two threads: so the reactor prints under a mutex, and
// whichever comes first prints the initial metadata.
class PrimeReader : public grpc::ClientReadReactor<calculator::v1::Prime> {
 public:
  PrimeReader(Calculator::Stub& stub,
              const calculator::v1::ListPrimesRequest& request) {
    Prepare(&context_);
    stub.async()->ListPrimes(&context_, &request, this);
    StartRead(&prime_);
    StartCall();
  }

  void OnReadInitialMetadataDone(bool ok) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (ok) PrintInitialMetadataOnce();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      PrintInitialMetadataOnce();
      std::cout << "prime #" << prime_.index() << ": " << prime_.value()
                << std::endl;
    }
    StartRead(&prime_);
  }
  void OnDone(const grpc::Status& status) override {
    PrintTrailers(context_);
    std::lock_guard<std::mutex> lock(mu_);
    status_ = status;
    done_ = true;
    cv_.notify_one();
  }

  grpc::Status Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return done_; });
    return status_;
  }

 private:
  void PrintInitialMetadataOnce() {
    if (printed_initial_metadata_) return;
    printed_initial_metadata_ = true;
    std::cout << "initial metadata: "
              << Describe(context_.GetServerInitialMetadata()) << std::endl;
  }

  grpc::ClientContext context_;
  calculator::v1::Prime prime_;
  std::mutex mu_;
  bool printed_initial_metadata_ = false;
  std::condition_variable cv_;
  bool done_ = false;
  grpc::Status status_;
};
// [END callback_metadata]

grpc::Status CallbackDivide(Calculator::Stub& stub,
                            const calculator::v1::DivideRequest& request) {
  grpc::ClientContext context;
  Prepare(&context);
  calculator::v1::DivideResponse response;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status status;
  stub.async()->Divide(&context, &request, &response, [&](grpc::Status result) {
    std::lock_guard<std::mutex> lock(mu);
    status = std::move(result);
    done = true;
    cv.notify_one();
  });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  std::cout << "initial metadata: "
            << Describe(context.GetServerInitialMetadata()) << std::endl;
  if (status.ok()) {
    std::cout << "divide: " << request.dividend() << " / " << request.divisor()
              << " = " << response.quotient() << " remainder "
              << response.remainder() << std::endl;
  }
  PrintTrailers(context);
  return status;
}

int64_t Integer(const std::string& text) {
  int64_t value = 0;
  if (!absl::SimpleAtoi(text, &value)) {
    common::ExitWithUsageError("'" + text + "' is not a 64-bit integer");
  }
  return value;
}

}  // namespace
}  // namespace metadata

int main(int argc, char** argv) {
  const std::vector<std::string> args = common::ParseFlags(
      argc, argv,
      "Calls the metadata server with request metadata and prints the "
      "initial and trailing metadata it sends back.\n"
      "Usage: metadata_client [flags] divide <dividend> <divisor>\n"
      "       metadata_client [flags] primes <start> <count>");
  if (args.size() != 4 || (args[1] != "divide" && args[1] != "primes")) {
    common::ExitWithUsageError("give divide A B or primes START COUNT");
  }
  const std::string style = absl::GetFlag(FLAGS_style);
  if (style != "sync" && style != "callback") {
    common::ExitWithUsageError("--style=" + style + ": sync or callback");
  }
  // [START check_metadata_flag]
  // gRPC's C++ client aborts the process on metadata it cannot send (see
  // metadata_test.cc), so a value from the command line is checked first.
  if (!common::IsSendableMetadata(metadata::kRequestId,
                                  absl::GetFlag(FLAGS_request_id))) {
    common::ExitWithUsageError(
        "--request_id: printable ASCII only (bytes go in --trace_hex)");
  }
  // [END check_metadata_flag]
  if (const std::string hex = absl::GetFlag(FLAGS_trace_hex);
      hex.size() % 2 != 0 ||
      hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
    common::ExitWithUsageError("--trace_hex=" + hex +
                               ": an even number of hex digits");
  }
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);
  auto channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = calculator::v1::Calculator::NewStub(channel);
  grpc::Status status;
  if (args[1] == "divide") {
    calculator::v1::DivideRequest request;
    request.set_dividend(metadata::Integer(args[2]));
    request.set_divisor(metadata::Integer(args[3]));
    status = style == "sync" ? metadata::SyncDivide(*stub, request)
                             : metadata::CallbackDivide(*stub, request);
  } else {
    calculator::v1::ListPrimesRequest request;
    request.set_start(metadata::Integer(args[2]));
    request.set_count(static_cast<int32_t>(metadata::Integer(args[3])));
    status = style == "sync" ? metadata::SyncPrimes(*stub, request)
                             : metadata::PrimeReader(*stub, request).Wait();
  }
  status = common::ExplainWrongService(status, channel, target,
                                       "calculator.v1.Calculator");
  if (!status.ok()) {
    std::cout << "error: " << common::FormatStatus(status) << std::endl;
    return 1;
  }
  return 0;
}
