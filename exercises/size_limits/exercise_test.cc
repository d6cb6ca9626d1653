// The size-limit exercise's test (exercises/size_limits/README.md).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "common/testing/loopback_server.h"
#include "exercises/size_limits/service.h"

namespace exercises::size_limits {
namespace {

class UploadTest : public ::testing::Test {
 protected:
  grpc::Status Upload(size_t bytes, int64_t* size) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    v1::UploadRequest request;
    request.set_data(std::string(bytes, 'x'));
    v1::UploadResponse response;
    grpc::Status status = stub_->Upload(&context, request, &response);
    *size = response.size();
    return status;
  }

  UploadService service_;
  testing_util::LoopbackServer server_{{&service_}, ConfigureServer};
  std::unique_ptr<v1::UploadService::Stub> stub_ =
      v1::UploadService::NewStub(server_.NewChannel());
};

TEST_F(UploadTest, TakesUploadsOfUpToTheLimit) {
  int64_t size = 0;
  for (size_t bytes : {size_t{5} << 20, kMaxUploadBytes - 16}) {
    grpc::Status status = Upload(bytes, &size);
    ASSERT_TRUE(status.ok()) << bytes << " bytes: " << status.error_code()
                             << " " << status.error_message();
    EXPECT_EQ(size, static_cast<int64_t>(bytes));
  }
}

TEST_F(UploadTest, RefusesLargerOnes) {
  int64_t size = 0;
  EXPECT_EQ(Upload(kMaxUploadBytes + 1, &size).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(Upload(size_t{64} << 20, &size).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED)
      << "64 MiB: is there a limit at all?";
}

}  // namespace
}  // namespace exercises::size_limits
