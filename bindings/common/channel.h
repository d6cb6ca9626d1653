// Channels and deadlines, the same for every service's client.
#ifndef BINDINGS_COMMON_CHANNEL_H_
#define BINDINGS_COMMON_CHANNEL_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <optional>
#include <string>

namespace bindings {

// How to reach a server: plaintext unless `tls` is set. Mirrors
// grpc_tutorial.TlsOptions on the Python side.
struct ChannelOptions {
  std::string target;
  bool tls = false;
  // PEM text; empty means the system's roots (for root_certificates) or no
  // client certificate (for the other two).
  std::string root_certificates;
  std::string private_key;
  std::string certificate_chain;
  // Check the server's certificate against this name instead of the target's
  // host name (for test certificates).
  std::string server_name_override;
  // Ping a quiet connection after this many milliseconds, ending the calls
  // if the server does not answer (0: never).
  int keepalive_ms = 0;
  // Connect on the channel's own (rather than a process-wide shared) pool, so
  // that a new channel really makes a new connection: gRPC 1.51 can leave a
  // shared connection in TRANSIENT_FAILURE after the server comes back.
  bool local_subchannel_pool = false;
};

std::shared_ptr<grpc::Channel> MakeChannel(const ChannelOptions& options);

// Sets the call's deadline `timeout_s` seconds from now; none if nullopt.
void SetTimeout(grpc::ClientContext& context, std::optional<double> timeout_s);

}  // namespace bindings

#endif  // BINDINGS_COMMON_CHANNEL_H_
