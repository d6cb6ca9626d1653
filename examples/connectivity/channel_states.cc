#include "examples/connectivity/channel_states.h"

namespace connectivity {

const char* StateName(grpc_connectivity_state state) {
  switch (state) {
    case GRPC_CHANNEL_IDLE:
      return "IDLE";
    case GRPC_CHANNEL_CONNECTING:
      return "CONNECTING";
    case GRPC_CHANNEL_READY:
      return "READY";
    case GRPC_CHANNEL_TRANSIENT_FAILURE:
      return "TRANSIENT_FAILURE";
    case GRPC_CHANNEL_SHUTDOWN:
      return "SHUTDOWN";
  }
  return "UNKNOWN";
}

// [START watch_states]
grpc_connectivity_state WatchStates(
    grpc::Channel& channel, std::chrono::system_clock::time_point deadline,
    const std::function<bool(grpc_connectivity_state)>& on_state) {
  // true: start connecting if IDLE. A channel connects lazily, on its first
  // call or when asked here.
  grpc_connectivity_state state = channel.GetState(/*try_to_connect=*/true);
  while (on_state(state)) {
    // Blocks until the state differs from `state`; false at the deadline.
    if (!channel.WaitForStateChange(state, deadline)) break;
    state = channel.GetState(/*try_to_connect=*/true);
  }
  return state;
}
// [END watch_states]

}  // namespace connectivity
