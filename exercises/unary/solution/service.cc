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

Status ArithmeticService::Multiply(grpc::ServerContext* /*context*/,
                                   const v1::MultiplyRequest* request,
                                   v1::MultiplyResponse* response) {
  int64_t product = 0;
  if (__builtin_mul_overflow(request->a(), request->b(), &product)) {
    return Status(StatusCode::OUT_OF_RANGE,
                  "the product does not fit in int64");
  }
  response->set_product(product);
  return Status::OK;
}

}  // namespace exercises::unary
