// The metadata exercise's test (exercises/metadata/README.md).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "common/testing/loopback_server.h"
#include "exercises/metadata/service.h"

namespace exercises::metadata {
namespace {

class RequestIdTest : public ::testing::Test {
 protected:
  // Greets with `request_id` in the metadata ("" sends none) and returns the
  // request id the answer's initial metadata carries ("" if none).
  std::string GreetAndGetRequestId(const std::string& request_id) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    if (!request_id.empty()) context.AddMetadata(kRequestIdKey, request_id);
    v1::GreetRequest request;
    request.set_name("Ada");
    v1::GreetResponse response;
    grpc::Status status = stub_->Greet(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.message(), "Hello, Ada!");
    const auto& metadata = context.GetServerInitialMetadata();
    auto found = metadata.find(kRequestIdKey);
    return found == metadata.end()
               ? ""
               : std::string(found->second.data(), found->second.size());
  }

  GreeterService service_;
  testing_util::LoopbackServer server_{{&service_}};
  std::unique_ptr<v1::GreeterService::Stub> stub_ =
      v1::GreeterService::NewStub(server_.NewChannel());
};

TEST_F(RequestIdTest, TheClientsRequestIdComesBack) {
  EXPECT_EQ(GreetAndGetRequestId("order-7f3a"), "order-7f3a");
}

TEST_F(RequestIdTest, WithoutOneTheServerMakesUpADifferentOneEachCall) {
  const std::string first = GreetAndGetRequestId("");
  const std::string second = GreetAndGetRequestId("");
  EXPECT_FALSE(first.empty()) << "no " << kRequestIdKey << " in the answer";
  EXPECT_NE(first, second);
}

}  // namespace
}  // namespace exercises::metadata
