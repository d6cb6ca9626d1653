// The Sense HAT's LED matrix as Linux exposes it: a framebuffer device
// /dev/fbN whose /sys/class/graphics/fbN/name is "RPi-Sense FB". N depends
// on what else has a framebuffer (HDMI usually takes fb0), so it is found by
// name. Writing 128 bytes of RGB565 at offset 0 lights the LEDs.
#ifndef COMMON_SENSE_HAT_FRAMEBUFFER_BACKEND_H_
#define COMMON_SENSE_HAT_FRAMEBUFFER_BACKEND_H_

#include <memory>
#include <string>
#include <utility>

#include "common/sense_hat/matrix_backend.h"

namespace sense_hat {

constexpr char kSenseHatFramebufferName[] = "RPi-Sense FB";

// The device of the framebuffer called `name`: "<dev_root>/fbN" for the
// first <sysfs_root>/class/graphics/fbN/name that holds `name` (tests pass
// temporary directories for the roots). "" and *error if there is none.
std::string FindFramebuffer(const std::string& name,
                            const std::string& sysfs_root,
                            const std::string& dev_root, std::string* error);

class FramebufferBackend : public MatrixBackend {
 public:
  // Opens `device` for writing; nullptr and *error if it cannot.
  static std::unique_ptr<FramebufferBackend> Open(const std::string& device,
                                                  std::string* error);
  ~FramebufferBackend() override;

  bool Show(const Frame& frame, std::string* error) override;

 private:
  FramebufferBackend(std::string device, int fd)
      : device_(std::move(device)), fd_(fd) {}

  const std::string device_;
  const int fd_;
};

}  // namespace sense_hat

#endif  // COMMON_SENSE_HAT_FRAMEBUFFER_BACKEND_H_
