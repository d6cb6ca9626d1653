#include "pi-demo/codes.h"

#include <openssl/rand.h>

#include <cstdint>
#include <stdexcept>

namespace attendance {
namespace {

// Crockford's base32: digits and letters without I, L, O and U.
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr int kCodeLength = kCodeBits / 5;  // 10 characters

// "7KQ2M9XD4F" -> "7KQ2-M9XD-4F"
std::string Grouped(const std::string& symbols) {
  return symbols.substr(0, 4) + "-" + symbols.substr(4, 4) + "-" +
         symbols.substr(8);
}

int SymbolValue(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') return 0;
  if (c == 'I' || c == 'L') return 1;
  for (int i = 0; i < 32; ++i) {
    if (kAlphabet[i] == c) return i;
  }
  return -1;
}

}  // namespace

std::string NewCode() {
  unsigned char bytes[7];  // 56 bits, of which 50 are used
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    // Without a working CSPRNG no code may be issued at all.
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  }
  uint64_t bits = 0;
  for (unsigned char byte : bytes) bits = (bits << 8) | byte;
  std::string symbols;
  for (int i = 0; i < kCodeLength; ++i) {
    symbols += kAlphabet[bits & 31];
    bits >>= 5;
  }
  return Grouped(symbols);
}

std::optional<std::string> NormalizeCode(std::string_view typed) {
  std::string symbols;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    int value = SymbolValue(c);
    if (value < 0 || symbols.size() == kCodeLength) return std::nullopt;
    symbols += kAlphabet[value];
  }
  if (symbols.size() != kCodeLength) return std::nullopt;
  return Grouped(symbols);
}

}  // namespace attendance
