#include "exercises/retries/service.h"

namespace exercises::retries {

// The exercise: give the channel a service config whose retry policy makes
// gRPC itself try a FlakyService call that ends UNAVAILABLE again, up to 4
// attempts in all, so that clients get through a server that fails twice.
std::shared_ptr<grpc::Channel> NewFlakyServiceChannel(
    const std::string& target) {
  return grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
}

}  // namespace exercises::retries
