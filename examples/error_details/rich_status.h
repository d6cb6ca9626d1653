// Rich errors: a google.rpc.Status with typed details (BadRequest,
// QuotaFailure, RetryInfo, ...) inside a gRPC status. gRPC sends the code
// and message as always (grpc-status, grpc-message), and the whole
// google.rpc.Status, serialized, in the grpc-status-details-bin trailer;
// clients that do not look for it still see a normal error.
#ifndef EXAMPLES_ERROR_DETAILS_RICH_STATUS_H_
#define EXAMPLES_ERROR_DETAILS_RICH_STATUS_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace error_details {

// A field of the request and what is wrong with it.
using FieldViolation = std::pair<std::string, std::string>;

// INVALID_ARGUMENT with a BadRequest that lists every bad field.
grpc::Status BadRequest(const std::string& message,
                        const std::vector<FieldViolation>& violations);

// RESOURCE_EXHAUSTED with a QuotaFailure for `subject`, and a RetryInfo
// that says when to try again.
grpc::Status QuotaExceeded(const std::string& subject,
                           const std::string& description,
                           std::chrono::milliseconds retry_after);

// The google.rpc.Status of `status`: false if it has none, or if what it
// has does not parse (a client must not trust a server's bytes).
bool ExtractRichStatus(const grpc::Status& status, google::rpc::Status* rich);

// The details a client understands, one line each ("divisor: must not be
// zero", "retry after 1.5 s"); a type it does not know is named, not
// dropped.
std::vector<std::string> DescribeDetails(const google::rpc::Status& rich);

}  // namespace error_details

#endif  // EXAMPLES_ERROR_DETAILS_RICH_STATUS_H_
