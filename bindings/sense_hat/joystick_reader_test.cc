// JoystickReader on a file of key events: what waits for the Python side to
// take it is bounded, whatever the device sends.
#include "bindings/sense_hat/joystick_reader.h"

#include <gtest/gtest.h>
#include <linux/input.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace bindings {
namespace {

void WriteEvent(std::ofstream& out, int type, int code, int value) {
  input_event event{};
  event.type = type;
  event.code = code;
  event.value = value;
  out.write(reinterpret_cast<const char*>(&event), sizeof(event));
}

TEST(JoystickReaderTest, KeysNobodyTakesAreCappedKeepingTheNewest) {
  const std::string path =
      std::string(std::getenv("TEST_TMPDIR")) + "/many_keys";
  constexpr int kPresses = 5000;  // 10,000 key events
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < kPresses; ++i) {
      // KEY_UP for all but the last press, so the newest keys are known.
      const int code = i == kPresses - 1 ? KEY_ENTER : KEY_UP;
      WriteEvent(out, EV_KEY, code, 1);
      WriteEvent(out, EV_SYN, SYN_REPORT, 0);
      WriteEvent(out, EV_KEY, code, 0);
      WriteEvent(out, EV_SYN, SYN_REPORT, 0);
    }
  }
  std::string error;
  std::unique_ptr<JoystickReader> reader = JoystickReader::Open(path, &error);
  ASSERT_NE(reader, nullptr) << error;
  ASSERT_TRUE(reader->WaitForInputEnd(std::chrono::seconds(30)));

  std::vector<sense_hat::KeyEvent> keys;
  sense_hat::KeyEvent key;
  while (reader->WaitForKey(std::chrono::milliseconds(0), &key, &error) ==
         JoystickReader::Next::kKey) {
    keys.push_back(key);
  }
  ASSERT_EQ(keys.size(), JoystickReader::kMaxQueuedKeys);
  EXPECT_EQ(keys[keys.size() - 2].code, KEY_ENTER);
  EXPECT_EQ(keys[keys.size() - 2].value, 1);
  EXPECT_EQ(keys.back().code, KEY_ENTER);
  EXPECT_EQ(keys.back().value, 0);
  EXPECT_EQ(keys.front().code, KEY_UP);
}

}  // namespace
}  // namespace bindings
