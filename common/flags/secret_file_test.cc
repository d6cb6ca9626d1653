#include "common/flags/secret_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace common {
namespace {

std::string Write(const std::string& name, const std::string& contents) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::ofstream(path) << contents;
  return path;
}

TEST(SecretFileTest, ReadsOneWordWithoutTheLineEnd) {
  EXPECT_EQ(ReadSecretFile("token_file", Write("ok", "  s3cr3t-token\r\n")),
            "s3cr3t-token");
}

TEST(SecretFileTest, BadFilesAreUsageErrorsNamingFlagAndFile) {
  const std::string missing = std::string(std::getenv("TEST_TMPDIR")) + "/no";
  EXPECT_EXIT(ReadSecretFile("token_file", missing),
              ::testing::ExitedWithCode(2),
              "--token_file: .*/no: No such file or directory");
  EXPECT_EXIT(ReadSecretFile("token_file", Write("empty", "\n")),
              ::testing::ExitedWithCode(2), "--token_file: .*/empty is empty");
  EXPECT_EXIT(ReadSecretFile("proxy_token_file", Write("two", "a b\n")),
              ::testing::ExitedWithCode(2),
              "--proxy_token_file: .*/two must hold one word of printable");
  EXPECT_EXIT(ReadSecretFile("token_file", Write("utf8", "caf\xc3\xa9")),
              ::testing::ExitedWithCode(2), "one word of printable ASCII");
}

}  // namespace
}  // namespace common
