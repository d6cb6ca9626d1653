#include "exercises/unary/service.h"

namespace exercises::unary {

using grpc::Status;
using grpc::StatusCode;

Status ArithmeticService::Add(grpc::ServerContext* /*context*/,
                              const v1::AddRequest* request,
                              v1::AddResponse* response) {
  int64_t sum = 0;
  if (__builtin_add_overflow(request->a(), request->b(), &sum)) {
    return Status(StatusCode::OUT_OF_RANGE, "the sum does not fit in int64");
  }
  response->set_sum(sum);
  return Status::OK;
}

// The exercise: answer a * b, or OUT_OF_RANGE if it does not fit in int64
// (Add shows how).
Status ArithmeticService::Multiply(grpc::ServerContext* /*context*/,
                                   const v1::MultiplyRequest* /*request*/,
                                   v1::MultiplyResponse* /*response*/) {
  return Status(StatusCode::UNIMPLEMENTED,
                "Multiply is the exercise: see exercises/unary/README.md");
}

}  // namespace exercises::unary
