#include "pi-demo/token_store.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>

namespace attendance {
namespace {

std::string Hex(const unsigned char* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (size_t i = 0; i < size; ++i) {
    hex += kDigits[bytes[i] >> 4];
    hex += kDigits[bytes[i] & 15];
  }
  return hex;
}

}  // namespace

std::string NewTokenText() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  }
  return Hex(bytes, sizeof(bytes));
}

std::string TokenHash(std::string_view token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(),
         digest);
  return Hex(digest, sizeof(digest));
}

TokenStore::TokenStore(std::chrono::seconds lifetime, Clock clock)
    : lifetime_(lifetime), clock_(std::move(clock)) {}

TokenStore::Token TokenStore::Issue(const std::string& organiser) {
  Token token{NewTokenText(), clock_() + lifetime_};
  std::lock_guard<std::mutex> lock(mutex_);
  DropExpiredLocked(clock_());
  by_hash_[TokenHash(token.token)] = Entry{organiser, token.expires_at};
  return token;
}

std::optional<std::string> TokenStore::Check(std::string_view token,
                                             std::string* /*error*/) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_hash_.find(TokenHash(token));
  if (it == by_hash_.end() || clock_() >= it->second.expires_at) {
    return std::nullopt;
  }
  return it->second.organiser;
}

void TokenStore::DropExpiredLocked(TimePoint now) {
  for (auto it = by_hash_.begin(); it != by_hash_.end();) {
    it = now >= it->second.expires_at ? by_hash_.erase(it) : std::next(it);
  }
}

}  // namespace attendance
