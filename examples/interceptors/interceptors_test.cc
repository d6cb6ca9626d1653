// The interceptors of common/grpc on a real server and channel on loopback,
// against the calculator in both server styles: the request id's round trip
// in all four call modes, one record and one count per call with its
// status, cancellation, and unknown methods kept out of the metrics.
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/grpc/call_metrics.h"
#include "common/grpc/client_interceptors.h"
#include "common/grpc/metadata_rules.h"
#include "common/grpc/server_interceptors.h"
#include "examples/calculator/calculator_logic.h"
#include "examples/calculator/callback_service.h"
#include "examples/calculator/sync_service.h"
#include "examples/interceptors/registry_value.h"

namespace {

using calculator::v1::Calculator;
using common::CallMetrics;
using common::CallRecord;
using ::testing::MatchesRegex;
using ::testing::StartsWith;
using testing_util::Value;

std::string TrailerRequestId(const grpc::ClientContext& context) {
  return common::FindMetadata(context.GetServerTrailingMetadata(),
                              common::kRequestIdKey)
      .value_or("(absent)");
}

enum class Style { kSync, kCallback };

class InterceptorsTest : public ::testing::TestWithParam<Style> {
 protected:
  void SetUp() override {
    auto ignore = [](const calculator::CallOutcome&) {};
    if (GetParam() == Style::kSync) {
      service_ = std::make_unique<calculator::SyncCalculatorService>(ignore);
    } else {
      service_ =
          std::make_unique<calculator::CallbackCalculatorService>(ignore);
    }
    // [START install_server_interceptors]
    std::vector<
        std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        server_interceptors;
    server_interceptors.push_back(
        std::make_unique<common::EchoRequestIdFactory>());
    server_interceptors.push_back(std::make_unique<common::ObserveCallsFactory>(
        [this](const CallRecord& record) { Record(record); },
        &server_metrics_));
    grpc::ServerBuilder builder;
    builder.experimental().SetInterceptorCreators(
        std::move(server_interceptors));
    // [END install_server_interceptors]
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_GT(port, 0);

    // [START install_client_interceptors]
    std::vector<
        std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
        client_interceptors;
    client_interceptors.push_back(
        std::make_unique<common::AddRequestIdFactory>());
    client_interceptors.push_back(
        std::make_unique<common::ObserveClientCallsFactory>(&client_metrics_));
    channel_ = grpc::experimental::CreateCustomChannelWithInterceptors(
        "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials(),
        grpc::ChannelArguments(), std::move(client_interceptors));
    // [END install_client_interceptors]
    stub_ = Calculator::NewStub(channel_);
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  void Record(const CallRecord& record) {
    std::lock_guard<std::mutex> lock(mu_);
    records_.push_back(record);
    recorded_.notify_all();
  }

  // The server's interceptor records a call before its status goes out,
  // so the record is there once the client has the status: no waiting.
  std::vector<CallRecord> Records() {
    std::lock_guard<std::mutex> lock(mu_);
    return records_;
  }

  // A client that cancels has its status at once, without the server's:
  // the server's record comes when its handler returns.
  std::vector<CallRecord> WaitForRecords(size_t count) {
    std::unique_lock<std::mutex> lock(mu_);
    EXPECT_TRUE(recorded_.wait_for(lock, std::chrono::seconds(10),
                                   [&] { return records_.size() >= count; }))
        << "only " << records_.size() << " of " << count << " records";
    return records_;
  }

  static void Prepare(grpc::ClientContext* context) {
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
  }

  prometheus::Registry registry_;
  const CallMetrics server_metrics_{
      registry_, CallMetrics::Side::kServer, {"calculator.v1.Calculator"}};
  const CallMetrics client_metrics_{
      registry_, CallMetrics::Side::kClient, {"calculator.v1.Calculator"}};
  // Before the server, so that they outlive it (its interceptors record
  // into them until it is gone).
  std::mutex mu_;
  std::condition_variable recorded_;
  std::vector<CallRecord> records_;
  std::unique_ptr<grpc::Service> service_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<Calculator::Stub> stub_;
};

TEST_P(InterceptorsTest, TheRequestIdRoundTripsInAllFourModes) {
  std::vector<std::string> echoed;
  {
    grpc::ClientContext context;
    Prepare(&context);
    calculator::v1::DivideRequest request;
    request.set_dividend(17);
    request.set_divisor(5);
    calculator::v1::DivideResponse response;
    ASSERT_TRUE(stub_->Divide(&context, request, &response).ok());
    echoed.push_back(TrailerRequestId(context));
  }
  {
    grpc::ClientContext context;
    Prepare(&context);
    calculator::v1::ListPrimesRequest request;
    request.set_start(100);
    request.set_count(2);
    auto reader = stub_->ListPrimes(&context, request);
    calculator::v1::Prime prime;
    while (reader->Read(&prime)) {
    }
    ASSERT_TRUE(reader->Finish().ok());
    echoed.push_back(TrailerRequestId(context));
  }
  {
    grpc::ClientContext context;
    Prepare(&context);
    calculator::v1::Summary summary;
    auto writer = stub_->Summarize(&context, &summary);
    calculator::v1::Number number;
    number.set_value(3);
    ASSERT_TRUE(writer->Write(number));
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
    echoed.push_back(TrailerRequestId(context));
  }
  {
    grpc::ClientContext context;
    Prepare(&context);
    // The caller's own id wins over a generated one.
    context.AddMetadata(common::kRequestIdKey, "caller-chose-this");
    auto stream = stub_->RunningSum(&context);
    calculator::v1::Number number;
    number.set_value(3);
    calculator::v1::RunningTotal total;
    ASSERT_TRUE(stream->Write(number));
    ASSERT_TRUE(stream->Read(&total));
    stream->WritesDone();
    ASSERT_TRUE(stream->Finish().ok());
    echoed.push_back(TrailerRequestId(context));
  }
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_THAT(echoed[i], MatchesRegex("[0-9a-f]{16}")) << i;
  }
  EXPECT_EQ(echoed[3], "caller-chose-this");
  // One id per call.
  EXPECT_EQ(std::set<std::string>(echoed.begin(), echoed.end()).size(), 4u);

  // The server's records carry the same ids, one record per call.
  std::vector<CallRecord> records = Records();
  ASSERT_EQ(records.size(), 4u);
  std::vector<std::string> logged;
  for (const CallRecord& record : records) logged.push_back(record.request_id);
  EXPECT_THAT(logged, ::testing::UnorderedElementsAreArray(echoed));
}

TEST_P(InterceptorsTest, AFailingCallIsLoggedAndCountedWithItsStatus) {
  grpc::ClientContext context;
  Prepare(&context);
  calculator::v1::DivideRequest request;
  request.set_dividend(1);
  request.set_divisor(0);
  calculator::v1::DivideResponse response;
  ASSERT_EQ(stub_->Divide(&context, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  ASSERT_EQ(Records().size(), 1u);
  const CallRecord record = Records()[0];
  EXPECT_EQ(record.method, "/calculator.v1.Calculator/Divide");
  EXPECT_EQ(record.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(record.peer, StartsWith("ipv4:127.0.0.1:"));
  EXPECT_EQ(record.request_id, TrailerRequestId(context));
  EXPECT_GT(record.seconds, 0);
  EXPECT_THAT(common::FormatCallRecord(record),
              MatchesRegex("/calculator.v1.Calculator/Divide "
                           "peer=ipv4:127.0.0.1:[0-9]+ code=INVALID_ARGUMENT "
                           "ms=[0-9.]+ request_id=[0-9a-f]{16}"));

  const std::map<std::string, std::string> divide = {
      {"grpc_service", "calculator.v1.Calculator"},
      {"grpc_method", "Divide"},
      {"grpc_type", "unary"},
      {"grpc_code", "INVALID_ARGUMENT"}};
  EXPECT_EQ(Value(registry_, "grpc_server_handled_total", divide), 1);
  EXPECT_EQ(Value(registry_, "grpc_client_handled_total", divide), 1);
  auto ok = divide;
  ok["grpc_code"] = "OK";
  EXPECT_EQ(Value(registry_, "grpc_server_handled_total", ok), -1);
}

TEST_P(InterceptorsTest, BothSidesSeeACancellation) {
  grpc::ClientContext context;
  Prepare(&context);
  calculator::v1::ListPrimesRequest request;
  request.set_start(1);
  request.set_count(calculator::kMaxPrimeCount);
  auto reader = stub_->ListPrimes(&context, request);
  calculator::v1::Prime prime;
  ASSERT_TRUE(reader->Read(&prime));
  context.TryCancel();
  while (reader->Read(&prime)) {
  }
  ASSERT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);

  const CallRecord record = WaitForRecords(1).at(0);
  EXPECT_EQ(record.method, "/calculator.v1.Calculator/ListPrimes");
  EXPECT_EQ(record.code, grpc::StatusCode::CANCELLED);
  const std::map<std::string, std::string> cancelled = {
      {"grpc_service", "calculator.v1.Calculator"},
      {"grpc_method", "ListPrimes"},
      {"grpc_type", "server_stream"},
      {"grpc_code", "CANCELLED"}};
  EXPECT_EQ(Value(registry_, "grpc_server_handled_total", cancelled), 1);
  EXPECT_EQ(Value(registry_, "grpc_client_handled_total", cancelled), 1);
}

TEST_P(InterceptorsTest, UnknownMethodsShareOneSeries) {
  // A client may call any path; each must not become series of its own.
  grpc::GenericStub generic(channel_);
  for (const char* path :
       {"/no.Such/Method", "/calculator.v1.Calculator/Nope"}) {
    grpc::ClientContext context;
    Prepare(&context);
    grpc::Slice empty(std::string(""));
    grpc::ByteBuffer request(&empty, 1), response;
    std::mutex mu;
    std::condition_variable done;
    std::optional<grpc::Status> status;
    generic.UnaryCall(&context, path, grpc::StubOptions(), &request, &response,
                      [&](grpc::Status s) {
                        std::lock_guard<std::mutex> lock(mu);
                        status = s;
                        done.notify_all();
                      });
    std::unique_lock<std::mutex> lock(mu);
    done.wait(lock, [&] { return status.has_value(); });
    EXPECT_EQ(status->error_code(), grpc::StatusCode::UNIMPLEMENTED);
  }
  EXPECT_EQ(Records().size(), 2u);
  const std::map<std::string, std::string> unknown = {
      {"grpc_service", "unknown"},
      {"grpc_method", "unknown"},
      {"grpc_type", "unknown"},
      {"grpc_code", "UNIMPLEMENTED"}};
  EXPECT_EQ(Value(registry_, "grpc_server_handled_total", unknown), 2);
  EXPECT_EQ(Value(registry_, "grpc_client_handled_total", unknown), 2);
  for (const auto& family : registry_.Collect()) {
    for (const auto& metric : family.metric) {
      for (const auto& label : metric.label) {
        EXPECT_NE(label.value, "no.Such") << family.name;
        EXPECT_NE(label.value, "Nope") << family.name;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(BothServerStyles, InterceptorsTest,
                         ::testing::Values(Style::kSync, Style::kCallback),
                         [](const auto& info) {
                           return info.param == Style::kSync ? "Sync"
                                                             : "Callback";
                         });

}  // namespace
