// Counts and times gRPC calls per method and status code, under the names
// that go-grpc-prometheus made the convention, so that the usual dashboards
// and alerts work unchanged (X is "server" or "client"):
//
//   grpc_X_started_total{grpc_service,grpc_method,grpc_type}
//   grpc_X_handled_total{grpc_service,grpc_method,grpc_type,grpc_code}
//   grpc_X_handling_seconds{grpc_service,grpc_method,grpc_type} (histogram)
//
// The interceptors in server_interceptors.h and client_interceptors.h feed
// it; the registry goes out in the Prometheus text format at /metrics.
#ifndef COMMON_GRPC_CALL_METRICS_H_
#define COMMON_GRPC_CALL_METRICS_H_

#include <grpcpp/grpcpp.h>
#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace common {

// The histogram buckets of call and request latencies, in seconds: 0.5 ms
// (a loopback call) to 10 s (a slow disk or network).
const prometheus::Histogram::BucketBoundaries& LatencyBuckets();

class CallMetrics {
 public:
  enum class Side { kServer, kClient };

  // A method's labels and its series.
  struct Method {
    prometheus::Labels labels;
    prometheus::Counter* started;
    prometheus::Histogram* handling_seconds;
  };

  // The methods of `services` (full names, such as "meter.v1.MeterService",
  // looked up in the generated descriptors) get series of their own. Any
  // other path counts as grpc_service="unknown": a client may call any
  // path, and a label per path would let it create series without end.
  CallMetrics(prometheus::Registry& registry, Side side,
              const std::vector<std::string>& services);

  // The method of a call's path, "/meter.v1.MeterService/GetSummary".
  const Method& Find(std::string_view path) const;

  void Started(const Method& method) const { method.started->Increment(); }
  void Handled(const Method& method, grpc::StatusCode code,
               double seconds) const;

 private:
  Method Add(prometheus::Labels labels);

  prometheus::Family<prometheus::Counter>& started_;
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Histogram>& handling_seconds_;
  std::map<std::string, Method, std::less<>> methods_;
  Method unknown_;
};

}  // namespace common

#endif  // COMMON_GRPC_CALL_METRICS_H_
