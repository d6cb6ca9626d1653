// A front service: it serves calculator.v1.Calculator's Divide and
// ListPrimes by calling a backend calculator, the way a gateway or an API
// server calls the services behind it. Each backend call's context is made
// from the front's server context (with `propagate`), so the client's
// deadline and cancellation travel on to the backend.
#ifndef EXAMPLES_DEADLINES_FRONT_SERVICE_H_
#define EXAMPLES_DEADLINES_FRONT_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>

#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace deadlines {

struct FrontOptions {
  // Make backend contexts with ClientContext::FromServerContext.
  bool propagate = true;
  // The front's own limit on a backend call. With `propagate`, a client's
  // earlier deadline still wins; without, this is the backend's deadline.
  std::chrono::milliseconds backend_timeout{10000};
};

class FrontService final : public calculator::v1::Calculator::Service {
 public:
  FrontService(std::shared_ptr<grpc::Channel> backend, FrontOptions options)
      : backend_(calculator::v1::Calculator::NewStub(backend)),
        options_(options) {}

  grpc::Status Divide(grpc::ServerContext* context,
                      const calculator::v1::DivideRequest* request,
                      calculator::v1::DivideResponse* response) override;

  grpc::Status ListPrimes(
      grpc::ServerContext* context,
      const calculator::v1::ListPrimesRequest* request,
      grpc::ServerWriter<calculator::v1::Prime>* writer) override;

 private:
  std::unique_ptr<grpc::ClientContext> BackendContext(
      const grpc::ServerContext& server_context) const;

  std::unique_ptr<calculator::v1::Calculator::Stub> backend_;
  const FrontOptions options_;
};

}  // namespace deadlines

#endif  // EXAMPLES_DEADLINES_FRONT_SERVICE_H_
