// Where frames go: the Sense HAT's LEDs, a terminal, or image files. The
// display loop only knows this interface.
#ifndef PI_DEMO_DISPLAY_MATRIX_BACKEND_H_
#define PI_DEMO_DISPLAY_MATRIX_BACKEND_H_

#include <string>

#include "pi-demo/display/frame.h"

namespace display {

class MatrixBackend {
 public:
  virtual ~MatrixBackend() = default;

  // Shows `frame` until the next call. False, with the reason in *error, if
  // the output failed (a full disk, a device that went away).
  virtual bool Show(const Frame& frame, std::string* error) = 0;
};

}  // namespace display

#endif  // PI_DEMO_DISPLAY_MATRIX_BACKEND_H_
