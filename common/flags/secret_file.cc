#include "common/flags/secret_file.h"

#include <absl/strings/ascii.h>

#include <algorithm>
#include <optional>

#include "common/files/read_file.h"
#include "common/flags/flags.h"

namespace common {

std::string ReadSecretFile(std::string_view flag, const std::string& path) {
  const std::string name = "--" + std::string(flag) + ": ";
  std::string error;
  const std::optional<std::string> text = ReadWholeFile(path, &error);
  if (!text) ExitWithUsageError(name + error);
  const std::string secret(absl::StripAsciiWhitespace(*text));
  if (secret.empty()) ExitWithUsageError(name + path + " is empty");
  if (!std::all_of(secret.begin(), secret.end(),
                   [](char c) { return c > ' ' && c < 0x7f; })) {
    ExitWithUsageError(name + path +
                       " must hold one word of printable ASCII (no spaces)");
  }
  return secret;
}

}  // namespace common
