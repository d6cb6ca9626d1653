// The joystick: finding it by name under a temporary /sys, parsing evdev
// records, and reading them from a file and from a FIFO that stays open.
#include "common/sense_hat/joystick.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/input.h>
#include <sys/stat.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

namespace sense_hat {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Record(uint16_t type, uint16_t code, int32_t value) {
  input_event event{};
  event.type = type;
  event.code = code;
  event.value = value;
  return std::string(reinterpret_cast<const char*>(&event), sizeof(event));
}

// What the kernel sends for one press and release of RIGHT: each key event
// is followed by a SYN_REPORT.
std::string PressAndRelease(uint16_t key) {
  return Record(EV_KEY, key, kPress) + Record(EV_SYN, SYN_REPORT, 0) +
         Record(EV_KEY, key, kRelease) + Record(EV_SYN, SYN_REPORT, 0);
}

fs::path TempDir() {
  const fs::path dir =
      fs::path(std::getenv("TEST_TMPDIR")) /
      ::testing::UnitTest::GetInstance()->current_test_info()->name();
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(JoystickTest, FindsTheDeviceByName) {
  const fs::path sys = TempDir() / "sys";
  fs::create_directories(sys / "class/input/event0/device");
  fs::create_directories(sys / "class/input/event3/device");
  fs::create_directories(sys / "class/input/mouse0/device");
  std::ofstream(sys / "class/input/event0/device/name") << "Keyboard\n";
  std::ofstream(sys / "class/input/event3/device/name")
      << "Raspberry Pi Sense HAT Joystick\n";
  std::string error;
  EXPECT_EQ(
      FindInputDevice(kSenseHatJoystickName, sys.string(), "/dev", &error),
      "/dev/input/event3");
  EXPECT_EQ(FindInputDevice("Gamepad", sys.string(), "/dev", &error), "");
  EXPECT_THAT(error, HasSubstr("no input device named \"Gamepad\""));
}

TEST(JoystickTest, ParsesKeyEventsAcrossSplitReads) {
  const std::string bytes = PressAndRelease(kKeyRight) +
                            Record(EV_KEY, kKeyUp, kHold) +
                            Record(EV_REL, 0, 5);
  InputEventParser parser;
  std::vector<KeyEvent> keys;
  // Feed it in awkward pieces: 7 bytes at a time.
  for (size_t i = 0; i < bytes.size(); i += 7) {
    const auto got =
        parser.Feed(bytes.data() + i, std::min<size_t>(7, bytes.size() - i));
    keys.insert(keys.end(), got.begin(), got.end());
  }
  EXPECT_THAT(keys, ElementsAre(KeyEvent{kKeyRight, kPress},
                                KeyEvent{kKeyRight, kRelease},
                                KeyEvent{kKeyUp, kHold}));
}

TEST(JoystickTest, ReadsEventsFromAFileUntilItsEnd) {
  const fs::path device = TempDir() / "event3";
  std::ofstream(device, std::ios::binary)
      << PressAndRelease(kKeyLeft) + PressAndRelease(kKeyEnter);
  std::string error;
  auto joystick = Joystick::Open(device.string(), &error);
  ASSERT_NE(joystick, nullptr) << error;
  std::vector<KeyEvent> keys;
  EXPECT_TRUE(
      joystick->Run([&](const KeyEvent& key) { keys.push_back(key); }, &error));
  EXPECT_THAT(
      keys,
      ElementsAre(KeyEvent{kKeyLeft, kPress}, KeyEvent{kKeyLeft, kRelease},
                  KeyEvent{kKeyEnter, kPress}, KeyEvent{kKeyEnter, kRelease}));
}

TEST(JoystickTest, StopEndsAWaitingRun) {
  // A FIFO that is never closed behaves like the device: reads wait.
  const fs::path fifo = TempDir() / "event3";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const int writer = open(fifo.c_str(), O_RDWR);  // keeps the FIFO open
  ASSERT_GE(writer, 0);
  std::string error;
  auto joystick = Joystick::Open(fifo.string(), &error);
  ASSERT_NE(joystick, nullptr) << error;

  std::mutex mu;
  std::condition_variable got_key;
  std::vector<KeyEvent> keys;
  bool ok = false;
  std::thread running([&] {
    ok = joystick->Run(
        [&](const KeyEvent& key) {
          std::lock_guard<std::mutex> lock(mu);
          keys.push_back(key);
          got_key.notify_all();
        },
        &error);
  });
  const std::string press = Record(EV_KEY, kKeyDown, kPress);
  ASSERT_EQ(write(writer, press.data(), press.size()),
            static_cast<ssize_t>(press.size()));
  {
    std::unique_lock<std::mutex> lock(mu);
    got_key.wait(lock, [&] { return !keys.empty(); });
  }
  joystick->Stop();
  running.join();
  close(writer);
  EXPECT_TRUE(ok) << error;
  EXPECT_THAT(keys, ElementsAre(KeyEvent{kKeyDown, kPress}));
}

}  // namespace
}  // namespace sense_hat
