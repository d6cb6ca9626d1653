#include "meter-demo/subscribe_reactor.h"

#include "meter-demo/downsampling.h"
#include "meter-demo/request_checks.h"

namespace meter {

// ---- SubscriptionHub
// ---------------------------------------------------------

bool SubscriptionHub::Add(Subscriber* subscriber) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_) return false;
  reactors_.insert(subscriber);
  return true;
}

void SubscriptionHub::Remove(Subscriber* subscriber) {
  std::lock_guard<std::mutex> lock(mutex_);
  reactors_.erase(subscriber);
}

void SubscriptionHub::OnUpload(const std::string& meter_id,
                               const std::vector<Reading>& readings) {
  std::vector<std::pair<Subscriber*, Subscriber::Next>> actions;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (Subscriber* reactor : reactors_) {
      std::lock_guard<std::mutex> reactor_lock(reactor->mutex_);
      actions.emplace_back(reactor,
                           reactor->OnUploadLocked(meter_id, readings));
    }
  }
  // A reactor with a write or finish still to start cannot have ended (its
  // OnDone needs that Finish), so the pointers are still good here.
  for (auto& [reactor, next] : actions) reactor->Perform(next);
}

void SubscriptionHub::StopAll() {
  std::vector<std::pair<Subscriber*, Subscriber::Next>> actions;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    grpc::Status status(grpc::StatusCode::UNAVAILABLE,
                        "the server is shutting down");
    for (Subscriber* reactor : reactors_) {
      std::lock_guard<std::mutex> reactor_lock(reactor->mutex_);
      actions.emplace_back(reactor,
                           reactor->FinishLocked(status, /*drop_queued=*/true));
    }
  }
  for (auto& [reactor, next] : actions) reactor->Perform(next);
}

// ---- LiveReactor
// -------------------------------------------------------------

template <typename Base, typename Response>
LiveReactor<Base, Response>::LiveReactor(grpc::CallbackServerContext* context,
                                         const MeterData* data,
                                         SubscriptionHub* hub,
                                         DoneCallback on_done)
    : context_(context), data_(data), hub_(hub), on_done_(std::move(on_done)) {
  joined_ = hub_->Add(this);
  if (!joined_) {
    final_status_ = grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                 "the server is shutting down");
    this->Finish(final_status_);
  }
}

template <typename Base, typename Response>
bool LiveReactor<Base, Response>::Choose(const std::string& meter_id,
                                         v1::Resolution resolution) {
  int64_t interval_seconds = 0;
  grpc::Status status = CheckKnownMeter(*data_, meter_id);
  if (status.ok()) status = ResolutionSeconds(resolution, &interval_seconds);
  Next next;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!status.ok()) {
      next = FinishLocked(status, /*drop_queued=*/false);
    } else {
      // Switch and confirm under one lock, so that nothing for the old
      // subscription follows the confirmation.
      meter_id_ = meter_id;
      resolution_ = resolution == v1::RESOLUTION_UNSPECIFIED
                        ? v1::RESOLUTION_RAW
                        : resolution;
      interval_seconds_ = interval_seconds;
      Response confirmation;
      confirmation.set_meter_id(meter_id_);
      confirmation.set_resolution(resolution_);
      confirmation.mutable_readings();
      next = QueueLocked(std::move(confirmation));
    }
  }
  Perform(next);
  return status.ok();
}

template <typename Base, typename Response>
void LiveReactor<Base, Response>::OnCancel() {
  Next next;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    next = FinishLocked(grpc::Status::CANCELLED, /*drop_queued=*/true);
  }
  Perform(next);
}

template <typename Base, typename Response>
void LiveReactor<Base, Response>::FinishAfterQueued(
    const grpc::Status& status) {
  Next next;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    next = FinishLocked(status, /*drop_queued=*/false);
  }
  Perform(next);
}

template <typename Base, typename Response>
void LiveReactor<Base, Response>::OnWriteDone(bool ok) {
  Next next;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    writing_ = false;
    if (!ok) {
      // The stream is broken (the client went away); nothing more can be
      // sent. If the call was told to end while this write was in flight
      // (a cancellation, a shutdown), it ends now, as it was told.
      queue_.clear();
      queue_bytes_ = 0;
      if (finish_after_writes_) {
        next.finish = *finish_after_writes_;
        finish_after_writes_.reset();
      } else {
        next = FinishLocked(
            grpc::Status(grpc::StatusCode::CANCELLED, "the stream broke"),
            /*drop_queued=*/true);
      }
    } else if (!queue_.empty()) {
      writing_message_ = std::move(queue_.front());
      queue_.pop_front();
      queue_bytes_ -= writing_message_.ByteSizeLong();
      writing_ = true;
      next.start_write = true;
    } else if (finish_after_writes_) {
      next.finish = *finish_after_writes_;
      finish_after_writes_.reset();
    }
  }
  Perform(next);
}

template <typename Base, typename Response>
void LiveReactor<Base, Response>::OnDone() {
  hub_->Remove(this);
  if (on_done_) {
    // A call the client cancelled (or whose deadline passed) ends with
    // whatever Finish() said, but the client saw CANCELLED.
    on_done_(context_->IsCancelled() ? grpc::Status::CANCELLED : final_status_);
  }
  delete this;
}

template <typename Base, typename Response>
void LiveReactor<Base, Response>::Perform(const Next& next) {
  if (next.start_write) this->StartWrite(&writing_message_);
  if (next.finish) {
    final_status_ = *next.finish;
    this->Finish(*next.finish);
  }
}

template <typename Base, typename Response>
Subscriber::Next LiveReactor<Base, Response>::QueueLocked(Response response) {
  Next next;
  if (finishing_) return next;
  if (writing_) {
    const size_t bytes = response.ByteSizeLong();
    if (queue_bytes_ + bytes > hub_->max_backlog_bytes_) {
      return FinishLocked(
          grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                       "this subscriber fell behind: more than " +
                           std::to_string(hub_->max_backlog_bytes_) +
                           " bytes of updates waited for it to read; "
                           "subscribe again, and read what was missed with "
                           "ListReadings"),
          /*drop_queued=*/true);
    }
    queue_bytes_ += bytes;
    queue_.push_back(std::move(response));
  } else {
    writing_message_ = std::move(response);
    writing_ = true;
    next.start_write = true;
  }
  return next;
}

template <typename Base, typename Response>
Subscriber::Next LiveReactor<Base, Response>::FinishLocked(
    const grpc::Status& status, bool drop_queued) {
  Next next;
  if (finishing_) return next;
  finishing_ = true;
  if (drop_queued) {
    queue_.clear();
    queue_bytes_ = 0;
  }
  if (writing_ || !queue_.empty()) {
    finish_after_writes_ = status;  // OnWriteDone finishes
  } else {
    next.finish = status;
  }
  return next;
}

template <typename Base, typename Response>
Subscriber::Next LiveReactor<Base, Response>::OnUploadLocked(
    const std::string& meter_id, const std::vector<Reading>& readings) {
  if (finishing_ || meter_id != meter_id_ || readings.empty()) return Next();
  Response response;
  response.set_meter_id(meter_id_);
  response.set_resolution(resolution_);
  v1::ReadingBatch* batch = response.mutable_readings();
  if (interval_seconds_ == 0) {
    // The uploaded readings in time order, the last of equal times winning:
    // what Series::Upsert keeps, as the store does.
    Series uploaded;
    uploaded.Upsert(readings);
    batch->mutable_times()->Add(uploaded.times.begin(), uploaded.times.end());
    batch->mutable_values()->Add(uploaded.values.begin(),
                                 uploaded.values.end());
  } else {
    // Every interval the upload touched, recomputed from the store so that
    // it includes the readings uploaded earlier.
    std::set<int64_t> interval_ends;
    for (const Reading& reading : readings) {
      interval_ends.insert(IntervalEnd(reading.time, interval_seconds_));
    }
    Series page;
    Series aggregated;
    // Runs of adjacent intervals are read as one range, page by page (a
    // year's import at hourly resolution is one range, not 8,760 reads).
    for (auto it = interval_ends.begin(); it != interval_ends.end();) {
      const int64_t start = *it - interval_seconds_ + 1;
      int64_t end = *it;
      for (++it; it != interval_ends.end() && *it == end + interval_seconds_;
           ++it) {
        end = *it;
      }
      int64_t next_start = start;
      for (;;) {
        absl::StatusOr<bool> copied =
            data_->CopyRange(meter_id_, next_start, end + 1, 1 << 16, &page);
        if (!copied.ok()) {
          return FinishLocked(FromDataStatus(copied.status()),
                              /*drop_queued=*/false);
        }
        if (!*copied) break;
        AppendAggregated(page, interval_seconds_, &aggregated);
        next_start = page.times.back() + 1;
      }
    }
    RoundSums(&aggregated);
    batch->mutable_times()->Add(aggregated.times.begin(),
                                aggregated.times.end());
    batch->mutable_values()->Add(aggregated.values.begin(),
                                 aggregated.values.end());
  }
  return QueueLocked(std::move(response));
}

template class LiveReactor<
    grpc::ServerBidiReactor<v1::SubscribeRequest, v1::SubscribeResponse>,
    v1::SubscribeResponse>;
template class LiveReactor<grpc::ServerWriteReactor<v1::WatchReadingsResponse>,
                           v1::WatchReadingsResponse>;

// ---- SubscribeReactor
// --------------------------------------------------------

SubscribeReactor::SubscribeReactor(grpc::CallbackServerContext* context,
                                   const MeterData* data, SubscriptionHub* hub,
                                   DoneCallback on_done)
    : LiveReactor(context, data, hub, std::move(on_done)) {
  if (joined()) StartRead(&request_);
}

void SubscribeReactor::OnReadDone(bool ok) {
  if (!ok) {
    // The client half-closed (or the call is over): send what is queued and
    // end the call.
    FinishAfterQueued(grpc::Status::OK);
    return;
  }
  // Wait for the next request. Safe even if another thread has finished the
  // call meanwhile: the read then completes with ok == false.
  if (Choose(request_.meter_id(), request_.resolution())) StartRead(&request_);
}

// ---- WatchReadingsReactor
// ----------------------------------------------------

WatchReadingsReactor::WatchReadingsReactor(
    grpc::CallbackServerContext* context, const MeterData* data,
    SubscriptionHub* hub, const v1::WatchReadingsRequest& request,
    DoneCallback on_done)
    : LiveReactor(context, data, hub, std::move(on_done)) {
  // Then it waits for uploads until the client cancels, the deadline passes
  // or the server stops.
  if (joined()) Choose(request.meter_id(), request.resolution());
}

}  // namespace meter
