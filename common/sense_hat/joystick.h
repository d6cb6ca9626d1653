// The Sense HAT's joystick: a Linux input (evdev) device named "Raspberry Pi
// Sense HAT Joystick" that sends key events: UP 103, DOWN 108, LEFT 105,
// RIGHT 106, ENTER 28, each with value 1 (press), 2 (hold) or 0 (release).
#ifndef COMMON_SENSE_HAT_JOYSTICK_H_
#define COMMON_SENSE_HAT_JOYSTICK_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sense_hat {

constexpr char kSenseHatJoystickName[] = "Raspberry Pi Sense HAT Joystick";

// Key codes and values from <linux/input-event-codes.h>.
enum JoystickKey : int {
  kKeyEnter = 28,
  kKeyUp = 103,
  kKeyLeft = 105,
  kKeyRight = 106,
  kKeyDown = 108,
};
enum KeyValue : int { kRelease = 0, kPress = 1, kHold = 2 };

struct KeyEvent {
  int code = 0;
  int value = 0;

  bool operator==(const KeyEvent& other) const {
    return code == other.code && value == other.value;
  }
};

// The device of the input device called `name`: "<dev_root>/input/eventN"
// for the first <sysfs_root>/class/input/eventN/device/name that holds it.
// "" and *error if there is none.
std::string FindInputDevice(const std::string& name,
                            const std::string& sysfs_root,
                            const std::string& dev_root, std::string* error);

// Turns the bytes read from an evdev device (struct input_event records)
// into key events, skipping other event types. A record split across reads
// is kept until the rest arrives.
class InputEventParser {
 public:
  std::vector<KeyEvent> Feed(const char* data, size_t size);

 private:
  std::string pending_;
};

class Joystick {
 public:
  // Opens `device` for reading; nullptr and *error if it cannot.
  static std::unique_ptr<Joystick> Open(const std::string& device,
                                        std::string* error);
  ~Joystick();

  // Calls `on_key` for every key event until Stop() or the end of the input
  // (a device never ends; a file in a test does). False and *error if
  // reading fails.
  bool Run(const std::function<void(const KeyEvent&)>& on_key,
           std::string* error);

  // Thread-safe: makes Run() return.
  void Stop();

 private:
  Joystick(std::string device, int fd, int stop_fd)
      : device_(std::move(device)), fd_(fd), stop_fd_(stop_fd) {}

  const std::string device_;
  const int fd_;
  const int stop_fd_;  // an eventfd that Stop() signals
};

}  // namespace sense_hat

#endif  // COMMON_SENSE_HAT_JOYSTICK_H_
