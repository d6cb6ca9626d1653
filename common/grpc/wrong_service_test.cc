// ExplainWrongService() against real servers on loopback: one that serves
// the calculator with reflection (reflection_test_server, a child process),
// one without reflection (in-process), and none at all.
#include "common/grpc/wrong_service.h"

#include <gtest/gtest.h>

#include "common/testing/child_process.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace common {
namespace {

const grpc::Status kUnimplemented(grpc::StatusCode::UNIMPLEMENTED, "");

std::string server_path;

class WrongServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing_util::ChildProcess>(
        std::vector<std::string>{server_path});
    target_ = server_->WaitUntilListening();
    ASSERT_FALSE(target_.empty()) << server_->output();
    channel_ = grpc::CreateChannel(target_, grpc::InsecureChannelCredentials());
  }

  std::unique_ptr<testing_util::ChildProcess> server_;
  std::string target_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(WrongServiceTest, SaysWhichServiceIsThereInstead) {
  const grpc::Status explained = ExplainWrongService(
      kUnimplemented, channel_, target_, "meter.v1.MeterService");
  EXPECT_EQ(explained.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(explained.error_message(),
            target_ +
                " serves calculator.v1.Calculator, not meter.v1.MeterService "
                "(is the port right?)");
}

TEST_F(WrongServiceTest, TheRightServiceWithAMissingMethodStaysAsItIs) {
  const grpc::Status explained = ExplainWrongService(
      kUnimplemented, channel_, target_, "calculator.v1.Calculator");
  EXPECT_EQ(explained.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(explained.error_message(), "");
}

TEST_F(WrongServiceTest, AServersOwnMessageStaysAsItIs) {
  const grpc::Status status(grpc::StatusCode::UNIMPLEMENTED,
                            "uploads are not supported here");
  EXPECT_EQ(
      ExplainWrongService(status, channel_, target_, "meter.v1.MeterService")
          .error_message(),
      "uploads are not supported here");
}

TEST_F(WrongServiceTest, OtherStatusesStayAsTheyAre) {
  const grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT, "bad");
  EXPECT_EQ(
      ExplainWrongService(status, channel_, target_, "x.v1.X").error_message(),
      "bad");
  EXPECT_TRUE(
      ExplainWrongService(grpc::Status::OK, channel_, target_, "x.v1.X").ok());
}

TEST(WrongServiceWithoutServerTest, NothingToAddWhenNobodyAnswers) {
  auto channel =
      grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  const grpc::Status explained =
      ExplainWrongService(kUnimplemented, channel, "127.0.0.1:1", "x.v1.X",
                          std::chrono::milliseconds(200));
  EXPECT_EQ(explained.error_message(), "");
}

TEST(WrongServiceNoReflectionTest, SaysTheServerDoesNotServeIt) {
  calculator::v1::Calculator::Service calculator;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&calculator);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_GT(port, 0);
  const std::string target = "127.0.0.1:" + std::to_string(port);
  const grpc::Status explained = ExplainWrongService(
      kUnimplemented,
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()), target,
      "meter.v1.MeterService");
  EXPECT_EQ(explained.error_message(),
            target +
                " does not know this method of meter.v1.MeterService "
                "(another service? it offers no reflection to say what it "
                "serves)");
  server->Shutdown();
}

}  // namespace
}  // namespace common

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 2) {
    std::cerr << "usage: wrong_service_test <reflection_test_server>"
              << std::endl;
    return 2;
  }
  common::server_path = argv[1];
  return RUN_ALL_TESTS();
}
