#include "common/sense_hat/rgb565.h"

namespace sense_hat {

// [START to_rgb565]
uint16_t ToRgb565(Rgb colour) {
  return static_cast<uint16_t>(((colour.r >> 3) << 11) |
                               ((colour.g >> 2) << 5) | (colour.b >> 3));
}
// [END to_rgb565]

Rgb FromRgb565(uint16_t pixel) {
  const int red = (pixel >> 11) & 0x1f;
  const int green = (pixel >> 5) & 0x3f;
  const int blue = pixel & 0x1f;
  // Rounded scaling, so that the largest value maps to 255.
  return Rgb{static_cast<uint8_t>((red * 255 + 15) / 31),
             static_cast<uint8_t>((green * 255 + 31) / 63),
             static_cast<uint8_t>((blue * 255 + 15) / 31)};
}

std::array<uint8_t, kFramebufferBytes> PackRgb565(const Frame& frame) {
  std::array<uint8_t, kFramebufferBytes> bytes{};
  for (int y = 0; y < Frame::kHeight; ++y) {
    for (int x = 0; x < Frame::kWidth; ++x) {
      const uint16_t pixel = ToRgb565(frame.at(x, y));
      const int offset = (y * Frame::kWidth + x) * 2;
      bytes[offset] = static_cast<uint8_t>(pixel & 0xff);  // little-endian
      bytes[offset + 1] = static_cast<uint8_t>(pixel >> 8);
    }
  }
  return bytes;
}

}  // namespace sense_hat
