#include "common/files/user_path.h"

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

std::string DefaultDataFile(const std::string& file_name) {
  namespace fs = std::filesystem;
  const char* data_home = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  fs::path dir = data_home && *data_home ? fs::path(data_home)
                 : home                  ? fs::path(home) / ".local" / "share"
                                         : fs::path(".");
  dir /= "grpc-tutorial";
  std::error_code ignored;  // opening the database then reports the problem
  fs::create_directories(dir, ignored);
  // The user's alone (the XDG spec asks 0700 of data directories): the
  // attendance database holds unused codes. Tightened if an older version
  // made it 0755.
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace,
                  ignored);
  return (dir / file_name).string();
}

}  // namespace common
