#include "common/files/runfiles_dir.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace common {
namespace {

bool IsFile(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

}  // namespace

std::string FindRunfilesDir(const char* argv0, const std::string& workspace_dir,
                            const std::string& marker) {
  std::vector<std::string> roots;
  for (const char* variable : {"RUNFILES_DIR", "TEST_SRCDIR"}) {
    if (const char* value = std::getenv(variable)) roots.push_back(value);
  }
  std::vector<std::string> binaries = {argv0};
  char exe[PATH_MAX];
  ssize_t length = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (length > 0) binaries.emplace_back(exe, static_cast<size_t>(length));
  for (const std::string& binary : binaries) {
    roots.push_back(binary + ".runfiles");
    size_t inside = binary.rfind(".runfiles/");
    if (inside != std::string::npos) {
      roots.push_back(
          binary.substr(0, inside + std::string(".runfiles").size()));
    }
  }
  for (const std::string& root : roots) {
    std::string dir = root + "/grpc_tutorial/" + workspace_dir;
    if (IsFile(dir + "/" + marker)) return dir;
  }
  return "";
}

}  // namespace common
