// Organiser passwords as bcrypt hashes, through Debian's libcrypt
// (libxcrypt). bcrypt is slow on purpose and salts every hash, so a stolen
// database gives no passwords back without years of guessing per password.
#ifndef PI_DEMO_PASSWORD_HASH_H_
#define PI_DEMO_PASSWORD_HASH_H_

#include <optional>
#include <string>
#include <string_view>

namespace attendance {

// bcrypt only reads the first 72 bytes of a password; longer ones are
// refused rather than silently cut.
inline constexpr size_t kMaxPasswordBytes = 72;

// "$2b$<cost>$<salt and hash>", with a fresh random salt. Each step of
// `cost` doubles the time: 10 takes ~50 ms on a PC, ~0.5 s on a Raspberry
// Pi 3. nullopt if the password is empty, too long or holds a NUL byte.
std::optional<std::string> HashPassword(std::string_view password,
                                        int cost = 10);

// Whether `password` matches `hash` (made by HashPassword). Compares in
// constant time.
bool VerifyPassword(std::string_view password, const std::string& hash);

// A new password of 20 characters (about 119 random bits) that is easy to
// type: letters and digits without look-alikes.
std::string NewPassword();

}  // namespace attendance

#endif  // PI_DEMO_PASSWORD_HASH_H_
