#include "common/sense_hat/frame_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/sense_hat/icons.h"

namespace sense_hat {
namespace {

using ::testing::HasSubstr;

TEST(FrameTextTest, RoundTripsFramesExactly) {
  Frame odd;
  odd.set(3, 4, {1, 2, 3});
  const std::vector<Frame> frames = {PersonIcon(), HeartIcon(), odd};
  std::vector<Frame> read;
  std::string error;
  ASSERT_TRUE(FramesFromText(FramesToText(frames), &read, &error)) << error;
  EXPECT_EQ(read, frames);
}

TEST(FrameTextTest, ShowsThePicture) {
  EXPECT_EQ(FramesToText({HeartIcon()}),
            "colour . 000000\n"
            "colour # ff0028\n"
            "\n"
            "frame 0\n"
            "........\n"
            ".##..##.\n"
            "########\n"
            "########\n"
            ".######.\n"
            "..####..\n"
            "...##...\n"
            "........\n");
}

TEST(FrameTextTest, ErrorsNameTheLine) {
  std::vector<Frame> frames;
  std::string error;
  EXPECT_FALSE(FramesFromText("colour . 000000\nframe 1\n", &frames, &error));
  EXPECT_EQ(error, "line 2: expected `frame 0`, got `frame 1`");

  EXPECT_FALSE(FramesFromText("colour . 00000g\n", &frames, &error));
  EXPECT_THAT(error, HasSubstr("line 1: expected `colour <symbol> <rrggbb>`"));

  EXPECT_FALSE(FramesFromText("colour . 000000\nframe 0\n........\n.......x\n",
                              &frames, &error));
  EXPECT_EQ(error, "line 4: symbol 'x' has no colour line");

  EXPECT_FALSE(
      FramesFromText("colour . 000000\nframe 0\n.......\n", &frames, &error));
  EXPECT_EQ(error, "line 3: a frame row has 8 symbols, this one has 7");

  EXPECT_FALSE(FramesFromText("colour . 000000\n// c\nframe 0\n........\n",
                              &frames, &error));
  EXPECT_EQ(error, "line 5: the text ends inside frame 0");
}

TEST(IconsTest, EveryIconIsDrawn) {
  // DrawFrame gives a black frame for bad art; the icons must not be black.
  for (const Frame& icon : {PersonIcon(), HeartIcon(), DisconnectedIcon()}) {
    EXPECT_NE(icon, Frame());
  }
  EXPECT_EQ(DrawFrame({"........"}, {}), Frame());
  EXPECT_EQ(DrawFrame(std::vector<std::string>(8, "......?."), {}), Frame());
}

}  // namespace
}  // namespace sense_hat
