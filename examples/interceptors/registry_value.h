// The value of one series in a Prometheus registry, for the interceptor
// tests.
#ifndef EXAMPLES_INTERCEPTORS_REGISTRY_VALUE_H_
#define EXAMPLES_INTERCEPTORS_REGISTRY_VALUE_H_

#include <prometheus/registry.h>

#include <map>
#include <string>

namespace testing_util {

// The counter value of the series `name` with exactly `labels`; -1 if none.
inline double Value(const prometheus::Registry& registry,
                    const std::string& name,
                    const std::map<std::string, std::string>& labels) {
  for (const auto& family : registry.Collect()) {
    if (family.name != name) continue;
    for (const auto& metric : family.metric) {
      std::map<std::string, std::string> have;
      for (const auto& label : metric.label) have[label.name] = label.value;
      if (have == labels) return metric.counter.value;
    }
  }
  return -1;
}

}  // namespace testing_util

#endif  // EXAMPLES_INTERCEPTORS_REGISTRY_VALUE_H_
