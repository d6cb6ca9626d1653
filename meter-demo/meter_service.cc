#include "meter-demo/meter_service.h"

#include <cmath>

#include "meter-demo/list_readings_reactor.h"
#include "meter-demo/request_checks.h"
#include "meter-demo/upload_readings_reactor.h"

namespace meter {
namespace {

void SetTimestamp(int64_t seconds, google::protobuf::Timestamp* timestamp) {
  timestamp->set_seconds(seconds);
  timestamp->set_nanos(0);
}

}  // namespace

MeterServiceImpl::MeterServiceImpl(MeterData* data, CallObserver observer,
                                   size_t max_subscriber_backlog_bytes)
    : data_(data),
      observer_(std::move(observer)),
      subscriptions_(max_subscriber_backlog_bytes) {
  listener_id_ =
      data_->AddListener([this](const std::string& meter_id,
                                const std::vector<Reading>& readings) {
        subscriptions_.OnUpload(meter_id, readings);
      });
}

MeterServiceImpl::~MeterServiceImpl() { data_->RemoveListener(listener_id_); }

void MeterServiceImpl::StopSubscriptions() { subscriptions_.StopAll(); }

std::function<void(const grpc::Status&)> MeterServiceImpl::ObserverFor(
    std::string_view method) const {
  if (!observer_) return nullptr;
  return
      [this, method](const grpc::Status& status) { observer_(method, status); };
}

grpc::ServerUnaryReactor* MeterServiceImpl::ListMeters(
    grpc::CallbackServerContext* context,
    const v1::ListMetersRequest* /*request*/,
    v1::ListMetersResponse* response) {
  absl::StatusOr<std::vector<MeterStats>> meters = data_->ListMeters();
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (!meters.ok()) {
    reactor->Finish(FromDataStatus(meters.status()));
    return reactor;
  }
  for (const MeterStats& stats : *meters) {
    v1::MeterInfo* meter = response->add_meters();
    meter->set_id(stats.id);
    meter->set_reading_count(stats.reading_count);
    if (stats.first_time)
      SetTimestamp(*stats.first_time, meter->mutable_first_time());
    if (stats.last_time)
      SetTimestamp(*stats.last_time, meter->mutable_last_time());
  }
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

// [START get_summary]
grpc::ServerUnaryReactor* MeterServiceImpl::GetSummary(
    grpc::CallbackServerContext* context, const v1::GetSummaryRequest* request,
    v1::Summary* response) {
  // The answer is ready at once (memory on SQLite; on PostgreSQL one short
  // query, which holds this callback thread for its round trip), so the
  // context's default reactor finishes the call here.
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(Summarize(*request, response));
  return reactor;
}
// [END get_summary]

grpc::Status MeterServiceImpl::Summarize(const v1::GetSummaryRequest& request,
                                         v1::Summary* response) const {
  SecondsRange range;
  grpc::Status status = CheckRange(request.has_start(), request.start(),
                                   request.has_end(), request.end(), &range);
  if (status.ok()) status = CheckKnownMeter(*data_, request.meter_id());
  if (!status.ok()) return status;

  absl::StatusOr<RangeSummary> summarized =
      data_->Summarize(request.meter_id(), range.start, range.end);
  if (!summarized.ok()) return FromDataStatus(summarized.status());
  const RangeSummary& summary = *summarized;
  response->set_meter_id(request.meter_id());
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

// [START streaming_methods]
grpc::ServerWriteReactor<v1::ReadingBatch>* MeterServiceImpl::ListReadings(
    grpc::CallbackServerContext* context,
    const v1::ListReadingsRequest* request) {
  return new ListReadingsReactor(context, data_, *request,
                                 ObserverFor("ListReadings"));
}

grpc::ServerReadReactor<v1::UploadReadingsRequest>*
MeterServiceImpl::UploadReadings(grpc::CallbackServerContext* context,
                                 v1::UploadReadingsResponse* response) {
  return new UploadReadingsReactor(context, data_, response,
                                   ObserverFor("UploadReadings"));
}

grpc::ServerBidiReactor<v1::SubscribeRequest, v1::SubscribeResponse>*
MeterServiceImpl::Subscribe(grpc::CallbackServerContext* context) {
  return new SubscribeReactor(context, data_, &subscriptions_,
                              ObserverFor("Subscribe"));
}

grpc::ServerWriteReactor<v1::WatchReadingsResponse>*
MeterServiceImpl::WatchReadings(grpc::CallbackServerContext* context,
                                const v1::WatchReadingsRequest* request) {
  return new WatchReadingsReactor(context, data_, &subscriptions_, *request,
                                  ObserverFor("WatchReadings"));
}
// [END streaming_methods]

}  // namespace meter
