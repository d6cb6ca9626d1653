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
// registry, in the pre-routing handler, the error handler and the logger
// (httplib has one logger slot: it takes it); RouteGet/RoutePost count
// their requests as their handlers return. A streaming answer (the meter's
// server-sent events) counts when its handler has set it up.
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
  void Start() const;
  // By a route's handler wrapper: before the handler, the route's
  // `pattern` (which must outlive the server); once it has returned, the
  // count, before the answer goes out (so that a client never has an
  // answer that is not counted yet).
  static void EnterRoute(const std::string* pattern);
  static void Routed(const httplib::Request& request,
                     const httplib::Response& response);
  // By the error handler and the logger, for requests no route answered;
  // counts each request once, whoever calls first.
  void Answered(const httplib::Request& request,
                const httplib::Response& response) const;
  // At the end of a request (the logger).
  static void End();

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& seconds_;
};

}  // namespace common

#endif  // COMMON_HTTP_REQUEST_METRICS_H_
