#include "meter-demo/meter_service.h"

#include <absl/strings/str_cat.h>

#include <cmath>

#include "meter-demo/downsampling.h"
#include "meter-demo/request_checks.h"

namespace meter {
namespace {

void SetTimestamp(int64_t seconds, google::protobuf::Timestamp* timestamp) {
  timestamp->set_seconds(seconds);
  timestamp->set_nanos(0);
}

// Sends `series` in messages of at most `batch_size` readings.
grpc::Status WriteInBatches(const Series& series, size_t batch_size,
                            grpc::ServerContext* context,
                            grpc::ServerWriter<v1::ReadingBatch>* writer) {
  v1::ReadingBatch batch;
  for (size_t begin = 0; begin < series.size(); begin += batch_size) {
    if (context->IsCancelled()) return grpc::Status::CANCELLED;
    size_t end = std::min(series.size(), begin + batch_size);
    batch.Clear();
    batch.mutable_times()->Add(series.times.begin() + begin,
                               series.times.begin() + end);
    batch.mutable_values()->Add(series.values.begin() + begin,
                                series.values.begin() + end);
    if (!writer->Write(batch))
      return grpc::Status::CANCELLED;  // the client is gone
  }
  return grpc::Status::OK;
}

}  // namespace

MeterServiceImpl::MeterServiceImpl(MeterData* data, CallObserver observer)
    : data_(data), observer_(std::move(observer)) {
  listener_id_ =
      data_->AddListener([this](const std::string& meter_id,
                                const std::vector<Reading>& readings) {
        subscriptions_.OnUpload(meter_id, readings);
      });
}

MeterServiceImpl::~MeterServiceImpl() { data_->RemoveListener(listener_id_); }

void MeterServiceImpl::StopSubscriptions() { subscriptions_.StopAll(); }

grpc::Status MeterServiceImpl::Observed(std::string_view method,
                                        grpc::Status status) const {
  if (observer_) observer_(method, status);
  return status;
}

grpc::Status MeterServiceImpl::ListMeters(
    grpc::ServerContext* /*context*/, const v1::ListMetersRequest* /*request*/,
    v1::ListMetersResponse* response) {
  for (const MeterStats& stats : data_->ListMeters()) {
    v1::MeterInfo* meter = response->add_meters();
    meter->set_id(stats.id);
    meter->set_reading_count(stats.reading_count);
    if (stats.first_time)
      SetTimestamp(*stats.first_time, meter->mutable_first_time());
    if (stats.last_time)
      SetTimestamp(*stats.last_time, meter->mutable_last_time());
  }
  return grpc::Status::OK;
}

// [START get_summary]
grpc::Status MeterServiceImpl::GetSummary(grpc::ServerContext* /*context*/,
                                          const v1::GetSummaryRequest* request,
                                          v1::Summary* response) {
  SecondsRange range;
  grpc::Status status = CheckRange(request->has_start(), request->start(),
                                   request->has_end(), request->end(), &range);
  if (status.ok()) status = CheckKnownMeter(*data_, request->meter_id());
  if (!status.ok()) return status;

  RangeSummary summary =
      data_->Summarize(request->meter_id(), range.start, range.end);
  response->set_meter_id(request->meter_id());
  response->set_reading_count(summary.reading_count);
  response->set_missing_count(summary.missing_count);
  // Rounded to a millionth of a kWh, as the sums of ListReadings are.
  response->set_total_kwh(std::round(summary.total * 1e6) / 1e6);
  if (summary.min && summary.max) {
    int64_t present = summary.reading_count - summary.missing_count;
    response->set_min_kwh(summary.min->kwh);
    response->set_max_kwh(summary.max->kwh);
    response->set_mean_kwh(summary.total / present);
    SetTimestamp(summary.min->time, response->mutable_min_time());
    SetTimestamp(summary.max->time, response->mutable_max_time());
  }
  if (summary.first_time)
    SetTimestamp(*summary.first_time, response->mutable_first_time());
  if (summary.last_time)
    SetTimestamp(*summary.last_time, response->mutable_last_time());
  return grpc::Status::OK;
}
// [END get_summary]

// [START list_readings]
grpc::Status MeterServiceImpl::ListReadings(
    grpc::ServerContext* context, const v1::ListReadingsRequest* request,
    grpc::ServerWriter<v1::ReadingBatch>* writer) {
  return Observed("ListReadings", DoListReadings(context, request, writer));
}

grpc::Status MeterServiceImpl::DoListReadings(
    grpc::ServerContext* context, const v1::ListReadingsRequest* request,
    grpc::ServerWriter<v1::ReadingBatch>* writer) {
  SecondsRange range;
  int64_t interval_seconds = 0;
  grpc::Status status = CheckRange(request->has_start(), request->start(),
                                   request->has_end(), request->end(), &range);
  if (status.ok())
    status = ResolutionSeconds(request->resolution(), &interval_seconds);
  if (status.ok() && request->max_points() != 0 &&
      (request->max_points() < kMinMaxPoints ||
       request->max_points() > kMaxMaxPoints)) {
    status = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          absl::StrCat("max_points ", request->max_points(),
                                       " must be 0 (no limit) or from ",
                                       kMinMaxPoints, " to ", kMaxMaxPoints));
  }
  if (status.ok()) status = CheckKnownMeter(*data_, request->meter_id());
  if (!status.ok()) return status;

  // Page through the range: each page is copied under a short lock, and the
  // loop ends as soon as the client cancels or its deadline passes.
  const bool reshape = interval_seconds != 0 || request->max_points() != 0;
  Series page;
  Series reshaped;  // the whole range at the requested resolution
  int64_t next_start = range.start;
  while (data_->CopyRange(request->meter_id(), next_start, range.end,
                          kBatchSize, &page)) {
    if (context->IsCancelled()) return grpc::Status::CANCELLED;
    next_start = page.times.back() + 1;
    if (!reshape) {
      status = WriteInBatches(page, kBatchSize, context, writer);
      if (!status.ok()) return status;
    } else if (interval_seconds != 0) {
      AppendAggregated(page, interval_seconds, &reshaped);
    } else {
      reshaped.times.insert(reshaped.times.end(), page.times.begin(),
                            page.times.end());
      reshaped.values.insert(reshaped.values.end(), page.values.begin(),
                             page.values.end());
    }
  }
  if (!reshape) return grpc::Status::OK;
  if (interval_seconds != 0) RoundSums(&reshaped);
  if (request->max_points() != 0) {
    reshaped = DownsampleMinMax(reshaped, request->max_points());
  }
  return WriteInBatches(reshaped, kBatchSize, context, writer);
}
// [END list_readings]

// [START upload_readings]
grpc::Status MeterServiceImpl::UploadReadings(
    grpc::ServerContext* context,
    grpc::ServerReader<v1::UploadReadingsRequest>* reader,
    v1::UploadReadingsResponse* response) {
  return Observed("UploadReadings",
                  DoUploadReadings(context, reader, response));
}

grpc::Status MeterServiceImpl::DoUploadReadings(
    grpc::ServerContext* context,
    grpc::ServerReader<v1::UploadReadingsRequest>* reader,
    v1::UploadReadingsResponse* response) {
  std::string meter_id;
  int64_t index = 0;  // of the next reading, across all messages
  int64_t message_number = 0;
  v1::UploadReadingsRequest request;
  std::vector<Reading> accepted;
  while (reader->Read(&request)) {
    ++message_number;
    if (meter_id.empty()) {
      grpc::Status status = CheckMeterId(request.meter_id());
      if (!status.ok()) {
        return grpc::Status(
            status.error_code(),
            "the first message must name the meter: " + status.error_message());
      }
      meter_id = request.meter_id();
      response->set_meter_id(meter_id);
    } else if (!request.meter_id().empty() && request.meter_id() != meter_id) {
      return grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          absl::StrCat("message ", message_number, " names meter '",
                       request.meter_id(), "' but the upload is for '",
                       meter_id, "'"));
    }

    accepted.clear();
    for (const v1::Reading& reading : request.readings()) {
      if (std::optional<std::string> reason = CheckUploadedReading(reading)) {
        response->set_rejected_count(response->rejected_count() + 1);
        if (response->rejections_size() < kMaxListedRejections) {
          v1::Rejection* rejection = response->add_rejections();
          rejection->set_index(index);
          rejection->set_reason(*reason);
        }
      } else {
        Reading stored;
        stored.time = reading.time().seconds();
        if (reading.has_value()) stored.kwh = reading.value();
        accepted.push_back(stored);
      }
      ++index;
    }
    // Each message is stored as it arrives, so live subscribers see it now.
    std::string error;
    if (!accepted.empty() && !data_->Upsert(meter_id, accepted, &error)) {
      return grpc::Status(grpc::StatusCode::INTERNAL,
                          "storing readings failed: " + error);
    }
    response->set_accepted_count(response->accepted_count() + accepted.size());
  }
  if (context->IsCancelled()) return grpc::Status::CANCELLED;
  if (meter_id.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "the upload has no messages, so no meter_id");
  }
  return grpc::Status::OK;
}
// [END upload_readings]

grpc::ServerBidiReactor<v1::SubscribeRequest, v1::SubscribeResponse>*
MeterServiceImpl::Subscribe(grpc::CallbackServerContext* context) {
  SubscribeReactor::DoneCallback on_done;
  if (observer_) {
    on_done = [this](const grpc::Status& status) {
      observer_("Subscribe", status);
    };
  }
  return new SubscribeReactor(context, data_, &subscriptions_,
                              std::move(on_done));
}

}  // namespace meter
