// The display binary as a child process: its flags, each backend's output
// files, the joystick, retrying without a server, a server restart, and
// SIGTERM.
//
// Usage (from BUILD): display_client_test <display binary>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/input.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/sense_hat/image_files.h"
#include "common/sense_hat/joystick.h"
#include "common/sense_hat/rgb565.h"
#include "common/sense_hat/status_frames.h"
#include "common/testing/child_process.h"
#include "pi-demo/display/fake_attendance_server.h"

namespace display {
namespace {

using sense_hat::kKeyEnter;
using sense_hat::kKeyRight;
using sense_hat::kPress;
using sense_hat::kRelease;
using sense_hat::kSenseHatJoystickName;

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string display_path;

class DisplayClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(std::getenv("TEST_TMPDIR")) /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }

  static std::unique_ptr<testing_util::ChildProcess> Start(
      std::vector<std::string> flags) {
    flags.insert(flags.begin(), display_path);
    return std::make_unique<testing_util::ChildProcess>(flags);
  }

  // The PPM frames the display wrote, in order.
  std::vector<sense_hat::Frame> ReadFrames() {
    std::vector<sense_hat::Frame> frames;
    for (int i = 0;; ++i) {
      char name[32];
      std::snprintf(name, sizeof(name), "frame-%06d.ppm", i);
      const fs::path path = dir_ / "frames" / name;
      if (!fs::exists(path)) break;
      sense_hat::Image image;
      sense_hat::Frame frame;
      std::string error;
      EXPECT_TRUE(ReadPpm(path.string(), &image, &error)) << error;
      EXPECT_TRUE(ImageFrame(image, &frame, &error)) << error;
      frames.push_back(frame);
    }
    return frames;
  }

  std::vector<std::string> FramesFlags() {
    return {"--backend=frames",
            "--frame_format=ppm",
            "--frames_dir=" + (dir_ / "frames").string(),
            "--frame_ms=0",
            "--retry_initial_ms=20",
            "--retry_max_ms=200",
            "--keepalive_ms=0"};
  }

  fs::path dir_;
};

TEST_F(DisplayClientTest, WritesOnePassOfTheAttendanceAsFrames) {
  FakeAttendanceServer server(0, {"Ada Lovelace", "Alan Turing"});
  ASSERT_GT(server.port(), 0);
  std::vector<std::string> flags = FramesFlags();
  flags.push_back("--server=" + server.address());
  flags.push_back("--passes=1");
  auto display = Start(flags);
  ASSERT_TRUE(display->started());
  EXPECT_EQ(display->WaitForExit(), 0) << display->output();
  EXPECT_THAT(display->output(),
              HasSubstr("connected to " + server.address() + " (2 attendees)"));
  EXPECT_THAT(display->output(), HasSubstr("shown: attendance 2"));
  EXPECT_EQ(ReadFrames(), sense_hat::AttendanceFrames(2));
}

TEST_F(DisplayClientTest, LightsTheFramebufferFoundByNameAndClearsItAtExit) {
  FakeAttendanceServer server(0, {"Ada Lovelace"});
  fs::create_directories(dir_ / "sys/class/graphics/fb0");
  fs::create_directories(dir_ / "sys/class/graphics/fb1");
  fs::create_directories(dir_ / "dev");
  std::ofstream(dir_ / "sys/class/graphics/fb0/name") << "simple\n";
  std::ofstream(dir_ / "sys/class/graphics/fb1/name") << "RPi-Sense FB\n";
  std::ofstream(dir_ / "dev/fb0") << "console";
  std::ofstream(dir_ / "dev/fb1") << std::string(128, '\x55');

  auto display = Start({"--backend=framebuffer", "--server=" + server.address(),
                        "--sysfs_root=" + (dir_ / "sys").string(),
                        "--dev_root=" + (dir_ / "dev").string(), "--frame_ms=0",
                        "--passes=1"});
  EXPECT_EQ(display->WaitForExit(), 0) << display->output();
  std::ifstream fb1(dir_ / "dev/fb1", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(fb1)),
                          std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes, std::string(128, '\0'));  // all LEDs off
  std::ifstream fb0(dir_ / "dev/fb0");
  std::string console;
  std::getline(fb0, console);
  EXPECT_EQ(console, "console");  // the other framebuffer is left alone
}

// A fake Sense HAT joystick: a FIFO as its device, found by name under a
// temporary /sys. The test holds it open for reading and writing, so the
// display's open() does not wait for a writer, and presses keys by writing
// the records the kernel would send.
class FakeJoystick {
 public:
  explicit FakeJoystick(const fs::path& dir)
      : sys_(dir / "sys"), dev_(dir / "dev") {
    fs::create_directories(sys_ / "class/input/event0/device");
    fs::create_directories(sys_ / "class/input/event1/device");
    fs::create_directories(dev_ / "input");
    std::ofstream(sys_ / "class/input/event0/device/name") << "Keyboard\n";
    std::ofstream(sys_ / "class/input/event1/device/name")
        << kSenseHatJoystickName << "\n";
    const fs::path device = dev_ / "input/event1";
    if (mkfifo(device.c_str(), 0600) == 0) {
      fd_ = open(device.c_str(), O_RDWR | O_CLOEXEC);
    }
  }
  ~FakeJoystick() {
    if (fd_ >= 0) close(fd_);
  }

  bool ok() const { return fd_ >= 0; }
  std::vector<std::string> Flags() const {
    return {"--joystick", "--sysfs_root=" + sys_.string(),
            "--dev_root=" + dev_.string()};
  }

  // One press and release, each followed by a SYN_REPORT, in one write.
  bool Press(uint16_t key) {
    const std::string records =
        Record(EV_KEY, key, kPress) + Record(EV_SYN, SYN_REPORT, 0) +
        Record(EV_KEY, key, kRelease) + Record(EV_SYN, SYN_REPORT, 0);
    return write(fd_, records.data(), records.size()) ==
           static_cast<ssize_t>(records.size());
  }

 private:
  static std::string Record(uint16_t type, uint16_t code, int32_t value) {
    input_event event{};
    event.type = type;
    event.code = code;
    event.value = value;
    return std::string(reinterpret_cast<const char*>(&event), sizeof(event));
  }

  const fs::path sys_;
  const fs::path dev_;
  int fd_ = -1;
};

TEST_F(DisplayClientTest, JoystickShowsNamesAndEnterGoesBackToTheCount) {
  FakeAttendanceServer server(0,
                              {"Ada Lovelace", "Alan Turing", "Grace Hopper"});
  ASSERT_GT(server.port(), 0);
  FakeJoystick joystick(dir_);
  ASSERT_TRUE(joystick.ok()) << std::strerror(errno);
  std::vector<std::string> flags = FramesFlags();
  flags.push_back("--server=" + server.address());
  for (const std::string& flag : joystick.Flags()) flags.push_back(flag);
  auto display = Start(flags);
  // With --frame_ms=0 each pass plays once, so every "shown:" line below
  // follows a key; the display waits for the next key in between. Keys are
  // pressed only after the line before, so no pass is cut short.
  ASSERT_TRUE(display->WaitForOutput("shown: attendance 3\n"))
      << display->output();

  ASSERT_TRUE(joystick.Press(kKeyRight));
  ASSERT_TRUE(
      display->WaitForOutput("shown: attendance 3\n"
                             "shown: name Ada Lovelace\n"
                             "shown: attendance 3\n"))
      << display->output();
  ASSERT_TRUE(joystick.Press(kKeyRight));
  ASSERT_TRUE(
      display->WaitForOutput("shown: name Alan Turing\n"
                             "shown: attendance 3\n"))
      << display->output();
  // ENTER: the count once more, and the names start again at the first.
  ASSERT_TRUE(joystick.Press(kKeyEnter));
  ASSERT_TRUE(
      display->WaitForOutput("shown: name Alan Turing\n"
                             "shown: attendance 3\n"
                             "shown: attendance 3\n"))
      << display->output();
  ASSERT_TRUE(joystick.Press(kKeyRight));
  ASSERT_TRUE(
      display->WaitForOutput("shown: attendance 3\n"
                             "shown: attendance 3\n"
                             "shown: name Ada Lovelace\n"
                             "shown: attendance 3\n"))
      << display->output();

  display->Signal(SIGTERM);
  EXPECT_EQ(display->WaitForExit(), 0) << display->output();
  // The frames: the count, then Ada's name, the count, Alan's, the count
  // twice, Ada's, the count.
  const std::vector<sense_hat::Frame> count = sense_hat::AttendanceFrames(3);
  const std::vector<sense_hat::Frame> ada =
      sense_hat::NameFrames("Ada Lovelace");
  const std::vector<sense_hat::Frame> alan =
      sense_hat::NameFrames("Alan Turing");
  std::vector<sense_hat::Frame> expected;
  for (const auto* pass :
       {&count, &ada, &count, &alan, &count, &count, &ada, &count}) {
    expected.insert(expected.end(), pass->begin(), pass->end());
  }
  EXPECT_EQ(ReadFrames(), expected);
}

TEST_F(DisplayClientTest, ResumesAfterTheServerRestarts) {
  auto server = std::make_unique<FakeAttendanceServer>(
      0, std::vector<std::string>{"Ada Lovelace"});
  const int port = server->port();
  std::vector<std::string> flags = FramesFlags();
  flags.push_back("--server=" + server->address());
  auto display = Start(flags);
  ASSERT_TRUE(display->WaitForOutput("(1 attendee)")) << display->output();

  server->Stop();
  ASSERT_TRUE(display->WaitForOutput("lost 127.0.0.1:" + std::to_string(port) +
                                     " (UNAVAILABLE"))
      << display->output();
  ASSERT_TRUE(display->WaitForOutput("shown: lost")) << display->output();
  server = std::make_unique<FakeAttendanceServer>(
      port, std::vector<std::string>{"Ada Lovelace", "Alan Turing"});
  ASSERT_EQ(server->port(), port);
  ASSERT_TRUE(display->WaitForOutput("(2 attendees)")) << display->output();
  ASSERT_TRUE(display->WaitForOutput("shown: attendance 2"))
      << display->output();

  display->Signal(SIGTERM);
  EXPECT_EQ(display->WaitForExit(), 0) << display->output();
  // Frames went on through it all: the count, the lost server, the count.
  const std::vector<sense_hat::Frame> frames = ReadFrames();
  const std::vector<sense_hat::Frame> lost = sense_hat::DisconnectedFrames();
  const auto lost_at =
      std::search(frames.begin(), frames.end(), lost.begin(), lost.end());
  EXPECT_NE(lost_at, frames.end());
  const std::vector<sense_hat::Frame> two = sense_hat::AttendanceFrames(2);
  EXPECT_NE(std::search(lost_at, frames.end(), two.begin(), two.end()),
            frames.end());
}

// In a terminal, the line under the picture says what the LEDs show, and
// follows every new count: it never says 1 while the LEDs say 2.
TEST_F(DisplayClientTest, TheTerminalsStatusLineFollowsWhatTheLedsShow) {
  FakeAttendanceServer server(0, {"Ada Lovelace"});
  auto display = Start({"--backend=terminal", "--frame_ms=0",
                        "--keepalive_ms=0", "--server=" + server.address()});
  const std::string link = "connected to " + server.address();
  ASSERT_TRUE(display->WaitForOutput("Attendees: 1 | " + link + "\x1b[K"))
      << display->output();
  server.service().SetAttendees({"Ada Lovelace", "Alan Turing"});
  // The count is the first half's, so the second never says a stale one.
  ASSERT_TRUE(display->WaitForOutput("Attendees: 2 | " + link + "\x1b[K"))
      << display->output();
  display->Signal(SIGTERM);
  EXPECT_EQ(display->WaitForExit(), 0) << display->output();
  // One word for them everywhere; and a line that fits 80 columns.
  EXPECT_THAT(display->output(), ::testing::Not(HasSubstr("ttendant")));
  std::istringstream lines(display->output());
  for (std::string line; std::getline(lines, line);) {
    if (line.find("Attendees:") == std::string::npos) continue;
    line = line.substr(0, line.find("\x1b[K"));
    EXPECT_LE(line.size(), 79u) << line;
  }
}

TEST_F(DisplayClientTest, RetriesWithoutAServerUntilSigterm) {
  int port = 0;
  {
    FakeAttendanceServer probe(0, {});
    port = probe.port();
  }
  std::vector<std::string> flags = FramesFlags();
  flags.push_back("--server=127.0.0.1:" + std::to_string(port));
  auto display = Start(flags);
  ASSERT_TRUE(display->WaitForOutput("shown: lost")) << display->output();
  display->Signal(SIGTERM);
  EXPECT_EQ(display->WaitForExit(), 0) << display->output();
  EXPECT_EQ(ReadFrames(),
            sense_hat::DisconnectedFrames());  // shown once (period 0)
}

TEST_F(DisplayClientTest, RefusesBadFlagsWithAReason) {
  auto display = Start({"--backend=lcd"});
  EXPECT_EQ(display->WaitForExit(), 2);  // a usage error
  EXPECT_THAT(display->output(),
              HasSubstr("display: --backend=lcd: terminal, framebuffer or "
                        "frames\nTry 'display --help'."));

  display = Start(
      {"--backend=framebuffer", "--sysfs_root=" + (dir_ / "none").string()});
  EXPECT_EQ(display->WaitForExit(), 1);
  EXPECT_THAT(display->output(), HasSubstr("cannot list"));

  display = Start({"--backend=frames", "--frame_format=gif"});
  EXPECT_EQ(display->WaitForExit(), 2);
  EXPECT_THAT(display->output(), HasSubstr("--frame_format=gif: png or ppm"));

  display = Start({"--retry_initial_ms=0"});
  EXPECT_EQ(display->WaitForExit(), 2);
  EXPECT_THAT(display->output(), HasSubstr("--retry_initial_ms"));

  display =
      Start({"--joystick", "--sysfs_root=" + (dir_ / "none").string(),
             "--backend=frames", "--frames_dir=" + (dir_ / "frames").string()});
  EXPECT_EQ(display->WaitForExit(), 1);
  EXPECT_THAT(display->output(), HasSubstr("class/input"));
}

}  // namespace
}  // namespace display

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 2) {
    std::cerr << "usage: display_client_test <display binary>" << std::endl;
    return 2;
  }
  display::display_path = argv[1];
  return RUN_ALL_TESTS();
}
