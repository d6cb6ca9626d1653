// A Calculator client in gRPC's blocking style: each call runs on the calling
// thread and Read/Write block until the message is delivered.
//
//   bazel run //examples/calculator:sync_client -- divide 17 5
#include <memory>

#include "examples/calculator/client_cli.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace calculator {
namespace {

using grpc::ClientContext;
using grpc::Status;

class SyncClient : public CalculatorClient {
 public:
  explicit SyncClient(const ClientSettings& settings)
      : settings_(settings), stub_(v1::Calculator::NewStub(settings.channel)) {}

  // [START sync_client_divide]
  Status Divide(int64_t dividend, int64_t divisor) override {
    ClientContext context;
    context.set_deadline(settings_.Deadline());  // Every call has a deadline.
    v1::DivideRequest request;
    request.set_dividend(dividend);
    request.set_divisor(divisor);
    v1::DivideResponse response;
    Status status = stub_->Divide(&context, request, &response);
    if (status.ok()) PrintQuotient(out(), dividend, divisor, response);
    return status;
  }
  // [END sync_client_divide]

  // [START sync_client_list_primes]
  Status ListPrimes(int64_t start, int32_t count,
                    int32_t cancel_after) override {
    ClientContext context;
    context.set_deadline(settings_.Deadline());
    v1::ListPrimesRequest request;
    request.set_start(start);
    request.set_count(count);
    std::unique_ptr<grpc::ClientReader<v1::Prime>> reader =
        stub_->ListPrimes(&context, request);
    v1::Prime prime;
    int32_t received = 0;
    while (reader->Read(&prime)) {  // false at the end of the stream
      PrintPrime(out(), prime);
      if (++received == cancel_after) context.TryCancel();
    }
    return reader->Finish();  // The status the server (or gRPC) ended with.
  }
  // [END sync_client_list_primes]

  // [START sync_client_summarize]
  Status Summarize(const std::vector<int64_t>& values) override {
    ClientContext context;
    context.set_deadline(settings_.Deadline());
    v1::Summary summary;
    std::unique_ptr<grpc::ClientWriter<v1::Number>> writer =
        stub_->Summarize(&context, &summary);
    for (int64_t value : values) {
      v1::Number number;
      number.set_value(value);
      if (!writer->Write(number)) break;  // The call is over; Finish says why.
    }
    writer->WritesDone();  // Half-close: "no more values".
    Status status = writer->Finish();
    if (status.ok()) PrintSummary(out(), summary);
    return status;
  }
  // [END sync_client_summarize]

  // [START sync_client_running_sum]
  Status RunningSum(const std::vector<int64_t>& values) override {
    ClientContext context;
    context.set_deadline(settings_.Deadline());
    std::unique_ptr<grpc::ClientReaderWriter<v1::Number, v1::RunningTotal>>
        stream = stub_->RunningSum(&context);
    // Send one value, then read its answer before sending the next: the
    // server replies while our side of the stream is still open.
    for (int64_t value : values) {
      v1::Number number;
      number.set_value(value);
      v1::RunningTotal total;
      if (!stream->Write(number) || !stream->Read(&total)) break;
      PrintRunningTotal(out(), value, total);
    }
    stream->WritesDone();
    return stream->Finish();
  }
  // [END sync_client_running_sum]

 private:
  std::ostream& out() { return *settings_.out; }

  ClientSettings settings_;
  std::unique_ptr<v1::Calculator::Stub> stub_;
};

}  // namespace
}  // namespace calculator

int main(int argc, char** argv) {
  return calculator::RunClientCli(
      argc, argv, [](const calculator::ClientSettings& settings) {
        return std::make_unique<calculator::SyncClient>(settings);
      });
}
