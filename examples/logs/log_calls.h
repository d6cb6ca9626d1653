// The log service's calls as the example clients make them
// (examples/compression, examples/size_limits): each prints what came back
// on stdout and returns the call's status.
#ifndef EXAMPLES_LOGS_LOG_CALLS_H_
#define EXAMPLES_LOGS_LOG_CALLS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "protos/logs/v1/logs.grpc.pb.h"

namespace logs {

// "received N lines (B bytes as a message)"
grpc::Status PrintGetLog(v1::LogService::Stub& stub,
                         grpc::ClientContext* context, int lines);
// "the server received N lines, B bytes of text"
grpc::Status PrintPutLog(v1::LogService::Stub& stub,
                         grpc::ClientContext* context, int lines);
// "received N lines in M messages of at most B bytes"
grpc::Status PrintStreamLog(v1::LogService::Stub& stub,
                            grpc::ClientContext* context, int lines);

// Prints "error: CODE: message" on stderr (saying which service a wrong
// port serves) and returns 1.
int PrintError(grpc::Status status,
               const std::shared_ptr<grpc::Channel>& channel,
               const std::string& target);

}  // namespace logs

#endif  // EXAMPLES_LOGS_LOG_CALLS_H_
