// Files only their owner may read, for what the attendance server keeps at
// rest: the database (it holds unused codes, each as good as an invitation)
// and the key its codes are hashed with.
#ifndef PI_DEMO_PRIVATE_FILES_H_
#define PI_DEMO_PRIVATE_FILES_H_

#include <optional>
#include <string>
#include <string_view>

namespace attendance {

// Creates `path` (empty, mode 0600) if it does not exist, and takes group
// and other permissions away if it does. False with `*error` if it cannot.
bool MakeOwnerOnly(const std::string& path, std::string* error);

// The secret key in `path`, created (32 random bytes, mode 0600) if the file
// does not exist. Two processes that start together get the same key. An
// existing file that is not a key (wrong size) is an error, never replaced:
// the hashes made with the old key would all stop matching.
std::optional<std::string> LoadOrCreateKey(const std::string& path,
                                           std::string* error);

// HMAC-SHA256 of `text` under `key`, in lower-case hex.
std::string KeyedHash(const std::string& key, std::string_view text);

}  // namespace attendance

#endif  // PI_DEMO_PRIVATE_FILES_H_
