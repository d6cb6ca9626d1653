// A client pointed at the wrong port (another demo's server, say) gets
// UNIMPLEMENTED with an empty message: true, but no help. ExplainWrongService()
// asks the server's reflection service what it serves and says so:
//
//   UNIMPLEMENTED: localhost:50051 serves calculator.v1.Calculator, not
//   meter.v1.MeterService (is the port right?)
#ifndef COMMON_GRPC_WRONG_SERVICE_H_
#define COMMON_GRPC_WRONG_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace common {

// Returns `status` itself unless it is UNIMPLEMENTED with gRPC's empty
// message and the server behind `channel` turns out not to serve
// `expected_service` (e.g. "meter.v1.MeterService"); then an UNIMPLEMENTED
// status whose message names what `target` (as the user wrote it) serves
// instead, or says that it cannot tell (a server without reflection). Asks
// at most once, with a deadline of `timeout`.
grpc::Status ExplainWrongService(
    const grpc::Status& status, const std::shared_ptr<grpc::Channel>& channel,
    std::string_view target, std::string_view expected_service,
    std::chrono::milliseconds timeout = std::chrono::milliseconds(1000));

}  // namespace common

#endif  // COMMON_GRPC_WRONG_SERVICE_H_
