// A calculator backend that says who answered: each reply carries the
// backend's name in its trailing metadata ("x-backend"), and the backend
// counts the calls it served, so a client and a test can see where a
// load-balancing policy sent each call.
#ifndef EXAMPLES_LOAD_BALANCING_NAMED_BACKEND_H_
#define EXAMPLES_LOAD_BALANCING_NAMED_BACKEND_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <string>

#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace load_balancing {

inline constexpr char kBackendKey[] = "x-backend";

class NamedBackendService final : public calculator::v1::Calculator::Service {
 public:
  explicit NamedBackendService(std::string name) : name_(std::move(name)) {}

  grpc::Status Divide(grpc::ServerContext* context,
                      const calculator::v1::DivideRequest* request,
                      calculator::v1::DivideResponse* response) override;

  int calls() const { return calls_; }

 private:
  const std::string name_;
  std::atomic<int> calls_{0};
};

}  // namespace load_balancing

#endif  // EXAMPLES_LOAD_BALANCING_NAMED_BACKEND_H_
