#include "common/files/read_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/files/user_path.h"

namespace common {

std::optional<std::string> ReadWholeFile(const std::string& path,
                                         std::string* error) {
  const std::string expanded = UserPath(path);
  std::error_code ignored;
  // An ifstream opens a directory without complaint and reads nothing.
  if (std::filesystem::is_directory(expanded, ignored)) {
    *error = path + " is a directory";
    return std::nullopt;
  }
  std::ifstream file(expanded, std::ios::binary);
  if (!file) {
    *error = path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream contents;
  contents << file.rdbuf();
  if (file.bad()) {
    *error = path + ": cannot be read";
    return std::nullopt;
  }
  return contents.str();
}

}  // namespace common
