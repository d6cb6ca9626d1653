// The client side of UploadReadings, shared by meter_client and the HTTP
// server's CSV upload: readings go out in messages of a bounded size.
#ifndef METER_DEMO_UPLOAD_STREAM_H_
#define METER_DEMO_UPLOAD_STREAM_H_

#include <grpcpp/support/sync_stream.h>

#include <string>
#include <vector>

#include "meter-demo/reading.h"
#include "protos/meter/v1/meter.pb.h"

namespace meter {

// Writes `readings` to an UploadReadings stream in messages of at most
// `batch_size` readings (at least 1); the first message names `meter_id`,
// and one is sent even when there are no readings, so that the server knows
// the meter. Does not half-close. Returns false if a write failed: the call
// has ended, and Finish() says why.
bool WriteReadings(
    grpc::ClientWriterInterface<v1::UploadReadingsRequest>* writer,
    const std::string& meter_id, const std::vector<Reading>& readings,
    size_t batch_size);

}  // namespace meter

#endif  // METER_DEMO_UPLOAD_STREAM_H_
