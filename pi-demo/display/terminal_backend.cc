#include "pi-demo/display/terminal_backend.h"

#include <string>

namespace display {

bool TerminalBackend::Show(const Frame& frame, std::string* error) {
  std::string text;
  // Back to the first column of the frame's first line.
  if (drawn_) text += "\x1b[" + std::to_string(Frame::kHeight) + "F";
  for (int y = 0; y < Frame::kHeight; ++y) {
    for (int x = 0; x < Frame::kWidth; ++x) {
      const Rgb pixel = frame.at(x, y);
      text += "\x1b[48;2;" + std::to_string(pixel.r) + ";" +
              std::to_string(pixel.g) + ";" + std::to_string(pixel.b) + "m  ";
    }
    text += "\x1b[0m\n";
  }
  out_ << text << std::flush;
  if (!out_) {
    *error = "cannot write to the terminal";
    return false;
  }
  drawn_ = true;
  return true;
}

}  // namespace display
