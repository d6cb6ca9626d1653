// The client-streaming exercise: exercises/client_streaming/README.md.
#ifndef EXERCISES_CLIENT_STREAMING_SERVICE_H_
#define EXERCISES_CLIENT_STREAMING_SERVICE_H_

#include <cstdint>

#include "exercises/client_streaming/statistics.grpc.pb.h"

namespace exercises::client_streaming {

class StatisticsService final : public v1::StatisticsService::Service {
 public:
  // The most values one call may send: a server must bound what a client
  // can make it do.
  static constexpr int64_t kMaxValues = 1000;

  grpc::Status Summarize(grpc::ServerContext* context,
                         grpc::ServerReader<v1::SummarizeRequest>* reader,
                         v1::SummarizeResponse* response) override;
};

}  // namespace exercises::client_streaming

#endif  // EXERCISES_CLIENT_STREAMING_SERVICE_H_
