// POST /api/v1/meters/{id}/readings: a CSV file in the users' format (header
// time,meterusage), sent as the body or as a form's file, streamed to the
// meter service's UploadReadings in batches. The answer counts what was
// stored and lists the problems by line of the file:
//   {"meterId":..,"acceptedCount":"2976","rejectedCount":"1",
//    "problems":[{"line":3,"message":".."}]}
#ifndef METER_DEMO_HTTP_UPLOAD_H_
#define METER_DEMO_HTTP_UPLOAD_H_

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <functional>

#include "protos/meter/v1/meter.grpc.pb.h"

namespace meter {

struct UploadOptions {
  // The gRPC call's deadline for each started 100,000 readings.
  std::chrono::milliseconds deadline{5000};
  // Largest body; httplib refuses larger ones before the handler runs.
  size_t max_bytes = size_t{64} << 20;
  // Readings per UploadReadingsRequest message.
  size_t batch_size = 1000;
  // Optional: tells a failed call as the API tells it (the other service's
  // name when the gRPC server is not the meter service).
  std::function<grpc::Status(const grpc::Status&)> explain;
};

void HandleUpload(v1::MeterService::Stub& stub, const UploadOptions& options,
                  const httplib::Request& request, httplib::Response& response);

// httplib refuses form bodies over 8 KB (a limit compiled into Debian's
// libcpp-httplib), and `curl --data-binary @usage.csv` sends a CSV file as
// application/x-www-form-urlencoded. Call from a pre-routing handler: an
// upload is never a form, so this relabels such a body as text/csv.
void RelabelFormUpload(httplib::Request& request);

}  // namespace meter

#endif  // METER_DEMO_HTTP_UPLOAD_H_
