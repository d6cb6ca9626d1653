// ObserveCalls in detail: whose status a server's record carries when the
// client cancels and the handler does not notice (both server styles), and
// the log line a client cannot forge.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/grpc/call_metrics.h"
#include "common/grpc/client_interceptors.h"
#include "common/grpc/server_interceptors.h"
#include "examples/interceptors/registry_value.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace {

using calculator::v1::Calculator;
using common::CallMetrics;
using common::CallRecord;
using ::testing::HasSubstr;
using testing_util::Value;

enum class Style { kSync, kCallback };

// A Divide that waits for the client to cancel and then answers OK, as a
// handler that ignores cancellation would. `started` is set once it runs.
class IgnoresCancellationSync final : public Calculator::Service {
 public:
  explicit IgnoresCancellationSync(std::promise<void>* started)
      : started_(started) {}
  grpc::Status Divide(grpc::ServerContext* context,
                      const calculator::v1::DivideRequest*,
                      calculator::v1::DivideResponse*) override {
    started_->set_value();
    // The sync API has no cancellation callback: poll.
    while (!context->IsCancelled()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return grpc::Status::OK;
  }
  std::promise<void>* started_;
};

class IgnoresCancellationCallback final : public Calculator::CallbackService {
 public:
  explicit IgnoresCancellationCallback(std::promise<void>* started)
      : started_(started) {}
  grpc::ServerUnaryReactor* Divide(grpc::CallbackServerContext*,
                                   const calculator::v1::DivideRequest*,
                                   calculator::v1::DivideResponse*) override {
    class Reactor : public grpc::ServerUnaryReactor {
      void OnCancel() override { Finish(grpc::Status::OK); }
      void OnDone() override { delete this; }
    };
    auto* reactor = new Reactor();
    started_->set_value();
    return reactor;
  }
  std::promise<void>* started_;
};

// A call the client cancelled while the handler ignored it and then
// returned OK: what each side's interceptor reported.
void ExpectAnIgnoredCancelIsOkOnTheServerOnly(Style style) {
  std::promise<void> started;
  IgnoresCancellationSync sync_service(&started);
  IgnoresCancellationCallback callback_service(&started);
  std::promise<CallRecord> recorded;
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      server_interceptors;
  server_interceptors.push_back(std::make_unique<common::ObserveCallsFactory>(
      [&recorded](const CallRecord& record) { recorded.set_value(record); },
      nullptr));
  grpc::ServerBuilder builder;
  builder.experimental().SetInterceptorCreators(std::move(server_interceptors));
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  if (style == Style::kSync) {
    builder.RegisterService(&sync_service);
  } else {
    builder.RegisterService(&callback_service);
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  prometheus::Registry registry;
  const CallMetrics client_metrics(registry, CallMetrics::Side::kClient,
                                   {"calculator.v1.Calculator"});
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      client_interceptors;
  client_interceptors.push_back(
      std::make_unique<common::ObserveClientCallsFactory>(&client_metrics));
  auto stub = Calculator::NewStub(
      grpc::experimental::CreateCustomChannelWithInterceptors(
          "127.0.0.1:" + std::to_string(port),
          grpc::InsecureChannelCredentials(), grpc::ChannelArguments(),
          std::move(client_interceptors)));

  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  std::thread caller([&] {
    calculator::v1::DivideRequest request;
    calculator::v1::DivideResponse response;
    EXPECT_EQ(stub->Divide(&context, request, &response).error_code(),
              grpc::StatusCode::CANCELLED);
  });
  started.get_future().wait();
  context.TryCancel();
  caller.join();
  // [START ignored_cancel]
  // The server's interceptor reports what the handler returned, the
  // client's what the client saw.
  EXPECT_EQ(recorded.get_future().get().code, grpc::StatusCode::OK);
  EXPECT_EQ(Value(registry, "grpc_client_handled_total",
                  {{"grpc_service", "calculator.v1.Calculator"},
                   {"grpc_method", "Divide"},
                   {"grpc_type", "unary"},
                   {"grpc_code", "CANCELLED"}}),
            1);
  // [END ignored_cancel]
  server->Shutdown();
}

TEST(ObserveCallsTest, AnIgnoredCancelIsOkOnTheServerOnlySync) {
  ExpectAnIgnoredCancelIsOkOnTheServerOnly(Style::kSync);
}

TEST(ObserveCallsTest, AnIgnoredCancelIsOkOnTheServerOnlyCallback) {
  ExpectAnIgnoredCancelIsOkOnTheServerOnly(Style::kCallback);
}

TEST(FormatCallRecordTest, WhatAClientChoseCannotForgeFieldsOrLines) {
  CallRecord record;
  record.method = "/calculator.v1.Calculator/Divide";
  record.peer = "ipv6:[::1]:50000";
  record.request_id = "x code=OK\nforged line \"quoted\"";
  record.code = grpc::StatusCode::NOT_FOUND;
  record.seconds = 0.0015;
  EXPECT_EQ(common::FormatCallRecord(record),
            "/calculator.v1.Calculator/Divide peer=ipv6:[::1]:50000 "
            "code=NOT_FOUND ms=1.500 "
            "request_id=\"x code=OK\\nforged line \\\"quoted\\\"\"");
  record.request_id = "";
  EXPECT_THAT(common::FormatCallRecord(record), HasSubstr("request_id=-"));
}

}  // namespace
