// The server-streaming exercise: exercises/server_streaming/README.md.
#ifndef EXERCISES_SERVER_STREAMING_SERVICE_H_
#define EXERCISES_SERVER_STREAMING_SERVICE_H_

#include <functional>
#include <utility>

#include "exercises/server_streaming/countdown.grpc.pb.h"

namespace exercises::server_streaming {

class CountdownService final : public v1::CountdownService::Service {
 public:
  // `on_finished` sees the status of each call as its handler returns: the
  // test's way to know when the server has stopped streaming.
  explicit CountdownService(
      std::function<void(const grpc::Status&)> on_finished = nullptr)
      : on_finished_(std::move(on_finished)) {}

  grpc::Status Countdown(
      grpc::ServerContext* context, const v1::CountdownRequest* request,
      grpc::ServerWriter<v1::CountdownResponse>* writer) override {
    grpc::Status status = Stream(context, *request, writer);
    if (on_finished_) on_finished_(status);
    return status;
  }

 private:
  // The handler itself (service.cc).
  grpc::Status Stream(grpc::ServerContext* context,
                      const v1::CountdownRequest& request,
                      grpc::ServerWriter<v1::CountdownResponse>* writer);

  std::function<void(const grpc::Status&)> on_finished_;
};

}  // namespace exercises::server_streaming

#endif  // EXERCISES_SERVER_STREAMING_SERVICE_H_
