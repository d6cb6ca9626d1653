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
};

std::shared_ptr<grpc::Channel> MakeChannel(const ChannelOptions& options);

// Sets the call's deadline `timeout_s` seconds from now; none if nullopt.
void SetTimeout(grpc::ClientContext& context, std::optional<double> timeout_s);

}  // namespace bindings

#endif  // BINDINGS_COMMON_CHANNEL_H_
