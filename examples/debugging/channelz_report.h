// A process's gRPC internals as its channelz service reports them, one line
// per object, indented by what holds what:
//
//   server: calls started 3, succeeded 2, failed 1
//     connection from 127.0.0.1: streams started 3, ...
//   channel to localhost:50051 (READY): calls started 5, ...
//     subchannel ipv4:127.0.0.1:50051 (READY): calls started 5, ...
//       connection to 127.0.0.1:50051: streams started 5, ...
//
// Ports a peer picked (a client's side of a connection) are left out, and
// so are channelz's ids, so that two runs of the same calls read the same.
#ifndef EXAMPLES_DEBUGGING_CHANNELZ_REPORT_H_
#define EXAMPLES_DEBUGGING_CHANNELZ_REPORT_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>

#include "src/proto/grpc/channelz/channelz.grpc.pb.h"

namespace debugging {

// The report, in `*report`; or the status of the channelz call that failed
// (UNIMPLEMENTED: the server has no channelz service).
grpc::Status ChannelzReport(grpc::channelz::v1::Channelz::Stub& stub,
                            std::chrono::milliseconds timeout,
                            std::string* report);

}  // namespace debugging

#endif  // EXAMPLES_DEBUGGING_CHANNELZ_REPORT_H_
