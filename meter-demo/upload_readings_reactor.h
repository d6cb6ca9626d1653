// UploadReadings with the callback API: one reactor per call reads the
// client's messages, stores the valid readings of each message as it
// arrives (so live subscribers see them at once) and, when the client
// half-closes, answers with the counts of accepted and rejected readings.
#ifndef METER_DEMO_UPLOAD_READINGS_REACTOR_H_
#define METER_DEMO_UPLOAD_READINGS_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "meter-demo/meter_data.h"
#include "meter-demo/reading.h"
#include "protos/meter/v1/meter.grpc.pb.h"

namespace meter {

class UploadReadingsReactor
    : public grpc::ServerReadReactor<v1::UploadReadingsRequest> {
 public:
  // Rejections listed in the response (all are counted).
  static constexpr int kMaxListedRejections = 100;

  // Starts reading. Deletes itself when the call ends, after telling
  // `on_done` (if set) how it ended. `data` must outlive the call and
  // `response` is the one gRPC passed to the method.
  using DoneCallback = std::function<void(const grpc::Status&)>;
  UploadReadingsReactor(grpc::CallbackServerContext* context, MeterData* data,
                        v1::UploadReadingsResponse* response,
                        DoneCallback on_done);

  void OnReadDone(bool ok) override;
  void OnDone() override;

 private:
  // Checks and stores the readings of one message.
  grpc::Status Store(const v1::UploadReadingsRequest& request);
  void End(const grpc::Status& status);

  grpc::CallbackServerContext* context_;
  MeterData* data_;
  v1::UploadReadingsResponse* response_;
  DoneCallback on_done_;
  grpc::Status final_status_;  // what Finish() was called with

  v1::UploadReadingsRequest request_;  // filled by StartRead
  std::string meter_id_;               // from the first message
  int64_t index_ = 0;           // of the next reading, across all messages
  int64_t message_number_ = 0;  // of the last message read, from 1
  std::vector<Reading> accepted_;
};

}  // namespace meter

#endif  // METER_DEMO_UPLOAD_READINGS_REACTOR_H_
