#include "pi-demo/codes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace attendance {
namespace {

using ::testing::MatchesRegex;
using ::testing::Optional;

TEST(CodesTest, NewCodesAreGroupedCrockfordBase32) {
  for (int i = 0; i < 100; ++i) {
    EXPECT_THAT(NewCode(),
                MatchesRegex("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]"
                             "{4}-[0-9A-HJKMNP-TV-Z]{2}"));
  }
}

TEST(CodesTest, NewCodesAreUniqueAndUseEveryBit) {
  std::set<std::string> codes;
  // Each of the 10 positions should see all 32 symbols over many codes; a
  // generator that used fewer bits (or a constant) would not.
  std::vector<std::set<char>> symbols(12);
  constexpr int kCount = 20000;
  for (int i = 0; i < kCount; ++i) {
    std::string code = NewCode();
    codes.insert(code);
    for (size_t p = 0; p < code.size(); ++p) symbols[p].insert(code[p]);
  }
  EXPECT_EQ(codes.size(), static_cast<size_t>(kCount));
  for (size_t p : {0, 1, 2, 3, 5, 6, 7, 8, 10, 11}) {
    EXPECT_EQ(symbols[p].size(), 32u) << "position " << p;
  }
  EXPECT_EQ(kCodeBits, 50);
}

TEST(CodesTest, NormalizesWhatPeopleType) {
  EXPECT_THAT(NormalizeCode("7KQ2-M9XD-4F"),
              Optional(std::string("7KQ2-M9XD-4F")));
  EXPECT_THAT(NormalizeCode("7kq2m9xd4f"),
              Optional(std::string("7KQ2-M9XD-4F")));
  EXPECT_THAT(NormalizeCode(" 7KQ2 M9XD 4F "),
              Optional(std::string("7KQ2-M9XD-4F")));
  // O, I and L are read as the digits they look like.
  EXPECT_THAT(NormalizeCode("OIL0-0000-00"),
              Optional(std::string("0110-0000-00")));
}

TEST(CodesTest, RefusesWhatIsNoCode) {
  for (const char* typed : {"", "7KQ2-M9XD-4", "7KQ2-M9XD-4FF", "7KQ2-M9XD-4U",
                            "7KQ2_M9XD_4F", "ABCD", "7KQ2-M9XD-4F'; --"}) {
    EXPECT_EQ(NormalizeCode(typed), std::nullopt) << typed;
  }
}

}  // namespace
}  // namespace attendance
