// The meter_client binary against the real grpc_server, both as child
// processes: a watch runs until Ctrl-C or the end of its input, whatever
// --timeout_ms says, switches subject from stdin, and a client pointed at
// another service says which one it found.
//
// Usage (from BUILD):
//   meter_client_test <meter_client> <grpc_server> <reflection_test_server>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/testing/child_process.h"

namespace meter {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing_util::ChildProcess;

std::string client_path;
std::string server_path;
std::string other_server_path;

class MeterClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path db =
        fs::path(std::getenv("TEST_TMPDIR")) /
        (::testing::UnitTest::GetInstance()->current_test_info()->name() +
         std::string(".db"));
    server_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        server_path, "--host=127.0.0.1", "--port=0", "--db=" + db.string()});
    address_ = server_->WaitUntilListening();
    ASSERT_FALSE(address_.empty()) << server_->output();
  }

  std::unique_ptr<ChildProcess> Client(std::vector<std::string> args,
                                       bool pipe_stdin = false) {
    args.insert(args.begin(), {client_path, "--target=" + address_});
    return std::make_unique<ChildProcess>(args, pipe_stdin);
  }

  // Uploads one reading to `meter` with a second client.
  void Upload(const std::string& meter, const std::string& row) {
    const fs::path csv = fs::path(std::getenv("TEST_TMPDIR")) / "one.csv";
    {
      std::ofstream out(csv);
      out << "time,meterusage\n" << row << "\n";
    }
    auto upload = Client({"--meter=" + meter, "upload", csv.string()});
    EXPECT_EQ(upload->WaitForExit(), 0) << upload->output();
  }

  std::unique_ptr<ChildProcess> server_;
  std::string address_;
};

TEST_F(MeterClientTest, AWatchOutlivesTheCallTimeoutAndEndsAtTheEndOfInput) {
  auto watch = Client({"--timeout_ms=200", "watch"}, /*pipe_stdin=*/true);
  ASSERT_TRUE(watch->WaitForOutput("watching meter home at raw"))
      << watch->output();
  // Time itself is what this test is about: well past --timeout_ms, the
  // watch must still deliver.
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  Upload("home", "2021-06-01 00:15:00,1.5");
  ASSERT_TRUE(watch->WaitForOutput("2021-06-01T00:15:00Z 1.5 kWh"))
      << watch->output();
  watch->CloseInput();  // Ctrl-D
  EXPECT_EQ(watch->WaitForExit(), 0) << watch->output();
}

TEST_F(MeterClientTest, CtrlCStopsAWatchCleanly) {
  auto watch = Client({"watch"}, /*pipe_stdin=*/true);
  ASSERT_TRUE(watch->WaitForOutput("watching meter home at raw"))
      << watch->output();
  watch->Signal(SIGINT);
  EXPECT_EQ(watch->WaitForExit(), 0) << watch->output();
  EXPECT_THAT(watch->output(), HasSubstr("watch stopped"));
}

TEST_F(MeterClientTest, AWatchSwitchesMeterAndResolutionFromStdin) {
  Upload("garage", "2021-06-01 00:15:00,2");
  auto watch = Client({"watch"}, /*pipe_stdin=*/true);
  ASSERT_TRUE(watch->WaitForOutput("watching meter home at raw"));
  ASSERT_TRUE(watch->WriteInput("garage hourly\n"));
  // The resolution goes by the name the CLI and the HTTP API use.
  ASSERT_TRUE(watch->WaitForOutput("watching meter garage at hourly"))
      << watch->output();
  Upload("garage", "2021-06-01 00:30:00,3");
  ASSERT_TRUE(watch->WaitForOutput("2021-06-01T01:00:00Z 5 kWh"))
      << watch->output();
  watch->CloseInput();
  EXPECT_EQ(watch->WaitForExit(), 0) << watch->output();
}

TEST_F(MeterClientTest, AClientAtAnotherServiceSaysWhichOneItFound) {
  ChildProcess other({other_server_path});
  const std::string other_address = other.WaitUntilListening();
  ASSERT_FALSE(other_address.empty()) << other.output();
  ChildProcess client({client_path, "--target=" + other_address, "meters"});
  EXPECT_EQ(client.WaitForExit(), 1);
  EXPECT_THAT(client.output(),
              HasSubstr("error: UNIMPLEMENTED: " + other_address +
                        " serves calculator.v1.Calculator, not "
                        "meter.v1.MeterService (is the port right?)"));
}

}  // namespace
}  // namespace meter

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 4) {
    std::cerr << "usage: meter_client_test <meter_client> <grpc_server> "
                 "<reflection_test_server>"
              << std::endl;
    return 2;
  }
  meter::client_path = argv[1];
  meter::server_path = argv[2];
  meter::other_server_path = argv[3];
  return RUN_ALL_TESTS();
}
