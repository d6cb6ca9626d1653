// grpc_tutorial._calculator: the Calculator's C++ stub for Python, all four
// call modes. Messages cross into Python as tuples; grpc_tutorial/
// calculator.py turns them into dataclasses and documents the API.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>

#include "bindings/common/channel.h"
#include "bindings/common/python_api.h"
#include "bindings/common/reactors.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace bindings {

namespace py = pybind11;
namespace v1 = calculator::v1;

using Timeout = std::optional<double>;
using PrimeReader = ReadStream<v1::ListPrimesRequest, v1::Prime>;
using RunningSumStream = BidiStream<v1::Number, v1::RunningTotal>;

py::object OptionalInt(bool present, int64_t value) {
  return present ? py::object(py::int_(value)) : py::object(py::none());
}

py::tuple SummaryTuple(const v1::Summary& s) {
  return py::make_tuple(
      s.count(), s.sum(), OptionalInt(s.has_min(), s.min()),
      OptionalInt(s.has_max(), s.max()),
      s.has_mean() ? py::object(py::float_(s.mean())) : py::object(py::none()));
}

v1::Number ToNumber(const py::handle& value) {
  v1::Number number;
  try {
    number.set_value(value.cast<int64_t>());
  } catch (const py::cast_error&) {
    throw py::type_error("values must be ints in the int64 range, not " +
                         py::repr(value).cast<std::string>());
  }
  return number;
}

py::tuple PrimeTuple(const v1::Prime& prime) {
  return py::make_tuple(prime.index(), prime.value());
}

py::tuple TotalTuple(const v1::RunningTotal& total) {
  return py::make_tuple(total.count(), total.sum());
}

// A ListPrimes call as a Python iterator of (index, value).
using PrimeStream = PythonReadStream<PrimeReader, v1::Prime, PrimeTuple>;

// A RunningSum call: write values, iterate over (count, sum) totals.
class RunningSumCall
    : public PythonReadStream<RunningSumStream, v1::RunningTotal, TotalTuple> {
 public:
  using PythonReadStream::PythonReadStream;
  bool Write(const py::handle& value) {
    return stream_->Write(ToNumber(value));
  }
  void DoneWriting() { stream_->DoneWriting(); }
};

class CalculatorClient {
 public:
  explicit CalculatorClient(const ChannelOptions& options)
      : stub_(v1::Calculator::NewStub(MakeChannel(options))) {}

  // [START divide_binding]
  py::tuple Divide(int64_t dividend, int64_t divisor, Timeout timeout_s) {
    v1::DivideRequest request;
    request.set_dividend(dividend);
    request.set_divisor(divisor);
    v1::DivideResponse response =
        CallUnary<v1::DivideRequest, v1::DivideResponse>(
            request, timeout_s,
            [this](auto* context, const auto& request, auto* cq) {
              return stub_->AsyncDivide(context, request, cq);
            });
    return py::make_tuple(response.quotient(), response.remainder());
  }
  // [END divide_binding]

  std::unique_ptr<PrimeStream> ListPrimes(int64_t start, int32_t count,
                                          Timeout timeout_s) {
    v1::ListPrimesRequest request;
    request.set_start(start);
    request.set_count(count);
    return std::make_unique<PrimeStream>(PrimeReader::Start(
        request, timeout_s,
        [this](auto* context, auto* request, auto* reactor) {
          stub_->async()->ListPrimes(context, request, reactor);
        }));
  }

  // [START summarize_binding]
  py::tuple Summarize(const py::iterable& values, Timeout timeout_s) {
    auto writer = WriteStream<v1::Number, v1::Summary>::Start(
        timeout_s, [this](auto* context, auto* response, auto* reactor) {
          stub_->async()->Summarize(context, response, reactor);
        });
    // If iterating raises (a bad value, a generator's own error, Ctrl-C),
    // the handle cancels the call on the way out.
    StreamHandle<WriteStream<v1::Number, v1::Summary>> handle(writer);
    for (const py::handle value : values) {
      // False: the server has ended the call; Finish() raises its status.
      if (!handle->Write(ToNumber(value))) break;
    }
    return SummaryTuple(handle->Finish());
  }
  // [END summarize_binding]

  std::unique_ptr<RunningSumCall> RunningSum(Timeout timeout_s) {
    return std::make_unique<RunningSumCall>(RunningSumStream::Start(
        timeout_s, [this](auto* context, auto* reactor) {
          stub_->async()->RunningSum(context, reactor);
        }));
  }

 private:
  std::unique_ptr<v1::Calculator::Stub> stub_;
};

}  // namespace bindings

PYBIND11_MODULE(_calculator, m) {
  namespace py = pybind11;
  using bindings::CalculatorClient;
  using bindings::PrimeStream;
  using bindings::RunningSumCall;

  m.doc() = "C++ Calculator client (use grpc_tutorial.calculator instead).";

  bindings::BindReadStream<PrimeStream>(m, "PrimeStream");
  bindings::BindReadStream<RunningSumCall>(m, "RunningSumCall")
      .def("write", &RunningSumCall::Write, py::arg("value"))
      .def("done_writing", &RunningSumCall::DoneWriting);

  py::class_<CalculatorClient> client(m, "CalculatorClient");
  bindings::BindClientConstructor(client);
  client
      .def("divide", &CalculatorClient::Divide, py::arg("dividend"),
           py::arg("divisor"), py::arg("timeout"))
      .def("list_primes", &CalculatorClient::ListPrimes, py::arg("start"),
           py::arg("count"), py::arg("timeout"))
      .def("summarize", &CalculatorClient::Summarize, py::arg("values"),
           py::arg("timeout"))
      .def("running_sum", &CalculatorClient::RunningSum, py::arg("timeout"));
}
