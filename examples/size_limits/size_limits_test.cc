// Message size limits on loopback, with the log service: what a client and
// a server see past the 4 MB default, raising the limit on either side,
// the send limit, and a stream of small messages that carries what no
// single message could.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "examples/logs/log_service.h"

namespace logs {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct Limits {
  // -1 for gRPC's default; the server's are set on its builder, the
  // client's on its channel.
  int server_receive = -1, server_send = -1;
  int client_receive = -1;
};

class Harness {
 public:
  explicit Harness(const Limits& limits) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    // [START server_limits]
    if (limits.server_receive != -1) {
      builder.SetMaxReceiveMessageSize(limits.server_receive);
    }
    if (limits.server_send != -1) {
      builder.SetMaxSendMessageSize(limits.server_send);
    }
    // [END server_limits]
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    // [START channel_limits]
    grpc::ChannelArguments arguments;
    if (limits.client_receive != -1) {
      arguments.SetMaxReceiveMessageSize(limits.client_receive);
    }
    // [END channel_limits]
    stub_ = v1::LogService::NewStub(grpc::CreateCustomChannel(
        "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials(),
        arguments));
  }

  ~Harness() { server_->Shutdown(); }

  grpc::Status GetLog(int lines) {
    grpc::ClientContext context;
    Prepare(&context);
    v1::GetLogRequest request;
    request.set_line_count(lines);
    v1::GetLogResponse response;
    grpc::Status status = stub_->GetLog(&context, request, &response);
    if (status.ok()) {
      EXPECT_EQ(response.lines_size(), lines);
    }
    return status;
  }

  grpc::Status PutLog(int lines) {
    grpc::ClientContext context;
    Prepare(&context);
    v1::PutLogRequest request;
    for (std::string& line : SampleLogLines(lines)) {
      request.add_lines(std::move(line));
    }
    v1::PutLogResponse response;
    return stub_->PutLog(&context, request, &response);
  }

  // The lines received, and the largest message among them.
  grpc::Status StreamLog(int lines, int* received, size_t* largest) {
    grpc::ClientContext context;
    Prepare(&context);
    v1::StreamLogRequest request;
    request.set_line_count(lines);
    auto reader = stub_->StreamLog(&context, request);
    v1::StreamLogResponse batch;
    *received = 0;
    *largest = 0;
    while (reader->Read(&batch)) {
      *received += batch.lines_size();
      *largest = std::max(*largest, batch.ByteSizeLong());
    }
    return reader->Finish();
  }

 private:
  static void Prepare(grpc::ClientContext* context) {
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(30));
  }

  LogServiceImpl service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::LogService::Stub> stub_;
};

// 100,000 lines are 4.6 MB as one message; 80,000 are 3.7 MB.
constexpr int kOverFourMegabytes = 100'000;
constexpr int kUnderFourMegabytes = 80'000;

// [START default_receive_limit]
TEST(SizeLimitsTest, AClientReceivesAtMost4MBByDefault) {
  Harness harness((Limits()));
  EXPECT_TRUE(harness.GetLog(kUnderFourMegabytes).ok());
  const grpc::Status status = harness.GetLog(kOverFourMegabytes);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(),
              StartsWith("Received message larger than max ("));
  EXPECT_THAT(status.error_message(), HasSubstr(" vs. 4194304)"));
}
// [END default_receive_limit]

TEST(SizeLimitsTest, AServerReceivesAtMost4MBByDefault) {
  Harness harness((Limits()));
  EXPECT_TRUE(harness.PutLog(kUnderFourMegabytes).ok());
  const grpc::Status status = harness.PutLog(kOverFourMegabytes);
  // The server refused the request; the client has the server's status.
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(),
              StartsWith("Received message larger than max ("));
}

TEST(SizeLimitsTest, EachSideRaisesTheLimitOfWhatItReceives) {
  Limits limits;
  limits.client_receive = 8 * 1024 * 1024;
  limits.server_receive = 8 * 1024 * 1024;
  Harness harness(limits);
  EXPECT_TRUE(harness.GetLog(kOverFourMegabytes).ok());
  EXPECT_TRUE(harness.PutLog(kOverFourMegabytes).ok());
}

TEST(SizeLimitsTest, ASendLimitFailsTheCallOnTheSendersSide) {
  Limits limits;
  limits.server_send = 1024 * 1024;
  Harness harness(limits);
  const grpc::Status status = harness.GetLog(30'000);  // 1.4 MB
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(),
              StartsWith("Sent message larger than max ("));
}

// [START streaming_under_the_limit]
TEST(SizeLimitsTest, AStreamOfSmallMessagesCarriesWhatOneMessageCannot) {
  Limits limits;
  limits.client_receive = 64 * 1024;  // far below the 4.6 MB
  Harness harness(limits);
  int received = 0;
  size_t largest = 0;
  ASSERT_TRUE(harness.StreamLog(kOverFourMegabytes, &received, &largest).ok());
  EXPECT_EQ(received, kOverFourMegabytes);
  EXPECT_LT(largest, 64u * 1024);  // 1,000 lines a message: about 46 KB
}
// [END streaming_under_the_limit]

}  // namespace
}  // namespace logs
