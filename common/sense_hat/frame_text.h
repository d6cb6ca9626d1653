// Frames as text, for golden files that a reviewer can read and diff:
//
//   colour . 000000
//   colour # ffffff
//
//   frame 0
//   ........
//   .#####..
//   ...          (8 rows of 8 symbols)
//
// Each `colour` line maps a symbol to an exact RGB value, so the text is
// pixel-exact. Lines starting with `//` are comments.
#ifndef COMMON_SENSE_HAT_FRAME_TEXT_H_
#define COMMON_SENSE_HAT_FRAME_TEXT_H_

#include <string>
#include <vector>

#include "common/sense_hat/frame.h"

namespace sense_hat {

// Symbols are given to colours in order of first appearance: '.', '#', then
// letters and digits (at most 64 colours).
std::string FramesToText(const std::vector<Frame>& frames);

// False with "line N: ..." in *error for text that is not in this format.
bool FramesFromText(const std::string& text, std::vector<Frame>* frames,
                    std::string* error);

}  // namespace sense_hat

#endif  // COMMON_SENSE_HAT_FRAME_TEXT_H_
