// A Calculator client in gRPC's callback (reactor) style: calls start at once
// and gRPC calls back on its own threads when messages arrive. This CLI waits
// for each call to end, but a real program could do other work meanwhile.
//
//   bazel run //examples/calculator:callback_client -- running-sum 3 1 4
#include <condition_variable>
#include <memory>
#include <mutex>

#include "examples/calculator/client_cli.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace calculator {
namespace {

using grpc::ClientContext;
using grpc::Status;

// [START callback_client_call_result]
// The final status of a call, handed from gRPC's thread (OnDone) to ours.
class CallResult {
 public:
  void Set(const Status& status) {
    std::lock_guard<std::mutex> lock(mu_);
    status_ = status;
    done_ = true;
    cv_.notify_one();
  }

  Status Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return done_; });
    return status_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  Status status_;
};
// [END callback_client_call_result]

// [START callback_client_list_primes]
class PrimeReader : public grpc::ClientReadReactor<v1::Prime> {
 public:
  PrimeReader(v1::Calculator::Stub* stub, const ClientSettings& settings,
              const v1::ListPrimesRequest& request, int32_t cancel_after)
      : out_(*settings.out), cancel_after_(cancel_after) {
    context_.set_deadline(settings.Deadline());
    stub->async()->ListPrimes(&context_, &request, this);
    StartRead(&prime_);  // Queued until the call starts.
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // End of stream; OnDone comes next with the status.
    PrintPrime(out_, prime_);
    if (++received_ == cancel_after_) context_.TryCancel();
    StartRead(&prime_);
  }

  void OnDone(const Status& status) override { result_.Set(status); }

  Status Wait() { return result_.Wait(); }

 private:
  ClientContext context_;
  std::ostream& out_;
  const int32_t cancel_after_;
  int32_t received_ = 0;
  v1::Prime prime_;
  CallResult result_;
};
// [END callback_client_list_primes]

// [START callback_client_summarize]
class NumberWriter : public grpc::ClientWriteReactor<v1::Number> {
 public:
  NumberWriter(v1::Calculator::Stub* stub, const ClientSettings& settings,
               const std::vector<int64_t>& values, v1::Summary* summary)
      : values_(values) {
    context_.set_deadline(settings.Deadline());
    stub->async()->Summarize(&context_, summary, this);
    WriteNext();
    StartCall();
  }

  void OnWriteDone(bool ok) override {
    if (ok) WriteNext();  // If not ok the call is over; OnDone says why.
  }

  void OnDone(const Status& status) override { result_.Set(status); }

  Status Wait() { return result_.Wait(); }

 private:
  void WriteNext() {
    if (next_ == values_.size()) {
      StartWritesDone();  // Half-close: the server now sends the summary.
      return;
    }
    number_.set_value(values_[next_++]);
    StartWrite(&number_);
  }

  ClientContext context_;
  const std::vector<int64_t>& values_;
  size_t next_ = 0;
  v1::Number number_;
  CallResult result_;
};
// [END callback_client_summarize]

// [START callback_client_running_sum]
// Writes and reads run independently: totals are printed as they arrive,
// while later values are still being sent.
class RunningSumStream
    : public grpc::ClientBidiReactor<v1::Number, v1::RunningTotal> {
 public:
  RunningSumStream(v1::Calculator::Stub* stub, const ClientSettings& settings,
                   const std::vector<int64_t>& values)
      : out_(*settings.out), values_(values) {
    context_.set_deadline(settings.Deadline());
    stub->async()->RunningSum(&context_, this);
    StartRead(&total_);
    WriteNext();
    StartCall();
  }

  void OnWriteDone(bool ok) override {
    if (ok) WriteNext();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    PrintRunningTotal(out_, values_[total_.count() - 1], total_);
    StartRead(&total_);
  }

  void OnDone(const Status& status) override { result_.Set(status); }

  Status Wait() { return result_.Wait(); }

 private:
  void WriteNext() {
    if (next_ == values_.size()) {
      StartWritesDone();
      return;
    }
    number_.set_value(values_[next_++]);
    StartWrite(&number_);
  }

  ClientContext context_;
  std::ostream& out_;
  const std::vector<int64_t>& values_;
  size_t next_ = 0;
  v1::Number number_;
  v1::RunningTotal total_;
  CallResult result_;
};
// [END callback_client_running_sum]

class CallbackClient : public CalculatorClient {
 public:
  explicit CallbackClient(const ClientSettings& settings)
      : settings_(settings), stub_(v1::Calculator::NewStub(settings.channel)) {}

  // [START callback_client_divide]
  Status Divide(int64_t dividend, int64_t divisor) override {
    ClientContext context;
    context.set_deadline(settings_.Deadline());
    v1::DivideRequest request;
    request.set_dividend(dividend);
    request.set_divisor(divisor);
    v1::DivideResponse response;
    CallResult result;
    stub_->async()->Divide(&context, &request, &response,
                           [&result](Status status) { result.Set(status); });
    Status status = result.Wait();
    if (status.ok()) PrintQuotient(*settings_.out, dividend, divisor, response);
    return status;
  }
  // [END callback_client_divide]

  Status ListPrimes(int64_t start, int32_t count,
                    int32_t cancel_after) override {
    v1::ListPrimesRequest request;
    request.set_start(start);
    request.set_count(count);
    return PrimeReader(stub_.get(), settings_, request, cancel_after).Wait();
  }

  Status Summarize(const std::vector<int64_t>& values) override {
    v1::Summary summary;
    Status status =
        NumberWriter(stub_.get(), settings_, values, &summary).Wait();
    if (status.ok()) PrintSummary(*settings_.out, summary);
    return status;
  }

  Status RunningSum(const std::vector<int64_t>& values) override {
    return RunningSumStream(stub_.get(), settings_, values).Wait();
  }

 private:
  ClientSettings settings_;
  std::unique_ptr<v1::Calculator::Stub> stub_;
};

}  // namespace
}  // namespace calculator

int main(int argc, char** argv) {
  return calculator::RunClientCli(
      argc, argv, [](const calculator::ClientSettings& settings) {
        return std::make_unique<calculator::CallbackClient>(settings);
      });
}
