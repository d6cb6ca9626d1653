#include "meter-demo/list_readings_reactor.h"

#include <absl/strings/str_cat.h>

#include <algorithm>

#include "meter-demo/downsampling.h"
#include "meter-demo/meter_text.h"
#include "meter-demo/request_checks.h"

namespace meter {

// [START list_readings]
ListReadingsReactor::ListReadingsReactor(grpc::CallbackServerContext* context,
                                         const MeterData* data,
                                         const v1::ListReadingsRequest& request,
                                         DoneCallback on_done)
    : context_(context), data_(data), on_done_(std::move(on_done)) {
  grpc::Status status = Prepare(request);
  if (!status.ok()) {
    End(status);
    return;
  }
  WriteNextBatch();
}

void ListReadingsReactor::OnWriteDone(bool ok) {
  if (!ok) {
    End(grpc::Status::CANCELLED);  // the client is gone
    return;
  }
  WriteNextBatch();
}

void ListReadingsReactor::WriteNextBatch() {
  if (context_->IsCancelled()) {
    End(grpc::Status::CANCELLED);
    return;
  }
  absl::StatusOr<bool> filled = FillBatch();
  if (!filled.ok()) {
    End(FromDataStatus(filled.status()));  // the database failed
  } else if (*filled) {
    StartWrite(&batch_);
  } else {
    End(grpc::Status::OK);
  }
}
// [END list_readings]

grpc::Status ListReadingsReactor::Prepare(
    const v1::ListReadingsRequest& request) {
  SecondsRange range;
  int64_t interval_seconds = 0;
  grpc::Status status = CheckRange(request.has_start(), request.start(),
                                   request.has_end(), request.end(), &range);
  if (status.ok())
    status = ResolutionSeconds(request.resolution(), &interval_seconds);
  if (status.ok() && request.max_points() != 0 &&
      (request.max_points() < kMinMaxPoints ||
       request.max_points() > kMaxMaxPoints)) {
    status = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          absl::StrCat("max_points ", request.max_points(),
                                       " must be 0 (no limit) or from ",
                                       kMinMaxPoints, " to ", kMaxMaxPoints));
  }
  if (status.ok()) status = CheckKnownMeter(*data_, request.meter_id());
  if (!status.ok()) return status;

  meter_id_ = request.meter_id();
  next_start_ = range.start;
  end_ = range.end;
  reshaped_ = interval_seconds != 0 || request.max_points() != 0;
  if (!reshaped_) return grpc::Status::OK;  // pages are copied as they go

  // [START reshape]
  // Page by page, so uploads are not held up.
  Series page;
  for (;;) {
    absl::StatusOr<bool> copied =
        data_->CopyRange(meter_id_, next_start_, end_, kBatchSize, &page);
    if (!copied.ok()) return FromDataStatus(copied.status());
    if (!*copied) break;
    if (context_->IsCancelled()) return grpc::Status::CANCELLED;
    next_start_ = page.times.back() + 1;
    if (interval_seconds != 0) {
      AppendAggregated(page, interval_seconds, &series_);
    } else {
      series_.times.insert(series_.times.end(), page.times.begin(),
                           page.times.end());
      series_.values.insert(series_.values.end(), page.values.begin(),
                            page.values.end());
    }
  }
  if (interval_seconds != 0) RoundSums(&series_);
  if (request.max_points() != 0) {
    series_ = DownsampleMinMax(series_, request.max_points());
  }
  // [END reshape]
  return grpc::Status::OK;
}

absl::StatusOr<bool> ListReadingsReactor::FillBatch() {
  size_t begin = 0;
  size_t end = 0;
  if (reshaped_) {
    begin = sent_;
    end = std::min(series_.size(), begin + kBatchSize);
    sent_ = end;
  } else {
    absl::StatusOr<bool> copied =
        data_->CopyRange(meter_id_, next_start_, end_, kBatchSize, &series_);
    if (!copied.ok()) return copied;
    if (*copied) {
      next_start_ = series_.times.back() + 1;
      end = series_.size();
    }
  }
  if (begin == end) return false;
  batch_.Clear();
  batch_.mutable_times()->Add(series_.times.begin() + begin,
                              series_.times.begin() + end);
  batch_.mutable_values()->Add(series_.values.begin() + begin,
                               series_.values.begin() + end);
  return true;
}

void ListReadingsReactor::End(const grpc::Status& status) {
  final_status_ = status;
  Finish(status);
}

void ListReadingsReactor::OnDone() {
  if (on_done_) on_done_(final_status_);
  delete this;
}

}  // namespace meter
