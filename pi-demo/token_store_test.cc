#include "pi-demo/token_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace attendance {
namespace {

using ::testing::MatchesRegex;
using ::testing::Optional;

// A clock the test moves by hand.
struct FakeClock {
  TimePoint now = TimePoint() + std::chrono::hours(24 * 365 * 50);
  Clock clock() {
    return [this] { return now; };
  }
};

TEST(TokenStoreTest, TokensAreRandomAndExpire) {
  FakeClock time;
  TokenStore tokens(std::chrono::seconds(60), time.clock());
  TokenStore::Token token = tokens.Issue("ada");
  EXPECT_THAT(token.token, MatchesRegex("[0-9a-f]{32}"));
  EXPECT_EQ(token.expires_at, time.now + std::chrono::seconds(60));
  EXPECT_NE(tokens.Issue("ada").token, token.token);

  EXPECT_THAT(tokens.Check(token.token), Optional(std::string("ada")));
  time.now += std::chrono::seconds(59);
  EXPECT_THAT(tokens.Check(token.token), Optional(std::string("ada")));
  time.now += std::chrono::seconds(1);
  EXPECT_EQ(tokens.Check(token.token), std::nullopt);
}

TEST(TokenStoreTest, UnknownTokensAreRefused) {
  FakeClock time;
  TokenStore tokens(std::chrono::seconds(60), time.clock());
  std::string token = tokens.Issue("ada").token;
  EXPECT_EQ(tokens.Check(""), std::nullopt);
  EXPECT_EQ(tokens.Check(token.substr(1)), std::nullopt);
  std::string changed = token;
  changed[0] = changed[0] == 'a' ? 'b' : 'a';
  EXPECT_EQ(tokens.Check(changed), std::nullopt);
}

}  // namespace
}  // namespace attendance
