#include "common/grpc/replicas.h"

#include <nlohmann/json.hpp>

namespace common {

std::string ReplicasServiceConfig(
    std::string_view service, const std::vector<std::string>& retry_methods) {
  nlohmann::json names = nlohmann::json::array();
  for (const std::string& method : retry_methods) {
    names.push_back({{"service", service}, {"method", method}});
  }
  // [START service_config]
  nlohmann::json config = {
      {"loadBalancingConfig", {{{"round_robin", nlohmann::json::object()}}}},
      {"healthCheckConfig", {{"serviceName", service}}},
  };
  if (!retry_methods.empty()) {
    config["methodConfig"] = {{
        {"name", names},
        {"retryPolicy",
         {{"maxAttempts", 4},
          {"initialBackoff", "0.1s"},
          {"maxBackoff", "1s"},
          {"backoffMultiplier", 2},
          {"retryableStatusCodes", {"UNAVAILABLE"}}}},
    }};
  }
  // [END service_config]
  return config.dump();
}

}  // namespace common
