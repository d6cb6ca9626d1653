// GET /metrics: a Prometheus registry in the text exposition format, what a
// Prometheus server scrapes.
#ifndef COMMON_HTTP_METRICS_PAGE_H_
#define COMMON_HTTP_METRICS_PAGE_H_

#include <httplib.h>
#include <prometheus/registry.h>

#include <memory>

namespace common {

// Routes GET /metrics of `server` to the current values of `registry`.
void ServeMetrics(httplib::Server& server,
                  std::shared_ptr<prometheus::Registry> registry);

}  // namespace common

#endif  // COMMON_HTTP_METRICS_PAGE_H_
