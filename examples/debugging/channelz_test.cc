// channelz in one process: a calculator server with the channelz service, a
// channel to it that makes three calls (two succeed, one fails), and the
// report that counts them on the server, the channel, its subchannel and the
// connection.
#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/ext/channelz_service_plugin.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>

#include "common/testing/test_arguments.h"
#include "examples/calculator/sync_service.h"
#include "examples/debugging/channelz_report.h"

namespace debugging {
namespace {

TEST_ARGUMENTS("channelz_test <channelz.desc>", 1);

using ::testing::HasSubstr;

class ChannelzTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // [START enable_channelz]
    // Before the server is built: adds the grpc.channelz.v1.Channelz service.
    grpc::channelz::experimental::InitChannelzService();
    // [END enable_channelz]
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&calculator_);
    server_ = builder.BuildAndStart();
    ASSERT_GT(port, 0);
    address_ = "127.0.0.1:" + std::to_string(port);
  }
  void TearDown() override { server_->Shutdown(); }

  // A channel of its own: channels to one target with the same arguments
  // share their connection (see the test below), and the report's calls
  // should not count with the calculator's.
  std::string Report() {
    grpc::ChannelArguments arguments;
    arguments.SetString("example.channel", "channelz report");
    auto channelz =
        grpc::channelz::v1::Channelz::NewStub(grpc::CreateCustomChannel(
            address_, grpc::InsecureChannelCredentials(), arguments));
    std::string report;
    const grpc::Status status =
        ChannelzReport(*channelz, std::chrono::seconds(10), &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::cout << report;
    return report;
  }

  static void Divide(calculator::v1::Calculator::Stub& stub, int divisor) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    calculator::v1::DivideRequest request;
    request.set_dividend(17);
    request.set_divisor(divisor);
    calculator::v1::DivideResponse response;
    stub.Divide(&context, request, &response);
  }

  std::unique_ptr<calculator::v1::Calculator::Stub> NewStub() {
    return calculator::v1::Calculator::NewStub(
        grpc::CreateChannel(address_, grpc::InsecureChannelCredentials()));
  }

  calculator::SyncCalculatorService calculator_{
      [](const calculator::CallOutcome&) {}};
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

// [START channelz_test]
TEST_F(ChannelzTest, TheReportCountsCallsAtEveryLevel) {
  auto stub = NewStub();
  for (int divisor : {5, 3, 0}) Divide(*stub, divisor);  // 0: INVALID_ARGUMENT
  const std::string report = Report();
  EXPECT_THAT(report, HasSubstr("channel to " + address_ +
                                " (READY): calls 3 started, 2 succeeded, "
                                "1 failed\n"
                                "  subchannel ipv4:" +
                                address_ +
                                " (READY): calls 3 started, 2 succeeded, "
                                "1 failed\n"
                                "    connection to " +
                                address_ +
                                ": streams 3 started, 3 succeeded, 0 failed; "
                                "messages 3 sent, 2 received\n"));
  // The server's side of the same connection.
  EXPECT_THAT(report, HasSubstr("  connection from 127.0.0.1: streams 3 "
                                "started, 3 succeeded, 0 failed; messages 2 "
                                "sent, 3 received\n"));
}
// [END channelz_test]

TEST_F(ChannelzTest, TwoChannelsToOneTargetShareAConnection) {
  auto first = NewStub();
  auto second = NewStub();
  for (int i = 0; i < 2; ++i) {
    Divide(*first, 5);
    Divide(*second, 5);
  }
  const std::string report = Report();
  // Two channels, two calls each...
  EXPECT_THAT(report, HasSubstr("channel to " + address_ +
                                " (READY): calls 2 started, 2 succeeded, "
                                "0 failed\n"));
  // ... and both channels' subchannel is one, with one connection: gRPC
  // shares them between channels with the same target and arguments.
  EXPECT_THAT(report, HasSubstr("  subchannel ipv4:" + address_ +
                                " (READY): calls 4 started, 4 succeeded, "
                                "0 failed\n"));
  EXPECT_THAT(report, HasSubstr("  connection from 127.0.0.1: streams 4 "
                                "started, 4 succeeded, 0 failed"));
}

// protoc writes each field's json_name into a descriptor set; a compiled-in
// descriptor has them only where the .proto sets one (nowhere here).
void ClearJsonNames(google::protobuf::DescriptorProto* message) {
  for (auto& field : *message->mutable_field()) field.clear_json_name();
  for (auto& nested : *message->mutable_nested_type()) ClearJsonNames(&nested);
}

// The channelz headers are made from Debian's grpc-proto package, the
// library from gRPC 1.51's own copy of the proto: they must be the same
// file, or the headers would describe classes the library does not have.
TEST(ChannelzHeadersTest, DescribeTheProtoTheLibraryWasBuiltFrom) {
  std::ifstream file(testing_util::TestArgument(0), std::ios::binary);
  google::protobuf::FileDescriptorSet set;
  ASSERT_TRUE(set.ParseFromIstream(&file)) << testing_util::TestArgument(0);
  google::protobuf::DescriptorPool pool;
  const google::protobuf::FileDescriptor* ours = nullptr;
  for (const google::protobuf::FileDescriptorProto& proto : set.file()) {
    ours = pool.BuildFile(proto);  // imports first, channelz.proto last
    ASSERT_NE(ours, nullptr) << proto.name();
  }
  const google::protobuf::FileDescriptor* library =
      google::protobuf::DescriptorPool::generated_pool()->FindFileByName(
          "src/proto/grpc/channelz/channelz.proto");
  ASSERT_NE(library, nullptr);
  google::protobuf::FileDescriptorProto ours_proto, library_proto;
  ours->CopyTo(&ours_proto);
  for (auto& message : *ours_proto.mutable_message_type()) {
    ClearJsonNames(&message);
  }
  library->CopyTo(&library_proto);
  EXPECT_TRUE(ours_proto.SerializeAsString() ==
              library_proto.SerializeAsString())
      << "Debian's channelz.proto differs from the one libgrpcpp_channelz was "
         "built from";
}

}  // namespace
}  // namespace debugging
