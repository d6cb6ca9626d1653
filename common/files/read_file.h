// A small file read whole for a program's flag (a config, a token, a list),
// with the reason it could not be: missing, unreadable, a directory.
#ifndef COMMON_FILES_READ_FILE_H_
#define COMMON_FILES_READ_FILE_H_

#include <optional>
#include <string>

namespace common {

// The contents of `path` (~ expanded), or nullopt with `*error` saying why
// ("PATH: No such file or directory", "PATH is a directory").
std::optional<std::string> ReadWholeFile(const std::string& path,
                                         std::string* error);

}  // namespace common

#endif  // COMMON_FILES_READ_FILE_H_
