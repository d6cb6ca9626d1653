// The frames that the golden files in testdata/ hold, one file per case.
// golden_test compares them pixel for pixel; after a deliberate change,
//   bazel run //pi-demo/display:update_goldens
// rewrites the files (review the diff: the text shows the letters).
#ifndef PI_DEMO_DISPLAY_GOLDENS_H_
#define PI_DEMO_DISPLAY_GOLDENS_H_

#include <string>
#include <vector>

#include "pi-demo/display/frame.h"

namespace display {

struct GoldenCase {
  std::string file;  // under pi-demo/display/testdata/
  std::vector<Frame> frames;
};

std::vector<GoldenCase> GoldenCases();

}  // namespace display

#endif  // PI_DEMO_DISPLAY_GOLDENS_H_
