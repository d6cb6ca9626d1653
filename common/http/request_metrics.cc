#include "common/http/request_metrics.h"

#include <array>
#include <chrono>
#include <optional>
#include <string_view>

namespace common {
namespace {

using Clock = std::chrono::steady_clock;

// httplib 0.11 handles a request on one worker thread from routing to the
// logger, one request at a time, so what the route's handler learns can
// reach the logger in thread-locals. Both are cleared after every request,
// so the worst a change in httplib could cause is a wrong label from the
// same bounded set.
thread_local const std::string* current_route = nullptr;
thread_local std::optional<Clock::time_point> current_start;

std::string MethodLabel(const std::string& method) {
  static constexpr std::array<std::string_view, 7> kMethods = {
      "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};
  for (std::string_view known : kMethods) {
    if (method == known) return method;
  }
  return "other";
}

const prometheus::Histogram::BucketBoundaries kBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
    0.1,    0.25,  0.5,    1,     2.5,  5,     10};

}  // namespace

RequestMetrics::RequestMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("http_requests_total")
                    .Help("HTTP requests answered, by method, route and "
                          "status code.")
                    .Register(registry)),
      seconds_(prometheus::BuildHistogram()
                   .Name("http_request_duration_seconds")
                   .Help("How long HTTP requests took, from routing to the "
                         "end of the response.")
                   .Register(registry)) {}

void RequestMetrics::Start() {
  current_route = nullptr;
  current_start = Clock::now();
}

void RequestMetrics::SetRoute(const std::string* pattern) {
  current_route = pattern;
}

void RequestMetrics::Finish(const httplib::Request& request,
                            const httplib::Response& response) const {
  std::string route;
  if (current_route != nullptr) {
    route = *current_route;
  } else {
    // No route's handler ran: a file from the static directory, or an
    // error httplib answered itself (404, 400, 413, ...).
    route = response.status < 400 ? "static" : "none";
  }
  const prometheus::Labels labels = {{"method", MethodLabel(request.method)},
                                     {"route", route}};
  prometheus::Labels with_code = labels;
  with_code.emplace("code", std::to_string(response.status));
  requests_.Add(with_code).Increment();
  // A request httplib refused before routing has no start.
  if (current_start.has_value()) {
    seconds_.Add(labels, kBuckets)
        .Observe(std::chrono::duration<double>(Clock::now() - *current_start)
                     .count());
  }
  current_route = nullptr;
  current_start.reset();
}

}  // namespace common
