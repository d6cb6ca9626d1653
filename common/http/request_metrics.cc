#include "common/http/request_metrics.h"

#include <array>
#include <chrono>
#include <optional>
#include <string_view>

#include "common/grpc/call_metrics.h"

namespace common {
namespace {

using Clock = std::chrono::steady_clock;

// httplib 0.11 handles a request on one worker thread from routing to the
// logger, one request at a time, so what the route's handler learns can
// reach the later hooks in thread-locals. They are cleared after every
// request, so the worst a change in httplib could cause is a wrong label
// from the same bounded set.
struct Current {
  const RequestMetrics* metrics = nullptr;
  const std::string* route = nullptr;
  std::optional<Clock::time_point> start;
  bool counted = false;
};
thread_local Current current;

std::string MethodLabel(const std::string& method) {
  static constexpr std::array<std::string_view, 7> kMethods = {
      "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};
  for (std::string_view known : kMethods) {
    if (method == known) return method;
  }
  return "other";
}

}  // namespace

RequestMetrics::RequestMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("http_requests_total")
                    .Help("HTTP requests answered, by method, route and "
                          "status code.")
                    .Register(registry)),
      seconds_(prometheus::BuildHistogram()
                   .Name("http_request_duration_seconds")
                   .Help("How long HTTP requests took to answer, from "
                         "routing until the answer is ready to go out.")
                   .Register(registry)) {}

void RequestMetrics::Start() const {
  current = Current{this, nullptr, Clock::now(), false};
}

void RequestMetrics::EnterRoute(const std::string* pattern) {
  current.route = pattern;
}

void RequestMetrics::Routed(const httplib::Request& request,
                            const httplib::Response& response) {
  if (current.metrics != nullptr) current.metrics->Answered(request, response);
}

void RequestMetrics::Answered(const httplib::Request& request,
                              const httplib::Response& response) const {
  if (current.counted) return;
  current.counted = true;
  std::string route;
  if (current.route != nullptr) {
    route = *current.route;
  } else {
    // No route's handler ran: a file from the static directory, or an
    // error httplib answered itself (404, 400, 413, ...).
    route = response.status != -1 && response.status < 400 ? "static" : "none";
  }
  const prometheus::Labels labels = {{"method", MethodLabel(request.method)},
                                     {"route", route}};
  prometheus::Labels with_code = labels;
  // A handler that sets no status (-1 until the answer goes out) gets 200.
  with_code.emplace(
      "code", std::to_string(response.status == -1 ? 200 : response.status));
  requests_.Add(with_code).Increment();
  // A request httplib refused before routing has no start.
  if (current.start.has_value()) {
    seconds_.Add(labels, LatencyBuckets())
        .Observe(std::chrono::duration<double>(Clock::now() - *current.start)
                     .count());
  }
}

void RequestMetrics::End() { current = Current(); }

}  // namespace common
