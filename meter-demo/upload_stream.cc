#include "meter-demo/upload_stream.h"

#include <algorithm>

namespace meter {

bool WriteReadings(
    grpc::ClientWriterInterface<v1::UploadReadingsRequest>* writer,
    const std::string& meter_id, const std::vector<Reading>& readings,
    size_t batch_size) {
  batch_size = std::max<size_t>(1, batch_size);
  v1::UploadReadingsRequest message;
  size_t sent = 0;
  do {
    message.Clear();
    if (sent == 0) message.set_meter_id(meter_id);
    const size_t end = std::min(readings.size(), sent + batch_size);
    for (; sent < end; ++sent) {
      v1::Reading* reading = message.add_readings();
      reading->mutable_time()->set_seconds(readings[sent].time);
      if (!readings[sent].missing()) reading->set_value(readings[sent].kwh);
    }
    if (!writer->Write(message)) return false;
  } while (sent < readings.size());
  return true;
}

}  // namespace meter
