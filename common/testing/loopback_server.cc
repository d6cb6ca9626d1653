#include "common/testing/loopback_server.h"

#include <chrono>

namespace testing_util {

LoopbackServer::LoopbackServer(
    const std::vector<grpc::Service*>& services,
    const std::function<void(grpc::ServerBuilder&)>& configure) {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  for (grpc::Service* service : services) builder.RegisterService(service);
  if (configure) configure(builder);
  server_ = builder.BuildAndStart();
  if (server_ != nullptr) address_ = "127.0.0.1:" + std::to_string(port);
}

LoopbackServer::~LoopbackServer() {
  if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
}

std::shared_ptr<grpc::Channel> LoopbackServer::NewChannel(
    const grpc::ChannelArguments& arguments) const {
  return grpc::CreateCustomChannel(address_, grpc::InsecureChannelCredentials(),
                                   arguments);
}

}  // namespace testing_util
