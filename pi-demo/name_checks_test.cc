#include "pi-demo/name_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace attendance {
namespace {

using ::testing::HasSubstr;

TEST(NameChecksTest, AcceptsNamesAsTypedWithoutOuterSpaces) {
  std::string trimmed;
  for (const char* name :
       {"Ada", "Zoë", "José María", "李", "Robert'); DROP TABLE attendees;--",
        "<script>alert(1)</script>", "O'Brien"}) {
    ASSERT_TRUE(CheckName("first_name", name, &trimmed).ok()) << name;
    EXPECT_EQ(trimmed, name);
  }
  ASSERT_TRUE(CheckName("last_name", "  Lovelace ", &trimmed).ok());
  EXPECT_EQ(trimmed, "Lovelace");
}

TEST(NameChecksTest, RefusesEmptyNamesNamingTheField) {
  std::string trimmed;
  for (const char* name : {"", "   "}) {
    grpc::Status status = CheckName("last_name", name, &trimmed);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(status.error_message(), "last_name: must not be empty");
  }
}

// Names of nothing but invisible characters would register attendees the
// list shows as blank.
TEST(NameChecksTest, RefusesNamesWithNothingVisible) {
  std::string trimmed;
  for (std::string name :
       {std::string("\xe2\x80\x8b"),              // ZERO WIDTH SPACE
        std::string("\xe2\x80\x8f\xe2\x80\x8f"),  // RIGHT-TO-LEFT MARK
        std::string("\xef\xbb\xbf"),              // BYTE ORDER MARK
        std::string("\xe2\x80\x8b \xe2\x80\x8c\xe2\x81\xa0"),  // and spaces
        std::string("\xc2\xad")}) {                            // SOFT HYPHEN
    grpc::Status status = CheckName("first_name", name, &trimmed);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(status.error_message(),
              "first_name: must hold a visible character");
  }
  // Invisible characters within a visible name are left alone (some
  // scripts need joiners).
  EXPECT_TRUE(CheckName("first_name",
                        "Ada\xe2\x80\x8d"
                        "B",
                        &trimmed)
                  .ok());
}

TEST(NameChecksTest, CountsCharactersNotBytes) {
  std::string trimmed;
  std::string umlauts;
  for (int i = 0; i < kMaxNameLength; ++i) umlauts += "ü";  // 2 bytes each
  EXPECT_TRUE(CheckName("first_name", umlauts, &trimmed).ok());
  grpc::Status status = CheckName("first_name", umlauts + "x", &trimmed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "first_name: must be at most 64 characters long");
}

TEST(NameChecksTest, RefusesControlCharactersAndBadUtf8) {
  std::string trimmed;
  for (std::string name :
       {std::string("Ada\nLovelace"), std::string("Ada\0x", 5),
        std::string("\x1b[31mAda"), std::string("Ada\x7f"),
        std::string("Ada\xc2\x85"),  // DEL, NEL
        std::string("\xe2\x80\xae"
                    "ecaf")}) {  // RIGHT-TO-LEFT OVERRIDE
    grpc::Status status = CheckName("first_name", name, &trimmed);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << name;
    EXPECT_EQ(status.error_message(),
              "first_name: must not hold control characters");
  }
  for (std::string name : {std::string("\xff"), std::string("Ad\xc3"),
                           std::string("\xc0\xaf"),         // overlong "/"
                           std::string("\xed\xa0\x80")}) {  // a surrogate
    grpc::Status status = CheckName("first_name", name, &trimmed);
    EXPECT_THAT(status.error_message(), HasSubstr("not valid UTF-8"));
  }
}

}  // namespace
}  // namespace attendance
