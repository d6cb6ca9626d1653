// Scrolling text across the matrix the way the Sense HAT's Python library
// does: each character is 5 columns of the font and 1 blank column, and every
// frame moves the text one column to the left.
#ifndef COMMON_SENSE_HAT_SCROLLER_H_
#define COMMON_SENSE_HAT_SCROLLER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/sense_hat/frame.h"

namespace sense_hat {

// The columns of `text` (UTF-8) as a strip 8 rows high: 6 per character,
// bit y set where row y is lit. Characters outside printable ASCII show as
// '?', one per character (not per byte).
std::vector<uint8_t> TextColumns(const std::string& text);

// The frames of one pass of `text`, drawn in `ink` on `paper`: the text
// enters at the right edge (first frame: its first column in the rightmost
// column) and leaves at the left (last frame: only paper). An empty text
// gives no frames. The count is 6 * characters + 7.
std::vector<Frame> ScrollText(const std::string& text, Rgb ink, Rgb paper);

}  // namespace sense_hat

#endif  // COMMON_SENSE_HAT_SCROLLER_H_
