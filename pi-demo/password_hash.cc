#include "pi-demo/password_hash.h"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstring>
#include <stdexcept>

namespace attendance {
namespace {

bool Acceptable(std::string_view password) {
  return !password.empty() && password.size() <= kMaxPasswordBytes &&
         password.find('\0') == std::string_view::npos;
}

}  // namespace

std::optional<std::string> HashPassword(std::string_view password, int cost) {
  if (!Acceptable(password)) return std::nullopt;
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  // A null random source makes libcrypt take the salt from the OS's CSPRNG.
  if (crypt_gensalt_rn("$2b$", cost, nullptr, 0, setting, sizeof(setting)) ==
      nullptr) {
    return std::nullopt;
  }
  struct crypt_data data;
  std::memset(&data, 0, sizeof(data));
  const std::string text(password);
  const char* hash = crypt_rn(text.c_str(), setting, &data, sizeof(data));
  if (hash == nullptr || hash[0] == '*') return std::nullopt;
  return std::string(hash);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  if (!Acceptable(password)) return false;
  struct crypt_data data;
  std::memset(&data, 0, sizeof(data));
  const std::string text(password);
  // The hash holds its own algorithm, cost and salt.
  const char* computed =
      crypt_rn(text.c_str(), hash.c_str(), &data, sizeof(data));
  if (computed == nullptr || computed[0] == '*') return false;
  return std::strlen(computed) == hash.size() &&
         CRYPTO_memcmp(computed, hash.data(), hash.size()) == 0;
}

std::string NewPassword() {
  constexpr char kAlphabet[] =
      "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ";
  constexpr unsigned kAlphabetSize = sizeof(kAlphabet) - 1;  // 54
  std::string password;
  while (password.size() < 20) {
    unsigned char byte;
    if (RAND_bytes(&byte, 1) != 1)
      throw std::runtime_error("OpenSSL RAND_bytes failed");
    // Rejecting the top values keeps every character equally likely.
    if (byte < 256 - 256 % kAlphabetSize)
      password += kAlphabet[byte % kAlphabetSize];
  }
  return password;
}

}  // namespace attendance
