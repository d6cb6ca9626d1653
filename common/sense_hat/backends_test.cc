// The three backends against what they write: a framebuffer (a temporary
// file standing in for /dev/fbN, found through a temporary /sys), a
// terminal (a string stream) and image files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/sense_hat/frame_dump_backend.h"
#include "common/sense_hat/framebuffer_backend.h"
#include "common/sense_hat/icons.h"
#include "common/sense_hat/image_files.h"
#include "common/sense_hat/rgb565.h"
#include "common/sense_hat/terminal_backend.h"

namespace sense_hat {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(std::getenv("TEST_TMPDIR")) /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }

  static void WriteFile(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << content;
  }

  static std::string ReadFile(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream content;
    content << file.rdbuf();
    return content.str();
  }

  fs::path dir_;
};

using FramebufferTest = TempDirTest;

TEST_F(FramebufferTest, FindsTheSenseHatByName) {
  // As on a Pi with HDMI: fb0 is the console's, the Sense HAT's comes later,
  // and fbcon (no framebuffer) is in the same directory.
  WriteFile(dir_ / "sys/class/graphics/fb0/name", "simple\n");
  WriteFile(dir_ / "sys/class/graphics/fb2/name", "RPi-Sense FB\n");
  WriteFile(dir_ / "sys/class/graphics/fbcon/name", "RPi-Sense FB\n");
  std::string error;
  EXPECT_EQ(FindFramebuffer(kSenseHatFramebufferName, (dir_ / "sys").string(),
                            (dir_ / "dev").string(), &error),
            (dir_ / "dev" / "fb2").string())
      << error;
}

TEST_F(FramebufferTest, SaysWhatItFoundWhenTheSenseHatIsMissing) {
  WriteFile(dir_ / "sys/class/graphics/fb0/name", "simple\n");
  std::string error;
  EXPECT_EQ(FindFramebuffer(kSenseHatFramebufferName, (dir_ / "sys").string(),
                            "/dev", &error),
            "");
  EXPECT_THAT(error, HasSubstr("no framebuffer named \"RPi-Sense FB\""));
  EXPECT_THAT(error, HasSubstr("fb0 \"simple\""));

  EXPECT_EQ(FindFramebuffer(kSenseHatFramebufferName,
                            (dir_ / "no-sys").string(), "/dev", &error),
            "");
  EXPECT_THAT(error, HasSubstr("cannot list"));
}

TEST_F(FramebufferTest, Writes128BytesOfRgb565AtOffsetZero) {
  const fs::path device = dir_ / "fb1";
  WriteFile(device, std::string(128, '\xaa'));
  std::string error;
  auto backend = FramebufferBackend::Open(device.string(), &error);
  ASSERT_NE(backend, nullptr) << error;

  Frame frame;
  frame.set(0, 0, {255, 0, 0});
  frame.set(7, 7, {0, 0, 255});
  ASSERT_TRUE(backend->Show(frame, &error)) << error;
  std::string bytes = ReadFile(device);
  ASSERT_EQ(bytes.size(), 128u);
  const auto packed = PackRgb565(frame);
  EXPECT_EQ(bytes, std::string(packed.begin(), packed.end()));

  // The next frame replaces the first, in place.
  ASSERT_TRUE(backend->Show(HeartIcon(), &error)) << error;
  bytes = ReadFile(device);
  const auto heart = PackRgb565(HeartIcon());
  EXPECT_EQ(bytes, std::string(heart.begin(), heart.end()));
}

TEST_F(FramebufferTest, OpenNamesTheDeviceItCannotOpen) {
  std::string error;
  EXPECT_EQ(FramebufferBackend::Open((dir_ / "fb9").string(), &error), nullptr);
  EXPECT_THAT(error, HasSubstr("fb9"));
  EXPECT_THAT(error, HasSubstr("No such file"));
}

TEST(TerminalBackendTest, DrawsColourBlocksThenDrawsOverThem) {
  std::ostringstream out;
  TerminalBackend terminal(out);
  Frame frame;
  frame.set(0, 0, {255, 0, 40});
  std::string error;
  ASSERT_TRUE(terminal.Show(frame, &error));
  const std::string first = out.str();
  EXPECT_THAT(first, StartsWith("\x1b[48;2;255;0;40m  \x1b[48;2;0;0;0m  "));
  // 8 rows and an (empty) caption line.
  EXPECT_EQ(std::count(first.begin(), first.end(), '\n'), 9);

  terminal.SetCaption("connected to localhost:50051");
  out.str("");
  ASSERT_TRUE(terminal.Show(Frame(), &error));
  // Back up over the 9 lines, then the same drawing.
  EXPECT_THAT(out.str(), StartsWith("\x1b[9F\x1b[48;2;0;0;0m  "));
  EXPECT_THAT(out.str(), HasSubstr("\nconnected to localhost:50051\x1b[K\n"));
}

// A caption longer than the terminal would wrap and push the picture up.
TEST(TerminalBackendTest, CaptionsFitAnEightyColumnTerminal) {
  std::ostringstream out;
  TerminalBackend terminal(out);
  // 100 characters, some of them two bytes in UTF-8.
  std::string caption;
  for (int i = 0; i < 50; ++i) caption += "a\xC3\xA9";  // "aé"
  terminal.SetCaption(caption);
  std::string error;
  ASSERT_TRUE(terminal.Show(Frame(), &error));
  const std::string text = out.str();
  const size_t start = text.rfind("\x1b[0m\n") + 5;
  const std::string shown = text.substr(start, text.find("\x1b[K") - start);
  std::string expected;
  for (int i = 0; i < 38; ++i) expected += "a\xC3\xA9";
  expected += "...";  // 76 characters and "...": 79 columns
  EXPECT_EQ(shown, expected);
  // A control character would break the redraw: it becomes a space.
  terminal.SetCaption("lost x (UNAVAILABLE: a\nb\tc)");
  out.str("");
  ASSERT_TRUE(terminal.Show(Frame(), &error));
  EXPECT_THAT(out.str(), HasSubstr("\nlost x (UNAVAILABLE: a b c)\x1b[K\n"));
  // A short one stays as it is.
  terminal.SetCaption("Attendees: 3");
  out.str("");
  ASSERT_TRUE(terminal.Show(Frame(), &error));
  EXPECT_THAT(out.str(), HasSubstr("\nAttendees: 3\x1b[K\n"));
}

TEST(TerminalBackendTest, ReportsAFailedStream) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  TerminalBackend terminal(out);
  std::string error;
  EXPECT_FALSE(terminal.Show(Frame(), &error));
  EXPECT_EQ(error, "cannot write to the terminal");
}

using FrameDumpTest = TempDirTest;

TEST_F(FrameDumpTest, WritesNumberedPngFramesThatReadBackExactly) {
  std::string error;
  auto backend = FrameDumpBackend::Open((dir_ / "frames").string(),
                                        ImageFormat::kPng, &error);
  ASSERT_NE(backend, nullptr) << error;
  const std::vector<Frame> frames = {PersonIcon(), HeartIcon(),
                                     DisconnectedIcon()};
  for (const Frame& frame : frames) ASSERT_TRUE(backend->Show(frame, &error));

  for (size_t i = 0; i < frames.size(); ++i) {
    const fs::path path =
        dir_ / "frames" / ("frame-00000" + std::to_string(i) + ".png");
    Image image;
    ASSERT_TRUE(ReadPng(path.string(), &image, &error)) << error;
    Frame read;
    ASSERT_TRUE(ImageFrame(image, &read, &error)) << error;
    EXPECT_EQ(read, frames[i]) << path;
  }
  EXPECT_FALSE(fs::exists(dir_ / "frames" / "frame-000003.png"));
}

TEST_F(FrameDumpTest, WritesPpmFrames) {
  std::string error;
  auto backend =
      FrameDumpBackend::Open(dir_.string(), ImageFormat::kPpm, &error);
  ASSERT_NE(backend, nullptr) << error;
  ASSERT_TRUE(backend->Show(HeartIcon(), &error));
  const std::string bytes = ReadFile(dir_ / "frame-000000.ppm");
  EXPECT_THAT(bytes, StartsWith("P6\n8 8\n255\n"));
  EXPECT_EQ(bytes.size(), 11u + 64 * 3);
  Image image;
  ASSERT_TRUE(ReadPpm((dir_ / "frame-000000.ppm").string(), &image, &error));
  Frame read;
  ASSERT_TRUE(ImageFrame(image, &read, &error));
  EXPECT_EQ(read, HeartIcon());
}

TEST_F(FrameDumpTest, ErrorsNameTheFile) {
  WriteFile(dir_ / "file", "not a directory");
  std::string error;
  EXPECT_EQ(FrameDumpBackend::Open((dir_ / "file" / "frames").string(),
                                   ImageFormat::kPng, &error),
            nullptr);
  EXPECT_THAT(error, HasSubstr("cannot create"));

  Image image;
  EXPECT_FALSE(ReadPng((dir_ / "file").string(), &image, &error));
  EXPECT_THAT(error, StartsWith((dir_ / "file").string() + ": "));
  EXPECT_FALSE(ReadPpm((dir_ / "file").string(), &image, &error));
  EXPECT_THAT(error, HasSubstr("not a binary PPM"));
  Frame frame;
  EXPECT_FALSE(ImageFrame(Image{2, 1, {0, 0, 0, 0, 0, 0}}, &frame, &error));
  EXPECT_THAT(error, HasSubstr("2x1"));
}

TEST(ImageFormatTest, ParsesPngAndPpmOnly) {
  ImageFormat format;
  EXPECT_TRUE(ParseImageFormat("ppm", &format));
  EXPECT_EQ(format, ImageFormat::kPpm);
  EXPECT_TRUE(ParseImageFormat("png", &format));
  EXPECT_EQ(format, ImageFormat::kPng);
  EXPECT_FALSE(ParseImageFormat("gif", &format));
}

}  // namespace
}  // namespace sense_hat
