// The front service between a client and a backend, all on loopback: the
// backend's deadline is never later than the client's, a client's cancel
// reaches the backend while the front is blocked on it, and what happens
// without propagation (the backend works on for nobody, until the front's
// own deadline).
#include "examples/deadlines/front_service.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <vector>

namespace deadlines {
namespace {

using calculator::v1::Calculator;
using Clock = std::chrono::system_clock;

// What the backend saw of one call.
struct BackendCall {
  Clock::time_point deadline;
  // For ListPrimes: the call ended well before its deadline, so by a cancel
  // (the client's, through the front), not by the deadline. (gRPC's timer
  // may fire a little before the deadline the context reports.)
  bool cancelled_before_deadline = false;
};

// A backend whose Divide answers at once and whose ListPrimes sends one
// prime and then waits, as a slow computation would, until its call ends.
class SlowBackend final : public Calculator::CallbackService {
 public:
  grpc::ServerUnaryReactor* Divide(grpc::CallbackServerContext* context,
                                   const calculator::v1::DivideRequest*,
                                   calculator::v1::DivideResponse*) override {
    Record({context->deadline()});
    auto* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  grpc::ServerWriteReactor<calculator::v1::Prime>* ListPrimes(
      grpc::CallbackServerContext* context,
      const calculator::v1::ListPrimesRequest*) override {
    class Reactor : public grpc::ServerWriteReactor<calculator::v1::Prime> {
     public:
      Reactor(SlowBackend* backend, grpc::CallbackServerContext* context)
          : backend_(backend), deadline_(context->deadline()) {
        prime_.set_value(2);
        StartWrite(&prime_);
      }
      void OnWriteDone(bool) override {}  // and then nothing: "working"
      void OnCancel() override {
        backend_->Record(
            {deadline_,
             Clock::now() < deadline_ - std::chrono::milliseconds(100)});
        Finish(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
      }
      void OnDone() override { delete this; }

     private:
      SlowBackend* backend_;
      Clock::time_point deadline_;
      calculator::v1::Prime prime_;
    };
    return new Reactor(this, context);
  }

  void Record(BackendCall call) {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back(call);
    if (calls_.size() == 1) first_.set_value(call);
  }

  // The first call the backend saw, once it has ended (a failed test
  // rather than a hang if it never comes).
  BackendCall First() {
    if (first_future_.wait_for(std::chrono::seconds(30)) !=
        std::future_status::ready) {
      ADD_FAILURE() << "the backend saw no call";
      return BackendCall();
    }
    return first_future_.get();
  }

 private:
  std::mutex mu_;
  std::vector<BackendCall> calls_;
  std::promise<BackendCall> first_;
  std::future<BackendCall> first_future_ = first_.get_future();
};

class FrontServiceTest : public ::testing::Test {
 protected:
  void Start(FrontOptions options) {
    std::string backend_address, front_address;
    backend_server_ = Serve(&backend_, &backend_address);
    front_ = std::make_unique<FrontService>(
        grpc::CreateChannel(backend_address,
                            grpc::InsecureChannelCredentials()),
        options);
    front_server_ = Serve(front_.get(), &front_address);
    stub_ = Calculator::NewStub(
        grpc::CreateChannel(front_address, grpc::InsecureChannelCredentials()));
  }

  // Starts a server for `service` on a free port; `address` is where.
  static std::unique_ptr<grpc::Server> Serve(grpc::Service* service,
                                             std::string* address) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service);
    auto server = builder.BuildAndStart();
    EXPECT_GT(port, 0);
    *address = "127.0.0.1:" + std::to_string(port);
    return server;
  }

  void TearDown() override {
    if (front_server_) front_server_->Shutdown();
    if (backend_server_) backend_server_->Shutdown();
  }

  // A ListPrimes through the front that the client cancels after the first
  // prime.
  grpc::StatusCode CancelAfterFirstPrime(Clock::time_point deadline) {
    grpc::ClientContext context;
    context.set_deadline(deadline);
    calculator::v1::ListPrimesRequest request;
    request.set_count(10);
    auto reader = stub_->ListPrimes(&context, request);
    calculator::v1::Prime prime;
    EXPECT_TRUE(reader->Read(&prime));
    context.TryCancel();
    while (reader->Read(&prime)) {
    }
    return reader->Finish().error_code();
  }

  SlowBackend backend_;
  std::unique_ptr<FrontService> front_;
  std::unique_ptr<grpc::Server> backend_server_, front_server_;
  std::unique_ptr<Calculator::Stub> stub_;
};

// [START deadline_test]
TEST_F(FrontServiceTest, TheBackendsDeadlineIsNeverLaterThanTheClients) {
  FrontOptions options;
  options.backend_timeout = std::chrono::minutes(1);  // the front's own
  Start(options);
  const Clock::time_point client_deadline =
      Clock::now() + std::chrono::seconds(5);
  grpc::ClientContext context;
  context.set_deadline(client_deadline);
  calculator::v1::DivideResponse response;
  ASSERT_TRUE(
      stub_->Divide(&context, calculator::v1::DivideRequest(), &response).ok());
  const BackendCall call = backend_.First();
  // The client's 5 s, not the front's minute. The grpc-timeout header
  // carries the time left, rounded up to three significant digits (up to
  // 10 ms more for 5 s), and each server counts it from when the call
  // arrived: so a little later, on each of the two hops, on a busy machine
  // tens of milliseconds. Not 55 s later.
  EXPECT_LE(call.deadline, client_deadline + std::chrono::milliseconds(500));
  EXPECT_GT(call.deadline, client_deadline - std::chrono::seconds(1));
}
// [END deadline_test]

TEST_F(FrontServiceTest, WithoutPropagationTheBackendHasTheFrontsDeadline) {
  FrontOptions options;
  options.propagate = false;
  options.backend_timeout = std::chrono::minutes(1);
  Start(options);
  const Clock::time_point client_deadline =
      Clock::now() + std::chrono::seconds(5);
  grpc::ClientContext context;
  context.set_deadline(client_deadline);
  calculator::v1::DivideResponse response;
  ASSERT_TRUE(
      stub_->Divide(&context, calculator::v1::DivideRequest(), &response).ok());
  EXPECT_GT(backend_.First().deadline,
            client_deadline + std::chrono::seconds(30));
}

// [START cancel_test]
TEST_F(FrontServiceTest, AClientsCancelReachesTheBackend) {
  Start(FrontOptions());
  EXPECT_EQ(CancelAfterFirstPrime(Clock::now() + std::chrono::minutes(1)),
            grpc::StatusCode::CANCELLED);
  // Although the front was blocked reading from the backend, which had
  // nothing to send: gRPC cancelled the child call.
  EXPECT_TRUE(backend_.First().cancelled_before_deadline);
}

TEST_F(FrontServiceTest, WithoutPropagationTheBackendWorksOnForNobody) {
  FrontOptions options;
  options.propagate = false;
  options.backend_timeout = std::chrono::milliseconds(500);
  Start(options);
  EXPECT_EQ(CancelAfterFirstPrime(Clock::now() + std::chrono::minutes(1)),
            grpc::StatusCode::CANCELLED);
  // The client had gone; the front, blocked on the backend, could not know,
  // and the backend's call ended only at the front's own deadline.
  EXPECT_FALSE(backend_.First().cancelled_before_deadline);
}
// [END cancel_test]

TEST_F(FrontServiceTest, TheClientsDeadlineEndsTheBackendsCallToo) {
  Start(FrontOptions());  // the front's own limit: 10 s
  grpc::ClientContext context;
  const Clock::time_point client_deadline =
      Clock::now() + std::chrono::milliseconds(300);
  context.set_deadline(client_deadline);
  calculator::v1::ListPrimesRequest request;
  request.set_count(10);
  auto reader = stub_->ListPrimes(&context, request);
  calculator::v1::Prime prime;
  while (reader->Read(&prime)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // Ended by the deadline, not by a cancel, and the deadline was the
  // client's 300 ms, not the front's 10 s.
  const BackendCall call = backend_.First();
  EXPECT_FALSE(call.cancelled_before_deadline);
  EXPECT_LE(call.deadline, client_deadline + std::chrono::milliseconds(500));
}

}  // namespace
}  // namespace deadlines
