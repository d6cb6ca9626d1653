#include "examples/common/user_path.h"

#include <cstdlib>
#include <filesystem>

namespace common {

std::string UserPath(const std::string& path) {
  const char* working_dir = std::getenv("BUILD_WORKING_DIRECTORY");
  if (path.empty() || working_dir == nullptr ||
      std::filesystem::path(path).is_absolute()) {
    return path;
  }
  return (std::filesystem::path(working_dir) / path).string();
}

}  // namespace common
