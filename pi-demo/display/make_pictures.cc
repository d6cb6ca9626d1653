// Draws the pictures of docs/09-pi-display.md from the same code the
// display runs:
//   bazel run //pi-demo/display:make_pictures
// writes docs/images/pi-display-*.png.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "common/sense_hat/font.h"
#include "common/sense_hat/icons.h"
#include "common/sense_hat/image_files.h"
#include "common/sense_hat/scroller.h"
#include "common/sense_hat/status_frames.h"
#include "pi-demo/display/led_picture.h"

namespace {

using sense_hat::Frame;

// Every printable character in its own frame.
std::vector<Frame> FontSheet() {
  std::vector<Frame> frames;
  for (char32_t character = 0x20; character <= 0x7e; ++character) {
    Frame frame;
    const sense_hat::Glyph& glyph = sense_hat::GlyphFor(character);
    for (int column = 0; column < sense_hat::kGlyphWidth; ++column) {
      for (int y = 0; y < Frame::kHeight; ++y) {
        if (glyph[column] & (1 << y)) {
          frame.set(1 + column, y, sense_hat::colours::kText);
        }
      }
    }
    frames.push_back(frame);
  }
  return frames;
}

// The first 8 steps of "Attendees: 3", one column each.
std::vector<Frame> ScrollStart() {
  std::vector<Frame> frames = sense_hat::AttendanceFrames(3);
  frames.resize(8);
  return frames;
}

// A whole pass, skipping ahead to show one character per frame: frame
// 6k + 6 shows character k in columns 1 to 5. Icons are held, so one of each.
std::vector<Frame> Sampled(const std::vector<Frame>& pass, int characters) {
  std::vector<Frame> frames;
  for (int k = 0; k < characters; ++k) frames.push_back(pass[6 * k + 6]);
  return frames;
}

std::vector<Frame> AttendancePass() {
  const std::string text = "Attendees: 3";
  const int characters = static_cast<int>(text.size());
  std::vector<Frame> frames =
      Sampled(sense_hat::AttendanceFrames(3), characters);
  frames.push_back(sense_hat::PersonIcon());
  frames.push_back(sense_hat::HeartIcon());
  return frames;
}

std::vector<Frame> LostPass() {
  std::vector<Frame> frames = {sense_hat::DisconnectedIcon()};
  const std::vector<Frame> text = sense_hat::ScrollText(
      "No server", sense_hat::colours::kAlarm, sense_hat::colours::kBlack);
  for (const Frame& frame : Sampled(text, 9)) frames.push_back(frame);
  return frames;
}

}  // namespace

int main() {
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  if (workspace == nullptr) {
    std::cerr << "run me with `bazel run`, which says where the sources are"
              << std::endl;
    return 2;
  }
  const std::filesystem::path images =
      std::filesystem::path(workspace) / "docs" / "images";
  std::filesystem::create_directories(images);

  struct Picture {
    std::string name;
    std::vector<Frame> frames;
    display::PictureOptions options;
  };
  const std::vector<Picture> pictures = {
      {"pi-display-scroll.png", ScrollStart(), {12, 8, 8}},
      {"pi-display-pass.png", AttendancePass(), {8, 15, 6}},
      {"pi-display-lost.png", LostPass(), {8, 10, 6}},
      {"pi-display-icons.png",
       {sense_hat::PersonIcon(), sense_hat::HeartIcon(),
        sense_hat::DisconnectedIcon()},
       {16, 3, 10}},
      {"pi-display-font.png", FontSheet(), {6, 16, 4}},
  };
  for (const Picture& picture : pictures) {
    const std::string path = (images / picture.name).string();
    std::string error;
    if (!sense_hat::WritePng(
            path, display::LedPicture(picture.frames, picture.options),
            &error)) {
      std::cerr << error << std::endl;
      return 1;
    }
    std::cout << "wrote " << path << std::endl;
  }
  return 0;
}
