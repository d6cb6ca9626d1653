#include "common/http/grpc_web_codec.h"

#include <absl/strings/escaping.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace common::grpc_web {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::Pair;

std::vector<Frame> DecodeInPieces(Encoding encoding, const std::string& body,
                                  size_t piece_size, grpc::Status* finish) {
  FrameDecoder decoder(encoding, 1 << 20);
  std::vector<Frame> frames;
  for (size_t i = 0; i < body.size(); i += piece_size) {
    EXPECT_TRUE(decoder.Feed(std::string_view(body).substr(i, piece_size)))
        << decoder.error().error_message();
    while (std::optional<Frame> frame = decoder.Next()) {
      frames.push_back(std::move(*frame));
    }
  }
  *finish = decoder.Finish();
  return frames;
}

// Two messages (one of them empty) and the trailers, as a server sends them.
std::string ThreeFrames() {
  return EncodeFrame(0, "first message") + EncodeFrame(0, "") +
         EncodeFrame(kTrailerFlag, "grpc-status: 0\r\n");
}

void ExpectThreeFrames(const std::vector<Frame>& frames) {
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[0].payload, "first message");
  EXPECT_FALSE(frames[0].is_trailer());
  EXPECT_EQ(frames[1].payload, "");
  EXPECT_TRUE(frames[2].is_trailer());
  EXPECT_EQ(frames[2].payload, "grpc-status: 0\r\n");
}

TEST(GrpcWebContentType, AcceptsTheFourProtobufTypesOnly) {
  EXPECT_EQ(ParseContentType("application/grpc-web"), Encoding::kBinary);
  EXPECT_EQ(ParseContentType("application/grpc-web+proto"), Encoding::kBinary);
  EXPECT_EQ(ParseContentType("Application/GRPC-Web+Proto; charset=x"),
            Encoding::kBinary);
  EXPECT_EQ(ParseContentType("application/grpc-web-text"), Encoding::kText);
  EXPECT_EQ(ParseContentType("application/grpc-web-text+proto"),
            Encoding::kText);
  EXPECT_EQ(ParseContentType("application/grpc-web+json"), std::nullopt);
  EXPECT_EQ(ParseContentType("application/grpc"), std::nullopt);
  EXPECT_EQ(ParseContentType("application/json"), std::nullopt);
  EXPECT_EQ(ParseContentType(""), std::nullopt);
}

TEST(GrpcWebFrames, DecodeTheSameHoweverTheBodyIsCut) {
  const std::string body = ThreeFrames();
  for (size_t piece = 1; piece <= body.size(); ++piece) {
    SCOPED_TRACE("pieces of " + std::to_string(piece) + " bytes");
    grpc::Status finish;
    ExpectThreeFrames(DecodeInPieces(Encoding::kBinary, body, piece, &finish));
    EXPECT_TRUE(finish.ok()) << finish.error_message();
  }
}

TEST(GrpcWebFrames, TextModeDecodesFramesEncodedOneByOne) {
  // Each frame base64-encoded on its own: padding in the middle of the body,
  // as PROTOCOL-WEB.md allows.
  const std::string body =
      ToText(EncodeFrame(0, "first message")) + ToText(EncodeFrame(0, "")) +
      ToText(EncodeFrame(kTrailerFlag, "grpc-status: 0\r\n"));
  ASSERT_NE(body.find('='), body.size() - 1) << "padding only at the end";
  for (size_t piece = 1; piece <= 9; ++piece) {
    SCOPED_TRACE("pieces of " + std::to_string(piece) + " characters");
    grpc::Status finish;
    ExpectThreeFrames(DecodeInPieces(Encoding::kText, body, piece, &finish));
    EXPECT_TRUE(finish.ok()) << finish.error_message();
  }
}

TEST(GrpcWebFrames, TextModeDecodesTheBodyEncodedWhole) {
  grpc::Status finish;
  ExpectThreeFrames(
      DecodeInPieces(Encoding::kText, ToText(ThreeFrames()), 3, &finish));
  EXPECT_TRUE(finish.ok());
}

TEST(GrpcWebFrames, BadBase64IsInvalidArgument) {
  for (const std::string bad : {"AAA*", "A=AA", "=AAA", "AA=A", "AAAA AAA"}) {
    SCOPED_TRACE(bad);
    FrameDecoder decoder(Encoding::kText, 1024);
    EXPECT_FALSE(decoder.Feed(bad) && decoder.Finish().ok());
    EXPECT_EQ(decoder.Finish().error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
}

TEST(GrpcWebFrames, TextCutInsideAGroupIsInvalidArgument) {
  FrameDecoder decoder(Encoding::kText, 1024);
  ASSERT_TRUE(decoder.Feed(ToText(EncodeFrame(0, "abc")).substr(0, 6)));
  const grpc::Status finish = decoder.Finish();
  EXPECT_EQ(finish.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(finish.error_message(), HasSubstr("4-character"));
}

TEST(GrpcWebFrames, ALengthOverTheLimitFailsBeforeThePayloadArrives) {
  FrameDecoder decoder(Encoding::kBinary, 100);
  EXPECT_FALSE(
      decoder.Feed(EncodeFrame(0, std::string(101, 'x')).substr(0, 5)));
  EXPECT_EQ(decoder.error().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(decoder.error().error_message(),
              HasSubstr("101 bytes is larger than the limit of 100"));
  // A 4 GB length prefix is refused the same way.
  FrameDecoder huge(Encoding::kBinary, 100);
  EXPECT_FALSE(huge.Feed(std::string("\0\xff\xff\xff\xff", 5)));
  EXPECT_EQ(huge.Finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST(GrpcWebFrames, ABodyCutInsideAFrameSaysWhere) {
  const std::string frame = EncodeFrame(0, "0123456789");
  FrameDecoder header_only(Encoding::kBinary, 100);
  ASSERT_TRUE(header_only.Feed(frame.substr(0, 3)));
  EXPECT_THAT(header_only.Finish().error_message(),
              HasSubstr("inside a frame header (3 of 5 bytes)"));

  FrameDecoder cut(Encoding::kBinary, 100);
  ASSERT_TRUE(cut.Feed(frame.substr(0, 9)));
  EXPECT_EQ(cut.Next(), std::nullopt);
  const grpc::Status finish = cut.Finish();
  EXPECT_EQ(finish.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(finish.error_message(),
              HasSubstr("length prefix says 10 bytes, 4 arrived"));
}

TEST(GrpcWebTrailers, CarryStatusMessageAndMetadata) {
  const std::string block = TrailerBlock(
      grpc::Status(grpc::StatusCode::NOT_FOUND, "no meter 'x%'\nnext line"),
      {{"X-Request-Id", "abc"}, {"details-bin", std::string("\0\x01", 2)}});
  EXPECT_EQ(block,
            "grpc-status: 5\r\n"
            "grpc-message: no meter 'x%25'%0Anext line\r\n"
            "x-request-id: abc\r\n"
            "details-bin: AAE=\r\n");
  EXPECT_THAT(ParseTrailerBlock(block),
              Optional(ElementsAre(
                  Pair("details-bin", "AAE="),
                  Pair("grpc-message", "no meter 'x%25'%0Anext line"),
                  Pair("grpc-status", "5"), Pair("x-request-id", "abc"))));
  EXPECT_EQ(PercentDecode("no meter 'x%25'%0Anext line"),
            "no meter 'x%'\nnext line");
  EXPECT_EQ(ParseTrailerBlock("grpc-status 0\r\n"), std::nullopt);
}

TEST(GrpcWebTrailers, MetadataCannotForgeLinesOrTheStatus) {
  // A backend behind the proxy may send anything: a value with a line
  // break would add a line of its own, a grpc-status key a second status.
  const std::string block =
      TrailerBlock(grpc::Status(grpc::StatusCode::NOT_FOUND, "gone"),
                   {{"x-evil", "a\r\ngrpc-status: 0"},
                    {"grpc-status", "0"},
                    {"grpc-message", "all fine"},
                    {"x-fine", "kept"}});
  EXPECT_EQ(block,
            "grpc-status: 5\r\n"
            "grpc-message: gone\r\n"
            "x-fine: kept\r\n");
  EXPECT_FALSE(PassableMetadata("x-evil", "a\nb"));
  EXPECT_TRUE(PassableMetadata("x-bin", std::string("\0\n", 2)));
}

TEST(GrpcWebTrailers, AnOkStatusHasNoMessage) {
  EXPECT_EQ(TrailerBlock(grpc::Status::OK, {}), "grpc-status: 0\r\n");
}

TEST(GrpcWebTimeout, ParsesEveryUnit) {
  using namespace std::chrono_literals;
  std::chrono::nanoseconds timeout;
  ASSERT_TRUE(ParseTimeout("2H", &timeout));
  EXPECT_EQ(timeout, 2h);
  ASSERT_TRUE(ParseTimeout("3M", &timeout));
  EXPECT_EQ(timeout, 3min);
  ASSERT_TRUE(ParseTimeout("10S", &timeout));
  EXPECT_EQ(timeout, 10s);
  ASSERT_TRUE(ParseTimeout("1500m", &timeout));
  EXPECT_EQ(timeout, 1500ms);
  ASSERT_TRUE(ParseTimeout("7u", &timeout));
  EXPECT_EQ(timeout, 7us);
  ASSERT_TRUE(ParseTimeout("99999999n", &timeout));
  EXPECT_EQ(timeout, 99999999ns);
}

TEST(GrpcWebTimeout, HugeTimeoutsSaturateInsteadOfOverflowing) {
  // 99,999,999 hours are 3.6e20 ns, past int64: the longest timeout there
  // is, never a negative one (which gRPC would read as no deadline).
  std::chrono::nanoseconds timeout;
  for (const char* huge : {"99999999H", "2562048H"}) {
    ASSERT_TRUE(ParseTimeout(huge, &timeout)) << huge;
    EXPECT_EQ(timeout, std::chrono::nanoseconds::max()) << huge;
  }
  ASSERT_TRUE(ParseTimeout("2562047H", &timeout));
  EXPECT_EQ(timeout, std::chrono::hours(2562047));
  ASSERT_TRUE(ParseTimeout("99999999M", &timeout));  // 6e18 ns: it fits
  EXPECT_EQ(timeout, std::chrono::minutes(99999999));
}

TEST(GrpcWebTimeout, RefusesWhatIsNotDigitsAndAUnit) {
  std::chrono::nanoseconds timeout;
  for (const char* bad :
       {"", "S", "10", "10s", "1.5S", "-1S", "123456789S", " 1S", "1 S"}) {
    EXPECT_FALSE(ParseTimeout(bad, &timeout)) << bad;
  }
}

}  // namespace
}  // namespace common::grpc_web
