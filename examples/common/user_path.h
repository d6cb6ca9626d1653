// Paths the user typed on the command line, for programs started by
// `bazel run`.
#ifndef EXAMPLES_COMMON_USER_PATH_H_
#define EXAMPLES_COMMON_USER_PATH_H_

#include <string>

namespace common {

// `bazel run` starts programs in their runfiles tree, but a relative path the
// user typed is relative to where they ran bazel ($BUILD_WORKING_DIRECTORY).
// Returns `path` resolved against that directory; an empty or absolute path,
// or any path outside `bazel run`, is returned as it is.
std::string UserPath(const std::string& path);

}  // namespace common

#endif  // EXAMPLES_COMMON_USER_PATH_H_
