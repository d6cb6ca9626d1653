// Keepalive settings for a channel and for a server, as channel arguments.
//
// Keepalive is an HTTP/2 PING sent on an idle connection: `time` after the
// last activity, the sender pings, and if no answer comes within `timeout`
// it closes the connection, and the calls on it end with UNAVAILABLE. So a
// side learns that its peer is gone (a pulled cable, a crashed host, a
// NAT that forgot the connection), which TCP alone may take hours to say.
#ifndef EXAMPLES_KEEPALIVE_KEEPALIVE_SETTINGS_H_
#define EXAMPLES_KEEPALIVE_KEEPALIVE_SETTINGS_H_

#include <grpcpp/grpcpp.h>

#include <chrono>

namespace keepalive {

struct ClientKeepalive {
  // Zero: no keepalive pings (gRPC's default for clients).
  std::chrono::milliseconds time{0};
  std::chrono::milliseconds timeout{20000};
  // Ping even with no call open (off by default; servers may refuse it).
  bool without_calls = false;
};

struct ServerKeepalive {
  // Zero: gRPC's default for servers (a ping every 2 hours).
  std::chrono::milliseconds time{0};
  std::chrono::milliseconds timeout{20000};
  // The enforcement policy: the most often a client may ping while no data
  // flows; more often is a strike, and past 2 strikes the server sends
  // GOAWAY ("too_many_pings") and closes the connection. gRPC's default is
  // 5 minutes.
  std::chrono::milliseconds min_client_ping_interval{300000};
  // Whether clients may ping while they have no call open.
  bool permit_without_calls = false;
};

void Apply(const ClientKeepalive& keepalive, grpc::ChannelArguments& arguments);
void Apply(const ServerKeepalive& keepalive, grpc::ServerBuilder& builder);

}  // namespace keepalive

#endif  // EXAMPLES_KEEPALIVE_KEEPALIVE_SETTINGS_H_
