#include "examples/calculator/callback_service.h"

#include <atomic>

#include "examples/calculator/calculator_logic.h"

namespace calculator {
namespace {

using grpc::CallbackServerContext;
using grpc::Status;

// What every reactor below does when its call is over: OnCancel() may run on
// another thread than the one that finishes the call, hence the atomic.
// OnDone() is the last callback gRPC makes, so the reactor deletes itself
// there.
template <typename Reactor>
class ObservedReactor : public Reactor {
 public:
  ObservedReactor(const CallObserver& observer, const char* method)
      : observer_(observer) {
    outcome_.method = method;
  }

  void OnCancel() override { cancelled_ = true; }

  void OnDone() override {
    outcome_.cancelled = cancelled_;
    if (observer_) observer_(outcome_);
    delete this;
  }

 protected:
  void FinishWith(const Status& status) {
    outcome_.code = status.error_code();
    this->Finish(status);
  }

  CallOutcome outcome_;

 private:
  const CallObserver& observer_;
  std::atomic<bool> cancelled_{false};
};

// [START callback_list_primes]
class PrimeWriter
    : public ObservedReactor<grpc::ServerWriteReactor<v1::Prime>> {
 public:
  PrimeWriter(const CallObserver& observer,
              const v1::ListPrimesRequest& request)
      : ObservedReactor(observer, "ListPrimes"),
        primes_(request.start()),
        remaining_(request.count()) {
    outcome_.messages_received = 1;
    if (Status invalid = ValidateListPrimes(request); !invalid.ok()) {
      FinishWith(invalid);
      return;
    }
    WriteNext();
  }

  // One write at a time: the next one starts when gRPC reports this one done.
  void OnWriteDone(bool ok) override {
    if (!ok) {  // The call was cancelled or its deadline passed.
      FinishWith(Status(grpc::StatusCode::CANCELLED, "stream broken"));
      return;
    }
    ++outcome_.messages_sent;
    WriteNext();
  }

 private:
  void WriteNext() {
    if (remaining_ == 0) {
      FinishWith(Status::OK);
      return;
    }
    --remaining_;
    prime_ = primes_.Next();
    StartWrite(&prime_);  // prime_ must live until OnWriteDone.
  }

  PrimeSequence primes_;
  int32_t remaining_;
  v1::Prime prime_;
};
// [END callback_list_primes]

// [START callback_summarize]
class SummaryReader
    : public ObservedReactor<grpc::ServerReadReactor<v1::Number>> {
 public:
  SummaryReader(const CallObserver& observer, v1::Summary* response)
      : ObservedReactor(observer, "Summarize"), response_(response) {
    StartRead(&number_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // The client half-closed (or the call ended): answer once.
      *response_ = accumulator_.Summary();
      outcome_.messages_sent = 1;
      FinishWith(Status::OK);
      return;
    }
    ++outcome_.messages_received;
    if (Status overflow = accumulator_.Add(number_.value()); !overflow.ok()) {
      FinishWith(overflow);
      return;
    }
    StartRead(&number_);
  }

 private:
  v1::Summary* response_;
  v1::Number number_;
  Accumulator accumulator_;
};
// [END callback_summarize]

// [START callback_running_sum]
class RunningSummer
    : public ObservedReactor<
          grpc::ServerBidiReactor<v1::Number, v1::RunningTotal>> {
 public:
  explicit RunningSummer(const CallObserver& observer)
      : ObservedReactor(observer, "RunningSum") {
    StartRead(&number_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // The client half-closed: every value has been answered.
      FinishWith(Status::OK);
      return;
    }
    ++outcome_.messages_received;
    if (Status overflow = accumulator_.Add(number_.value()); !overflow.ok()) {
      FinishWith(overflow);
      return;
    }
    total_ = accumulator_.RunningTotal();
    StartWrite(&total_);
  }

  // Read the next value only after its answer is on its way, so at most one
  // read and one write are outstanding (the reactor rule).
  void OnWriteDone(bool ok) override {
    if (!ok) {
      FinishWith(Status(grpc::StatusCode::CANCELLED, "stream broken"));
      return;
    }
    ++outcome_.messages_sent;
    StartRead(&number_);
  }

 private:
  v1::Number number_;
  v1::RunningTotal total_;
  Accumulator accumulator_;
};
// [END callback_running_sum]

}  // namespace

// [START callback_divide]
grpc::ServerUnaryReactor* CallbackCalculatorService::Divide(
    CallbackServerContext* context, const v1::DivideRequest* request,
    v1::DivideResponse* response) {
  // A unary handler that does not block can answer right away through the
  // context's default reactor.
  Status status = calculator::Divide(*request, response);
  if (observer_) {
    observer_({"Divide", status.error_code(), context->IsCancelled(), 1,
               status.ok() ? 1 : 0});
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}
// [END callback_divide]

grpc::ServerWriteReactor<v1::Prime>* CallbackCalculatorService::ListPrimes(
    CallbackServerContext* /*context*/, const v1::ListPrimesRequest* request) {
  return new PrimeWriter(observer_, *request);
}

grpc::ServerReadReactor<v1::Number>* CallbackCalculatorService::Summarize(
    CallbackServerContext* /*context*/, v1::Summary* response) {
  return new SummaryReader(observer_, response);
}

grpc::ServerBidiReactor<v1::Number, v1::RunningTotal>*
CallbackCalculatorService::RunningSum(CallbackServerContext* /*context*/) {
  return new RunningSummer(observer_);
}

}  // namespace calculator
