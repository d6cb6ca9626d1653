#include "common/sense_hat/image_files.h"

#include <png.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace sense_hat {
namespace {

struct FileCloser {
  void operator()(FILE* file) const { fclose(file); }
};
using File = std::unique_ptr<FILE, FileCloser>;

std::string Problem(const std::string& path, const std::string& what) {
  return path + ": " + what;
}

}  // namespace

Image FrameImage(const Frame& frame) {
  Image image{Frame::kWidth, Frame::kHeight, {}};
  for (int y = 0; y < Frame::kHeight; ++y) {
    for (int x = 0; x < Frame::kWidth; ++x) {
      const Rgb pixel = frame.at(x, y);
      image.rgb.insert(image.rgb.end(), {pixel.r, pixel.g, pixel.b});
    }
  }
  return image;
}

bool ImageFrame(const Image& image, Frame* frame, std::string* error) {
  if (image.width != Frame::kWidth || image.height != Frame::kHeight) {
    *error = "a frame is 8x8 pixels, this image is " +
             std::to_string(image.width) + "x" + std::to_string(image.height);
    return false;
  }
  for (int y = 0; y < Frame::kHeight; ++y) {
    for (int x = 0; x < Frame::kWidth; ++x) {
      const uint8_t* pixel = &image.rgb[(y * Frame::kWidth + x) * 3];
      frame->set(x, y, Rgb{pixel[0], pixel[1], pixel[2]});
    }
  }
  return true;
}

bool WritePng(const std::string& path, const Image& image, std::string* error) {
  // libpng's simplified API: no setjmp, errors in the struct's message.
  png_image png;
  std::memset(&png, 0, sizeof(png));
  png.version = PNG_IMAGE_VERSION;
  png.width = static_cast<png_uint_32>(image.width);
  png.height = static_cast<png_uint_32>(image.height);
  png.format = PNG_FORMAT_RGB;
  if (!png_image_write_to_file(&png, path.c_str(), /*convert_to_8bit=*/0,
                               image.rgb.data(), /*row_stride=*/0,
                               /*colormap=*/nullptr)) {
    *error = Problem(path, png.message);
    return false;
  }
  return true;
}

bool ReadPng(const std::string& path, Image* image, std::string* error) {
  png_image png;
  std::memset(&png, 0, sizeof(png));
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&png, path.c_str())) {
    *error = Problem(path, png.message);
    return false;
  }
  png.format = PNG_FORMAT_RGB;
  image->width = static_cast<int>(png.width);
  image->height = static_cast<int>(png.height);
  image->rgb.assign(PNG_IMAGE_SIZE(png), 0);
  if (!png_image_finish_read(&png, /*background=*/nullptr, image->rgb.data(),
                             /*row_stride=*/0, /*colormap=*/nullptr)) {
    *error = Problem(path, png.message);
    png_image_free(&png);
    return false;
  }
  return true;
}

bool WritePpm(const std::string& path, const Image& image, std::string* error) {
  File file(std::fopen(path.c_str(), "wb"));
  if (!file) {
    *error = Problem(path, std::strerror(errno));
    return false;
  }
  std::fprintf(file.get(), "P6\n%d %d\n255\n", image.width, image.height);
  const size_t written =
      std::fwrite(image.rgb.data(), 1, image.rgb.size(), file.get());
  if (written != image.rgb.size() || std::fflush(file.get()) != 0) {
    *error = Problem(path, std::strerror(errno));
    return false;
  }
  return true;
}

bool ReadPpm(const std::string& path, Image* image, std::string* error) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    *error = Problem(path, std::strerror(errno));
    return false;
  }
  // Binary PPM as WritePpm writes it: "P6", width, height, 255, one
  // whitespace, then the pixels (no comments).
  std::string magic;
  int max_value = 0;
  file >> magic >> image->width >> image->height >> max_value;
  if (!file || magic != "P6" || max_value != 255 || image->width <= 0 ||
      image->height <= 0 || image->width > 4096 || image->height > 4096) {
    *error = Problem(path, "not a binary PPM with 8-bit channels (P6, 255)");
    return false;
  }
  file.get();  // the whitespace after the header
  image->rgb.assign(static_cast<size_t>(image->width) * image->height * 3, 0);
  file.read(reinterpret_cast<char*>(image->rgb.data()),
            static_cast<std::streamsize>(image->rgb.size()));
  if (file.gcount() != static_cast<std::streamsize>(image->rgb.size())) {
    *error = Problem(path, "the pixels end early");
    return false;
  }
  return true;
}

}  // namespace sense_hat
