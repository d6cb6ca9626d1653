#include "common/grpc/call_metrics.h"

#include <google/protobuf/descriptor.h>

#include <stdexcept>

#include "common/grpc/status_names.h"

namespace common {
namespace {

std::string SideName(CallMetrics::Side side) {
  return side == CallMetrics::Side::kServer ? "server" : "client";
}

// go-grpc-prometheus's names for the four call modes.
std::string TypeName(const google::protobuf::MethodDescriptor& method) {
  if (method.client_streaming() && method.server_streaming()) {
    return "bidi_stream";
  }
  if (method.client_streaming()) return "client_stream";
  if (method.server_streaming()) return "server_stream";
  return "unary";
}

}  // namespace

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  // A loopback call takes well under a millisecond, a month of meter
  // readings a few milliseconds, a slow disk or network seconds.
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return *buckets;
}

CallMetrics::CallMetrics(prometheus::Registry& registry, Side side,
                         const std::vector<std::string>& services)
    : started_(prometheus::BuildCounter()
                   .Name("grpc_" + SideName(side) + "_started_total")
                   .Help("gRPC calls started, by method.")
                   .Register(registry)),
      handled_(prometheus::BuildCounter()
                   .Name("grpc_" + SideName(side) + "_handled_total")
                   .Help("gRPC calls finished, by method and status code.")
                   .Register(registry)),
      handling_seconds_(
          prometheus::BuildHistogram()
              .Name("grpc_" + SideName(side) + "_handling_seconds")
              .Help("How long gRPC calls took, from start to status.")
              .Register(registry)) {
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    if (service == nullptr) {
      throw std::invalid_argument("CallMetrics: no generated service " + name);
    }
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor& method = *service->method(i);
      methods_.emplace("/" + name + "/" + method.name(),
                       Add({{"grpc_service", name},
                            {"grpc_method", method.name()},
                            {"grpc_type", TypeName(method)}}));
    }
  }
  unknown_ = Add({{"grpc_service", "unknown"},
                  {"grpc_method", "unknown"},
                  {"grpc_type", "unknown"}});
}

CallMetrics::Method CallMetrics::Add(prometheus::Labels labels) {
  // Started and the histogram exist from the start, so that a method's rate
  // is 0, not missing, before its first call.
  Method method{labels, &started_.Add(labels),
                &handling_seconds_.Add(labels, LatencyBuckets())};
  return method;
}

const CallMetrics::Method& CallMetrics::Find(std::string_view path) const {
  auto it = methods_.find(path);
  return it == methods_.end() ? unknown_ : it->second;
}

void CallMetrics::Handled(const Method& method, grpc::StatusCode code,
                          double seconds) const {
  prometheus::Labels labels = method.labels;
  labels.emplace("grpc_code", StatusCodeName(code));
  handled_.Add(labels).Increment();
  method.handling_seconds->Observe(seconds);
}

}  // namespace common
