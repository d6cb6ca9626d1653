#include "bindings/common/rpc_error.h"

#include <pybind11/pybind11.h>

#include "common/grpc/status_names.h"

namespace bindings {

namespace py = pybind11;

void RaiseRpcError(const grpc::Status& status) {
  // Imported on each error rather than cached: errors are rare, and a cached
  // py::object would outlive the interpreter at exit.
  py::object error_class =
      py::module_::import("grpc_tutorial.errors").attr("RpcError");
  py::object error = error_class(
      common::StatusCodeName(status.error_code()),
      // Servers may put any bytes in a message; never fail on bad UTF-8.
      py::reinterpret_steal<py::object>(
          PyUnicode_DecodeUTF8(status.error_message().data(),
                               status.error_message().size(), "replace")),
      py::bytes(status.error_details()));
  PyErr_SetObject(error_class.ptr(), error.ptr());
  throw py::error_already_set();
}

}  // namespace bindings
