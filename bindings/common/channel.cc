#include "bindings/common/channel.h"

#include <chrono>

namespace bindings {

std::shared_ptr<grpc::Channel> MakeChannel(const ChannelOptions& options) {
  grpc::ChannelArguments arguments;
  // Server streams send large batches (a meter range); lift the 4 MB limit.
  arguments.SetMaxReceiveMessageSize(-1);
  if (options.local_subchannel_pool) {
    arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  }
  if (options.keepalive_ms > 0) {
    arguments.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, options.keepalive_ms);
    arguments.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20000);
    // gRPC stops pinging after 2 pings without data by default; a quiet
    // stream must go on noticing a dead network.
    arguments.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  }
  if (!options.tls) {
    return grpc::CreateCustomChannel(
        options.target, grpc::InsecureChannelCredentials(), arguments);
  }
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = options.root_certificates;
  ssl.pem_private_key = options.private_key;
  ssl.pem_cert_chain = options.certificate_chain;
  if (!options.server_name_override.empty()) {
    arguments.SetSslTargetNameOverride(options.server_name_override);
  }
  return grpc::CreateCustomChannel(options.target, grpc::SslCredentials(ssl),
                                   arguments);
}

void SetTimeout(grpc::ClientContext& context, std::optional<double> timeout_s) {
  if (!timeout_s) return;
  context.set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::duration<double>(*timeout_s)));
}

}  // namespace bindings
