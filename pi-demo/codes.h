// One-time registration codes: 50 random bits from a CSPRNG, written in
// Crockford's base32 and grouped so that people can read them out and type
// them: "7KQ2-M9XD-4F".
#ifndef PI_DEMO_CODES_H_
#define PI_DEMO_CODES_H_

#include <optional>
#include <string>
#include <string_view>

namespace attendance {

// Random bits per code. 2^50 codes make guessing hopeless at the rate
// registrations are limited to: with 1,000 live codes a guess hits with
// p = 1000 / 2^50 ~ 8.9e-13, an even chance takes ln 2 / p ~ 7.8e11 guesses,
// and at 10 failures a minute that is ~1.5e5 years per client (an IPv4
// address or IPv6 /64).
inline constexpr int kCodeBits = 50;

// A new code from OpenSSL's CSPRNG (RAND_bytes), in canonical form.
std::string NewCode();

// The canonical form of what someone typed: case, hyphens and spaces do not
// matter, and O, I and L (easily mistyped for digits) read as 0, 1 and 1.
// nullopt if it is not 10 characters of Crockford's alphabet after that.
std::optional<std::string> NormalizeCode(std::string_view typed);

}  // namespace attendance

#endif  // PI_DEMO_CODES_H_
