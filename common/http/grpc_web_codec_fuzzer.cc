// Fuzzes the gRPC-Web wire format with any bytes (what a hostile browser
// can send): the first byte picks binary or text mode, the second how the
// rest is cut into pieces. However a body is cut, it must decode to the
// same frames and the same verdict, no frame may pass the size limit, and
// the trailer and timeout parsers must take anything without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "common/http/grpc_web_codec.h"

namespace {

using common::grpc_web::Encoding;
using common::grpc_web::Frame;
using common::grpc_web::FrameDecoder;

constexpr size_t kMaxPayload = 4096;

struct Decoded {
  std::vector<Frame> frames;
  grpc::StatusCode code;
};

Decoded Decode(Encoding encoding, std::string_view body, size_t piece) {
  FrameDecoder decoder(encoding, kMaxPayload);
  Decoded decoded;
  for (size_t at = 0; at < body.size(); at += piece) {
    if (!decoder.Feed(body.substr(at, piece))) break;
  }
  while (std::optional<Frame> frame = decoder.Next()) {
    if (frame->payload.size() > kMaxPayload) std::abort();
    decoded.frames.push_back(std::move(*frame));
  }
  decoded.code = decoder.Finish().error_code();
  return decoded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const Encoding encoding = data[0] & 1 ? Encoding::kText : Encoding::kBinary;
  const size_t piece = 1 + data[1] % 16;
  const std::string_view body(reinterpret_cast<const char*>(data + 2),
                              size - 2);
  const Decoded whole = Decode(encoding, body, body.size() + 1);
  const Decoded cut = Decode(encoding, body, piece);
  // The decoder reports the first problem of the body, wherever it was
  // cut, with the same frames before it.
  if (whole.code != cut.code || whole.frames.size() != cut.frames.size()) {
    std::abort();
  }
  for (size_t i = 0; i < whole.frames.size(); ++i) {
    if (whole.frames[i].flags != cut.frames[i].flags ||
        whole.frames[i].payload != cut.frames[i].payload) {
      std::abort();
    }
  }
  for (const Frame& frame : whole.frames) {
    if (frame.is_trailer()) common::grpc_web::ParseTrailerBlock(frame.payload);
  }
  const std::string text(body);
  if (common::grpc_web::PercentDecode(common::grpc_web::PercentEncode(text)) !=
      text) {
    std::abort();
  }
  std::chrono::nanoseconds timeout;
  common::grpc_web::ParseTimeout(body.substr(0, 12), &timeout);
  return 0;
}
