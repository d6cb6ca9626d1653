#include "exercises/retries/service.h"

namespace exercises::retries {

// The service config, in the JSON of gRPC's service_config.proto: for every
// method of the service (a "name" without "method"), retry UNAVAILABLE.
constexpr char kServiceConfig[] = R"json({
  "methodConfig": [{
    "name": [{"service": "exercises.retries.v1.FlakyService"}],
    "retryPolicy": {
      "maxAttempts": 4,
      "initialBackoff": "0.05s",
      "maxBackoff": "0.5s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }]
})json";

std::shared_ptr<grpc::Channel> NewFlakyServiceChannel(
    const std::string& target) {
  grpc::ChannelArguments arguments;
  arguments.SetServiceConfigJSON(kServiceConfig);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(),
                                   arguments);
}

}  // namespace exercises::retries
