// The retry exercise: exercises/retries/README.md.
#ifndef EXERCISES_RETRIES_SERVICE_H_
#define EXERCISES_RETRIES_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>

#include "exercises/retries/flaky.grpc.pb.h"

namespace exercises::retries {

// A server that fails its first `failures` calls with UNAVAILABLE, as one
// does while it restarts.
class FlakyService final : public v1::FlakyService::Service {
 public:
  explicit FlakyService(int failures) : failures_(failures) {}

  grpc::Status Fetch(grpc::ServerContext* /*context*/,
                     const v1::FetchRequest* /*request*/,
                     v1::FetchResponse* response) override {
    const int attempt = ++attempts_;
    if (attempt <= failures_) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "restarting");
    }
    response->set_attempt(attempt);
    return grpc::Status::OK;
  }

  int attempts() const { return attempts_; }

 private:
  const int failures_;
  std::atomic<int> attempts_{0};
};

// A channel to `target` for FlakyService's clients (service.cc).
std::shared_ptr<grpc::Channel> NewFlakyServiceChannel(
    const std::string& target);

}  // namespace exercises::retries

#endif  // EXERCISES_RETRIES_SERVICE_H_
