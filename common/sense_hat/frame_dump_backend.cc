#include "common/sense_hat/frame_dump_backend.h"

#include <cstdio>
#include <filesystem>

#include "common/sense_hat/image_files.h"

namespace sense_hat {

bool ParseImageFormat(const std::string& name, ImageFormat* format) {
  if (name == "png") {
    *format = ImageFormat::kPng;
  } else if (name == "ppm") {
    *format = ImageFormat::kPpm;
  } else {
    return false;
  }
  return true;
}

std::unique_ptr<FrameDumpBackend> FrameDumpBackend::Open(
    const std::string& directory, ImageFormat format, std::string* error) {
  std::error_code code;
  std::filesystem::create_directories(directory, code);
  if (code) {
    *error = "cannot create " + directory + ": " + code.message();
    return nullptr;
  }
  return std::unique_ptr<FrameDumpBackend>(
      new FrameDumpBackend(directory, format));
}

std::string FrameDumpBackend::NextPath() const {
  char name[32];
  std::snprintf(name, sizeof(name), "frame-%06d.%s", next_,
                format_ == ImageFormat::kPng ? "png" : "ppm");
  return (std::filesystem::path(directory_) / name).string();
}

bool FrameDumpBackend::Show(const Frame& frame, std::string* error) {
  const std::string path = NextPath();
  // Written under a temporary name and renamed, so that a reader never sees
  // half a frame.
  const std::string partial = path + ".partial";
  const Image image = FrameImage(frame);
  const bool written = format_ == ImageFormat::kPng
                           ? WritePng(partial, image, error)
                           : WritePpm(partial, image, error);
  if (!written) return false;
  std::error_code code;
  std::filesystem::rename(partial, path, code);
  if (code) {
    *error = "cannot rename " + partial + ": " + code.message();
    return false;
  }
  ++next_;
  return true;
}

}  // namespace sense_hat
