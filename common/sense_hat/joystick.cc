#include "common/sense_hat/joystick.h"

#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace sense_hat {
namespace fs = std::filesystem;

std::string FindInputDevice(const std::string& name,
                            const std::string& sysfs_root,
                            const std::string& dev_root, std::string* error) {
  const fs::path input = fs::path(sysfs_root) / "class" / "input";
  std::error_code code;
  std::vector<std::string> devices;
  for (const auto& entry : fs::directory_iterator(input, code)) {
    const std::string device = entry.path().filename().string();
    if (device.rfind("event", 0) == 0) devices.push_back(device);
  }
  if (code) {
    *error = "cannot list " + input.string() + ": " + code.message();
    return "";
  }
  std::sort(devices.begin(), devices.end());
  for (const std::string& device : devices) {
    std::ifstream file(input / device / "device" / "name");
    std::string device_name;
    std::getline(file, device_name);
    if (device_name == name) {
      return (fs::path(dev_root) / "input" / device).string();
    }
  }
  *error = "no input device named \"" + name + "\" in " + input.string();
  return "";
}

std::vector<KeyEvent> InputEventParser::Feed(const char* data, size_t size) {
  pending_.append(data, size);
  std::vector<KeyEvent> keys;
  size_t used = 0;
  for (; used + sizeof(input_event) <= pending_.size();
       used += sizeof(input_event)) {
    input_event event;
    std::memcpy(&event, pending_.data() + used, sizeof(event));
    if (event.type == EV_KEY) keys.push_back(KeyEvent{event.code, event.value});
  }
  pending_.erase(0, used);
  return keys;
}

std::unique_ptr<Joystick> Joystick::Open(const std::string& device,
                                         std::string* error) {
  const int fd = open(device.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = "cannot open " + device + ": " + std::strerror(errno);
    return nullptr;
  }
  const int stop_fd = eventfd(0, EFD_CLOEXEC);
  if (stop_fd < 0) {
    *error = std::string("eventfd: ") + std::strerror(errno);
    close(fd);
    return nullptr;
  }
  return std::unique_ptr<Joystick>(new Joystick(device, fd, stop_fd));
}

Joystick::~Joystick() {
  close(fd_);
  close(stop_fd_);
}

void Joystick::Stop() {
  const uint64_t one = 1;
  // Cannot fail short of a full counter (2^64 - 1 stops).
  if (write(stop_fd_, &one, sizeof(one)) < 0) return;
}

bool Joystick::Run(const std::function<void(const KeyEvent&)>& on_key,
                   std::string* error) {
  InputEventParser parser;
  char buffer[16 * sizeof(input_event)];
  while (true) {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      *error = std::string("poll: ") + std::strerror(errno);
      return false;
    }
    if (fds[1].revents != 0) return true;
    const ssize_t got = read(fd_, buffer, sizeof(buffer));
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      *error = "cannot read " + device_ + ": " + std::strerror(errno);
      return false;
    }
    if (got == 0) return true;
    for (const KeyEvent& key : parser.Feed(buffer, static_cast<size_t>(got))) {
      on_key(key);
    }
  }
}

}  // namespace sense_hat
