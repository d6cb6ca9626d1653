// The bidirectional-streaming exercise: exercises/bidi_streaming/README.md.
#ifndef EXERCISES_BIDI_STREAMING_SERVICE_H_
#define EXERCISES_BIDI_STREAMING_SERVICE_H_

#include "exercises/bidi_streaming/shout.grpc.pb.h"

namespace exercises::bidi_streaming {

class ShoutService final : public v1::ShoutService::Service {
 public:
  grpc::Status Shout(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::ShoutResponse, v1::ShoutRequest>* stream)
      override;
};

}  // namespace exercises::bidi_streaming

#endif  // EXERCISES_BIDI_STREAMING_SERVICE_H_
