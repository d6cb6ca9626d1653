// One picture on the Sense HAT's 8x8 LED matrix: 64 pixels in 24-bit RGB.
// Every backend (framebuffer, terminal, PNG/PPM files) shows a Frame.
#ifndef COMMON_SENSE_HAT_FRAME_H_
#define COMMON_SENSE_HAT_FRAME_H_

#include <array>
#include <cstdint>

namespace sense_hat {

struct Rgb {
  uint8_t r = 0;
  uint8_t g = 0;
  uint8_t b = 0;

  bool operator==(const Rgb& other) const {
    return r == other.r && g == other.g && b == other.b;
  }
  bool operator!=(const Rgb& other) const { return !(*this == other); }
};

class Frame {
 public:
  static constexpr int kWidth = 8;
  static constexpr int kHeight = 8;

  // All pixels off (black).
  Frame() = default;
  explicit Frame(Rgb fill) { pixels_.fill(fill); }

  // x grows to the right, y downwards; (0, 0) is the top-left LED.
  Rgb at(int x, int y) const { return pixels_[y * kWidth + x]; }
  void set(int x, int y, Rgb colour) { pixels_[y * kWidth + x] = colour; }

  bool operator==(const Frame& other) const { return pixels_ == other.pixels_; }
  bool operator!=(const Frame& other) const { return !(*this == other); }

 private:
  std::array<Rgb, kWidth * kHeight> pixels_{};
};

}  // namespace sense_hat

#endif  // COMMON_SENSE_HAT_FRAME_H_
