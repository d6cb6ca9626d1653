// The frames that the golden files in testdata/ hold, one file per case.
// golden_test compares them pixel for pixel; after a deliberate change,
//   bazel run //common/sense_hat:update_goldens
// rewrites the files (review the diff: the text shows the letters).
#ifndef COMMON_SENSE_HAT_GOLDENS_H_
#define COMMON_SENSE_HAT_GOLDENS_H_

#include <string>
#include <vector>

#include "common/sense_hat/frame.h"

namespace sense_hat {

struct GoldenCase {
  std::string file;  // under common/sense_hat/testdata/
  std::vector<Frame> frames;
};

std::vector<GoldenCase> GoldenCases();

}  // namespace sense_hat

#endif  // COMMON_SENSE_HAT_GOLDENS_H_
