#include "common/http/grpc_web_codec.h"

#include <absl/strings/ascii.h>
#include <absl/strings/escaping.h>
#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>

#include <algorithm>
#include <cctype>

namespace common::grpc_web {
namespace {

// Debian's Abseil is built as C++11: its string_view is its own type.
absl::string_view Absl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

std::string_view Std(absl::string_view text) {
  return std::string_view(text.data(), text.size());
}

uint32_t ReadLength(std::string_view header) {
  return (uint32_t{static_cast<uint8_t>(header[1])} << 24) |
         (uint32_t{static_cast<uint8_t>(header[2])} << 16) |
         (uint32_t{static_cast<uint8_t>(header[3])} << 8) |
         uint32_t{static_cast<uint8_t>(header[4])};
}

bool IsBase64Char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/';
}

}  // namespace

std::optional<Encoding> ParseContentType(std::string_view content_type) {
  const std::string type = absl::AsciiStrToLower(absl::StripAsciiWhitespace(
      Absl(content_type.substr(0, content_type.find(';')))));
  if (type == "application/grpc-web" || type == "application/grpc-web+proto") {
    return Encoding::kBinary;
  }
  if (type == "application/grpc-web-text" ||
      type == "application/grpc-web-text+proto") {
    return Encoding::kText;
  }
  return std::nullopt;
}

const char* ContentType(Encoding encoding) {
  return encoding == Encoding::kText ? "application/grpc-web-text+proto"
                                     : "application/grpc-web+proto";
}

FrameDecoder::FrameDecoder(Encoding encoding, size_t max_payload_bytes,
                           size_t max_frames)
    : encoding_(encoding),
      max_payload_bytes_(max_payload_bytes),
      max_frames_(max_frames) {}

bool FrameDecoder::Feed(std::string_view piece) {
  if (!error_.ok()) return false;
  if (encoding_ == Encoding::kText) return DecodeText(piece);
  bytes_.append(piece);
  SplitFrames();
  return error_.ok();
}

// Decodes the complete 4-character groups, keeping a partial one for the
// next piece. Group by group, each split into frames at once, so that the
// first problem in the body is the one reported, however it was cut.
bool FrameDecoder::DecodeText(std::string_view piece) {
  text_.append(piece);
  const size_t complete = text_.size() / 4 * 4;
  for (size_t group = 0; group < complete; group += 4) {
    const std::string_view chars(text_.data() + group, 4);
    for (size_t i = 0; i < 4; ++i) {
      // "xy==" and "xyz=": padding only at the end of a group.
      const bool padding_allowed = i == 3 || (i == 2 && chars[3] == '=');
      if (!IsBase64Char(chars[i]) && !(chars[i] == '=' && padding_allowed)) {
        error_ =
            grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                         "the grpc-web-text body is not base64: character " +
                             std::to_string(i + 1) + " of a group is '" +
                             absl::CEscape(Absl(chars.substr(i, 1))) + "'");
        return false;
      }
    }
    std::string decoded;
    if (!absl::Base64Unescape(Absl(chars), &decoded)) {
      error_ = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "the grpc-web-text body is not valid base64");
      return false;
    }
    bytes_ += decoded;
    SplitFrames();
    if (!error_.ok()) return false;
  }
  text_.erase(0, complete);
  return true;
}

void FrameDecoder::SplitFrames() {
  size_t offset = 0;
  while (bytes_.size() - offset >= kFrameHeaderBytes) {
    const std::string_view header(bytes_.data() + offset, kFrameHeaderBytes);
    const uint32_t length = ReadLength(header);
    if (length > max_payload_bytes_) {
      error_ = grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                            "a message of " + std::to_string(length) +
                                " bytes is larger than the limit of " +
                                std::to_string(max_payload_bytes_) + " bytes");
      bytes_.clear();
      return;
    }
    if (bytes_.size() - offset - kFrameHeaderBytes < length) break;
    if (frames_split_ == max_frames_) {
      error_ = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "the body holds more than " +
                                std::to_string(max_frames_) +
                                (max_frames_ == 1 ? " frame" : " frames"));
      bytes_.clear();
      return;
    }
    ++frames_split_;
    Frame frame;
    frame.flags = static_cast<uint8_t>(header[0]);
    frame.payload = bytes_.substr(offset + kFrameHeaderBytes, length);
    frames_.push_back(std::move(frame));
    offset += kFrameHeaderBytes + length;
  }
  bytes_.erase(0, offset);
}

std::optional<Frame> FrameDecoder::Next() {
  if (frames_.empty()) return std::nullopt;
  Frame frame = std::move(frames_.front());
  frames_.pop_front();
  return frame;
}

grpc::Status FrameDecoder::Finish() const {
  if (!error_.ok()) return error_;
  if (!text_.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "the grpc-web-text body ends inside a 4-character "
                        "base64 group (" +
                            std::to_string(text_.size()) + " of 4)");
  }
  if (bytes_.empty()) return grpc::Status::OK;
  if (bytes_.size() < kFrameHeaderBytes) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "the body ends inside a frame header (" +
                            std::to_string(bytes_.size()) + " of 5 bytes)");
  }
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                      "the body ends inside a frame: its length prefix says " +
                          std::to_string(ReadLength(bytes_)) + " bytes, " +
                          std::to_string(bytes_.size() - kFrameHeaderBytes) +
                          " arrived");
}

std::string EncodeFrame(uint8_t flags, std::string_view payload) {
  const auto length = static_cast<uint32_t>(payload.size());
  std::string frame;
  frame.reserve(kFrameHeaderBytes + payload.size());
  frame += static_cast<char>(flags);
  frame += static_cast<char>(length >> 24);
  frame += static_cast<char>(length >> 16);
  frame += static_cast<char>(length >> 8);
  frame += static_cast<char>(length);
  frame.append(payload);
  return frame;
}

bool IsPrintableAscii(std::string_view value) {
  return std::all_of(value.begin(), value.end(),
                     [](char c) { return c >= 0x20 && c <= 0x7e; });
}

std::string MetadataText(std::string_view key, std::string_view value) {
  return absl::EndsWith(Absl(key), "-bin") ? absl::Base64Escape(Absl(value))
                                           : std::string(value);
}

bool PassableMetadata(std::string_view key, std::string_view value) {
  const std::string lower = absl::AsciiStrToLower(Absl(key));
  if (lower == "grpc-status" || lower == "grpc-message") return false;
  if (absl::EndsWith(lower, "-bin")) return true;  // sent as base64
  return IsPrintableAscii(value);
}

std::string TrailerBlock(
    const grpc::Status& status,
    const std::vector<std::pair<std::string, std::string>>& metadata) {
  std::string block = absl::StrCat(
      "grpc-status: ", static_cast<int>(status.error_code()), "\r\n");
  if (!status.error_message().empty()) {
    absl::StrAppend(&block,
                    "grpc-message: ", PercentEncode(status.error_message()),
                    "\r\n");
  }
  for (const auto& [key, value] : metadata) {
    if (!PassableMetadata(key, value)) continue;
    absl::StrAppend(&block, absl::AsciiStrToLower(key), ": ",
                    MetadataText(key, value), "\r\n");
  }
  return block;
}

std::optional<std::map<std::string, std::string>> ParseTrailerBlock(
    std::string_view block) {
  std::map<std::string, std::string> trailers;
  while (!block.empty()) {
    size_t end = block.find("\r\n");
    if (end == std::string_view::npos) end = block.size();
    const std::string_view line = block.substr(0, end);
    block.remove_prefix(std::min(block.size(), end + 2));
    if (line.empty()) continue;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    trailers[absl::AsciiStrToLower(Absl(line.substr(0, colon)))] = std::string(
        Std(absl::StripAsciiWhitespace(Absl(line.substr(colon + 1)))));
  }
  return trailers;
}

std::string PercentEncode(std::string_view message) {
  std::string encoded;
  for (const char c : message) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e || c == '%') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0xf];
    } else {
      encoded += c;
    }
  }
  return encoded;
}

std::string PercentDecode(std::string_view encoded) {
  std::string decoded;
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size() &&
        std::isxdigit(static_cast<unsigned char>(encoded[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(encoded[i + 2]))) {
      decoded += static_cast<char>(
          std::stoi(std::string(encoded.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      decoded += encoded[i];
    }
  }
  return decoded;
}

std::string ToText(std::string_view bytes) {
  return absl::Base64Escape(Absl(bytes));
}

bool ParseTimeout(std::string_view value, std::chrono::nanoseconds* timeout) {
  if (value.size() < 2 || value.size() > 9) return false;
  int64_t amount = 0;
  for (const char c : value.substr(0, value.size() - 1)) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    amount = amount * 10 + (c - '0');
  }
  int64_t nanos_per_unit = 0;
  switch (value.back()) {
    case 'H':
      nanos_per_unit = int64_t{3600} * 1'000'000'000;
      break;
    case 'M':
      nanos_per_unit = int64_t{60} * 1'000'000'000;
      break;
    case 'S':
      nanos_per_unit = 1'000'000'000;
      break;
    case 'm':
      nanos_per_unit = 1'000'000;
      break;
    case 'u':
      nanos_per_unit = 1'000;
      break;
    case 'n':
      nanos_per_unit = 1;
      break;
    default:
      return false;
  }
  // 99,999,999 hours do not fit in int64 nanoseconds: saturate (a wrapped,
  // negative timeout would become no deadline at all).
  const int64_t max = std::chrono::nanoseconds::max().count();
  *timeout = std::chrono::nanoseconds(
      amount > max / nanos_per_unit ? max : amount * nanos_per_unit);
  return true;
}

}  // namespace common::grpc_web
