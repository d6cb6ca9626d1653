// grpc_tutorial._meter: the meter service's C++ stub for Python. Readings
// cross into Python as numpy arrays filled here, in C++: a million readings
// make two arrays, not a million Python objects. grpc_tutorial/meter.py
// wraps this module in dataclasses and documents the API.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bindings/common/channel.h"
#include "bindings/common/python_api.h"
#include "bindings/common/reactors.h"
#include "protos/meter/v1/meter.grpc.pb.h"

namespace bindings {

namespace py = pybind11;
namespace v1 = meter::v1;

using Timeout = std::optional<double>;
using ReadingsReader = ReadStream<v1::ListReadingsRequest, v1::ReadingBatch>;
using UploadWriter =
    WriteStream<v1::UploadReadingsRequest, v1::UploadReadingsResponse>;
using SubscribeStream = BidiStream<v1::SubscribeRequest, v1::SubscribeResponse>;

// Readings per UploadReadings message: large enough to amortise the
// per-message cost, small enough to stream.
constexpr int kUploadBatchSize = 4096;

py::object Seconds(bool present, const google::protobuf::Timestamp& time) {
  return present ? py::object(py::int_(time.seconds()))
                 : py::object(py::none());
}

py::object OptionalFloat(bool present, double value) {
  return present ? py::object(py::float_(value)) : py::object(py::none());
}

google::protobuf::Timestamp Timestamp(int64_t seconds) {
  google::protobuf::Timestamp time;
  time.set_seconds(seconds);
  return time;
}

// [START numpy_arrays]
// A numpy array that takes over `values` without copying them: the capsule
// frees the vector when numpy frees the array.
template <class T>
py::array Adopt(std::vector<T>&& values, const py::dtype& dtype) {
  auto* owned = new std::vector<T>(std::move(values));
  py::capsule free_when_done(
      owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array(dtype, {owned->size()}, {sizeof(T)}, owned->data(),
                   free_when_done);
}

// Times as numpy datetime64[s] (UTC), values as float64 with NaN for a
// missing reading.
py::tuple ReadingArrays(std::vector<int64_t>&& times,
                        std::vector<double>&& values) {
  static const auto* const kTimeType =
      new py::dtype(py::dtype::from_args(py::str("datetime64[s]")));
  return py::make_tuple(Adopt(std::move(times), *kTimeType),
                        Adopt(std::move(values), py::dtype::of<double>()));
}
// [END numpy_arrays]

py::tuple BatchArrays(const v1::ReadingBatch& batch) {
  return ReadingArrays(
      std::vector<int64_t>(batch.times().begin(), batch.times().end()),
      std::vector<double>(batch.values().begin(), batch.values().end()));
}

v1::ListReadingsRequest ReadingsRequest(const std::string& meter_id,
                                        int64_t start_s, int64_t end_s,
                                        int resolution, int32_t max_points) {
  v1::ListReadingsRequest request;
  request.set_meter_id(meter_id);
  *request.mutable_start() = Timestamp(start_s);
  *request.mutable_end() = Timestamp(end_s);
  request.set_resolution(static_cast<v1::Resolution>(resolution));
  request.set_max_points(max_points);
  return request;
}

// ListReadings as a Python iterator of (times, values) per batch.
using BatchStream =
    PythonReadStream<ReadingsReader, v1::ReadingBatch, BatchArrays>;

// (meter_id, resolution, times, values)
py::tuple SubscribeTuple(const v1::SubscribeResponse& response) {
  py::tuple arrays = BatchArrays(response.readings());
  return py::make_tuple(response.meter_id(),
                        static_cast<int>(response.resolution()), arrays[0],
                        arrays[1]);
}

// Subscribe: write (meter_id, resolution), iterate over SubscribeTuples.
class SubscribeCall
    : public PythonReadStream<SubscribeStream, v1::SubscribeResponse,
                              SubscribeTuple> {
 public:
  using PythonReadStream::PythonReadStream;
  bool Write(const std::string& meter_id, int resolution) {
    v1::SubscribeRequest request;
    request.set_meter_id(meter_id);
    request.set_resolution(static_cast<v1::Resolution>(resolution));
    return stream_->Write(std::move(request));
  }
  void DoneWriting() { stream_->DoneWriting(); }
};

class MeterClient {
 public:
  explicit MeterClient(const ChannelOptions& options)
      : stub_(v1::MeterService::NewStub(MakeChannel(options))) {}

  // [(id, reading_count, first_time_s or None, last_time_s or None)]
  py::list ListMeters(Timeout timeout_s) {
    auto response = CallUnary<v1::ListMetersRequest, v1::ListMetersResponse>(
        {}, timeout_s, [this](auto* context, const auto& request, auto* cq) {
          return stub_->AsyncListMeters(context, request, cq);
        });
    py::list meters;
    for (const v1::MeterInfo& meter : response.meters()) {
      meters.append(
          py::make_tuple(meter.id(), meter.reading_count(),
                         Seconds(meter.has_first_time(), meter.first_time()),
                         Seconds(meter.has_last_time(), meter.last_time())));
    }
    return meters;
  }

  // The Summary's fields in proto order, times as seconds or None.
  py::tuple GetSummary(const std::string& meter_id, int64_t start_s,
                       int64_t end_s, Timeout timeout_s) {
    v1::GetSummaryRequest request;
    request.set_meter_id(meter_id);
    *request.mutable_start() = Timestamp(start_s);
    *request.mutable_end() = Timestamp(end_s);
    auto s = CallUnary<v1::GetSummaryRequest, v1::Summary>(
        request, timeout_s,
        [this](auto* context, const auto& request, auto* cq) {
          return stub_->AsyncGetSummary(context, request, cq);
        });
    return py::make_tuple(s.meter_id(), s.reading_count(), s.missing_count(),
                          s.total_kwh(),
                          OptionalFloat(s.has_min_kwh(), s.min_kwh()),
                          OptionalFloat(s.has_max_kwh(), s.max_kwh()),
                          OptionalFloat(s.has_mean_kwh(), s.mean_kwh()),
                          Seconds(s.has_min_time(), s.min_time()),
                          Seconds(s.has_max_time(), s.max_time()),
                          Seconds(s.has_first_time(), s.first_time()),
                          Seconds(s.has_last_time(), s.last_time()));
  }

  // [START read_readings]
  // The whole range as two numpy arrays. The batches are appended in C++;
  // the GIL is released while waiting for each one.
  py::tuple ReadReadings(const std::string& meter_id, int64_t start_s,
                         int64_t end_s, int resolution, int32_t max_points,
                         Timeout timeout_s) {
    StreamHandle<ReadingsReader> reader(StartListReadings(
        ReadingsRequest(meter_id, start_s, end_s, resolution, max_points),
        timeout_s));
    std::vector<int64_t> times;
    std::vector<double> values;
    v1::ReadingBatch batch;
    while (reader->Next(&batch)) {
      times.insert(times.end(), batch.times().begin(), batch.times().end());
      values.insert(values.end(), batch.values().begin(), batch.values().end());
    }
    if (times.size() != values.size()) {
      RaiseRpcError(grpc::Status(grpc::StatusCode::DATA_LOSS,
                                 "the server sent batches whose times and "
                                 "values differ in length"));
    }
    return ReadingArrays(std::move(times), std::move(values));
  }
  // [END read_readings]

  std::unique_ptr<BatchStream> ListReadings(const std::string& meter_id,
                                            int64_t start_s, int64_t end_s,
                                            int resolution, int32_t max_points,
                                            Timeout timeout_s) {
    return std::make_unique<BatchStream>(StartListReadings(
        ReadingsRequest(meter_id, start_s, end_s, resolution, max_points),
        timeout_s));
  }

  // `readings` yields (time_s, value or None); they go out in messages of
  // kUploadBatchSize. Returns (meter_id, accepted, rejected,
  // [(index, reason)]).
  py::tuple UploadReadings(const std::string& meter_id,
                           const py::iterable& readings, Timeout timeout_s) {
    StreamHandle<UploadWriter> writer(UploadWriter::Start(
        timeout_s, [this](auto* context, auto* response, auto* reactor) {
          stub_->async()->UploadReadings(context, response, reactor);
        }));
    v1::UploadReadingsRequest request;
    request.set_meter_id(meter_id);
    bool open = true;
    for (const py::handle item : readings) {
      v1::Reading* reading = request.add_readings();
      try {
        auto [time_s, value] = item.cast<std::pair<int64_t, py::object>>();
        reading->mutable_time()->set_seconds(time_s);
        if (!value.is_none()) reading->set_value(value.cast<double>());
      } catch (const py::cast_error&) {
        throw py::type_error(
            "readings must be (seconds, float or None) pairs, not " +
            py::repr(item).cast<std::string>());
      }
      if (request.readings_size() == kUploadBatchSize) {
        open = writer->Write(std::move(request));
        if (!open) break;  // The server ended the call; Finish says why.
        request.Clear();
      }
    }
    if (open && request.readings_size() > 0) writer->Write(std::move(request));
    v1::UploadReadingsResponse response = writer->Finish();
    py::list rejections;
    for (const v1::Rejection& rejection : response.rejections()) {
      rejections.append(py::make_tuple(rejection.index(), rejection.reason()));
    }
    return py::make_tuple(response.meter_id(), response.accepted_count(),
                          response.rejected_count(), rejections);
  }

  std::unique_ptr<SubscribeCall> Subscribe(Timeout timeout_s) {
    return std::make_unique<SubscribeCall>(
        SubscribeStream::Start(timeout_s, [this](auto* context, auto* reactor) {
          stub_->async()->Subscribe(context, reactor);
        }));
  }

 private:
  std::shared_ptr<ReadingsReader> StartListReadings(
      v1::ListReadingsRequest request, Timeout timeout_s) {
    return ReadingsReader::Start(
        std::move(request), timeout_s,
        [this](auto* context, auto* request, auto* reactor) {
          stub_->async()->ListReadings(context, request, reactor);
        });
  }

  std::unique_ptr<v1::MeterService::Stub> stub_;
};

}  // namespace bindings

PYBIND11_MODULE(_meter, m) {
  namespace py = pybind11;
  using bindings::BatchStream;
  using bindings::MeterClient;
  using bindings::SubscribeCall;
  m.doc() = "C++ meter client (use grpc_tutorial.meter instead).";

  bindings::BindReadStream<BatchStream>(m, "BatchStream");
  bindings::BindReadStream<SubscribeCall>(m, "SubscribeCall")
      .def("write", &SubscribeCall::Write, py::arg("meter_id"),
           py::arg("resolution"))
      .def("done_writing", &SubscribeCall::DoneWriting);

  py::class_<MeterClient> client(m, "MeterClient");
  bindings::BindClientConstructor(client);
  client.def("list_meters", &MeterClient::ListMeters, py::arg("timeout"))
      .def("get_summary", &MeterClient::GetSummary, py::arg("meter_id"),
           py::arg("start"), py::arg("end"), py::arg("timeout"))
      .def("read_readings", &MeterClient::ReadReadings, py::arg("meter_id"),
           py::arg("start"), py::arg("end"), py::arg("resolution"),
           py::arg("max_points"), py::arg("timeout"))
      .def("list_readings", &MeterClient::ListReadings, py::arg("meter_id"),
           py::arg("start"), py::arg("end"), py::arg("resolution"),
           py::arg("max_points"), py::arg("timeout"))
      .def("upload_readings", &MeterClient::UploadReadings, py::arg("meter_id"),
           py::arg("readings"), py::arg("timeout"))
      .def("subscribe", &MeterClient::Subscribe, py::arg("timeout"));
}
