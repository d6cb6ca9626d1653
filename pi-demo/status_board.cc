#include "pi-demo/status_board.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace attendance {

// [START status_watch]
// One WatchStatus call. Only the newest status matters to a display, so
// instead of a queue a watch keeps at most one status waiting while a write
// is in flight: a slow client skips to the newest and never makes the server
// buffer without bound.
class StatusWatch : public grpc::ServerWriteReactor<v1::Status> {
 public:
  StatusWatch(StatusBoard* board) : board_(board) {}

  // What to do once the locks are released: gRPC may run OnWriteDone or
  // OnDone inline in StartWrite or Finish, so neither is called under a lock.
  struct Next {
    bool start_write = false;
    std::optional<grpc::Status> finish;
  };

  Next OfferLocked(const v1::Status& status) {
    if (finishing_) return {};
    if (writing_) {
      waiting_ = status;
      return {};
    }
    writing_ = true;
    in_flight_ = status;
    return {true, std::nullopt};
  }

  Next FinishLocked(const grpc::Status& status) {
    if (finishing_) return {};
    finishing_ = true;
    waiting_.reset();
    if (writing_) {
      finish_after_write_ = status;  // OnWriteDone finishes
      return {};
    }
    return {false, status};
  }

  void Perform(const Next& next) {
    if (next.start_write) StartWrite(&in_flight_);
    if (next.finish) Finish(*next.finish);
  }

  void OnWriteDone(bool ok) override {
    Next next;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      writing_ = false;
      if (finish_after_write_) {
        next.finish = *finish_after_write_;
        finish_after_write_.reset();
      } else if (!ok) {
        next = FinishLocked(
            grpc::Status(grpc::StatusCode::CANCELLED, "the stream broke"));
      } else if (waiting_) {
        in_flight_ = std::move(*waiting_);
        waiting_.reset();
        writing_ = true;
        next.start_write = true;
      }
    }
    Perform(next);
  }

  // The client cancelled or its deadline passed: end the call, or OnDone
  // would never come.
  void OnCancel() override {
    Next next;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      next = FinishLocked(grpc::Status::CANCELLED);
    }
    Perform(next);
  }

  void OnDone() override {
    board_->Remove(this);
    delete this;
  }

  std::mutex mutex_;

 private:
  StatusBoard* const board_;
  v1::Status in_flight_;
  std::optional<v1::Status> waiting_;
  bool writing_ = false;
  bool finishing_ = false;
  std::optional<grpc::Status> finish_after_write_;
};
// [END status_watch]

StatusBoard::StatusBoard(v1::Status initial, std::vector<int64_t> ids)
    : status_(std::move(initial)), ids_(std::move(ids)) {}

v1::Status StatusBoard::Current() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

v1::Status StatusBoard::Add(const v1::Attendee& attendee, int64_t id) {
  std::vector<std::pair<StatusWatch*, StatusWatch::Next>> actions;
  v1::Status status;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // Two registrations may reach here in the other order than the store
    // numbered them; keep the list in registration order.
    auto position = std::lower_bound(ids_.begin(), ids_.end(), id);
    // Told twice (by the registering call and by the store's listener):
    // nothing new.
    if (position != ids_.end() && *position == id) return status_;
    const int index = static_cast<int>(position - ids_.begin());
    ids_.insert(position, id);
    auto* attendees = status_.mutable_attendees();
    attendees->Add()->CopyFrom(attendee);
    for (int i = attendees->size() - 1; i > index; --i) {
      attendees->SwapElements(i, i - 1);
    }
    status_.set_count(status_.attendees_size());
    // The board's own counter, not the registration number: with two
    // registrations in the other order, the number would not grow.
    status_.set_version(status_.version() + 1);
    status = status_;
    for (StatusWatch* watch : watches_) {
      std::lock_guard<std::mutex> watch_lock(watch->mutex_);
      actions.emplace_back(watch, watch->OfferLocked(status_));
    }
  }
  // A watch with a write or finish still to start cannot have ended (its
  // OnDone needs that), so the pointers are still good here.
  for (auto& [watch, next] : actions) watch->Perform(next);
  return status;
}

grpc::ServerWriteReactor<v1::Status>* StatusBoard::Watch(
    grpc::CallbackServerContext* /*context*/) {
  auto* watch = new StatusWatch(this);
  StatusWatch::Next next;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::lock_guard<std::mutex> watch_lock(watch->mutex_);
    if (stopping_) {
      next = watch->FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                              "the server is shutting down"));
    } else {
      watches_.insert(watch);
      next = watch->OfferLocked(status_);
    }
  }
  watch->Perform(next);
  return watch;
}

void StatusBoard::StopAll() {
  std::vector<std::pair<StatusWatch*, StatusWatch::Next>> actions;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    for (StatusWatch* watch : watches_) {
      std::lock_guard<std::mutex> watch_lock(watch->mutex_);
      actions.emplace_back(watch, watch->FinishLocked(grpc::Status(
                                      grpc::StatusCode::UNAVAILABLE,
                                      "the server is shutting down")));
    }
  }
  for (auto& [watch, next] : actions) watch->Perform(next);
}

int StatusBoard::watch_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(watches_.size());
}

void StatusBoard::Remove(StatusWatch* watch) {
  std::lock_guard<std::mutex> lock(mutex_);
  watches_.erase(watch);
}

}  // namespace attendance
