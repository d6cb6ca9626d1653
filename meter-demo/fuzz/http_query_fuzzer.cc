// Fuzzes the query parameters of the meter API (RFC 3339 times, resolutions,
// max_points, meter ids): any query string gets OK or INVALID_ARGUMENT with
// a message, and what is accepted is a request the service would take.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "meter-demo/http_query.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  httplib::Request request;
  request.path = "/api/v1/readings";
  // The same parsing (and %-decoding) httplib applies to a request's query.
  httplib::detail::parse_query_text(
      std::string(reinterpret_cast<const char*>(data), size), request.params);
  auto check = [](const grpc::Status& status) {
    if (!status.ok() &&
        (status.error_code() != grpc::StatusCode::INVALID_ARGUMENT ||
         status.error_message().empty())) {
      std::abort();
    }
  };
  meter::v1::ListReadingsRequest readings;
  const grpc::Status status =
      meter::ReadReadingsQuery(request, "home", &readings);
  check(status);
  if (status.ok() &&
      (readings.start().nanos() < 0 || readings.start().nanos() > 999'999'999 ||
       readings.end().nanos() < 0 || readings.end().nanos() > 999'999'999)) {
    std::abort();  // a Timestamp protobuf would refuse to print
  }
  meter::v1::GetSummaryRequest summary;
  check(meter::ReadSummaryQuery(request, "home", &summary));
  meter::v1::SubscribeRequest live;
  check(meter::ReadLiveQuery(request, "home", &live));
  return 0;
}
