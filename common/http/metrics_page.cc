#include "common/http/metrics_page.h"

#include <prometheus/text_serializer.h>

#include <utility>

#include "common/http/server_setup.h"

namespace common {

void ServeMetrics(httplib::Server& server,
                  std::shared_ptr<prometheus::Registry> registry) {
  RouteGet(server, "/metrics",
           [registry = std::move(registry)](const httplib::Request&,
                                            httplib::Response& response) {
             response.set_content(
                 prometheus::TextSerializer().Serialize(registry->Collect()),
                 "text/plain; version=0.0.4; charset=utf-8");
           });
}

}  // namespace common
