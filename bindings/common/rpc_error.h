// gRPC statuses as Python exceptions: grpc_tutorial.RpcError, one class for
// every binding module (it is defined in Python, in grpc_tutorial/errors.py).
#ifndef BINDINGS_COMMON_RPC_ERROR_H_
#define BINDINGS_COMMON_RPC_ERROR_H_

#include <grpcpp/grpcpp.h>

namespace bindings {

// Sets grpc_tutorial.RpcError(code name, message, details) as the Python
// error and throws pybind11::error_already_set. `status` must not be OK.
// Needs the GIL.
[[noreturn]] void RaiseRpcError(const grpc::Status& status);

// Returns if `status` is OK, raises it otherwise.
inline void RaiseIfError(const grpc::Status& status) {
  if (!status.ok()) RaiseRpcError(status);
}

}  // namespace bindings

#endif  // BINDINGS_COMMON_RPC_ERROR_H_
