// Paths of a user's files for programs started by `bazel run`: the ones
// typed on the command line, and where the demos keep their data.
#ifndef COMMON_FILES_USER_PATH_H_
#define COMMON_FILES_USER_PATH_H_

#include <string>

namespace common {

// `bazel run` starts programs in their runfiles tree, but a relative path the
// user typed is relative to where they ran bazel ($BUILD_WORKING_DIRECTORY).
// Returns `path` resolved against that directory; an empty or absolute path,
// or any path outside `bazel run`, is returned as it is.
std::string UserPath(const std::string& path);

// Where a demo keeps its data by default: `file_name` in
// $XDG_DATA_HOME/grpc-tutorial (else ~/.local/share/grpc-tutorial, else
// ./grpc-tutorial), creating the directory if it is missing, mode 0700.
std::string DefaultDataFile(const std::string& file_name);

}  // namespace common

#endif  // COMMON_FILES_USER_PATH_H_
