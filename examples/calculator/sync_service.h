// The Calculator service in gRPC's synchronous style: each handler runs on a
// thread from the server's pool and blocks on Read/Write until the call is
// over.
#ifndef EXAMPLES_CALCULATOR_SYNC_SERVICE_H_
#define EXAMPLES_CALCULATOR_SYNC_SERVICE_H_

#include "examples/calculator/call_outcome.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace calculator {

class SyncCalculatorService final : public v1::Calculator::Service {
 public:
  explicit SyncCalculatorService(CallObserver observer)
      : observer_(std::move(observer)) {}

  grpc::Status Divide(grpc::ServerContext* context,
                      const v1::DivideRequest* request,
                      v1::DivideResponse* response) override;

  grpc::Status ListPrimes(grpc::ServerContext* context,
                          const v1::ListPrimesRequest* request,
                          grpc::ServerWriter<v1::Prime>* writer) override;

  grpc::Status Summarize(grpc::ServerContext* context,
                         grpc::ServerReader<v1::Number>* reader,
                         v1::Summary* response) override;

  grpc::Status RunningSum(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::RunningTotal, v1::Number>* stream) override;

 private:
  // Reports how the call ended and returns `status` unchanged.
  grpc::Status Report(CallOutcome outcome, grpc::ServerContext* context,
                      grpc::Status status);

  CallObserver observer_;
};

}  // namespace calculator

#endif  // EXAMPLES_CALCULATOR_SYNC_SERVICE_H_
