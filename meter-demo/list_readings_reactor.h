// ListReadings with the callback API: one reactor per call streams the
// readings of a range, a batch per message. The next batch is prepared when
// the previous write completes, so a slow client holds no thread, and the
// call ends at the first failed write once the client cancels or its
// deadline passes.
#ifndef METER_DEMO_LIST_READINGS_REACTOR_H_
#define METER_DEMO_LIST_READINGS_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "meter-demo/meter_data.h"
#include "meter-demo/series.h"
#include "protos/meter/v1/meter.grpc.pb.h"

namespace meter {

class ListReadingsReactor : public grpc::ServerWriteReactor<v1::ReadingBatch> {
 public:
  // Readings per ReadingBatch message: about 100 KB.
  static constexpr size_t kBatchSize = 8192;

  // Checks the request and starts writing (or finishes at once with
  // INVALID_ARGUMENT or NOT_FOUND). Deletes itself when the call ends, after
  // telling `on_done` (if set) how it ended. `data` must outlive the call.
  using DoneCallback = std::function<void(const grpc::Status&)>;
  ListReadingsReactor(grpc::CallbackServerContext* context,
                      const MeterData* data,
                      const v1::ListReadingsRequest& request,
                      DoneCallback on_done);

  void OnWriteDone(bool ok) override;
  void OnDone() override;

 private:
  grpc::Status Prepare(const v1::ListReadingsRequest& request);
  // Fills batch_ with the next readings; false when none are left.
  absl::StatusOr<bool> FillBatch();
  void WriteNextBatch();
  void End(const grpc::Status& status);

  grpc::CallbackServerContext* context_;
  const MeterData* data_;
  DoneCallback on_done_;
  grpc::Status final_status_;  // what Finish() was called with

  std::string meter_id_;
  int64_t next_start_ = 0;  // raw: where the next page starts
  int64_t end_ = 0;
  // With a resolution or max_points the whole range is reshaped up front
  // (aggregation needs every reading of an interval); `sent_` counts what
  // has been written of it.
  bool reshaped_ = false;
  Series series_;
  size_t sent_ = 0;
  v1::ReadingBatch batch_;  // must live until OnWriteDone
};

}  // namespace meter

#endif  // METER_DEMO_LIST_READINGS_REACTOR_H_
