#include "common/flags/flags.h"

#include <absl/flags/flag.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

ABSL_FLAG(common::Port, port, common::Port{50051}, "Port to listen on.");
ABSL_FLAG(int, timeout_ms, 5000, "Deadline of every call, in milliseconds.");
ABSL_FLAG(bool, verbose, false, "Say more.");
ABSL_FLAG(std::string, target, "localhost:50051", "The server to call.");

namespace common {
namespace {

using ::testing::ElementsAre;
using ::testing::ExitedWithCode;
using ::testing::HasSubstr;

// ParseFlags() on a command line given as words.
std::vector<std::string> Parse(std::vector<std::string> words) {
  words.insert(words.begin(), "/some/dir/prog");
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  return ParseFlags(static_cast<int>(argv.size()), argv.data(),
                    "Does things.\nUsage: prog [flags] <command>");
}

class FlagsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::SetFlag(&FLAGS_port, Port{50051});
    absl::SetFlag(&FLAGS_timeout_ms, 5000);
    absl::SetFlag(&FLAGS_verbose, false);
    absl::SetFlag(&FLAGS_target, "localhost:50051");
  }
};

TEST_F(FlagsTest, SetsFlagsInBothFormsAndKeepsTheArguments) {
  EXPECT_THAT(Parse({"--port=7", "divide", "--timeout_ms", "9", "17", "5",
                     "--verbose"}),
              ElementsAre("/some/dir/prog", "divide", "17", "5"));
  EXPECT_EQ(absl::GetFlag(FLAGS_port).value, 7);
  EXPECT_EQ(absl::GetFlag(FLAGS_timeout_ms), 9);
  EXPECT_TRUE(absl::GetFlag(FLAGS_verbose));
  EXPECT_EQ(ProgramName(), "prog");
}

TEST_F(FlagsTest, NegativeNumbersAreArguments) {
  EXPECT_THAT(Parse({"divide", "-17", "5"}),
              ElementsAre("/some/dir/prog", "divide", "-17", "5"));
  EXPECT_THAT(Parse({"summarize", "-0.5", "-3"}),
              ElementsAre("/some/dir/prog", "summarize", "-0.5", "-3"));
  // And a flag may still take one as its value.
  Parse({"--timeout_ms", "-1"});
  EXPECT_EQ(absl::GetFlag(FLAGS_timeout_ms), -1);
}

TEST_F(FlagsTest, EverythingAfterTwoDashesIsAnArgument) {
  EXPECT_THAT(Parse({"--verbose", "--", "--port=1", "-x"}),
              ElementsAre("/some/dir/prog", "--port=1", "-x"));
  EXPECT_EQ(absl::GetFlag(FLAGS_port).value, 50051);
}

TEST_F(FlagsTest, BoolFlagsTakeNoAndValues) {
  Parse({"--verbose=true"});
  EXPECT_TRUE(absl::GetFlag(FLAGS_verbose));
  Parse({"--noverbose"});
  EXPECT_FALSE(absl::GetFlag(FLAGS_verbose));
}

TEST_F(FlagsTest, AMistypedFlagIsAUsageErrorThatSuggestsTheRealOne) {
  EXPECT_EXIT(Parse({"--prot=1"}), ExitedWithCode(2),
              "prog: unknown flag --prot \\(did you mean --port\\?\\)\n"
              "Try 'prog --help'.");
  EXPECT_EXIT(Parse({"--timeoutms=1"}), ExitedWithCode(2),
              "did you mean --timeout_ms\\?");
  // Nothing close: no suggestion.
  EXPECT_EXIT(Parse({"--colour"}), ExitedWithCode(2),
              "prog: unknown flag --colour\nTry");
}

TEST_F(FlagsTest, PortsOutsideTheRangeAreRefusedNamingTheFlag) {
  EXPECT_EXIT(Parse({"--port=70000"}), ExitedWithCode(2),
              "prog: --port=70000: a port is a number from 0 to 65535\n");
  EXPECT_EXIT(Parse({"--port=-1"}), ExitedWithCode(2), "--port=-1: ");
  EXPECT_EXIT(Parse({"--port=http"}), ExitedWithCode(2), "--port=http: ");
  Parse({"--port=0"});
  EXPECT_EQ(absl::GetFlag(FLAGS_port).value, 0);
  Parse({"--port=65535"});
  EXPECT_EQ(absl::GetFlag(FLAGS_port).value, 65535);
}

TEST_F(FlagsTest, BadValuesAndMissingValuesAreUsageErrors) {
  EXPECT_EXIT(Parse({"--timeout_ms=soon"}), ExitedWithCode(2),
              "prog: --timeout_ms=soon: not a whole number");
  EXPECT_EXIT(Parse({"--verbose=maybe"}), ExitedWithCode(2),
              "prog: --verbose=maybe: not true or false");
  EXPECT_EXIT(Parse({"--timeout_ms"}), ExitedWithCode(2),
              "prog: --timeout_ms needs a value");
  EXPECT_EXIT(Parse({"--noverbose=1"}), ExitedWithCode(2),
              "--noverbose takes no value");
}

TEST_F(FlagsTest, AbseilsFlagFilesAreRefused) {
  EXPECT_EXIT(Parse({"--flagfile=/tmp/x"}), ExitedWithCode(2),
              "prog: --flagfile is not supported here");
}

TEST_F(FlagsTest, HelpExitsZero) {
  EXPECT_EXIT(Parse({"--help"}), ExitedWithCode(0), "");
  EXPECT_EXIT(Parse({"divide", "-h"}), ExitedWithCode(0), "");
}

TEST_F(FlagsTest, HelpListsTheProgramsOwnFlagsWithDefaults) {
  const std::string help = HelpText("Does things.\nUsage: prog [flags]");
  EXPECT_THAT(help, HasSubstr("Does things.\nUsage: prog [flags]\n\nFlags:\n"));
  EXPECT_THAT(help, HasSubstr("  --port=<port>  (default: 50051)\n"
                              "      Port to listen on.\n"));
  EXPECT_THAT(help, HasSubstr("  --target=<text>  (default: "
                              "\"localhost:50051\")\n"));
  EXPECT_THAT(help, HasSubstr("  --verbose  (default: false)\n"));
  EXPECT_THAT(help, HasSubstr("  --help\n"));
  // Not Abseil's own flags.
  EXPECT_THAT(help, ::testing::Not(HasSubstr("flagfile")));
}

TEST(CheckTargetFlagTest, PortsOfTargetsAreChecked) {
  CheckTargetFlag("target", "localhost:50051");
  CheckTargetFlag("target", "[::1]:50051");
  CheckTargetFlag("target", "unix:/tmp/socket");
  CheckTargetFlag("target", "unix-abstract:calculator");
  CheckTargetFlag("target", "dns:///example.org:443");
  EXPECT_EXIT(CheckTargetFlag("target", "localhost:99999"), ExitedWithCode(2),
              "--target=localhost:99999: a port is a number from 0 to 65535");
  EXPECT_EXIT(CheckTargetFlag("server", "localhost"), ExitedWithCode(2),
              "--server=localhost: give the port too");
  CheckTargetFlag("target", "ipv4:127.0.0.1:50071,127.0.0.1:50072");
  for (const char* bad : {"ipv4:", "ipv4:127.0.0.1", "ipv4:127.0.0.1:99999",
                          "ipv4:nosuch:1", "ipv4:127.0.0.1:1,"}) {
    EXPECT_EXIT(CheckTargetFlag("target", bad), ExitedWithCode(2),
                "ipv4: takes IP:PORT,IP:PORT")
        << bad;
  }
}

TEST(ExitWithUsageErrorTest, PrintsTheMessageAndExitsTwo) {
  EXPECT_EXIT(ExitWithUsageError("no command given"), ExitedWithCode(2),
              ": no command given\nTry '.* --help'.");
}

}  // namespace
}  // namespace common
