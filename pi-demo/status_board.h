// The live status (who has registered) and the WatchStatus streams that
// follow it. Each stream is a callback-API reactor: a display may watch for
// hours, and a reactor waits without holding a thread.
#ifndef PI_DEMO_STATUS_BOARD_H_
#define PI_DEMO_STATUS_BOARD_H_

#include <grpcpp/grpcpp.h>

#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include "protos/attendance/v1/attendance.grpc.pb.h"

namespace attendance {

class StatusWatch;

class StatusBoard {
 public:
  // `ids` are the registration numbers of initial's attendees; the versions
  // of later statuses count up from initial.version().
  StatusBoard(v1::Status initial, std::vector<int64_t> ids);

  v1::Status Current() const;

  // Adds an attendee whose registration number is `id` (in its place by
  // that number), gives the new status the next version, pushes it to every
  // watcher and returns it. An `id` the board has already changes nothing
  // (the current status is returned).
  v1::Status Add(const v1::Attendee& attendee, int64_t id);

  // A reactor for one WatchStatus call: it sends the current status, then
  // every new one.
  grpc::ServerWriteReactor<v1::Status>* Watch(
      grpc::CallbackServerContext* context);

  // Ends every watch with UNAVAILABLE and refuses new ones (at shutdown, so
  // that the server does not wait for streams that never end on their own).
  void StopAll();

  // Watches running now (for tests).
  int watch_count() const;

 private:
  friend class StatusWatch;
  void Remove(StatusWatch* watch);

  mutable std::mutex mutex_;
  v1::Status status_;
  std::vector<int64_t> ids_;  // registration numbers of status_.attendees()
  std::set<StatusWatch*> watches_;
  bool stopping_ = false;
};

}  // namespace attendance

#endif  // PI_DEMO_STATUS_BOARD_H_
