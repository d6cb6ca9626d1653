// RGB pictures as PNG (through libpng) or binary PPM files: the frame dump
// backend writes them, the tests and the picture tool read them back.
#ifndef COMMON_SENSE_HAT_IMAGE_FILES_H_
#define COMMON_SENSE_HAT_IMAGE_FILES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/sense_hat/frame.h"

namespace sense_hat {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb;  // 3 bytes per pixel, rows top to bottom
};

Image FrameImage(const Frame& frame);
// The frame in an 8x8 image; false and *error if `image` is not 8x8.
bool ImageFrame(const Image& image, Frame* frame, std::string* error);

// Each returns false with a message naming the file if it fails.
bool WritePng(const std::string& path, const Image& image, std::string* error);
bool ReadPng(const std::string& path, Image* image, std::string* error);
bool WritePpm(const std::string& path, const Image& image, std::string* error);
bool ReadPpm(const std::string& path, Image* image, std::string* error);

}  // namespace sense_hat

#endif  // COMMON_SENSE_HAT_IMAGE_FILES_H_
