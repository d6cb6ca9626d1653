// Frames drawn as a picture of the LED matrix, for the docs: each LED a
// round dot on a dark board, several frames side by side like a film strip.
#ifndef PI_DEMO_DISPLAY_LED_PICTURE_H_
#define PI_DEMO_DISPLAY_LED_PICTURE_H_

#include <vector>

#include "common/sense_hat/frame.h"
#include "common/sense_hat/image_files.h"

namespace display {

struct PictureOptions {
  int led_size = 12;  // pixels per LED, dot and gap
  int per_row = 8;    // frames per row of the picture
  int frame_gap = 8;  // pixels between frames
};

sense_hat::Image LedPicture(const std::vector<sense_hat::Frame>& frames,
                            const PictureOptions& options = {});

}  // namespace display

#endif  // PI_DEMO_DISPLAY_LED_PICTURE_H_
