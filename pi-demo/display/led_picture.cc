#include "pi-demo/display/led_picture.h"

#include <algorithm>

namespace display {
namespace {

using sense_hat::Rgb;

constexpr Rgb kPage{255, 255, 255};
constexpr Rgb kBoard{24, 24, 24};
constexpr Rgb kOffLed{48, 48, 48};  // an unlit LED is still visible

void Put(sense_hat::Image* image, int x, int y, Rgb colour) {
  uint8_t* pixel = &image->rgb[(static_cast<size_t>(y) * image->width + x) * 3];
  pixel[0] = colour.r;
  pixel[1] = colour.g;
  pixel[2] = colour.b;
}

}  // namespace

sense_hat::Image LedPicture(const std::vector<sense_hat::Frame>& frames,
                            const PictureOptions& options) {
  const int count = static_cast<int>(frames.size());
  const int columns = std::max(1, std::min(options.per_row, count));
  const int rows = std::max(1, (count + columns - 1) / columns);
  const int board = sense_hat::Frame::kWidth * options.led_size;
  sense_hat::Image image;
  image.width = columns * board + (columns + 1) * options.frame_gap;
  image.height = rows * board + (rows + 1) * options.frame_gap;
  image.rgb.assign(static_cast<size_t>(image.width) * image.height * 3, 0);
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) Put(&image, x, y, kPage);
  }
  const double radius = options.led_size * 0.4;
  for (int i = 0; i < count; ++i) {
    const int left =
        options.frame_gap + (i % columns) * (board + options.frame_gap);
    const int top =
        options.frame_gap + (i / columns) * (board + options.frame_gap);
    for (int y = 0; y < board; ++y) {
      for (int x = 0; x < board; ++x) {
        const int led_x = x / options.led_size;
        const int led_y = y / options.led_size;
        // Distance from the centre of this LED's cell.
        const double dx = x % options.led_size + 0.5 - options.led_size / 2.0;
        const double dy = y % options.led_size + 0.5 - options.led_size / 2.0;
        Rgb colour = kBoard;
        if (dx * dx + dy * dy <= radius * radius) {
          colour = frames[i].at(led_x, led_y);
          if (colour == Rgb{}) colour = kOffLed;
        }
        Put(&image, left + x, top + y, colour);
      }
    }
  }
  return image;
}

}  // namespace display
