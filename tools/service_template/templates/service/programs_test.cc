// The real programs as a user runs them: each server binary on a free port,
// the client's four commands against it, and a clean exit on SIGTERM.
//
// Usage (from BUILD): programs_test <sync_server> <callback_server> <client>
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdio>
#include <string>
#include <vector>

#include "common/testing/child_process.h"

namespace {{name}} {
namespace {

std::vector<std::string> program_paths;  // sync_server, callback_server, client

struct ClientRun {
  int exit_code;
  std::string output;
};

ClientRun RunClient(const std::string& address,
                    const std::vector<std::string>& args) {
  std::vector<std::string> command = {program_paths[2], "--target=" + address};
  command.insert(command.end(), args.begin(), args.end());
  testing_util::ChildProcess client(command);
  const int exit_code = client.WaitForExit();
  return {exit_code, client.output()};
}

class ProgramsTest : public ::testing::TestWithParam<int> {};

TEST_P(ProgramsTest, TheClientsCommandsWorkAndTheServerExitsCleanly) {
  testing_util::ChildProcess server(
      {program_paths[GetParam()], "--host=127.0.0.1", "--port=0"});
  const std::string address = server.WaitUntilListening();
  ASSERT_FALSE(address.empty()) << server.output();

  ClientRun add = RunClient(address, {"add", "apple=3", "pear=2"});
  EXPECT_EQ(add.exit_code, 0) << add.output;
  EXPECT_EQ(add.output, "added 2 items\n");

  ClientRun update = RunClient(address, {"update", "apple=1", "apple=1"});
  EXPECT_EQ(update.exit_code, 0) << update.output;
  EXPECT_EQ(update.output, "apple 4\napple 5\n");

  ClientRun list = RunClient(address, {"list"});
  EXPECT_EQ(list.exit_code, 0) << list.output;
  EXPECT_EQ(list.output, "apple 5\npear 2\n");

  ClientRun get = RunClient(address, {"get", "kiwi"});
  EXPECT_EQ(get.exit_code, 1);
  EXPECT_EQ(get.output, "error: NOT_FOUND: no item is called 'kiwi'\n");

  server.Signal(SIGTERM);
  EXPECT_EQ(server.WaitForExit(), 0) << server.output();
}

TEST(ClientTest, ABadArgumentIsAUsageError) {
  ClientRun run = RunClient("127.0.0.1:1", {"add", "apple"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("'apple' is not <name>=<quantity>"),
            std::string::npos)
      << run.output;
}

INSTANTIATE_TEST_SUITE_P(BothServers, ProgramsTest, ::testing::Values(0, 1),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == 0 ? "Sync" : "Callback";
                         });

}  // namespace
}  // namespace {{name}}

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) {{name}}::program_paths.push_back(argv[i]);
  if ({{name}}::program_paths.size() != 3) {
    std::fprintf(stderr, "usage: %s <sync_server> <callback_server> <client>\n",
                 argv[0]);
    return 2;
  }
  return RUN_ALL_TESTS();
}
