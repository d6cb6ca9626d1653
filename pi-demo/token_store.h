// Bearer tokens of logged-in organisers. A token is 128 random bits; the
// server keeps only its SHA-256, so neither a memory dump nor a timing
// attack on the lookup gives a usable token away. Tokens live in memory:
// after a restart organisers log in again.
#ifndef PI_DEMO_TOKEN_STORE_H_
#define PI_DEMO_TOKEN_STORE_H_

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "pi-demo/clock.h"

namespace attendance {

class TokenStore {
 public:
  TokenStore(std::chrono::seconds lifetime, Clock clock = SystemClock());

  struct Token {
    std::string token;  // 32 hex digits
    TimePoint expires_at;
  };
  // A new token for `organiser`, valid for `lifetime`.
  Token Issue(const std::string& organiser);

  // The organiser `token` belongs to; nullopt if it is unknown or expired.
  std::optional<std::string> Check(std::string_view token);

 private:
  struct Entry {
    std::string organiser;
    TimePoint expires_at;
  };
  void DropExpiredLocked(TimePoint now);

  const std::chrono::seconds lifetime_;
  const Clock clock_;
  std::mutex mutex_;
  std::map<std::string, Entry> by_hash_;  // SHA-256 of the token -> entry
};

}  // namespace attendance

#endif  // PI_DEMO_TOKEN_STORE_H_
