#include "pi-demo/name_checks.h"

#include <cstdint>
#include <optional>

namespace attendance {
namespace {

// Decodes the UTF-8 character at `text[*pos]` and advances `pos`; nullopt
// for malformed, overlong or surrogate sequences.
std::optional<uint32_t> NextCodePoint(std::string_view text, size_t* pos) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  uint8_t lead = byte(*pos);
  int length = lead < 0x80           ? 1
               : (lead >> 5) == 0x6  ? 2
               : (lead >> 4) == 0xE  ? 3
               : (lead >> 3) == 0x1E ? 4
                                     : 0;
  if (length == 0 || *pos + length > text.size()) return std::nullopt;
  uint32_t code_point = length == 1 ? lead : lead & (0x7F >> length);
  for (int i = 1; i < length; ++i) {
    uint8_t continuation = byte(*pos + i);
    if ((continuation >> 6) != 0x2) return std::nullopt;
    code_point = (code_point << 6) | (continuation & 0x3F);
  }
  static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kSmallest[length] || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return std::nullopt;
  }
  *pos += length;
  return code_point;
}

bool IsControl(uint32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) ||
         (c >= 0x202A && c <= 0x202E) ||  // bidi embeddings and overrides
         (c >= 0x2066 && c <= 0x2069) ||  // bidi isolates
         c == 0x2028 || c == 0x2029;      // line and paragraph separators
}

// Characters that take no space on screen: zero-width spaces and joiners,
// direction marks, word joiners and other invisible operators, the byte
// order mark, the soft hyphen, the Mongolian vowel separator and the
// combining grapheme joiner. A name of these alone shows as nothing.
bool IsInvisible(uint32_t c) {
  return (c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x2064) ||
         c == 0xFEFF || c == 0x00AD || c == 0x180E || c == 0x034F;
}

grpc::Status Invalid(std::string_view field, const std::string& what) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                      std::string(field) + ": " + what);
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    if (!NextCodePoint(text, &pos)) return false;
  }
  return true;
}

grpc::Status CheckName(std::string_view field, std::string_view value,
                       std::string* trimmed) {
  size_t begin = value.find_first_not_of(' ');
  if (begin == std::string_view::npos)
    return Invalid(field, "must not be empty");
  value = value.substr(begin, value.find_last_not_of(' ') - begin + 1);

  int length = 0;
  bool visible = false;
  for (size_t pos = 0; pos < value.size(); ++length) {
    std::optional<uint32_t> c = NextCodePoint(value, &pos);
    if (!c) return Invalid(field, "is not valid UTF-8");
    if (IsControl(*c))
      return Invalid(field, "must not hold control characters");
    visible = visible || (*c != ' ' && !IsInvisible(*c));
  }
  if (!visible) return Invalid(field, "must hold a visible character");
  if (length > kMaxNameLength) {
    return Invalid(field, "must be at most " + std::to_string(kMaxNameLength) +
                              " characters long");
  }
  *trimmed = std::string(value);
  return grpc::Status::OK;
}

}  // namespace attendance
