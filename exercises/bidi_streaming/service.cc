#include "exercises/bidi_streaming/service.h"

#include <absl/strings/ascii.h>

#include <string>
#include <vector>

namespace exercises::bidi_streaming {

// The exercise: as it is, the server reads every message until the client
// half-closes, and only then answers them all. A client that waits for each
// answer before it sends the next message (a chat, say) waits forever, or
// until its deadline. Answer each message as soon as it arrives.
grpc::Status ShoutService::Shout(
    grpc::ServerContext* /*context*/,
    grpc::ServerReaderWriter<v1::ShoutResponse, v1::ShoutRequest>* stream) {
  std::vector<std::string> texts;
  v1::ShoutRequest request;
  while (stream->Read(&request)) texts.push_back(request.text());
  for (const std::string& text : texts) {
    v1::ShoutResponse response;
    response.set_text(absl::AsciiStrToUpper(text));
    if (!stream->Write(response)) break;  // The client has gone.
  }
  return grpc::Status::OK;
}

}  // namespace exercises::bidi_streaming
