// The one line of JSON each C++ latency program prints for
// unary_latency_bench.py: {"p50_us": .., "p99_us": .., "calls_per_s": ..}
// from the round-trip times it measured.
#ifndef BINDINGS_BENCH_LATENCY_SUMMARY_H_
#define BINDINGS_BENCH_LATENCY_SUMMARY_H_

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

namespace bench {

inline void PrintLatencySummary(std::vector<double> samples_us) {
  if (samples_us.empty()) return;
  const double total_us =
      std::accumulate(samples_us.begin(), samples_us.end(), 0.0);
  std::sort(samples_us.begin(), samples_us.end());
  std::printf("{\"p50_us\": %.1f, \"p99_us\": %.1f, \"calls_per_s\": %.0f}\n",
              samples_us[samples_us.size() / 2],
              samples_us[samples_us.size() * 99 / 100],
              samples_us.size() / (total_us / 1e6));
}

}  // namespace bench

#endif  // BINDINGS_BENCH_LATENCY_SUMMARY_H_
