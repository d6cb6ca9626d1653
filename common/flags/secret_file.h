// A secret (a token, a shared key) that a flag names the file of, so that it
// stays out of the command line, where `ps` shows it to every local user.
#ifndef COMMON_FLAGS_SECRET_FILE_H_
#define COMMON_FLAGS_SECRET_FILE_H_

#include <string>
#include <string_view>

namespace common {

// The file's contents without surrounding whitespace. Exits with a usage
// error naming --`flag` and the file if it cannot be read, is empty, or is
// not one word of printable ASCII (what metadata and headers can carry).
std::string ReadSecretFile(std::string_view flag, const std::string& path);

}  // namespace common

#endif  // COMMON_FLAGS_SECRET_FILE_H_
