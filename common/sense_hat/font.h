// A 5x8 font for printable ASCII, the size of the Sense HAT's own text font.
//
// The official Python library reads its font from a picture that no Debian
// package ships, so these glyphs are the classic 5x7 LCD font, hand-typed,
// drawn on rows 1 to 7 of the 8-row matrix (row 0 stays blank).
#ifndef COMMON_SENSE_HAT_FONT_H_
#define COMMON_SENSE_HAT_FONT_H_

#include <array>
#include <cstdint>

namespace sense_hat {

constexpr int kGlyphWidth = 5;

// One glyph as 5 columns, left to right. Bit y of a column is the pixel in
// row y (bit 0: the top row).
using Glyph = std::array<uint8_t, kGlyphWidth>;

// The glyph of a character; '?' for anything but printable ASCII (0x20 to
// 0x7e).
const Glyph& GlyphFor(char32_t character);

}  // namespace sense_hat

#endif  // COMMON_SENSE_HAT_FONT_H_
