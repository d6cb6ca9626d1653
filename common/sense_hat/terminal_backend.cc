#include "common/sense_hat/terminal_backend.h"

#include <vector>

namespace sense_hat {

namespace {

// `text` on one line (control characters such as a newline in a server's
// message become spaces) of at most `columns` characters (UTF-8 code
// points, each taken as one column), ending in "..." if it was cut.
std::string FitColumns(std::string text, size_t columns) {
  static_assert(TerminalBackend::kCaptionColumns >= 3);
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  std::vector<size_t> starts;  // byte offset of each character
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      starts.push_back(i);
    }
  }
  if (starts.size() <= columns) return text;
  return text.substr(0, starts[columns - 3]) + "...";
}

}  // namespace

void TerminalBackend::SetCaption(const std::string& caption) {
  std::lock_guard<std::mutex> lock(mu_);
  caption_ = FitColumns(caption, kCaptionColumns);
}

bool TerminalBackend::Show(const Frame& frame, std::string* error) {
  std::string text;
  // Back to the first column of the frame's first line (8 rows, 1 caption).
  if (drawn_) text += "\x1b[" + std::to_string(Frame::kHeight + 1) + "F";
  for (int y = 0; y < Frame::kHeight; ++y) {
    for (int x = 0; x < Frame::kWidth; ++x) {
      const Rgb pixel = frame.at(x, y);
      text += "\x1b[48;2;" + std::to_string(pixel.r) + ";" +
              std::to_string(pixel.g) + ";" + std::to_string(pixel.b) + "m  ";
    }
    text += "\x1b[0m\n";
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    text += caption_ + "\x1b[K\n";  // erase the rest of a longer caption
  }
  out_ << text << std::flush;
  if (!out_) {
    *error = "cannot write to the terminal";
    return false;
  }
  drawn_ = true;
  return true;
}

}  // namespace sense_hat
