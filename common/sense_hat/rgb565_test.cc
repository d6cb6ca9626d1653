#include "common/sense_hat/rgb565.h"

#include <gtest/gtest.h>

namespace sense_hat {
namespace {

TEST(Rgb565Test, PacksTheTopBitsOfEachChannel) {
  EXPECT_EQ(ToRgb565({255, 255, 255}), 0xffff);
  EXPECT_EQ(ToRgb565({255, 0, 0}), 0xf800);
  EXPECT_EQ(ToRgb565({0, 255, 0}), 0x07e0);
  EXPECT_EQ(ToRgb565({0, 0, 255}), 0x001f);
  EXPECT_EQ(ToRgb565({0, 0, 0}), 0x0000);
  // 0x12 = 00010 010, 0x34 = 001101 00, 0x56 = 01010 110.
  EXPECT_EQ(ToRgb565({0x12, 0x34, 0x56}), (0x02 << 11) | (0x0d << 5) | 0x0a);
}

TEST(Rgb565Test, UnpackingScalesBackToFullRange) {
  EXPECT_EQ(FromRgb565(0xffff), (Rgb{255, 255, 255}));
  EXPECT_EQ(FromRgb565(0xf800), (Rgb{255, 0, 0}));
  EXPECT_EQ(FromRgb565(0x0000), (Rgb{0, 0, 0}));
  for (int pixel = 0; pixel <= 0xffff; ++pixel) {
    ASSERT_EQ(ToRgb565(FromRgb565(static_cast<uint16_t>(pixel))), pixel);
  }
}

TEST(Rgb565Test, FramesAreLittleEndianRowByRow) {
  Frame frame;
  frame.set(0, 0, {255, 0, 0});  // 0xf800
  frame.set(1, 2, {0, 0, 255});  // 0x001f
  frame.set(7, 7, {0, 255, 0});  // 0x07e0
  const auto bytes = PackRgb565(frame);
  ASSERT_EQ(bytes.size(), 128u);
  EXPECT_EQ(bytes[0], 0x00);
  EXPECT_EQ(bytes[1], 0xf8);
  // Row 2 starts at byte 32 (16 bytes per row); x 1 is 2 bytes further.
  EXPECT_EQ(bytes[34], 0x1f);
  EXPECT_EQ(bytes[35], 0x00);
  EXPECT_EQ(bytes[126], 0xe0);
  EXPECT_EQ(bytes[127], 0x07);
  int lit = 0;
  for (uint8_t byte : bytes) lit += byte != 0;
  EXPECT_EQ(lit, 4);
}

}  // namespace
}  // namespace sense_hat
