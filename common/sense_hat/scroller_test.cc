// The rules of scrolling, independent of the golden files: widths, where
// the text starts and ends, and characters outside the font.
#include "common/sense_hat/scroller.h"

#include <gtest/gtest.h>

#include "common/sense_hat/font.h"

namespace sense_hat {
namespace {

constexpr Rgb kInk{255, 255, 255};
constexpr Rgb kPaper{0, 0, 8};

std::vector<uint8_t> GlyphColumns(char32_t character) {
  const Glyph& glyph = GlyphFor(character);
  return {glyph.begin(), glyph.end()};
}

TEST(FontTest, GlyphsUseRowsOneToSevenOnly) {
  for (char32_t character = 0x20; character <= 0x7e; ++character) {
    for (uint8_t column : GlyphFor(character)) {
      EXPECT_EQ(column & 0x01, 0) << "character " << int(character);
    }
  }
}

TEST(FontTest, CharactersOutsidePrintableAsciiAreQuestionMarks) {
  EXPECT_EQ(GlyphFor(U'\n'), GlyphFor(U'?'));
  EXPECT_EQ(GlyphFor(0x7f), GlyphFor(U'?'));
  EXPECT_EQ(GlyphFor(U'é'), GlyphFor(U'?'));
  EXPECT_NE(GlyphFor(U'A'), GlyphFor(U'?'));
}

TEST(ScrollerTest, EachCharacterIsFiveColumnsAndOneBlank) {
  const std::vector<uint8_t> columns = TextColumns("AB");
  ASSERT_EQ(columns.size(), 12u);
  std::vector<uint8_t> expected = GlyphColumns(U'A');
  expected.push_back(0);
  const std::vector<uint8_t> b = GlyphColumns(U'B');
  expected.insert(expected.end(), b.begin(), b.end());
  expected.push_back(0);
  EXPECT_EQ(columns, expected);
}

TEST(ScrollerTest, AMultiByteCharacterIsOneQuestionMark) {
  EXPECT_EQ(TextColumns("é"), TextColumns("?"));     // 2 bytes
  EXPECT_EQ(TextColumns("€"), TextColumns("?"));     // 3 bytes
  EXPECT_EQ(TextColumns("😀"), TextColumns("?"));     // 4 bytes
  EXPECT_EQ(TextColumns("\xff"), TextColumns("?"));  // not UTF-8
  EXPECT_EQ(TextColumns("\xc3"), TextColumns("?"));  // cut short
  // A sequence cut short: each of its bytes is a '?'.
  EXPECT_EQ(TextColumns("a\xe2\x82z"), TextColumns("a??z"));
}

TEST(ScrollerTest, TextEntersOnTheRightOneColumnPerFrame) {
  const std::vector<Frame> frames = ScrollText("I", kInk, kPaper);
  ASSERT_EQ(frames.size(), 6u + 7u);
  const std::vector<uint8_t> columns = TextColumns("I");
  // Frame i shows text column c at x = 7 - i + c.
  for (size_t i = 0; i < frames.size(); ++i) {
    for (int x = 0; x < Frame::kWidth; ++x) {
      const int c = x - 7 + static_cast<int>(i);
      const uint8_t column =
          c >= 0 && c < static_cast<int>(columns.size()) ? columns[c] : 0;
      for (int y = 0; y < Frame::kHeight; ++y) {
        const Rgb expected = column & (1 << y) ? kInk : kPaper;
        ASSERT_EQ(frames[i].at(x, y), expected)
            << "frame " << i << " x " << x << " y " << y;
      }
    }
  }
  EXPECT_EQ(frames.back(), Frame(kPaper));  // gone at the end
}

TEST(ScrollerTest, EmptyTextHasNoFrames) {
  EXPECT_TRUE(ScrollText("", kInk, kPaper).empty());
}

}  // namespace
}  // namespace sense_hat
