// What a call's reactor (on gRPC's threads) and the Python threads waiting
// for it share: one mutex and one condition variable per call.
#ifndef BINDINGS_COMMON_CALL_SYNC_H_
#define BINDINGS_COMMON_CALL_SYNC_H_

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace bindings {

struct CallSync {
  std::mutex mu;
  std::condition_variable changed;
  // When the waiting thread last looked for pending signals (Ctrl-C).
  std::chrono::steady_clock::time_point signals_checked =
      std::chrono::steady_clock::now();
};

}  // namespace bindings

#endif  // BINDINGS_COMMON_CALL_SYNC_H_
