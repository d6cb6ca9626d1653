#include "common/grpc/quick_reconnect.h"

#include <stdlib.h>

namespace common {

// [START settings]
void PollConnectionAttemptsOften() {
  setenv("GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS", "100",
         /*overwrite=*/0);
}

grpc::ChannelArguments QuickReconnectArguments() {
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 500);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);
  return arguments;
}
// [END settings]

}  // namespace common
