// Counts the requests an httplib server answers, for Prometheus:
//
//   http_requests_total{method,route,code}
//   http_request_duration_seconds{method,route} (histogram, from routing to
//                                                the end of the response)
//
// `route` is the pattern a request matched ("/api/v1/meters/([^/]+)/readings"),
// "static" for a file from the static directory, or "none"; never the path
// itself, which a client chooses: a label per path would let any client
// create series without end. `method` is one of HTTP's, or "other".
//
// SetUpHttpServer (server_setup.h) installs it when HttpServerSetup has a
// registry; RouteGet/RoutePost tell it the route.
#ifndef COMMON_HTTP_REQUEST_METRICS_H_
#define COMMON_HTTP_REQUEST_METRICS_H_

#include <httplib.h>
#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <string>

namespace common {

class RequestMetrics {
 public:
  explicit RequestMetrics(prometheus::Registry& registry);

  // At the start of a request (httplib's pre-routing handler).
  static void Start();
  // By the route's handler wrapper: the pattern it was registered with,
  // which must outlive the server.
  static void SetRoute(const std::string* pattern);
  // When the response is out (httplib's logger).
  void Finish(const httplib::Request& request,
              const httplib::Response& response) const;

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& seconds_;
};

}  // namespace common

#endif  // COMMON_HTTP_REQUEST_METRICS_H_
