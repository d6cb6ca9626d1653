#include "pi-demo/private_files.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace attendance {
namespace {

constexpr size_t kKeyBytes = 32;

std::string Why(const std::string& path) {
  return path + ": " + std::strerror(errno);
}

}  // namespace

bool MakeOwnerOnly(const std::string& path, std::string* error) {
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    *error = Why(path);
    return false;
  }
  struct stat status {};
  const bool ok = fstat(fd, &status) == 0 &&
                  ((status.st_mode & 077) == 0 || fchmod(fd, 0600) == 0);
  if (!ok) *error = "cannot make " + Why(path) + " readable by its owner only";
  close(fd);
  return ok;
}

std::optional<std::string> LoadOrCreateKey(const std::string& path,
                                           std::string* error) {
  std::ifstream existing(path, std::ios::binary);
  if (!existing) {
    // Written in full under a temporary name, then linked into place: link()
    // fails if another process got there first, and then its key is read.
    unsigned char key[kKeyBytes];
    if (RAND_bytes(key, sizeof(key)) != 1) {
      *error = "no random bytes for a new key";
      return std::nullopt;
    }
    const std::string temporary = path + ".new." + std::to_string(getpid());
    const int fd =
        open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const bool written =
        fd >= 0 && write(fd, key, sizeof(key)) == sizeof(key) && fsync(fd) == 0;
    if (fd >= 0) close(fd);
    if (!written) {
      *error = "cannot write " + Why(temporary);
      unlink(temporary.c_str());
      return std::nullopt;
    }
    const bool linked = link(temporary.c_str(), path.c_str()) == 0;
    const int link_errno = errno;
    unlink(temporary.c_str());
    if (!linked && link_errno != EEXIST) {
      errno = link_errno;
      *error = "cannot create " + Why(path);
      return std::nullopt;
    }
    existing.open(path, std::ios::binary);
    if (!existing) {
      *error = "cannot read " + Why(path);
      return std::nullopt;
    }
  }
  std::stringstream contents;
  contents << existing.rdbuf();
  std::string key = contents.str();
  if (key.size() != kKeyBytes) {
    *error = path + ": not a key (" + std::to_string(key.size()) +
             " bytes, expected " + std::to_string(kKeyBytes) +
             "); restore the original file, or move it away to start with " +
             "a new key (the unused codes then stop working)";
    return std::nullopt;
  }
  if (!MakeOwnerOnly(path, error)) return std::nullopt;
  return key;
}

std::string KeyedHash(const std::string& key, std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest,
       &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

}  // namespace attendance
