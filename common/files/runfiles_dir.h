// Finds a directory of data files (a web app's static files) that Bazel put
// in a binary's runfiles, so that the binary works under `bazel run`, under
// `bazel test`, from bazel-bin, and as a data dependency of another target.
#ifndef COMMON_FILES_RUNFILES_DIR_H_
#define COMMON_FILES_RUNFILES_DIR_H_

#include <string>

namespace common {

// Returns <runfiles>/grpc_tutorial/<workspace_dir> if it holds the regular
// file `marker` (e.g. "index.html"), or "" if no runfiles tree has it. The
// runfiles tree is $RUNFILES_DIR or $TEST_SRCDIR (bazel run, bazel test),
// <binary>.runfiles next to the binary (run from bazel-bin), or the tree the
// binary itself lies in (a data dependency of another target). `argv0` is
// main()'s argv[0].
std::string FindRunfilesDir(const char* argv0, const std::string& workspace_dir,
                            const std::string& marker);

}  // namespace common

#endif  // COMMON_FILES_RUNFILES_DIR_H_
