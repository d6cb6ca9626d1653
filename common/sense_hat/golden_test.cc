// Font rendering, scrolling and icons, compared pixel for pixel with the
// golden frames in testdata/ (see goldens.h for how to update them).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/sense_hat/frame_text.h"
#include "common/sense_hat/goldens.h"

namespace sense_hat {
namespace {

class GoldenTest : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(GoldenTest, FramesMatchTheGoldenFile) {
  const GoldenCase& golden = GetParam();
  const std::string path = "common/sense_hat/testdata/" + golden.file;
  std::ifstream file(path);
  ASSERT_TRUE(file) << path << " is missing";
  std::stringstream text;
  text << file.rdbuf();
  std::vector<Frame> expected;
  std::string error;
  ASSERT_TRUE(FramesFromText(text.str(), &expected, &error))
      << path << ": " << error;

  ASSERT_EQ(golden.frames.size(), expected.size()) << path;
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_TRUE(golden.frames[i] == expected[i])
        << path << ", frame " << i << ": drawn\n"
        << FramesToText({golden.frames[i]}) << "golden\n"
        << FramesToText({expected[i]});
  }
}

INSTANTIATE_TEST_SUITE_P(Goldens, GoldenTest,
                         ::testing::ValuesIn(GoldenCases()),
                         [](const ::testing::TestParamInfo<GoldenCase>& info) {
                           std::string name = info.param.file.substr(
                               0, info.param.file.find('.'));
                           return name;
                         });

}  // namespace
}  // namespace sense_hat
