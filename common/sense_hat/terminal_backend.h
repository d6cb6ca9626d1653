// The matrix in a terminal: each LED is two spaces on a 24-bit background
// colour (ANSI "48;2;r;g;b"), and each frame is drawn over the previous one.
// A caption line under the matrix says what the display is doing, so that
// log lines do not scroll the picture away.
#ifndef COMMON_SENSE_HAT_TERMINAL_BACKEND_H_
#define COMMON_SENSE_HAT_TERMINAL_BACKEND_H_

#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>

#include "common/sense_hat/matrix_backend.h"

namespace sense_hat {

class TerminalBackend : public MatrixBackend {
 public:
  explicit TerminalBackend(std::ostream& out) : out_(out) {}

  bool Show(const Frame& frame, std::string* error) override;

  // Thread-safe; shown from the next frame on, cut to kCaptionColumns
  // characters (ending in "...") so that it never wraps in an 80-column
  // terminal and pushes the picture up.
  void SetCaption(const std::string& caption);

  static constexpr size_t kCaptionColumns = 79;

 private:
  std::ostream& out_;
  bool drawn_ = false;  // a frame is on screen, to be drawn over
  std::mutex mu_;
  std::string caption_;
};

}  // namespace sense_hat

#endif  // COMMON_SENSE_HAT_TERMINAL_BACKEND_H_
