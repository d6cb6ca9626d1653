// What the gateway does with requests it must not pass on: bad framing,
// methods gRPC-Web cannot carry, wrong content types, other origins.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/http/grpc_web.h"
#include "common/http/grpc_web_testing.h"

namespace common {
namespace {

using grpc_web::EncodeFrame;
using grpc_web::Encoding;
using grpc_web_testing::CallGrpcWeb;
using grpc_web_testing::GatewayFixture;
using grpc_web_testing::WebAnswer;
using grpc_web_testing::WebRequest;
using ::testing::HasSubstr;

constexpr char kDivide[] = "/calculator.v1.Calculator/Divide";
// DivideRequest{dividend: 4, divisor: 2}, serialized.
constexpr char kFourByTwo[] = "\x08\x04\x10\x02";

GrpcWebOptions TestOptions() {
  GrpcWebOptions options;
  options.services = {"calculator.v1.Calculator"};
  options.cors_origins = {"https://dashboard.example"};
  options.max_message_bytes = 1024;
  return options;
}

class GrpcWebInputTest : public ::testing::Test {
 protected:
  WebAnswer Post(const std::string& path, const std::string& body,
                 Encoding encoding = Encoding::kBinary) {
    WebRequest request;
    request.path = path;
    request.raw_body = body;
    request.encoding = encoding;
    return CallGrpcWeb(fixture_.http_port(), request);
  }

  void ExpectStatus(const WebAnswer& answer, grpc::StatusCode code,
                    const std::string& message_part) {
    EXPECT_EQ(answer.http_status, 200);
    EXPECT_TRUE(answer.trailers_only);
    EXPECT_EQ(answer.code(), static_cast<int>(code));
    EXPECT_THAT(answer.message(), HasSubstr(message_part));
  }

  GatewayFixture fixture_{TestOptions()};
};

TEST_F(GrpcWebInputTest, StreamingRequestsAreUnimplementedAndSaySo) {
  ExpectStatus(Post("/calculator.v1.Calculator/Summarize", EncodeFrame(0, "")),
               grpc::StatusCode::UNIMPLEMENTED,
               "is a client-streaming method: gRPC-Web cannot carry a stream "
               "of requests");
  ExpectStatus(Post("/calculator.v1.Calculator/RunningSum", EncodeFrame(0, "")),
               grpc::StatusCode::UNIMPLEMENTED, "is a bidirectional-streaming");
}

TEST_F(GrpcWebInputTest, UnknownMethodsAndServicesAreUnimplemented) {
  ExpectStatus(Post("/calculator.v1.Calculator/Multiply", EncodeFrame(0, "")),
               grpc::StatusCode::UNIMPLEMENTED,
               "unknown method /calculator.v1.Calculator/Multiply (this "
               "gateway serves calculator.v1.Calculator)");
  // Linked into the program, but not one of the services it serves.
  ExpectStatus(Post("/grpc.health.v1.Health/Check", EncodeFrame(0, "")),
               grpc::StatusCode::UNIMPLEMENTED, "unknown method");
}

TEST_F(GrpcWebInputTest, BadFramingIsInvalidArgument) {
  const std::string frame = EncodeFrame(0, kFourByTwo);
  ExpectStatus(Post(kDivide, frame.substr(0, 3)),
               grpc::StatusCode::INVALID_ARGUMENT, "inside a frame header");
  ExpectStatus(Post(kDivide, frame.substr(0, frame.size() - 1)),
               grpc::StatusCode::INVALID_ARGUMENT,
               "length prefix says 4 bytes, 3 arrived");
  ExpectStatus(Post(kDivide, ""), grpc::StatusCode::INVALID_ARGUMENT,
               "one message frame");
  ExpectStatus(Post(kDivide, frame + frame), grpc::StatusCode::INVALID_ARGUMENT,
               "holds more than 1 frame");
  ExpectStatus(Post(kDivide, EncodeFrame(grpc_web::kTrailerFlag, "x: y")),
               grpc::StatusCode::INVALID_ARGUMENT, "one message frame");
  ExpectStatus(Post(kDivide, EncodeFrame(grpc_web::kCompressedFlag, "x")),
               grpc::StatusCode::UNIMPLEMENTED, "compressed");
  // Flag bits that gRPC-Web does not define.
  ExpectStatus(Post(kDivide, EncodeFrame(0x40, kFourByTwo)),
               grpc::StatusCode::INVALID_ARGUMENT, "flags 0x40");
}

TEST_F(GrpcWebInputTest, BodiesOfManyFramesCostNothing) {
  // A body of empty frames, each of which would be a string in memory (a
  // 64 MB body would have been 13 million of them): larger than one
  // message may be, it is refused by its size; smaller, at its second frame.
  std::string frames;
  for (int i = 0; i < 300; ++i) frames += EncodeFrame(0, "");
  ExpectStatus(Post(kDivide, frames), grpc::StatusCode::RESOURCE_EXHAUSTED,
               "a body of 1500 bytes is larger than one message frame");
  ExpectStatus(Post(kDivide, frames.substr(0, 500)),
               grpc::StatusCode::INVALID_ARGUMENT, "holds more than 1 frame");
  ExpectStatus(Post(kDivide, grpc_web::ToText(frames), Encoding::kText),
               grpc::StatusCode::RESOURCE_EXHAUSTED, "larger than one message");
}

TEST_F(GrpcWebInputTest, OversizedMessagesAreRefusedByTheirLengthPrefix) {
  // By the body's size, before anything is decoded...
  ExpectStatus(Post(kDivide, EncodeFrame(0, std::string(1025, 'x'))),
               grpc::StatusCode::RESOURCE_EXHAUSTED,
               "a body of 1030 bytes is larger than one message frame may be "
               "(1029 bytes)");
  // ...and by the length prefix: 4 GB in a 5-byte body.
  ExpectStatus(Post(kDivide, std::string("\0\xff\xff\xff\xff", 5)),
               grpc::StatusCode::RESOURCE_EXHAUSTED, "larger than the limit");
}

TEST_F(GrpcWebInputTest, Base64GarbageIsInvalidArgument) {
  ExpectStatus(Post(kDivide, "AAAA!!!!", Encoding::kText),
               grpc::StatusCode::INVALID_ARGUMENT, "not base64");
  ExpectStatus(Post(kDivide, "AAAAA", Encoding::kText),
               grpc::StatusCode::INVALID_ARGUMENT, "4-character");
}

TEST_F(GrpcWebInputTest, AMalformedTimeoutIsInvalidArgument) {
  WebRequest request{kDivide, ""};
  request.headers = {{"grpc-timeout", "soon"}};
  ExpectStatus(CallGrpcWeb(fixture_.http_port(), request),
               grpc::StatusCode::INVALID_ARGUMENT, "grpc-timeout 'soon'");
}

TEST_F(GrpcWebInputTest, OtherContentTypesGet415) {
  WebRequest request{kDivide, ""};
  request.content_type = "application/json";
  const WebAnswer answer = CallGrpcWeb(fixture_.http_port(), request);
  EXPECT_EQ(answer.http_status, 415);
  EXPECT_THAT(answer.body, HasSubstr("is not gRPC-Web"));
  EXPECT_EQ(answer.code(), static_cast<int>(grpc::INVALID_ARGUMENT));
  request.content_type = "application/grpc-web+json";
  EXPECT_EQ(CallGrpcWeb(fixture_.http_port(), request).http_status, 415);
}

TEST_F(GrpcWebInputTest, OtherHttpMethodsGet405) {
  httplib::Client client("127.0.0.1", fixture_.http_port());
  const httplib::Result result = client.Get(kDivide);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 405);
  EXPECT_EQ(result->get_header_value("Allow"), "POST, OPTIONS");
}

TEST_F(GrpcWebInputTest, PreflightOfAnAllowedOriginListsTheHeaders) {
  httplib::Client client("127.0.0.1", fixture_.http_port());
  const httplib::Result allowed =
      client.Options(kDivide, {{"Origin", "https://dashboard.example"},
                               {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 204);
  EXPECT_EQ(allowed->get_header_value("Access-Control-Allow-Origin"),
            "https://dashboard.example");
  EXPECT_THAT(allowed->get_header_value("Access-Control-Allow-Headers"),
              HasSubstr("x-grpc-web"));
  EXPECT_THAT(allowed->get_header_value("Access-Control-Allow-Headers"),
              HasSubstr("grpc-timeout"));

  const httplib::Result other =
      client.Options(kDivide, {{"Origin", "https://evil.example"},
                               {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
  EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
}

TEST_F(GrpcWebInputTest, CrossOriginCallsExposeTheStatusHeaders) {
  WebRequest request{kDivide, kFourByTwo};
  request.headers = {{"Origin", "https://dashboard.example"}};
  const WebAnswer allowed = CallGrpcWeb(fixture_.http_port(), request);
  EXPECT_EQ(allowed.code(), 0);
  EXPECT_EQ(allowed.headers.find("Access-Control-Allow-Origin")->second,
            "https://dashboard.example");
  EXPECT_THAT(allowed.headers.find("Access-Control-Expose-Headers")->second,
              HasSubstr("grpc-status, grpc-message"));

  request.headers = {{"Origin", "https://evil.example"}};
  EXPECT_EQ(CallGrpcWeb(fixture_.http_port(), request).http_status, 403);

  // The page's own origin needs no CORS (and answers vary by origin).
  const std::string own = "127.0.0.1:" + std::to_string(fixture_.http_port());
  request.headers = {{"Origin", "http://" + own}};
  const WebAnswer same = CallGrpcWeb(fixture_.http_port(), request);
  EXPECT_EQ(same.code(), 0);
  EXPECT_EQ(same.headers.count("Access-Control-Allow-Origin"), 0u);
  EXPECT_EQ(same.headers.count("Vary"), 1u);
  // The same host under a scheme that is not the web's is another origin.
  request.headers = {{"Origin", "x://" + own}};
  EXPECT_EQ(CallGrpcWeb(fixture_.http_port(), request).http_status, 403);
}

}  // namespace
}  // namespace common
