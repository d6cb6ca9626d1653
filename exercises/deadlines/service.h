// The deadline exercise: exercises/deadlines/README.md.
#ifndef EXERCISES_DEADLINES_SERVICE_H_
#define EXERCISES_DEADLINES_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <mutex>

#include "exercises/deadlines/prices.grpc.pb.h"

namespace exercises::deadlines {

// The backend: every price is 250 cents. It remembers the deadline of the
// last call it got (the test looks at it).
class BackendService final : public v1::PriceService::Service {
 public:
  grpc::Status GetPrice(grpc::ServerContext* context,
                        const v1::GetPriceRequest* /*request*/,
                        v1::GetPriceResponse* response) override {
    std::lock_guard<std::mutex> lock(mutex_);
    last_deadline_ = context->deadline();
    response->set_cents(250);
    return grpc::Status::OK;
  }

  std::chrono::system_clock::time_point last_deadline() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_deadline_;
  }

 private:
  mutable std::mutex mutex_;
  std::chrono::system_clock::time_point last_deadline_;  // Guarded by mutex_.
};

// The front: answers each call by calling the backend (service.cc).
class FrontService final : public v1::PriceService::Service {
 public:
  explicit FrontService(std::shared_ptr<grpc::Channel> backend)
      : backend_(v1::PriceService::NewStub(backend)) {}

  grpc::Status GetPrice(grpc::ServerContext* context,
                        const v1::GetPriceRequest* request,
                        v1::GetPriceResponse* response) override;

 private:
  std::unique_ptr<v1::PriceService::Stub> backend_;
};

}  // namespace exercises::deadlines

#endif  // EXERCISES_DEADLINES_SERVICE_H_
