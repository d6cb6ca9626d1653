#include "common/files/user_path.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <string>

namespace common {
namespace {

mode_t PermissionBits(const std::string& path) {
  struct stat status {};
  EXPECT_EQ(stat(path.c_str(), &status), 0) << path;
  return status.st_mode & 0777;
}

// The demos' data (the attendance database holds unused codes) is for the
// user alone, as the XDG base directory spec asks of data directories.
TEST(DefaultDataFileTest, TheDirectoryIsCreatedForTheUserAlone) {
  const std::string home = std::string(std::getenv("TEST_TMPDIR")) + "/xdg";
  setenv("XDG_DATA_HOME", home.c_str(), 1);
  const mode_t old_umask = umask(022);
  const std::string path = DefaultDataFile("demo.db");
  umask(old_umask);
  EXPECT_EQ(path, home + "/grpc-tutorial/demo.db");
  EXPECT_EQ(PermissionBits(home + "/grpc-tutorial"), 0700u);
}

TEST(DefaultDataFileTest, AnExistingOpenDirectoryIsClosedToOthers) {
  const std::string home = std::string(std::getenv("TEST_TMPDIR")) + "/old";
  setenv("XDG_DATA_HOME", home.c_str(), 1);
  ASSERT_EQ(mkdir(home.c_str(), 0755), 0);
  ASSERT_EQ(mkdir((home + "/grpc-tutorial").c_str(), 0755), 0);
  ASSERT_EQ(chmod((home + "/grpc-tutorial").c_str(), 0755), 0);
  DefaultDataFile("demo.db");
  EXPECT_EQ(PermissionBits(home + "/grpc-tutorial"), 0700u);
}

TEST(UserPathTest, RelativePathsAreRelativeToWhereBazelRan) {
  setenv("BUILD_WORKING_DIRECTORY", "/home/ada/project", 1);
  EXPECT_EQ(UserPath("data.csv"), "/home/ada/project/data.csv");
  EXPECT_EQ(UserPath("/tmp/data.csv"), "/tmp/data.csv");
  EXPECT_EQ(UserPath(""), "");
  unsetenv("BUILD_WORKING_DIRECTORY");
  EXPECT_EQ(UserPath("data.csv"), "data.csv");
}

}  // namespace
}  // namespace common
