// The gRPC-Web wire format (grpc/grpc doc/PROTOCOL-WEB.md), without any I/O:
// content types, the 5-byte message frames, the trailer frame that carries
// the status, base64 "text" mode and the grpc-timeout header. The gateway
// (grpc_web.h) uses it to read a browser's request and to write the answer;
// tests use it to play the browser.
//
// A frame is one flag byte, a 4-byte big-endian length and the payload: the
// same framing as gRPC over HTTP/2. gRPC-Web adds one frame kind: flag 0x80,
// whose payload is the trailers as HTTP/1 header lines
// ("grpc-status: 0\r\n"), because a browser's fetch() cannot read HTTP
// trailers.
#ifndef COMMON_HTTP_GRPC_WEB_CODEC_H_
#define COMMON_HTTP_GRPC_WEB_CODEC_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace common::grpc_web {

// application/grpc-web[+proto] sends frames as they are; the -text variants
// base64-encode them (for clients that can only handle text bodies).
enum class Encoding { kBinary, kText };

// The encoding a Content-Type asks for, case-insensitively and ignoring
// parameters (";charset=..."); nullopt if it is not gRPC-Web with protobuf
// messages (application/grpc-web+json is not supported).
std::optional<Encoding> ParseContentType(std::string_view content_type);

// The Content-Type of an answer in `encoding`.
const char* ContentType(Encoding encoding);

inline constexpr uint8_t kCompressedFlag = 0x01;
inline constexpr uint8_t kTrailerFlag = 0x80;
inline constexpr size_t kFrameHeaderBytes = 5;

struct Frame {
  uint8_t flags = 0;
  std::string payload;

  bool is_trailer() const { return (flags & kTrailerFlag) != 0; }
  bool is_compressed() const { return (flags & kCompressedFlag) != 0; }
};

// Splits a body into frames however it arrives in pieces: a frame may span
// pieces, and in text mode a piece may end inside a 4-character group (and
// each piece may carry its own padding, as the protocol allows).
class FrameDecoder {
 public:
  // A frame whose length prefix says more than `max_payload_bytes` is an
  // error (RESOURCE_EXHAUSTED) as soon as its header has arrived, before
  // any of it is buffered; so is a frame after `max_frames` of them
  // (INVALID_ARGUMENT), so that a body of empty frames costs nothing.
  FrameDecoder(Encoding encoding, size_t max_payload_bytes,
               size_t max_frames = SIZE_MAX);

  // Adds the next piece. Returns false, and error() says why, for bad
  // base64 or a frame over the limit; everything after that is ignored.
  bool Feed(std::string_view piece);
  // The next complete frame, in order.
  std::optional<Frame> Next();
  // After the last piece: OK if the body ended between frames, else
  // INVALID_ARGUMENT saying where it was cut.
  grpc::Status Finish() const;
  const grpc::Status& error() const { return error_; }

 private:
  bool DecodeText(std::string_view piece);
  void SplitFrames();

  const Encoding encoding_;
  const size_t max_payload_bytes_;
  const size_t max_frames_;
  size_t frames_split_ = 0;
  std::string text_;   // base64 characters of an unfinished 4-char group
  std::string bytes_;  // bytes of an unfinished frame
  std::deque<Frame> frames_;
  grpc::Status error_;
};

// One frame: the header and `payload`.
std::string EncodeFrame(uint8_t flags, std::string_view payload);

// Whether `value` is all printable ASCII (0x20 to 0x7e): what a text
// metadata value may hold on HTTP/1.
bool IsPrintableAscii(std::string_view value);

// A metadata value as HTTP/1 text: base64 for a "-bin" key, else as it is.
std::string MetadataText(std::string_view key, std::string_view value);

// Whether metadata may go to a browser as a header or trailer line: not
// grpc-status or grpc-message (the gateway's own), and a text value only in
// printable ASCII (a line break would forge a line of its own).
bool PassableMetadata(std::string_view key, std::string_view value);

// The trailer frame's payload: grpc-status, grpc-message (percent-encoded)
// and each PassableMetadata of `metadata` as "key: value\r\n" (keys
// lower-case; values of "-bin" keys given raw and base64-encoded here).
std::string TrailerBlock(
    const grpc::Status& status,
    const std::vector<std::pair<std::string, std::string>>& metadata);

// A trailer block parsed back into lower-case keys and values (for
// clients and tests); nullopt if a line has no ':'.
std::optional<std::map<std::string, std::string>> ParseTrailerBlock(
    std::string_view block);

// grpc-message's encoding: bytes outside printable ASCII, and '%', as %XX.
std::string PercentEncode(std::string_view message);
std::string PercentDecode(std::string_view encoded);

// Text mode: `bytes` as padded base64, so that every piece of an answer
// can be decoded on its own.
std::string ToText(std::string_view bytes);

// grpc-timeout: 1 to 8 digits and a unit (H, M, S, m, u, n). False if
// `value` is anything else.
bool ParseTimeout(std::string_view value, std::chrono::nanoseconds* timeout);

}  // namespace common::grpc_web

#endif  // COMMON_HTTP_GRPC_WEB_CODEC_H_
