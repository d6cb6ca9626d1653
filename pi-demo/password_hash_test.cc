#include "pi-demo/password_hash.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace attendance {
namespace {

using ::testing::MatchesRegex;
using ::testing::StartsWith;

TEST(PasswordHashTest, HashesWithBcryptAndVerifies) {
  std::optional<std::string> hash = HashPassword("correct horse", 4);
  ASSERT_TRUE(hash);
  EXPECT_THAT(*hash, StartsWith("$2b$04$"));
  EXPECT_EQ(hash->size(), 60u);
  EXPECT_TRUE(VerifyPassword("correct horse", *hash));
  EXPECT_FALSE(VerifyPassword("correct horsE", *hash));
  EXPECT_FALSE(VerifyPassword("", *hash));
}

TEST(PasswordHashTest, SaltsEveryHash) {
  EXPECT_NE(*HashPassword("same", 4), *HashPassword("same", 4));
}

TEST(PasswordHashTest, RefusesPasswordsBcryptWouldCut) {
  EXPECT_FALSE(HashPassword(std::string(73, 'a'), 4));
  EXPECT_TRUE(HashPassword(std::string(72, 'a'), 4));
  EXPECT_FALSE(HashPassword("", 4));
  EXPECT_FALSE(HashPassword(std::string("a\0b", 3), 4));
}

TEST(PasswordHashTest, RejectsGarbageHashes) {
  EXPECT_FALSE(VerifyPassword("x", ""));
  EXPECT_FALSE(VerifyPassword("x", "not a hash"));
}

TEST(PasswordHashTest, GeneratesTypeablePasswords) {
  std::string a = NewPassword(), b = NewPassword();
  EXPECT_THAT(a, MatchesRegex("[2-9a-km-zA-HJ-NP-Z]{20}"));
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace attendance
