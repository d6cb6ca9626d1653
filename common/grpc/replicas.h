// The client side of a service run as several replicas: one channel whose
// target resolves to every replica (e.g. ipv4:10.0.0.1:50052,10.0.0.2:50052
// or a DNS name with several addresses) and this service config.
#ifndef COMMON_GRPC_REPLICAS_H_
#define COMMON_GRPC_REPLICAS_H_

#include <string>
#include <string_view>
#include <vector>

namespace common {

// A service config (JSON) that spreads calls over every address round-robin,
// checks each replica's health from the client (grpc.health.v1.Health for
// `service`: a replica that is unreachable or not SERVING gets no new
// calls), and retries `retry_methods` of `service` on UNAVAILABLE, up to 4
// attempts in all (gRPC waits a random time up to 0.1 s, 0.2 s, 0.4 s
// between them), on whichever replica is healthy then. Only methods that are
// safe to repeat belong in `retry_methods`: a retried call may have run once
// already.
std::string ReplicasServiceConfig(
    std::string_view service, const std::vector<std::string>& retry_methods);

}  // namespace common

#endif  // COMMON_GRPC_REPLICAS_H_
