// The metadata service in-process on loopback, called with gRPC's C++ client
// in both styles: what travels with a call, in which order, and where the
// limits are.
#include <absl/strings/numbers.h>
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "common/grpc/metadata_rules.h"
#include "examples/metadata/metadata_service.h"

namespace metadata {
namespace {

using calculator::v1::Calculator;
using ::testing::ElementsAre;

// The first value of `key` in metadata gRPC filled in, or "(absent)".
std::string Find(const std::multimap<grpc::string_ref, grpc::string_ref>& map,
                 const std::string& key) {
  return common::FindMetadata(map, key).value_or("(absent)");
}

class MetadataTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(grpc::ChannelArguments()); }

  // A server that accepts metadata up to `max_metadata_bytes` (0: gRPC's
  // default, 8 KB), and a stub on a channel with `client_arguments`.
  void Start(const grpc::ChannelArguments& client_arguments,
             int max_metadata_bytes = 0) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    if (max_metadata_bytes > 0) {
      builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE,
                                 max_metadata_bytes);
    }
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_GT(port, 0);
    stub_ = Calculator::NewStub(grpc::CreateCustomChannel(
        "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials(),
        client_arguments));
  }

  void TearDown() override { server_->Shutdown(); }

  static void Prepare(grpc::ClientContext* context) {
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
  }

  grpc::Status Divide(grpc::ClientContext* context, int64_t a, int64_t b) {
    calculator::v1::DivideRequest request;
    request.set_dividend(a);
    request.set_divisor(b);
    calculator::v1::DivideResponse response;
    return stub_->Divide(context, request, &response);
  }

  MetadataCalculatorService service_{"test-server"};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<Calculator::Stub> stub_;
};

TEST_F(MetadataTest, RequestIdAndBinaryTraceComeBackInTheTrailers) {
  grpc::ClientContext context;
  Prepare(&context);
  const std::string trace("\x00\xff\x10 bytes, not text", 19);
  context.AddMetadata(kRequestId, "req-42");
  context.AddMetadata(kTraceBin, trace);
  ASSERT_TRUE(Divide(&context, 17, 5).ok());
  EXPECT_EQ(Find(context.GetServerInitialMetadata(), kServerId), "test-server");
  const auto& trailers = context.GetServerTrailingMetadata();
  EXPECT_EQ(Find(trailers, kRequestId), "req-42");
  EXPECT_EQ(Find(trailers, kTraceBin), trace);  // byte for byte
  int64_t elapsed_us = -1;
  EXPECT_TRUE(absl::SimpleAtoi(Find(trailers, kElapsedUs), &elapsed_us));
  EXPECT_GE(elapsed_us, 0);
}

TEST_F(MetadataTest, AFailedCallHasItsTrailersToo) {
  grpc::ClientContext context;
  Prepare(&context);
  context.AddMetadata(kRequestId, "req-0");
  grpc::Status status = Divide(&context, 1, 0);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Find(context.GetServerTrailingMetadata(), kRequestId), "req-0");
}

// [START initial_before_messages]
TEST_F(MetadataTest, InitialMetadataArrivesBeforeTheFirstMessage) {
  grpc::ClientContext context;
  Prepare(&context);
  calculator::v1::ListPrimesRequest request;
  request.set_start(100);
  request.set_count(3);
  auto reader = stub_->ListPrimes(&context, request);
  reader->WaitForInitialMetadata();
  EXPECT_EQ(Find(context.GetServerInitialMetadata(), kServerId), "test-server");
  calculator::v1::Prime prime;
  int primes = 0;
  while (reader->Read(&prime)) ++primes;
  EXPECT_EQ(primes, 3);
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_NE(Find(context.GetServerTrailingMetadata(), kElapsedUs), "(absent)");
}
// [END initial_before_messages]

// The callback style: the initial metadata has arrived by the first
// OnReadDone. (OnReadInitialMetadataDone comes too, but gRPC may run it at
// the same time as OnReadDone, on another thread: no order between them.)
TEST_F(MetadataTest, CallbackReactorsHaveInitialMetadataByTheFirstMessage) {
  class Reader : public grpc::ClientReadReactor<calculator::v1::Prime> {
   public:
    explicit Reader(Calculator::Stub* stub) {
      Prepare(&context_);
      request_.set_start(100);
      request_.set_count(2);
      stub->async()->ListPrimes(&context_, &request_, this);
      StartRead(&prime_);
      StartCall();
    }
    void OnReadInitialMetadataDone(bool ok) override {
      std::lock_guard<std::mutex> lock(mu_);
      initial_metadata_done_ = ok;
    }
    void OnReadDone(bool ok) override {
      if (!ok) return;
      {
        std::lock_guard<std::mutex> lock(mu_);
        events_.push_back("prime " + std::to_string(prime_.value()) +
                          " with server id " +
                          Find(context_.GetServerInitialMetadata(), kServerId));
      }
      StartRead(&prime_);
    }
    void OnDone(const grpc::Status& status) override {
      std::lock_guard<std::mutex> lock(mu_);
      events_.push_back(status.ok() ? "done" : "failed");
      EXPECT_TRUE(initial_metadata_done_);
      done_ = true;
      cv_.notify_one();
    }
    std::vector<std::string> Wait() {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return done_; });
      return events_;
    }

   private:
    grpc::ClientContext context_;
    calculator::v1::ListPrimesRequest request_;
    calculator::v1::Prime prime_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool initial_metadata_done_ = false;
    bool done_ = false;
    std::vector<std::string> events_;
  };
  Reader reader(stub_.get());
  EXPECT_THAT(reader.Wait(),
              ElementsAre("prime 101 with server id test-server",
                          "prime 103 with server id test-server", "done"));
}

// A trap of gRPC 1.51's C++ client: the trailers are read into their map
// once, on the first look. Looked at before Finish(), they stay empty.
TEST_F(MetadataTest, TrailersLookedAtBeforeFinishStayEmpty) {
  grpc::ClientContext context;
  Prepare(&context);
  calculator::v1::ListPrimesRequest request;
  request.set_start(100);
  request.set_count(1);
  auto reader = stub_->ListPrimes(&context, request);
  EXPECT_TRUE(context.GetServerTrailingMetadata().empty());  // too early
  calculator::v1::Prime prime;
  while (reader->Read(&prime)) {
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_TRUE(context.GetServerTrailingMetadata().empty());  // and for good
}

// What gRPC's C++ client does with metadata it cannot send: it does not
// fail the call, it aborts the process ("API misuse"). So check keys and
// values before AddMetadata: keys lower case, values printable ASCII unless
// the key ends in -bin.
TEST_F(MetadataTest, InvalidMetadataAbortsTheClientProcess) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const std::pair<std::string, std::string> kInvalid[] = {
      {"X-Upper", "value"},
      {"x-space key", "value"},
      {kRequestId, std::string("\x01\x02", 2)},
  };
  for (const auto& [key, value] : kInvalid) {
    EXPECT_DEATH(
        {
          grpc::ClientContext context;
          Prepare(&context);
          context.AddMetadata(key, value);
          (void)Divide(&context, 1, 1);
        },
        "API misuse")
        << key;
  }
}

// Keys starting with "grpc-" are gRPC's own (grpc-timeout, grpc-status,
// ...). gRPC 1.51 does not stop a client from sending one; a later version
// may give it a meaning, so keep your keys out of that prefix.
TEST_F(MetadataTest, TheGrpcPrefixIsReservedButNotEnforced) {
  grpc::ClientContext context;
  Prepare(&context);
  context.AddMetadata("grpc-mine", "value");
  EXPECT_TRUE(Divide(&context, 1, 1).ok());
}

// Each side limits the metadata it receives (8 KB by default).
TEST_F(MetadataTest, MetadataOverTheServersLimitIsRefused) {
  grpc::ClientContext context;
  Prepare(&context);
  context.AddMetadata(kRequestId, std::string(16 * 1024, 'x'));
  grpc::Status status = Divide(&context, 1, 1);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << status.error_message();
}

TEST_F(MetadataTest, BothSidesRaiseTheirLimitForBigMetadataBothWays) {
  const std::string big(16 * 1024, 'x');
  // The server takes 16 KB now, but the client refuses the 16 KB echo.
  server_->Shutdown();
  Start(grpc::ChannelArguments(), 64 * 1024);
  {
    grpc::ClientContext context;
    Prepare(&context);
    context.AddMetadata(kRequestId, big);
    EXPECT_EQ(Divide(&context, 1, 1).error_code(),
              grpc::StatusCode::RESOURCE_EXHAUSTED);
  }
  // [START raise_metadata_limit]
  server_->Shutdown();
  grpc::ChannelArguments client;
  client.SetInt(GRPC_ARG_MAX_METADATA_SIZE, 64 * 1024);
  Start(client, 64 * 1024);  // the server: builder.AddChannelArgument(...)
  // [END raise_metadata_limit]
  grpc::ClientContext context;
  Prepare(&context);
  context.AddMetadata(kRequestId, big);
  grpc::Status status = Divide(&context, 1, 1);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Find(context.GetServerTrailingMetadata(), kRequestId).size(),
            big.size());
}

}  // namespace
}  // namespace metadata
