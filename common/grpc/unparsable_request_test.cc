// A request that is not the method's protobuf message (a buggy or hostile
// client) gets INVALID_ARGUMENT naming the method, in the sync and the
// callback API, instead of gRPC 1.51's INTERNAL with an empty message.
#include "common/grpc/unparsable_request.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>

#include "common/testing/raw_call.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace common {
namespace {

using ::testing::HasSubstr;

class SyncCalculator final : public calculator::v1::Calculator::Service {
  grpc::Status Divide(grpc::ServerContext*,
                      const calculator::v1::DivideRequest*,
                      calculator::v1::DivideResponse* response) override {
    response->set_quotient(1);
    return grpc::Status::OK;
  }
};

class CallbackCalculator final
    : public calculator::v1::Calculator::CallbackService {
  grpc::ServerUnaryReactor* Divide(
      grpc::CallbackServerContext* context,
      const calculator::v1::DivideRequest*,
      calculator::v1::DivideResponse* response) override {
    response->set_quotient(1);
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

grpc::Status CallWithBytes(const std::shared_ptr<grpc::Channel>& channel,
                           const std::string& bytes) {
  return testing_util::CallWithBytes(channel,
                                     "/calculator.v1.Calculator/Divide", bytes);
}

template <typename Service>
void ExpectUnparsableRequestsExplained() {
  Service service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&service);
  // As common::RunServerUntilSignal installs it: first in the list.
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      factories;
  factories.push_back(std::make_unique<ExplainUnparsableRequestFactory>());
  builder.experimental().SetInterceptorCreators(std::move(factories));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(port, 0);
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                     grpc::InsecureChannelCredentials());

  // 0xff is no valid field key: the bytes cannot be a DivideRequest.
  grpc::Status status = CallWithBytes(channel, "\xff\xff\xff\xff");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "the request is not a valid message of "
            "/calculator.v1.Calculator/Divide (not protobuf, or another "
            "message type)");

  // A good request is untouched, and so are the handler's own errors.
  calculator::v1::DivideRequest good;
  good.set_dividend(6);
  good.set_divisor(3);
  EXPECT_TRUE(CallWithBytes(channel, good.SerializeAsString()).ok());
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
}

TEST(UnparsableRequestTest, SyncServiceSaysInvalidArgument) {
  ExpectUnparsableRequestsExplained<SyncCalculator>();
}

TEST(UnparsableRequestTest, CallbackServiceSaysInvalidArgument) {
  ExpectUnparsableRequestsExplained<CallbackCalculator>();
}

}  // namespace
}  // namespace common
