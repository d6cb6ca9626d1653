// Compression measured on the wire: a counting TCP proxy between client and
// server (common/testing/counting_proxy.h) sees the bytes of each call,
// frames and all. Who compresses what: the server its responses (a default
// or a per-call choice), the client its requests (the channel's default or
// the call's), each only in an algorithm the receiver accepts; and a message
// that would not shrink is sent as it is.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/testing/counting_proxy.h"
#include "examples/logs/log_service.h"

namespace logs {
namespace {

using logs::v1::LogService;

struct Config {
  grpc_compression_algorithm server_default = GRPC_COMPRESS_NONE;
  size_t compress_above_bytes = 0;
  bool server_accepts_gzip = true;
  grpc_compression_algorithm channel_default = GRPC_COMPRESS_NONE;
};

// What one call cost on the wire, each way.
struct Wire {
  int64_t to_server = 0;
  int64_t to_client = 0;
};

class Harness {
 public:
  explicit Harness(const Config& setup) : service_(setup.compress_above_bytes) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.SetDefaultCompressionAlgorithm(setup.server_default);
    builder.AddChannelArgument(GRPC_ARG_HTTP2_BDP_PROBE, 0);
    if (!setup.server_accepts_gzip) {
      builder.SetCompressionAlgorithmSupportStatus(GRPC_COMPRESS_GZIP, false);
    }
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    proxy_ = std::make_unique<testing_util::CountingProxy>(
        "127.0.0.1:" + std::to_string(port));
    EXPECT_TRUE(proxy_->ok());
    grpc::ChannelArguments arguments;
    // No bandwidth-probing PINGs: they would add 17-byte frames at random to
    // what is counted.
    arguments.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
    arguments.SetCompressionAlgorithm(setup.channel_default);
    stub_ = LogService::NewStub(grpc::CreateCustomChannel(
        proxy_->address(), grpc::InsecureChannelCredentials(), arguments));
    // Connect and exchange settings before anything is measured.
    GetLog(0, nullptr);
  }

  ~Harness() { server_->Shutdown(); }

  grpc::Status GetLog(int lines, Wire* wire,
                      grpc_compression_algorithm* call = nullptr) {
    logs::v1::GetLogRequest request;
    request.set_line_count(lines);
    logs::v1::GetLogResponse response;
    return Measure(wire, call, [&](grpc::ClientContext* context) {
      return stub_->GetLog(context, request, &response);
    });
  }

  grpc::Status PutLog(int lines, Wire* wire,
                      grpc_compression_algorithm* call = nullptr) {
    logs::v1::PutLogRequest request;
    for (std::string& line : SampleLogLines(lines)) {
      request.add_lines(std::move(line));
    }
    logs::v1::PutLogResponse response;
    grpc::Status status =
        Measure(wire, call, [&](grpc::ClientContext* context) {
          return stub_->PutLog(context, request, &response);
        });
    if (status.ok()) {
      EXPECT_EQ(response.line_count(), lines);
    }
    return status;
  }

 private:
  template <typename Call>
  grpc::Status Measure(Wire* wire, grpc_compression_algorithm* algorithm,
                       const Call& call) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    if (algorithm != nullptr) context.set_compression_algorithm(*algorithm);
    {
      // The same call first, unmeasured: so that HTTP/2's header
      // compression (HPACK) has seen its headers, as in a long-lived
      // channel, and only the messages differ between measurements.
      grpc::ClientContext warm_up;
      warm_up.set_deadline(context.deadline());
      if (algorithm != nullptr) warm_up.set_compression_algorithm(*algorithm);
      call(&warm_up);
    }
    proxy_->Reset();
    grpc::Status status = call(&context);
    // The proxy counts a byte before passing it on, so everything the
    // client has received is counted.
    if (wire != nullptr) {
      *wire = {proxy_->to_server_bytes(), proxy_->to_client_bytes()};
    }
    return status;
  }

  LogServiceImpl service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<testing_util::CountingProxy> proxy_;
  std::unique_ptr<LogService::Stub> stub_;
};

// A call of `lines` lines without any compression, for comparison.
Wire Plain(bool get, int lines) {
  Harness harness((Config()));
  Wire wire;
  EXPECT_TRUE(
      (get ? harness.GetLog(lines, &wire) : harness.PutLog(lines, &wire)).ok());
  return wire;
}

Config ServerDefault(grpc_compression_algorithm algorithm) {
  Config config;
  config.server_default = algorithm;
  return config;
}

Config ChannelDefault(grpc_compression_algorithm algorithm) {
  Config config;
  config.channel_default = algorithm;
  return config;
}

// [START server_default_test]
TEST(CompressionTest, TheServersDefaultCompressesResponses) {
  const Wire plain = Plain(/*get=*/true, 1000);  // 46 KB of log lines
  for (auto algorithm : {GRPC_COMPRESS_GZIP, GRPC_COMPRESS_DEFLATE}) {
    Harness harness(ServerDefault(algorithm));
    Wire wire;
    ASSERT_TRUE(harness.GetLog(1000, &wire).ok());
    EXPECT_LT(wire.to_client, plain.to_client / 5) << algorithm;
    // The request was not compressed: that is the client's to decide.
    EXPECT_NEAR(wire.to_server, plain.to_server, 40) << algorithm;
  }
}
// [END server_default_test]

TEST(CompressionTest, APerCallChoiceCompressesOnlyLargeResponses) {
  Config config;
  config.compress_above_bytes = 1024;
  Harness harness(config);
  Wire large, small;
  ASSERT_TRUE(harness.GetLog(1000, &large).ok());
  ASSERT_TRUE(harness.GetLog(5, &small).ok());
  EXPECT_LT(large.to_client, Plain(true, 1000).to_client / 5);
  EXPECT_NEAR(small.to_client, Plain(true, 5).to_client, 4);
}

TEST(CompressionTest, TheChannelsDefaultCompressesRequests) {
  const Wire plain = Plain(/*get=*/false, 1000);
  Harness harness(ChannelDefault(GRPC_COMPRESS_GZIP));
  Wire wire;
  ASSERT_TRUE(harness.PutLog(1000, &wire).ok());
  EXPECT_LT(wire.to_server, plain.to_server / 5);
}

TEST(CompressionTest, ACallsChoiceOverridesTheChannels) {
  Harness harness(ChannelDefault(GRPC_COMPRESS_GZIP));
  grpc_compression_algorithm none = GRPC_COMPRESS_NONE;
  Wire wire;
  ASSERT_TRUE(harness.PutLog(1000, &wire, &none).ok());
  EXPECT_NEAR(wire.to_server, Plain(false, 1000).to_server, 40);
}

// [START small_message_test]
TEST(CompressionTest, AMessageThatWouldNotShrinkIsSentAsItIs) {
  // One line: gzip's own header and trailer (18 bytes) would outweigh what
  // it saves, so gRPC sends the message uncompressed, gzip channel or not.
  Harness harness(ChannelDefault(GRPC_COMPRESS_GZIP));
  Wire wire;
  ASSERT_TRUE(harness.PutLog(1, &wire).ok());
  EXPECT_NEAR(wire.to_server, Plain(false, 1).to_server, 4);
}
// [END small_message_test]

// [START refused_algorithm_test]
TEST(CompressionTest, AServerRefusesAnAlgorithmItHasTurnedOff) {
  Config config = ChannelDefault(GRPC_COMPRESS_GZIP);
  config.server_accepts_gzip = false;
  Harness harness(config);
  // On every call: the client does not learn to stop compressing.
  for (int call = 0; call < 2; ++call) {
    const grpc::Status status = harness.PutLog(1000, nullptr);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
    EXPECT_EQ(status.error_message(),
              "Compression algorithm 'gzip' is disabled.");
  }
}
// [END refused_algorithm_test]

}  // namespace
}  // namespace logs
