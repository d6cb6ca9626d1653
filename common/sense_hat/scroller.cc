#include "common/sense_hat/scroller.h"

#include <utility>

#include "common/sense_hat/font.h"

namespace sense_hat {
namespace {

// The length of the UTF-8 sequence that starts with `lead` and the bits of
// the code point that `lead` holds; length 0 if `lead` cannot start one.
std::pair<int, char32_t> Lead(unsigned char lead) {
  if (lead < 0x80) return {1, lead};
  if ((lead & 0xe0) == 0xc0) return {2, lead & 0x1f};
  if ((lead & 0xf0) == 0xe0) return {3, lead & 0x0f};
  if ((lead & 0xf8) == 0xf0) return {4, lead & 0x07};
  return {0, 0};
}

// The code points of UTF-8 `text`. A byte that does not start a valid
// sequence counts as one character, so that broken input still scrolls.
std::vector<char32_t> CodePoints(const std::string& text) {
  std::vector<char32_t> points;
  size_t i = 0;
  while (i < text.size()) {
    auto [length, point] = Lead(static_cast<unsigned char>(text[i]));
    for (int k = 1; k < length; ++k) {
      if (i + k >= text.size() || (text[i + k] & 0xc0) != 0x80) {
        length = 0;
        break;
      }
      point = (point << 6) | (text[i + k] & 0x3f);
    }
    if (length == 0) {
      points.push_back(U'\uFFFD');
      ++i;
    } else {
      points.push_back(point);
      i += length;
    }
  }
  return points;
}

}  // namespace

std::vector<uint8_t> TextColumns(const std::string& text) {
  std::vector<uint8_t> columns;
  for (char32_t point : CodePoints(text)) {
    const Glyph& glyph = GlyphFor(point);
    columns.insert(columns.end(), glyph.begin(), glyph.end());
    columns.push_back(0);  // the gap between letters
  }
  return columns;
}

// [START scroll_text]
std::vector<Frame> ScrollText(const std::string& text, Rgb ink, Rgb paper) {
  const std::vector<uint8_t> text_columns = TextColumns(text);
  if (text_columns.empty()) return {};
  // The text between a screen of blank columns on each side; frame i shows
  // strip[i + 1 .. i + 8].
  std::vector<uint8_t> strip(Frame::kWidth, 0);
  strip.insert(strip.end(), text_columns.begin(), text_columns.end());
  strip.insert(strip.end(), Frame::kWidth, 0);

  std::vector<Frame> frames;
  const size_t frame_count = text_columns.size() + Frame::kWidth - 1;
  for (size_t first = 1; first <= frame_count; ++first) {
    Frame frame(paper);
    for (int x = 0; x < Frame::kWidth; ++x) {
      const uint8_t column = strip[first + x];
      for (int y = 0; y < Frame::kHeight; ++y) {
        if (column & (1 << y)) frame.set(x, y, ink);
      }
    }
    frames.push_back(frame);
  }
  return frames;
}
// [END scroll_text]

}  // namespace sense_hat
