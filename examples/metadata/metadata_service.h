// The calculator's Divide (unary) and ListPrimes (server streaming) with
// metadata around each call:
//
//   client -> server   x-request-id       ASCII, an id for the call
//                      x-trace-bin        binary (any bytes), echoed back
//   server -> client   x-server-id        in the initial metadata, before
//                                         the first message
//                      x-request-id       in the trailing metadata, echoed
//                      x-trace-bin        in the trailing metadata, echoed
//                      x-elapsed-us       in the trailing metadata: how long
//                                         the server spent on the call
//
// Metadata is gRPC's HTTP/2 headers: keys are lower case, a key ending in
// "-bin" carries bytes (gRPC base64-encodes them on the wire), any other key
// printable ASCII. Keys starting with "grpc-" are gRPC's own.
#ifndef EXAMPLES_METADATA_METADATA_SERVICE_H_
#define EXAMPLES_METADATA_METADATA_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <string>

#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace metadata {

inline constexpr char kRequestId[] = "x-request-id";
inline constexpr char kTraceBin[] = "x-trace-bin";
inline constexpr char kServerId[] = "x-server-id";
inline constexpr char kElapsedUs[] = "x-elapsed-us";

class MetadataCalculatorService final
    : public calculator::v1::Calculator::Service {
 public:
  explicit MetadataCalculatorService(std::string server_id)
      : server_id_(std::move(server_id)) {}

  grpc::Status Divide(grpc::ServerContext* context,
                      const calculator::v1::DivideRequest* request,
                      calculator::v1::DivideResponse* response) override;

  grpc::Status ListPrimes(
      grpc::ServerContext* context,
      const calculator::v1::ListPrimesRequest* request,
      grpc::ServerWriter<calculator::v1::Prime>* writer) override;

 private:
  const std::string server_id_;
};

}  // namespace metadata

#endif  // EXAMPLES_METADATA_METADATA_SERVICE_H_
