#include "common/sense_hat/framebuffer_backend.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "common/sense_hat/rgb565.h"

namespace sense_hat {
namespace fs = std::filesystem;

std::string FindFramebuffer(const std::string& name,
                            const std::string& sysfs_root,
                            const std::string& dev_root, std::string* error) {
  const fs::path graphics = fs::path(sysfs_root) / "class" / "graphics";
  std::error_code code;
  std::vector<std::string> devices;
  for (const auto& entry : fs::directory_iterator(graphics, code)) {
    const std::string device = entry.path().filename().string();
    // fb0, fb1, ... (not fbcon, the console's entry).
    if (device.size() > 2 && device.rfind("fb", 0) == 0 &&
        std::all_of(device.begin() + 2, device.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c));
        })) {
      devices.push_back(device);
    }
  }
  if (code) {
    *error = "cannot list " + graphics.string() + ": " + code.message();
    return "";
  }
  std::sort(devices.begin(), devices.end());  // the same choice every time
  std::string seen;
  for (const std::string& device : devices) {
    std::ifstream file(graphics / device / "name");
    std::string device_name;
    std::getline(file, device_name);
    if (device_name == name) return (fs::path(dev_root) / device).string();
    seen += (seen.empty() ? "" : ", ") + device + " \"" + device_name + "\"";
  }
  *error = "no framebuffer named \"" + name + "\" in " + graphics.string() +
           " (found: " + (seen.empty() ? "none" : seen) +
           "); is the Sense HAT attached and its driver loaded?";
  return "";
}

std::unique_ptr<FramebufferBackend> FramebufferBackend::Open(
    const std::string& device, std::string* error) {
  const int fd = open(device.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = "cannot open " + device + ": " + std::strerror(errno);
    return nullptr;
  }
  return std::unique_ptr<FramebufferBackend>(
      new FramebufferBackend(device, fd));
}

FramebufferBackend::~FramebufferBackend() { close(fd_); }

// [START framebuffer_show]
bool FramebufferBackend::Show(const Frame& frame, std::string* error) {
  const auto bytes = PackRgb565(frame);
  const ssize_t written = pwrite(fd_, bytes.data(), bytes.size(), 0);
  if (written != static_cast<ssize_t>(bytes.size())) {
    *error = "cannot write " + device_ + ": " +
             (written < 0 ? std::strerror(errno) : "short write");
    return false;
  }
  return true;
}
// [END framebuffer_show]

}  // namespace sense_hat
