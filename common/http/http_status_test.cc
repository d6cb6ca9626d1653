#include "common/http/http_status.h"

#include <gtest/gtest.h>

namespace common {
namespace {

TEST(HttpStatusTest, EveryGrpcCodeHasTheStandardHttpStatus) {
  struct Row {
    grpc::StatusCode code;
    std::string_view name;
    int http;
  };
  // The table grpc-gateway, Envoy and Connect share.
  const Row kTable[] = {
      {grpc::StatusCode::OK, "OK", 200},
      {grpc::StatusCode::CANCELLED, "CANCELLED", 499},
      {grpc::StatusCode::UNKNOWN, "UNKNOWN", 500},
      {grpc::StatusCode::INVALID_ARGUMENT, "INVALID_ARGUMENT", 400},
      {grpc::StatusCode::DEADLINE_EXCEEDED, "DEADLINE_EXCEEDED", 504},
      {grpc::StatusCode::NOT_FOUND, "NOT_FOUND", 404},
      {grpc::StatusCode::ALREADY_EXISTS, "ALREADY_EXISTS", 409},
      {grpc::StatusCode::PERMISSION_DENIED, "PERMISSION_DENIED", 403},
      {grpc::StatusCode::RESOURCE_EXHAUSTED, "RESOURCE_EXHAUSTED", 429},
      {grpc::StatusCode::FAILED_PRECONDITION, "FAILED_PRECONDITION", 400},
      {grpc::StatusCode::ABORTED, "ABORTED", 409},
      {grpc::StatusCode::OUT_OF_RANGE, "OUT_OF_RANGE", 400},
      {grpc::StatusCode::UNIMPLEMENTED, "UNIMPLEMENTED", 501},
      {grpc::StatusCode::INTERNAL, "INTERNAL", 500},
      {grpc::StatusCode::UNAVAILABLE, "UNAVAILABLE", 503},
      {grpc::StatusCode::DATA_LOSS, "DATA_LOSS", 500},
      {grpc::StatusCode::UNAUTHENTICATED, "UNAUTHENTICATED", 401},
  };
  ASSERT_EQ(std::size(kTable), 17u);
  for (int i = 0; i < 17; ++i) {
    // The codes are 0 to 16, in this order.
    EXPECT_EQ(static_cast<int>(kTable[i].code), i);
    EXPECT_EQ(HttpStatusFromGrpc(kTable[i].code), kTable[i].http)
        << kTable[i].name;
    EXPECT_EQ(GrpcCodeName(kTable[i].code), kTable[i].name);
  }
}

TEST(HttpStatusTest, AnUndefinedCodeIsAServerError) {
  // 17 is no gRPC code, but a value grpc::StatusCode can hold (its
  // enumerators run from -1 to 16, so it holds -32 to 31); a cast of 42 was
  // undefined behaviour, which UndefinedBehaviorSanitizer reported.
  EXPECT_EQ(HttpStatusFromGrpc(static_cast<grpc::StatusCode>(17)), 500);
}

TEST(HttpStatusTest, ErrorJsonEscapesTheMessage) {
  EXPECT_EQ(
      ErrorJson(grpc::StatusCode::INVALID_ARGUMENT,
                "query parameter 'start': \"x\"\n\\"),
      R"({"code":"INVALID_ARGUMENT","message":"query parameter 'start': \"x\"\n\\"})");
  EXPECT_EQ(ErrorJson("NOT_FOUND", "k\xC3\xA9y"),
            "{\"code\":\"NOT_FOUND\",\"message\":\"k\xC3\xA9y\"}");
}

TEST(HttpStatusTest, InvalidUtf8IsReplaced) {
  EXPECT_EQ(JsonQuote("a\xFF"
                      "b"),
            "\"a\xEF\xBF\xBD"
            "b\"");
  EXPECT_EQ(JsonQuote(std::string_view("\x01", 1)), "\"\\u0001\"");
}

}  // namespace
}  // namespace common
