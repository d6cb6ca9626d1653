// Drops references on a thread of our own instead of one of gRPC's.
//
// A call's ClientContext holds a reference to its channel. If a call's last
// owner is a gRPC callback (OnDone after Python has let go of the stream),
// destroying it there can destroy the channel on gRPC's own callback thread,
// which then joins itself and aborts the process (grpc/grpc#37858). So
// reactions never drop the last reference: they hand it to this thread.
#ifndef BINDINGS_COMMON_DEFERRED_RELEASE_H_
#define BINDINGS_COMMON_DEFERRED_RELEASE_H_

#include <memory>

namespace bindings {

// Drops `object` soon, on a dedicated thread. Never blocks.
void ReleaseOnOwnThread(std::shared_ptr<void> object);

}  // namespace bindings

#endif  // BINDINGS_COMMON_DEFERRED_RELEASE_H_
