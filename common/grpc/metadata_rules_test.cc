#include "common/grpc/metadata_rules.h"

#include <gtest/gtest.h>

#include <string>

namespace common {
namespace {

TEST(MetadataRulesTest, AsciiValuesArePrintableAsciiOnly) {
  EXPECT_TRUE(IsSendableMetadata("x-request-id", "req-42 (retry 2)"));
  EXPECT_TRUE(IsSendableMetadata("x-request-id", ""));
  EXPECT_FALSE(IsSendableMetadata("x-request-id", "bad\x01id"));
  EXPECT_FALSE(IsSendableMetadata("x-request-id", "bad\tid"));
  EXPECT_FALSE(IsSendableMetadata("x-request-id", "bad\x7fid"));
  EXPECT_FALSE(IsSendableMetadata("x-request-id", "caf\xc3\xa9"));
  EXPECT_FALSE(IsSendableMetadata("x-request-id", std::string("a\0b", 3)));
}

TEST(MetadataRulesTest, BinaryKeysTakeAnyBytes) {
  EXPECT_TRUE(IsSendableMetadata("x-trace-bin", std::string("\0\xff\x01", 3)));
}

TEST(MetadataRulesTest, KeysAreLowerCaseLettersDigitsAndDashes) {
  EXPECT_TRUE(IsSendableMetadata("x_trace.v2-id", "v"));
  EXPECT_FALSE(IsSendableMetadata("X-Request-Id", "v"));
  EXPECT_FALSE(IsSendableMetadata("x request", "v"));
  EXPECT_FALSE(IsSendableMetadata("", "v"));
}

}  // namespace
}  // namespace common
