// For a program whose calls fail fast while its backend is down (an HTTP
// front end answers 503 at once rather than wait): what makes its channel
// use the backend again within a second of it coming back.
//
// Two things delay that by default. gRPC's reconnect backoff grows to 2
// minutes. And a channel with no call in flight has nobody polling its
// connection attempts: they complete only when gRPC's backup poller runs,
// every 5 s, so each attempt took 5 s and the HTTP servers answered 503 for
// 6-15 s after the gRPC server was back.
#ifndef COMMON_GRPC_QUICK_RECONNECT_H_
#define COMMON_GRPC_QUICK_RECONNECT_H_

#include <grpcpp/grpcpp.h>

namespace common {

// Makes gRPC's backup poller run every 100 ms (its documented environment
// variable GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS, unless the user set
// it). gRPC reads it once, when it starts: call this first thing in main(),
// before any channel or credentials exist.
void PollConnectionAttemptsOften();

// Channel arguments that retry connecting every 500 ms while the backend is
// down (a refused connect on loopback costs microseconds).
grpc::ChannelArguments QuickReconnectArguments();

}  // namespace common

#endif  // COMMON_GRPC_QUICK_RECONNECT_H_
