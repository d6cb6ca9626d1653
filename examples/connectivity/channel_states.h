// A channel's connectivity state, by name, and a watcher that records the
// states a channel goes through.
//
//   IDLE               no connection, none being made (at first, and after
//                      the connection is closed or idles out)
//   CONNECTING         resolving the name, connecting, the TLS and HTTP/2
//                      handshakes
//   READY              connected: calls go out at once
//   TRANSIENT_FAILURE  the last attempt to connect failed; gRPC tries again
//                      after a backoff (1 s, growing to 120 s, by default)
//   SHUTDOWN           the channel is being destroyed
#ifndef EXAMPLES_CONNECTIVITY_CHANNEL_STATES_H_
#define EXAMPLES_CONNECTIVITY_CHANNEL_STATES_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>

namespace connectivity {

const char* StateName(grpc_connectivity_state state);

// Calls `on_state` with the channel's state, then with every new state it
// goes to, until `on_state` returns false or `deadline` passes. The first
// look asks the channel to connect (GetState(true)), as a call would.
// Returns the last state seen.
grpc_connectivity_state WatchStates(
    grpc::Channel& channel, std::chrono::system_clock::time_point deadline,
    const std::function<bool(grpc_connectivity_state)>& on_state);

}  // namespace connectivity

#endif  // EXAMPLES_CONNECTIVITY_CHANNEL_STATES_H_
