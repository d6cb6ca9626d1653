#include "bindings/common/interruptible_wait.h"

#include <pybind11/pybind11.h>

namespace bindings {

namespace py = pybind11;

namespace {

// [START check_signals]
// Runs Python's pending signal handlers (GIL held). On KeyboardInterrupt,
// cancels the call and throws.
void CheckSignals(CallSync& sync, grpc::ClientContext& context) {
  // Written only by the thread that holds the GIL, so no lock is needed.
  sync.signals_checked = std::chrono::steady_clock::now();
  if (PyErr_CheckSignals() != 0) {
    // Not under sync.mu: gRPC may run the call's reactions inline.
    context.TryCancel();
    throw py::error_already_set();
  }
}
// [END check_signals]

}  // namespace

// [START wait_interruptibly]
void WaitInterruptibly(CallSync& sync, grpc::ClientContext& context,
                       const std::function<bool()>& ready) {
  // Even when messages arrive back to back (and no slice ever times out),
  // look for signals at least every kSignalCheckInterval.
  if (std::chrono::steady_clock::now() - sync.signals_checked >=
      kSignalCheckInterval) {
    CheckSignals(sync, context);
  }
  while (true) {
    bool done;
    {
      // Release the GIL before taking the lock, never the other way round:
      // a thread holding sync.mu never waits for the GIL.
      py::gil_scoped_release release;
      std::unique_lock<std::mutex> lock(sync.mu);
      done = sync.changed.wait_for(lock, kSignalCheckInterval, ready);
    }
    if (done) return;
    CheckSignals(sync, context);
  }
}
// [END wait_interruptibly]

}  // namespace bindings
