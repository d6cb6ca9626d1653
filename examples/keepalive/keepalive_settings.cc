#include "examples/keepalive/keepalive_settings.h"

namespace keepalive {

// [START client_keepalive]
void Apply(const ClientKeepalive& keepalive,
           grpc::ChannelArguments& arguments) {
  if (keepalive.time.count() == 0) return;
  arguments.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, keepalive.time.count());
  arguments.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, keepalive.timeout.count());
  arguments.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS,
                   keepalive.without_calls);
  // By default a client sends at most 2 pings without data in between;
  // 0 lifts the limit, so an idle stream stays watched.
  arguments.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
}
// [END client_keepalive]

// [START server_keepalive]
void Apply(const ServerKeepalive& keepalive, grpc::ServerBuilder& builder) {
  if (keepalive.time.count() > 0) {
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS,
                               keepalive.time.count());
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                               keepalive.timeout.count());
  }
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
      keepalive.min_client_ping_interval.count());
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS,
                             keepalive.permit_without_calls);
}
// [END server_keepalive]

}  // namespace keepalive
