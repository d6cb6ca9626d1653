// The Calculator service in gRPC's callback (reactor) style: no thread waits
// for a client. Each call gets a reactor object; gRPC calls its On*() methods
// when a read or write completes, and the reactor starts the next one.
#ifndef EXAMPLES_CALCULATOR_CALLBACK_SERVICE_H_
#define EXAMPLES_CALCULATOR_CALLBACK_SERVICE_H_

#include "examples/calculator/call_outcome.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace calculator {

class CallbackCalculatorService final : public v1::Calculator::CallbackService {
 public:
  explicit CallbackCalculatorService(CallObserver observer)
      : observer_(std::move(observer)) {}

  grpc::ServerUnaryReactor* Divide(grpc::CallbackServerContext* context,
                                   const v1::DivideRequest* request,
                                   v1::DivideResponse* response) override;

  grpc::ServerWriteReactor<v1::Prime>* ListPrimes(
      grpc::CallbackServerContext* context,
      const v1::ListPrimesRequest* request) override;

  grpc::ServerReadReactor<v1::Number>* Summarize(
      grpc::CallbackServerContext* context, v1::Summary* response) override;

  grpc::ServerBidiReactor<v1::Number, v1::RunningTotal>* RunningSum(
      grpc::CallbackServerContext* context) override;

 private:
  CallObserver observer_;
};

}  // namespace calculator

#endif  // EXAMPLES_CALCULATOR_CALLBACK_SERVICE_H_
