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

// Where tokens live: in this process (TokenStore), or in a database that
// several server replicas share (postgres_attendance_store.h), so that a
// token issued by one replica works on every other.
class Tokens {
 public:
  virtual ~Tokens() = default;

  struct Token {
    std::string token;  // 32 hex digits; empty if it could not be stored
    TimePoint expires_at;
  };
  // A new token for `organiser`, valid for the store's lifetime.
  virtual Token Issue(const std::string& organiser) = 0;

  // The organiser `token` belongs to; nullopt if it is unknown or expired,
  // or if the store cannot be read (then `error` says why).
  virtual std::optional<std::string> Check(std::string_view token,
                                           std::string* error) = 0;
  std::optional<std::string> Check(std::string_view token) {
    std::string ignored;
    return Check(token, &ignored);
  }

  // True if Check may wait (a database round trip), so that gRPC must not
  // run it on its own threads.
  virtual bool blocking() const = 0;
};

// 128 random bits as 32 hex digits.
std::string NewTokenText();
// The SHA-256 of `token`, as 64 hex digits: what a store keeps.
std::string TokenHash(std::string_view token);

class TokenStore final : public Tokens {
 public:
  TokenStore(std::chrono::seconds lifetime, Clock clock = SystemClock());

  Token Issue(const std::string& organiser) override;
  using Tokens::Check;
  std::optional<std::string> Check(std::string_view token,
                                   std::string* error) override;
  bool blocking() const override { return false; }

 private:
  struct Entry {
    std::string organiser;
    TimePoint expires_at;
  };
  void DropExpiredLocked(TimePoint now);

  const std::chrono::seconds lifetime_;
  const Clock clock_;
  std::mutex mutex_;
  std::map<std::string, Entry> by_hash_;  // TokenHash(token) -> entry
};

}  // namespace attendance

#endif  // PI_DEMO_TOKEN_STORE_H_
