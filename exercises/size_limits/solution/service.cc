#include "exercises/size_limits/service.h"

namespace exercises::size_limits {

void ConfigureServer(grpc::ServerBuilder& builder) {
  // The limit is on the whole serialized message: the bytes field plus a
  // few bytes of framing.
  builder.SetMaxReceiveMessageSize(static_cast<int>(kMaxUploadBytes));
}

}  // namespace exercises::size_limits
