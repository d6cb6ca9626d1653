// The HTTP front end against a real attendance gRPC server on loopback,
// through a real HTTP client (httplib's): every message of the register flow
// for form and JSON posts, HTML escaping, errors as JSON with their HTTP
// status; and the http_server binary as a child process.
//
// Usage (from BUILD): http_api_test <http_server>
#include "pi-demo/http_api.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/http/grpc_web_codec.h"
#include "common/testing/child_process.h"
#include "pi-demo/attendance_service.h"
#include "pi-demo/password_hash.h"
#include "pi-demo/token_auth.h"

namespace attendance {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string http_server_path;

class HttpApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string path =
        std::string(std::getenv("TEST_TMPDIR")) + "/" +
        ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db";
    std::remove(path.c_str());
    std::string error;
    store_ = AttendanceStore::Open(path, &error);
    ASSERT_NE(store_, nullptr) << error;
    ASSERT_TRUE(
        store_->AddOrganiser("ada", *HashPassword("secret", 4), &error));
  }

  // The gRPC server alone, on grpc_port_ (0: a free port).
  void StartGrpcServer(const ServiceOptions& options) {
    service_ = std::make_unique<AttendanceServiceImpl>(store_.get(), options);
    grpc::ServerBuilder builder;
    // The production credentials: local (loopback plaintext) with the
    // token check.
    builder.AddListeningPort(
        "127.0.0.1:" + std::to_string(grpc_port_),
        SecuredCredentials(nullptr, service_->MakeTokenChecker()), &grpc_port_);
    builder.RegisterService(service_.get());
    grpc_server_ = builder.BuildAndStart();
    ASSERT_NE(grpc_port_, 0);
  }

  void StopGrpcServer() {
    service_->StopWatches();
    grpc_server_->Shutdown(std::chrono::system_clock::now() +
                           std::chrono::seconds(1));
    grpc_server_.reset();
  }

  void StartServers(ServiceOptions options = {},
                    HttpApiOptions http_options = {}) {
    StartGrpcServer(options);
    channel_ =
        grpc::CreateChannel(grpc_target(), grpc::InsecureChannelCredentials());

    api_ = std::make_unique<AttendanceHttpApi>(channel_, http_options);
    api_->Register(&http_);
    http_port_ = http_.Bind("127.0.0.1", 0);
    ASSERT_GT(http_port_, 0);
    http_thread_ = std::thread([this] { http_.Listen(); });
    // Bind() already listens: connections wait until accepted.
    client_ = std::make_unique<httplib::Client>("127.0.0.1", http_port_);
    client_->set_read_timeout(10, 0);
  }

  void TearDown() override {
    if (http_thread_.joinable()) {
      http_.Stop();
      http_thread_.join();
    }
    if (grpc_server_) {
      service_->StopWatches();
      grpc_server_->Shutdown(std::chrono::system_clock::now() +
                             std::chrono::seconds(5));
    }
  }

  // One failure allowed per web user, the test's client a trusted proxy
  // that names them in X-Forwarded-For.
  void StartBehindTrustedProxy() {
    ServiceOptions options;
    options.max_failures = 1;
    options.proxy_token = "token-of-the-http-server";
    HttpApiOptions http_options;
    http_options.trusted_proxies = {"127.0.0.1"};  // the test's client
    http_options.proxy_token = options.proxy_token;
    StartServers(options, http_options);
  }

  std::string grpc_target() const {
    return "127.0.0.1:" + std::to_string(grpc_port_);
  }

  std::string Code() {
    auto stub = v1::AttendanceService::NewStub(channel_);
    v1::LoginResponse login;
    {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(10));
      v1::LoginRequest request;
      request.set_organiser("ada");
      request.set_password("secret");
      grpc::Status status = stub->Login(&context, request, &login);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    context.AddMetadata("authorization", "Bearer " + login.token());
    v1::IssueCodeResponse issued;
    EXPECT_TRUE(
        stub->IssueCode(&context, v1::IssueCodeRequest(), &issued).ok());
    return issued.code();
  }

  httplib::Result PostForm(const httplib::Params& form) {
    return client_->Post("/register", form);
  }

  httplib::Result PostJson(const nlohmann::json& body) {
    return client_->Post("/register", {{"Accept", "application/json"}},
                         body.dump(), "application/json");
  }

  std::unique_ptr<AttendanceStore> store_;
  std::unique_ptr<AttendanceServiceImpl> service_;
  std::unique_ptr<grpc::Server> grpc_server_;
  int grpc_port_ = 0;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<AttendanceHttpApi> api_;
  common::HttpServer http_;
  int http_port_ = 0;
  std::thread http_thread_;
  std::unique_ptr<httplib::Client> client_;
};

// [START form_test]
TEST_F(HttpApiTest, FormPostsGetEveryMessageOfTheFlow) {
  StartServers();
  const std::string code = Code();

  auto result = PostForm(
      {{"first_name", "Ada"}, {"last_name", "Lovelace"}, {"code", code}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_THAT(result->get_header_value("Content-Type"), HasSubstr("text/html"));
  EXPECT_THAT(result->body, HasSubstr(">Successfully registered!<"));

  result = PostForm(
      {{"first_name", "Bob"}, {"last_name", "Babbage"}, {"code", code}});
  EXPECT_EQ(result->status, 409);
  EXPECT_THAT(result->body,
              HasSubstr(">The code " + code + " has already been used.<"));

  result = PostForm({{"first_name", "Bob"},
                     {"last_name", "Babbage"},
                     {"code", "0000-0000-00"}});
  EXPECT_EQ(result->status, 404);
  EXPECT_THAT(result->body,
              HasSubstr(">The code 0000-0000-00 is not a valid code.<"));

  // A missing field, an empty one and one of spaces: the user's mistake.
  for (const httplib::Params& form :
       {httplib::Params{{"first_name", "Bob"}, {"code", code}},
        httplib::Params{
            {"first_name", "Bob"}, {"last_name", ""}, {"code", code}},
        httplib::Params{
            {"first_name", "  "}, {"last_name", "Babbage"}, {"code", code}}}) {
    result = PostForm(form);
    EXPECT_EQ(result->status, 400);
    EXPECT_THAT(result->body, HasSubstr(">Please fill all fields.<"));
  }
}
// [END form_test]

TEST_F(HttpApiTest, JsonPostsGetJsonAnswersWithTheHttpStatusOfTheGrpcStatus) {
  StartServers();
  const std::string code = Code();

  auto result = PostJson(
      {{"firstName", "Ada"}, {"lastName", "Lovelace"}, {"code", code}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_THAT(result->get_header_value("Content-Type"),
              HasSubstr("application/json"));
  nlohmann::json body = nlohmann::json::parse(result->body);
  EXPECT_EQ(body["message"], "Successfully registered!");
  EXPECT_EQ(body["attendee"]["firstName"], "Ada");
  EXPECT_EQ(body["status"]["count"], 1);
  EXPECT_FALSE(body.dump().find(code) !=
               std::string::npos);  // codes never shown

  struct Case {
    nlohmann::json request;
    int http_status;
    std::string code, message;
  } cases[] = {
      {{{"first_name", "Bob"},
        {"last_name", "B"},
        {"code", code}},  // snake_case too
       409,
       "ALREADY_EXISTS",
       "The code " + code + " has already been used."},
      {{{"firstName", "Bob"}, {"lastName", "B"}, {"code", "zzzz-zzzz-zz"}},
       404,
       "NOT_FOUND",
       "The code ZZZZ-ZZZZ-ZZ is not a valid code."},
      {{{"firstName", "Bob"}, {"code", code}},
       400,
       "INVALID_ARGUMENT",
       "Please fill all fields."},
      {{{"firstName", "Bob"}, {"lastName", nullptr}, {"code", code}},
       400,
       "INVALID_ARGUMENT",
       "Please fill all fields."},
      {{{"firstName", 7}, {"lastName", "B"}, {"code", code}},
       400,
       "INVALID_ARGUMENT",
       "firstName: must be a string"},
      {{{"firstName", std::string(65, 'x')}, {"lastName", "B"}, {"code", code}},
       400,
       "INVALID_ARGUMENT",
       "first_name: must be at most 64 characters long"},
      {nlohmann::json::array(), 400, "INVALID_ARGUMENT",
       "the body is not a JSON object"},
  };
  for (const Case& c : cases) {
    result = PostJson(c.request);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, c.http_status) << c.request;
    body = nlohmann::json::parse(result->body);
    EXPECT_EQ(body["code"], c.code) << c.request;
    EXPECT_EQ(body["message"], c.message) << c.request;
  }
  result = client_->Post("/register", {{"Accept", "application/json"}},
                         "{not json", "application/json");
  EXPECT_EQ(result->status, 400);
  EXPECT_EQ(nlohmann::json::parse(result->body)["message"],
            "the body is not a JSON object");
}

TEST_F(HttpApiTest, FormPostsAskingForJsonGetJson) {
  StartServers();
  auto result =
      client_->Post("/register", {{"Accept", "application/json"}},
                    "first_name=Ada&last_name=Lovelace&code=0000-0000-00",
                    "application/x-www-form-urlencoded");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  EXPECT_EQ(nlohmann::json::parse(result->body)["message"],
            "The code 0000-0000-00 is not a valid code.");
}

// Bytes that are not UTF-8 cannot go into a protobuf string: they get the
// service's own answer for a bad name, not a 500 from the failed encoding.
TEST_F(HttpApiTest, InvalidUtf8InAFieldIsABadRequest) {
  StartServers();
  for (const std::string field : {"first_name", "last_name", "code"}) {
    std::string body = "first_name=Ada&last_name=Lovelace&code=0000-0000-00";
    body.replace(body.find(field + "=") + field.size() + 1, 1, "%FF%FE");
    auto result = client_->Post("/register", {{"Accept", "application/json"}},
                                body, "application/x-www-form-urlencoded");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 400) << field;
    EXPECT_EQ(nlohmann::json::parse(result->body)["message"],
              field + ": is not valid UTF-8");
  }
  // The same in JSON (the decoder leaves \u escapes of lone surrogates).
  auto result = client_->Post("/register", {{"Accept", "application/json"}},
                              "{\"firstName\":\"\xff\",\"lastName\":\"B\","
                              "\"code\":\"0000-0000-00\"}",
                              "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
}

// [START escaping_test]
TEST_F(HttpApiTest, NamesAndCodesAreShownAsTypedAndHarmNothing) {
  StartServers();
  ASSERT_EQ(PostForm({{"first_name", "<script>alert(1)</script>"},
                      {"last_name", "Robert'); DROP TABLE attendees;--"},
                      {"code", Code()}})
                ->status,
            200);
  ASSERT_EQ(
      PostForm(
          {{"first_name", "Ada"}, {"last_name", "Lovelace"}, {"code", Code()}})
          ->status,
      200);

  auto page = client_->Get("/attendees");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("<h1>Attendees: 2</h1>"));
  EXPECT_THAT(page->body,
              HasSubstr("<li>&lt;script&gt;alert(1)&lt;/script&gt; "
                        "Robert&#39;); DROP TABLE attendees;--</li>"));
  EXPECT_THAT(page->body, Not(HasSubstr("<script>")));
  EXPECT_THAT(page->body,
              HasSubstr("<li>Ada Lovelace</li>"));  // the table is still there

  // A typed code is echoed in the error page, escaped too.
  auto result =
      PostForm({{"first_name", "A"}, {"last_name", "B"}, {"code", "<b>x</b>"}});
  EXPECT_EQ(result->status, 404);
  EXPECT_THAT(result->body,
              HasSubstr("The code &lt;b&gt;x&lt;/b&gt; is not a valid code."));
}
// [END escaping_test]

TEST_F(HttpApiTest, StatusAsProtoJson) {
  StartServers();
  ASSERT_EQ(
      PostJson(
          {{"firstName", "Ada"}, {"lastName", "Lovelace"}, {"code", Code()}})
          ->status,
      200);
  auto result = client_->Get("/api/v1/status");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  nlohmann::json status = nlohmann::json::parse(result->body);
  EXPECT_EQ(status["count"], 1);
  EXPECT_EQ(status["version"], "1");  // int64 is a string in proto3 JSON
  EXPECT_EQ(status["attendees"][0]["lastName"], "Lovelace");
}

TEST_F(HttpApiTest, RateLimitIsTooManyRequests) {
  ServiceOptions options;
  options.max_failures = 2;
  StartServers(options);
  const std::string code = Code();
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(
        PostJson(
            {{"firstName", "E"}, {"lastName", "G"}, {"code", "0000-0000-00"}})
            ->status,
        404);
  }
  auto result =
      PostJson({{"firstName", "E"}, {"lastName", "G"}, {"code", code}});
  EXPECT_EQ(result->status, 429);
  EXPECT_EQ(nlohmann::json::parse(result->body)["code"], "RESOURCE_EXHAUSTED");
}

TEST_F(HttpApiTest, UnreachableGrpcServerIsServiceUnavailable) {
  StartServers();
  grpc_server_->Shutdown(std::chrono::system_clock::now());
  grpc_server_.reset();
  auto result = PostJson(
      {{"firstName", "A"}, {"lastName", "B"}, {"code", "0000-0000-00"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 503);
  nlohmann::json body = nlohmann::json::parse(result->body);
  EXPECT_EQ(body["code"], "UNAVAILABLE");
  EXPECT_EQ(body["message"],
            "The registration service is not reachable; please try again.");
  auto status = client_->Get("/api/v1/status");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, 503);
  // The reason stays in the server's log, not the backend's address.
  EXPECT_THAT(status->body, Not(HasSubstr("127.0.0.1")));
  EXPECT_THAT(status->body, Not(HasSubstr("ipv4:")));
  EXPECT_EQ(client_->Get("/no/such/page")->status, 404);

  // The attendee list: a page for browsers, JSON for clients that ask.
  auto page = client_->Get("/attendees");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 503);
  EXPECT_THAT(page->body, HasSubstr("<p class=\"message error\">The "
                                    "registration service is not reachable"));
  auto json = client_->Get("/attendees", {{"Accept", "application/json"}});
  ASSERT_TRUE(json);
  EXPECT_EQ(json->status, 503);
  EXPECT_EQ(json->get_header_value("Content-Type"), "application/json");
  body = nlohmann::json::parse(json->body, nullptr, false);
  EXPECT_EQ(body["code"], "UNAVAILABLE") << json->body;
  EXPECT_EQ(body["message"],
            "The registration service is not reachable; please try again.");
}

// The same mistakes get the same answers as from the meter's HTTP server:
// both are set up by common/http/server_setup.h.
TEST_F(HttpApiTest, MistakesGetTheSameJsonAnswersAsFromTheMeterServer) {
  StartServers();
  auto large = client_->Post("/register", std::string(100 * 1024, 'x'),
                             "application/x-www-form-urlencoded");
  ASSERT_TRUE(large);
  EXPECT_EQ(large->status, 413);
  nlohmann::json body = nlohmann::json::parse(large->body);
  EXPECT_EQ(body["code"], "RESOURCE_EXHAUSTED");
  EXPECT_THAT(body["message"].get<std::string>(),
              HasSubstr("larger than the limit of 65536 bytes"));

  auto get = client_->Get("/register");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 405);
  EXPECT_EQ(get->get_header_value("Allow"), "POST");
  auto post = client_->Post("/api/v1/status", "", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");

  auto typo = client_->Get("/api/v1/status?verbose=1");
  ASSERT_TRUE(typo);
  EXPECT_EQ(typo->status, 400);
  EXPECT_THAT(typo->body,
              HasSubstr("query parameter 'verbose': not a parameter of "
                        "/api/v1/status (it takes none)"));
  // A page for people ignores what it does not know (links carry tracking
  // parameters); the JSON API above does not.
  EXPECT_EQ(client_->Get("/attendees?utm_source=mail")->status, 200);

  auto missing = client_->Get("/no/such/page");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_THAT(missing->body, HasSubstr("no such page or route: GET /no/such"));
}

TEST_F(HttpApiTest, JsonContentTypeIsReadWhateverItsCaseAndParameters) {
  StartServers();
  auto result = client_->Post(
      "/register",
      R"({"firstName":"Ada","lastName":"Lovelace","code":"0000-0000-00"})",
      "Application/JSON; charset=UTF-8");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);  // read as JSON, not as an empty form
  EXPECT_EQ(nlohmann::json::parse(result->body, nullptr, false)["message"],
            "The code 0000-0000-00 is not a valid code.")
      << result->body;
}

TEST_F(HttpApiTest, BehindATrustedProxyEachWebUserHasItsOwnLimit) {
  StartBehindTrustedProxy();
  auto guess = [&](const std::string& forwarded_for) {
    return client_
        ->Post("/register", {{"X-Forwarded-For", forwarded_for}},
               R"({"firstName":"E","lastName":"G","code":"0000-0000-00"})",
               "application/json")
        ->status;
  };
  EXPECT_EQ(guess("192.0.2.1"), 404);
  EXPECT_EQ(guess("192.0.2.1"), 429);
  EXPECT_EQ(guess("192.0.2.2"), 404);  // another user is not held up
  // What the user put in front of the proxy's entry changes nothing.
  EXPECT_EQ(guess("198.51.100.7, 192.0.2.1"), 429);
  // Control characters in a header are not HTTP (RFC 9110): the server
  // refuses the request before any handler (gRPC's client would abort the
  // process on such metadata).
  EXPECT_EQ(guess(std::string("\x01\x7f", 2)), 400);
  // An entry that is not an address is not a user: the proxy (the peer) is
  // charged, so nothing of the header goes into metadata unchecked.
  EXPECT_EQ(guess("not an address"), 404);
  EXPECT_EQ(guess("not one either"), 429);
  EXPECT_EQ(client_->Get("/api/v1/status")->status, 200);  // still serving
}

// A gRPC-Web call's status: from the trailer frame, or from the headers of
// a trailers-only answer; and its message frames.
struct GrpcWebAnswer {
  int code = -1;
  std::vector<std::string> messages;
};

GrpcWebAnswer CallGrpcWeb(httplib::Client& client, const std::string& method,
                          const google::protobuf::Message& request,
                          const httplib::Headers& headers = {}) {
  const httplib::Result result =
      client.Post("/attendance.v1.AttendanceService/" + method, headers,
                  common::grpc_web::EncodeFrame(0, request.SerializeAsString()),
                  "application/grpc-web+proto");
  GrpcWebAnswer answer;
  if (!result) return answer;
  if (result->has_header("grpc-status")) {
    answer.code = std::stoi(result->get_header_value("grpc-status"));
  }
  common::grpc_web::FrameDecoder decoder(common::grpc_web::Encoding::kBinary,
                                         1 << 20);
  decoder.Feed(result->body);
  while (std::optional<common::grpc_web::Frame> frame = decoder.Next()) {
    if (!frame->is_trailer()) {
      answer.messages.push_back(frame->payload);
      continue;
    }
    const auto trailers = common::grpc_web::ParseTrailerBlock(frame->payload);
    if (trailers && trailers->count("grpc-status")) {
      answer.code = std::stoi(trailers->at("grpc-status"));
    }
  }
  return answer;
}

TEST_F(HttpApiTest, GrpcWebCallsRegisterAndEachWebUserHasItsOwnLimit) {
  StartBehindTrustedProxy();
  v1::RegisterRequest request;
  request.set_first_name("Grace");
  request.set_last_name("Hopper");
  request.set_code("0000-0000-00");
  auto guess = [&](const std::string& forwarded_for) {
    return CallGrpcWeb(*client_, "Register", request,
                       {{"X-Forwarded-For", forwarded_for}})
        .code;
  };
  // The gateway names the web user as the JSON API does: one user's
  // failures do not hold up another.
  EXPECT_EQ(guess("192.0.2.1"), static_cast<int>(grpc::StatusCode::NOT_FOUND));
  EXPECT_EQ(guess("192.0.2.1"),
            static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED));
  EXPECT_EQ(guess("192.0.2.2"), static_cast<int>(grpc::StatusCode::NOT_FOUND));

  request.set_code(Code());
  const GrpcWebAnswer registered = CallGrpcWeb(*client_, "Register", request);
  ASSERT_EQ(registered.code, 0);
  ASSERT_EQ(registered.messages.size(), 1u);
  v1::RegisterResponse response;
  ASSERT_TRUE(response.ParseFromString(registered.messages[0]));
  EXPECT_EQ(response.attendee().first_name(), "Grace");
  // And the JSON API's page sees it.
  EXPECT_THAT(client_->Get("/attendees")->body, HasSubstr("Grace"));
}

TEST_F(HttpApiTest, GrpcWebCannotCallTheClientStreamingOrOtherServices) {
  StartServers();
  v1::GetStatusRequest request;
  const GrpcWebAnswer status = CallGrpcWeb(*client_, "GetStatus", request);
  EXPECT_EQ(status.code, 0);
  EXPECT_EQ(status.messages.size(), 1u);
  const httplib::Result other = client_->Post(
      "/meter.v1.MeterService/ListMeters", common::grpc_web::EncodeFrame(0, ""),
      "application/grpc-web+proto");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->get_header_value("grpc-status"),
            std::to_string(static_cast<int>(grpc::StatusCode::UNIMPLEMENTED)));
}

TEST_F(HttpApiTest, WithoutTrustedProxiesForwardedForIsIgnored) {
  ServiceOptions options;
  options.max_failures = 1;
  StartServers(options);
  auto guess = [&](const std::string& forwarded_for) {
    return client_
        ->Post("/register", {{"X-Forwarded-For", forwarded_for}},
               R"({"firstName":"E","lastName":"G","code":"0000-0000-00"})",
               "application/json")
        ->status;
  };
  EXPECT_EQ(guess("192.0.2.1"), 404);
  EXPECT_EQ(guess("192.0.2.2"), 429);  // still 127.0.0.1: no escape
}

TEST_F(HttpApiTest, TheServerBinaryServesThePageAndStopsOnSigterm) {
  StartServers();
  testing_util::ChildProcess server({http_server_path, "--host=127.0.0.1",
                                     "--port=0",
                                     "--grpc_target=" + grpc_target()});
  std::string address = server.WaitUntilListening();
  ASSERT_FALSE(address.empty()) << server.output();
  httplib::Client client(address);
  client.set_read_timeout(10, 0);

  auto page = client.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(
      page->body,
      HasSubstr("<form id=\"register\" method=\"post\" action=\"/register\">"));
  EXPECT_EQ(client.Get("/register.js")->status, 200);
  EXPECT_EQ(client.Get("/style.css")->status, 200);

  auto result =
      client.Post("/register", httplib::Params{{"first_name", "Ada"},
                                               {"last_name", "Lovelace"},
                                               {"code", Code()}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_THAT(result->body, HasSubstr("Successfully registered!"));

  server.Signal(SIGTERM);
  EXPECT_EQ(server.WaitForExit(), 0) << server.output();
  EXPECT_THAT(server.output(), HasSubstr("Attendance HTTP server stopped"));
}

// Requests that came in while the gRPC server was down must not keep the
// page answering 503 once it is back (it took 6-15 s: gRPC's reconnect
// backoff and its 5 s backup poller).
TEST_F(HttpApiTest, TheServerBinaryUsesTheGrpcServerAgainSoonAfterItIsBack) {
  StartServers();
  testing_util::ChildProcess server({http_server_path, "--host=127.0.0.1",
                                     "--port=0",
                                     "--grpc_target=" + grpc_target()});
  std::string address = server.WaitUntilListening();
  ASSERT_FALSE(address.empty()) << server.output();
  httplib::Client client(address);
  client.set_read_timeout(10, 0);
  client.set_keep_alive(true);
  auto status = [&] {
    auto result = client.Get("/api/v1/status");
    return result ? result->status : 0;
  };
  ASSERT_EQ(status(), 200);

  StopGrpcServer();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(status(), 503);

  const int port = grpc_port_;
  StartGrpcServer({});
  ASSERT_EQ(grpc_port_, port);
  const auto back = std::chrono::steady_clock::now();
  int last = 0;
  while ((last = status()) != 200 &&
         std::chrono::steady_clock::now() - back < std::chrono::seconds(10)) {
  }
  EXPECT_EQ(last, 200) << server.output();
  // ~0.6 s here; the bound leaves room for a loaded machine.
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - back)
                .count(),
            2000);
}

}  // namespace
}  // namespace attendance

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 2) {
    std::cerr << "usage: http_api_test <http_server>" << std::endl;
    return 2;
  }
  attendance::http_server_path = argv[1];
  return RUN_ALL_TESTS();
}
