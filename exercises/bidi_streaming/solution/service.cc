#include "exercises/bidi_streaming/service.h"

#include <absl/strings/ascii.h>

#include <string>
#include <vector>

namespace exercises::bidi_streaming {

grpc::Status ShoutService::Shout(
    grpc::ServerContext* /*context*/,
    grpc::ServerReaderWriter<v1::ShoutResponse, v1::ShoutRequest>* stream) {
  v1::ShoutRequest request;
  // The two directions are independent: write each answer while the
  // client's side is still open.
  while (stream->Read(&request)) {
    v1::ShoutResponse response;
    response.set_text(absl::AsciiStrToUpper(request.text()));
    if (!stream->Write(response)) break;  // The client has gone.
  }
  return grpc::Status::OK;
}

}  // namespace exercises::bidi_streaming
