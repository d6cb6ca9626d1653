#include "meter-demo/upload_readings_reactor.h"

#include <absl/strings/str_cat.h>

#include <optional>

#include "meter-demo/request_checks.h"

namespace meter {

// [START upload_readings]
UploadReadingsReactor::UploadReadingsReactor(
    grpc::CallbackServerContext* context, MeterData* data,
    v1::UploadReadingsResponse* response, DoneCallback on_done)
    : context_(context),
      data_(data),
      response_(response),
      on_done_(std::move(on_done)) {
  StartRead(&request_);
}

void UploadReadingsReactor::OnReadDone(bool ok) {
  if (!ok) {  // the client half-closed, or the call is over
    if (context_->IsCancelled()) {
      End(grpc::Status::CANCELLED);
    } else if (meter_id_.empty()) {
      End(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                       "the upload has no messages, so no meter_id"));
    } else {
      End(grpc::Status::OK);
    }
    return;
  }
  grpc::Status status = Store(request_);
  if (!status.ok()) {
    End(status);
    return;
  }
  StartRead(&request_);
}

grpc::Status UploadReadingsReactor::Store(
    const v1::UploadReadingsRequest& request) {
  ++message_number_;
  if (meter_id_.empty()) {
    grpc::Status status = CheckMeterId(request.meter_id());
    if (!status.ok()) {
      return grpc::Status(
          status.error_code(),
          "the first message must name the meter: " + status.error_message());
    }
    meter_id_ = request.meter_id();
    response_->set_meter_id(meter_id_);
  } else if (!request.meter_id().empty() && request.meter_id() != meter_id_) {
    return grpc::Status(
        grpc::StatusCode::INVALID_ARGUMENT,
        absl::StrCat("message ", message_number_, " names meter '",
                     request.meter_id(), "' but the upload is for '", meter_id_,
                     "'"));
  }

  accepted_.clear();
  for (const v1::Reading& reading : request.readings()) {
    if (std::optional<std::string> reason = CheckUploadedReading(reading)) {
      response_->set_rejected_count(response_->rejected_count() + 1);
      if (response_->rejections_size() < kMaxListedRejections) {
        v1::Rejection* rejection = response_->add_rejections();
        rejection->set_index(index_);
        rejection->set_reason(*reason);
      }
    } else {
      Reading stored;
      stored.time = reading.time().seconds();
      if (reading.has_value()) stored.kwh = reading.value();
      accepted_.push_back(stored);
    }
    ++index_;
  }
  // One short transaction per message; subscribers see the readings now.
  std::string error;
  if (!accepted_.empty() && !data_->Upsert(meter_id_, accepted_, &error)) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "storing readings failed: " + error);
  }
  response_->set_accepted_count(response_->accepted_count() + accepted_.size());
  return grpc::Status::OK;
}
// [END upload_readings]

void UploadReadingsReactor::End(const grpc::Status& status) {
  final_status_ = status;
  Finish(status);
}

void UploadReadingsReactor::OnDone() {
  if (on_done_) on_done_(final_status_);
  delete this;
}

}  // namespace meter
