// The bidirectional-streaming exercise's test
// (exercises/bidi_streaming/README.md).
#include <absl/strings/ascii.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "common/testing/loopback_server.h"
#include "exercises/bidi_streaming/service.h"

namespace exercises::bidi_streaming {
namespace {

class ShoutTest : public ::testing::Test {
 protected:
  ShoutService service_;
  testing_util::LoopbackServer server_{{&service_}};
  std::unique_ptr<v1::ShoutService::Stub> stub_ =
      v1::ShoutService::NewStub(server_.NewChannel());
};

TEST_F(ShoutTest, AnswersEachMessageBeforeTheNextIsSent) {
  grpc::ClientContext context;
  // Short, so that a server that waits for the half-close fails the test
  // quickly instead of hanging it.
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(2));
  auto stream = stub_->Shout(&context);
  for (const std::string& text :
       {std::string("hello"), std::string("are you there?")}) {
    v1::ShoutRequest request;
    request.set_text(text);
    ASSERT_TRUE(stream->Write(request));
    v1::ShoutResponse response;
    ASSERT_TRUE(stream->Read(&response))
        << "no answer to '" << text
        << "' while the client's side of the stream was open";
    EXPECT_EQ(response.text(), absl::AsciiStrToUpper(text));
  }
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

}  // namespace
}  // namespace exercises::bidi_streaming
