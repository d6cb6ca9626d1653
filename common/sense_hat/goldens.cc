#include "common/sense_hat/goldens.h"

#include "common/sense_hat/font.h"
#include "common/sense_hat/icons.h"
#include "common/sense_hat/scroller.h"
#include "common/sense_hat/status_frames.h"

namespace sense_hat {
namespace {

// Every printable character, each in its own frame at columns 1 to 5.
std::vector<Frame> FontFrames() {
  std::vector<Frame> frames;
  for (char32_t character = 0x20; character <= 0x7e; ++character) {
    Frame frame;
    const Glyph& glyph = GlyphFor(character);
    for (int column = 0; column < kGlyphWidth; ++column) {
      for (int y = 0; y < Frame::kHeight; ++y) {
        if (glyph[column] & (1 << y)) frame.set(1 + column, y, colours::kText);
      }
    }
    frames.push_back(frame);
  }
  return frames;
}

}  // namespace

std::vector<GoldenCase> GoldenCases() {
  return {
      {"font.txt", FontFrames()},
      {"scroll_hi.txt", ScrollText("Hi!", colours::kText, colours::kBlack)},
      {"attendance_3.txt", AttendanceFrames(3)},
      {"name_utf8.txt", NameFrames("Zoë Ng")},
      {"disconnected.txt", DisconnectedFrames()},
      {"icons.txt", {PersonIcon(), HeartIcon(), DisconnectedIcon()}},
  };
}

}  // namespace sense_hat
