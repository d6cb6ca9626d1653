// The unary exercise: exercises/unary/README.md.
#ifndef EXERCISES_UNARY_SERVICE_H_
#define EXERCISES_UNARY_SERVICE_H_

#include "exercises/unary/arithmetic.grpc.pb.h"

namespace exercises::unary {

class ArithmeticService final : public v1::ArithmeticService::Service {
 public:
  grpc::Status Add(grpc::ServerContext* context, const v1::AddRequest* request,
                   v1::AddResponse* response) override;
  grpc::Status Multiply(grpc::ServerContext* context,
                        const v1::MultiplyRequest* request,
                        v1::MultiplyResponse* response) override;
};

}  // namespace exercises::unary

#endif  // EXERCISES_UNARY_SERVICE_H_
