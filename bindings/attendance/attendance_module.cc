// grpc_tutorial._attendance: the attendance service's C++ stub for Python.
// grpc_tutorial/attendance.py wraps it in dataclasses and documents it.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <memory>
#include <optional>
#include <string>

#include "bindings/common/channel.h"
#include "bindings/common/python_api.h"
#include "bindings/common/reactors.h"
#include "common/grpc/metadata_rules.h"
#include "protos/attendance/v1/attendance.grpc.pb.h"

namespace bindings {

namespace py = pybind11;
namespace v1 = attendance::v1;

using Timeout = std::optional<double>;
using StatusReader = ReadStream<v1::WatchStatusRequest, v1::Status>;

py::object Seconds(bool present, const google::protobuf::Timestamp& time) {
  return present ? py::object(py::int_(time.seconds()))
                 : py::object(py::none());
}

// (first_name, last_name, registered_at_s or None)
py::tuple AttendeeTuple(const v1::Attendee& attendee) {
  return py::make_tuple(
      attendee.first_name(), attendee.last_name(),
      Seconds(attendee.has_registered_at(), attendee.registered_at()));
}

// (count, [attendee tuples], version)
py::tuple StatusTuple(const v1::Status& status) {
  py::list attendees;
  for (const v1::Attendee& attendee : status.attendees()) {
    attendees.append(AttendeeTuple(attendee));
  }
  return py::make_tuple(status.count(), attendees, status.version());
}

// WatchStatus as a Python iterator of status tuples.
using StatusStream = PythonReadStream<StatusReader, v1::Status, StatusTuple>;

class AttendanceClient {
 public:
  explicit AttendanceClient(const ChannelOptions& options)
      : stub_(v1::AttendanceService::NewStub(MakeChannel(options))) {}

  // (token, expires_at_s or None)
  py::tuple Login(const std::string& organiser, const std::string& password,
                  Timeout timeout_s) {
    v1::LoginRequest request;
    request.set_organiser(organiser);
    request.set_password(password);
    auto response = CallUnary<v1::LoginRequest, v1::LoginResponse>(
        request, timeout_s,
        [this](auto* context, const auto& request, auto* cq) {
          return stub_->AsyncLogin(context, request, cq);
        });
    return py::make_tuple(response.token(), Seconds(response.has_expires_at(),
                                                    response.expires_at()));
  }

  // (code, expires_at_s or None). `valid_for_s` 0: the server's default.
  py::tuple IssueCode(const std::string& token, double valid_for_s,
                      Timeout timeout_s) {
    // gRPC's C++ client aborts the process on metadata it cannot send.
    if (!common::IsSendableMetadata("authorization", "Bearer " + token)) {
      throw py::value_error("token: printable ASCII only");
    }
    v1::IssueCodeRequest request;
    double whole = std::trunc(valid_for_s);
    request.mutable_valid_for()->set_seconds(static_cast<int64_t>(whole));
    request.mutable_valid_for()->set_nanos(
        static_cast<int32_t>((valid_for_s - whole) * 1e9));
    auto response = CallUnary<v1::IssueCodeRequest, v1::IssueCodeResponse>(
        request, timeout_s,
        [this, &token](auto* context, const auto& request, auto* cq) {
          context->AddMetadata("authorization", "Bearer " + token);
          return stub_->AsyncIssueCode(context, request, cq);
        });
    return py::make_tuple(response.code(), Seconds(response.has_expires_at(),
                                                   response.expires_at()));
  }

  // (attendee tuple, status tuple)
  py::tuple Register(const std::string& first_name,
                     const std::string& last_name, const std::string& code,
                     Timeout timeout_s) {
    v1::RegisterRequest request;
    request.set_first_name(first_name);
    request.set_last_name(last_name);
    request.set_code(code);
    auto response = CallUnary<v1::RegisterRequest, v1::RegisterResponse>(
        request, timeout_s,
        [this](auto* context, const auto& request, auto* cq) {
          return stub_->AsyncRegister(context, request, cq);
        });
    return py::make_tuple(AttendeeTuple(response.attendee()),
                          StatusTuple(response.status()));
  }

  py::tuple GetStatus(Timeout timeout_s) {
    auto status = CallUnary<v1::GetStatusRequest, v1::Status>(
        {}, timeout_s, [this](auto* context, const auto& request, auto* cq) {
          return stub_->AsyncGetStatus(context, request, cq);
        });
    return StatusTuple(status);
  }

  std::unique_ptr<StatusStream> WatchStatus(Timeout timeout_s) {
    return std::make_unique<StatusStream>(StatusReader::Start(
        {}, timeout_s, [this](auto* context, auto* request, auto* reactor) {
          stub_->async()->WatchStatus(context, request, reactor);
        }));
  }

 private:
  std::unique_ptr<v1::AttendanceService::Stub> stub_;
};

}  // namespace bindings

PYBIND11_MODULE(_attendance, m) {
  namespace py = pybind11;
  using bindings::AttendanceClient;
  using bindings::StatusStream;
  m.doc() = "C++ attendance client (use grpc_tutorial.attendance instead).";

  bindings::BindReadStream<StatusStream>(m, "StatusStream");

  py::class_<AttendanceClient> client(m, "AttendanceClient");
  bindings::BindClientConstructor(client);
  client
      .def("login", &AttendanceClient::Login, py::arg("organiser"),
           py::arg("password"), py::arg("timeout"))
      .def("issue_code", &AttendanceClient::IssueCode, py::arg("token"),
           py::arg("valid_for"), py::arg("timeout"))
      .def("register", &AttendanceClient::Register, py::arg("first_name"),
           py::arg("last_name"), py::arg("code"), py::arg("timeout"))
      .def("get_status", &AttendanceClient::GetStatus, py::arg("timeout"))
      .def("watch_status", &AttendanceClient::WatchStatus, py::arg("timeout"));
}
