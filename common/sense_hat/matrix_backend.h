// Where frames go: the Sense HAT's LEDs, a terminal, or image files. The
// display loop only knows this interface.
#ifndef COMMON_SENSE_HAT_MATRIX_BACKEND_H_
#define COMMON_SENSE_HAT_MATRIX_BACKEND_H_

#include <string>

#include "common/sense_hat/frame.h"

namespace sense_hat {

class MatrixBackend {
 public:
  virtual ~MatrixBackend() = default;

  // Shows `frame` until the next call. False, with the reason in *error, if
  // the output failed (a full disk, a device that went away).
  virtual bool Show(const Frame& frame, std::string* error) = 0;
};

}  // namespace sense_hat

#endif  // COMMON_SENSE_HAT_MATRIX_BACKEND_H_
