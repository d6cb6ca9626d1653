#include "examples/mocking/prime_report.h"

namespace mocking {

// [START report_primes]
grpc::Status ReportPrimes(calculator::v1::Calculator::StubInterface& stub,
                          int64_t start, int32_t count,
                          const ReportOptions& options, PrimeReport* report) {
  if (options.limit < 1) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "limit must be at least 1");
  }
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + options.timeout);
  calculator::v1::ListPrimesRequest request;
  request.set_start(start);
  request.set_count(count);
  std::unique_ptr<grpc::ClientReaderInterface<calculator::v1::Prime>> reader =
      stub.ListPrimes(&context, request);
  *report = PrimeReport();
  calculator::v1::Prime prime;
  while (reader->Read(&prime)) {
    if (report->count > 0 && prime.value() <= report->largest) {
      context.TryCancel();
      reader->Finish();
      return grpc::Status(grpc::StatusCode::DATA_LOSS,
                          "the server sent " + std::to_string(prime.value()) +
                              " after " + std::to_string(report->largest));
    }
    if (report->count == 0) report->smallest = prime.value();
    report->largest = prime.value();
    if (__builtin_add_overflow(report->sum, prime.value(), &report->sum)) {
      context.TryCancel();
      reader->Finish();
      return grpc::Status(grpc::StatusCode::OUT_OF_RANGE,
                          "the sum does not fit in 64 bits");
    }
    if (++report->count == options.limit && report->count < count) {
      report->stopped_at_limit = true;
      context.TryCancel();  // the rest is not wanted: stop the server
      break;
    }
  }
  grpc::Status status = reader->Finish();
  // Cancelled by us on purpose: the report is what was asked for.
  if (report->stopped_at_limit) return grpc::Status::OK;
  return status;
}
// [END report_primes]

std::string Describe(const PrimeReport& report) {
  if (report.count == 0) return "no primes";
  return std::to_string(report.count) + " primes from " +
         std::to_string(report.smallest) + " to " +
         std::to_string(report.largest) + ", sum " +
         std::to_string(report.sum) +
         (report.stopped_at_limit ? " (stopped at the limit)" : "");
}

}  // namespace mocking
