// Waiting for gRPC from a Python thread.
//
// A blocking wait must not hold the GIL (other Python threads would stop)
// and must not ignore Ctrl-C (Python only runs its SIGINT handler between
// bytecodes, never inside a C++ call). So the wait releases the GIL, sleeps
// in short slices, and between slices takes the GIL back to let Python run
// its signal handlers. If one raises (KeyboardInterrupt), the call is
// cancelled and the exception propagates to the caller.
#ifndef BINDINGS_COMMON_INTERRUPTIBLE_WAIT_H_
#define BINDINGS_COMMON_INTERRUPTIBLE_WAIT_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>

#include "bindings/common/call_sync.h"

namespace bindings {

// How long a wait may go without looking for signals: a Ctrl-C is noticed
// within this time (plus the time Python's handler takes).
inline constexpr std::chrono::milliseconds kSignalCheckInterval{50};

// Blocks until `ready()` is true, evaluated with `sync.mu` held. Call it with
// the GIL held; it is released while waiting and held again on return. If a
// signal handler raises, cancels `context` and throws
// pybind11::error_already_set. `ready` must become true once the call is
// over (it must include "OnDone has run"), or the wait could last forever.
void WaitInterruptibly(CallSync& sync, grpc::ClientContext& context,
                       const std::function<bool()>& ready);

}  // namespace bindings

#endif  // BINDINGS_COMMON_INTERRUPTIBLE_WAIT_H_
