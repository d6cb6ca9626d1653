// Frames as numbered image files (frame-000000.png, frame-000001.png, ...)
// in a directory: for tests, and for pictures in the docs.
#ifndef COMMON_SENSE_HAT_FRAME_DUMP_BACKEND_H_
#define COMMON_SENSE_HAT_FRAME_DUMP_BACKEND_H_

#include <memory>
#include <string>
#include <utility>

#include "common/sense_hat/matrix_backend.h"

namespace sense_hat {

enum class ImageFormat { kPng, kPpm };

// "png" or "ppm"; false if `name` is neither.
bool ParseImageFormat(const std::string& name, ImageFormat* format);

class FrameDumpBackend : public MatrixBackend {
 public:
  // Creates `directory` if needed; nullptr and *error if it cannot.
  static std::unique_ptr<FrameDumpBackend> Open(const std::string& directory,
                                                ImageFormat format,
                                                std::string* error);

  bool Show(const Frame& frame, std::string* error) override;

  // The file the next frame goes to.
  std::string NextPath() const;

 private:
  FrameDumpBackend(std::string directory, ImageFormat format)
      : directory_(std::move(directory)), format_(format) {}

  const std::string directory_;
  const ImageFormat format_;
  int next_ = 0;
};

}  // namespace sense_hat

#endif  // COMMON_SENSE_HAT_FRAME_DUMP_BACKEND_H_
