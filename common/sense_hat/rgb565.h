// The Sense HAT framebuffer's pixel format: RGB565 (5 bits red, 6 green,
// 5 blue in one 16-bit word), stored little-endian, 2 bytes per pixel,
// rows top to bottom: 128 bytes for the 8x8 matrix.
#ifndef COMMON_SENSE_HAT_RGB565_H_
#define COMMON_SENSE_HAT_RGB565_H_

#include <array>
#include <cstdint>

#include "common/sense_hat/frame.h"

namespace sense_hat {

constexpr int kFramebufferBytes = Frame::kWidth * Frame::kHeight * 2;

// Keeps the top 5, 6 and 5 bits of red, green and blue.
uint16_t ToRgb565(Rgb colour);

// The colour a packed pixel stands for, each channel scaled back to 0..255
// (so white stays 255, 255, 255).
Rgb FromRgb565(uint16_t pixel);

// The bytes of a frame as the framebuffer holds them.
std::array<uint8_t, kFramebufferBytes> PackRgb565(const Frame& frame);

}  // namespace sense_hat

#endif  // COMMON_SENSE_HAT_RGB565_H_
