// The HTTP API end to end: a real HTTP client (httplib::Client) talks to
// MeterHttpApi on a loopback port, which calls a real meter gRPC server
// (MeterServiceImpl over an in-memory MeterData) on another. The last tests
// run the http_server binary itself as a child process.
//
// Usage (from BUILD): http_api_test <path of http_server>
#include "meter-demo/http_api.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/testing/child_process.h"
#include "meter-demo/meter_data.h"
#include "meter-demo/meter_service.h"
#include "meter-demo/meter_text.h"
#include "meter-demo/sample_data.h"

namespace meter {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace std::chrono_literals;

std::string http_server_path;

constexpr int64_t kJan1 = 1546300800;  // 2019-01-01T00:00:00Z
// Generous bound for anything that should happen at once; tests wait on
// conditions, so this only matters when something is broken.
constexpr auto kPatience = 10s;

// A day of 15-minute readings of meter "home": the reading at 00:15 + 15 min
// * i is (i + 1) / 4 kWh, except at 01:00 (i = 3), which is missing.
std::vector<Reading> SampleDay() {
  std::vector<Reading> readings;
  for (int i = 0; i < 96; ++i) {
    Reading reading;
    reading.time = kJan1 + 900 * (i + 1);
    if (i != 3) reading.kwh = (i + 1) * 0.25;
    readings.push_back(reading);
  }
  return readings;
}

// The meter gRPC server on a free loopback port (or on `port`).
class GrpcServer {
 public:
  explicit GrpcServer(int port = 0) : port_(port) {
    std::string error;
    data_ = MeterData::Open(":memory:", &error);
    EXPECT_NE(data_, nullptr) << error;
    EXPECT_TRUE(data_->Upsert("home", SampleDay(), &error)) << error;
    service_ = std::make_unique<MeterServiceImpl>(data_.get());
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("localhost:" + std::to_string(port_),
                             grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    EXPECT_NE(server_, nullptr);
    EXPECT_NE(port_, 0);
    // As grpc_server does: the health of the service by name, which
    // /healthz asks for.
    server_->GetHealthCheckService()->SetServingStatus("meter.v1.MeterService",
                                                       true);
  }

  ~GrpcServer() { Shutdown(); }

  void Shutdown() {
    if (server_ == nullptr) return;
    service_->StopSubscriptions();
    server_->Shutdown(std::chrono::system_clock::now() + 1s);
    server_->Wait();
    server_.reset();
  }

  std::string address() const { return "localhost:" + std::to_string(port_); }
  int port() const { return port_; }

 private:
  std::unique_ptr<MeterData> data_;
  std::unique_ptr<MeterServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

// MeterHttpApi on an HttpServer on a free loopback port, in this process.
class HttpApiServer {
 public:
  HttpApiServer(const std::string& grpc_target, HttpApiOptions options) {
    api_ = std::make_unique<MeterHttpApi>(
        grpc::CreateChannel(grpc_target, grpc::InsecureChannelCredentials()),
        std::move(options));
    EXPECT_TRUE(api_->Register(&server_));
    port_ = server_.Bind("127.0.0.1", 0);
    EXPECT_GT(port_, 0);
    // Connections wait in the listening socket's backlog until this runs.
    thread_ = std::thread([this] { server_.Listen(); });
  }

  ~HttpApiServer() {
    api_->Shutdown();
    server_.Stop();
    thread_.join();
  }

  MeterHttpApi& api() { return *api_; }
  int port() const { return port_; }

  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(kPatience);
    return client;
  }

 private:
  std::unique_ptr<MeterHttpApi> api_;
  common::HttpServer server_;
  int port_ = 0;
  std::thread thread_;
};

// The web app's files in this test's runfiles.
std::string StaticDir() {
  const char* runfiles = std::getenv("TEST_SRCDIR");
  return runfiles == nullptr
             ? ""
             : std::string(runfiles) + "/grpc_tutorial/meter-demo/web";
}

HttpApiOptions TestOptions() {
  HttpApiOptions options;
  options.deadline = 2000ms;
  options.live_heartbeat = 50ms;
  options.static_dir = StaticDir();
  return options;
}

class HttpApiTest : public ::testing::Test {
 protected:
  HttpApiTest() : http_(grpc_.address(), TestOptions()) {}

  httplib::Result Get(const std::string& path) {
    return http_.Client().Get(path);
  }

  httplib::Result PostCsv(const std::string& meter, const std::string& csv) {
    return http_.Client().Post("/api/v1/meters/" + meter + "/readings", csv,
                               "text/csv");
  }

  GrpcServer grpc_;
  HttpApiServer http_;
};

const char kJsonType[] = "application/json";

// Checks an error response: HTTP status, JSON content type, gRPC code name,
// and that the message contains `message_part`.
void ExpectError(const httplib::Result& result, int http_status,
                 const std::string& code, const std::string& message_part) {
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, http_status) << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), kJsonType);
  EXPECT_THAT(result->body, StartsWith("{\"code\":\"" + code + "\","));
  EXPECT_THAT(result->body, HasSubstr(message_part));
}

const char kReadings[] = "/api/v1/readings";

TEST_F(HttpApiTest, ReadingsAsProto3JsonThatEndInTheRange) {
  auto result = Get(std::string(kReadings) +
                    "?start=2019-01-01T00:00:00Z&end=2019-01-01T01:00:00Z");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type"), kJsonType);
  // The hour holds the readings that end in it, 00:15 to 01:00 (a reading
  // measures the 15 minutes before its time); 01:00 is missing, so it has
  // no value.
  EXPECT_EQ(result->body,
            R"({"readings":[{"time":"2019-01-01T00:15:00Z","value":0.25},)"
            R"({"time":"2019-01-01T00:30:00Z","value":0.5},)"
            R"({"time":"2019-01-01T00:45:00Z","value":0.75},)"
            R"({"time":"2019-01-01T01:00:00Z"}]})");

  // It reads back as a meter.v1.ReadingList.
  v1::ReadingList list;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(result->body, &list).ok());
  EXPECT_EQ(list.readings_size(), 4);
  EXPECT_FALSE(list.readings(3).has_value());
}

TEST_F(HttpApiTest, BrowsersGetGzipNotBrotli) {
  // httplib would use brotli's slowest quality (150 ms for a month of
  // readings) for browsers, which all accept "br".
  httplib::Headers accept = {{"Accept-Encoding", "gzip, deflate, br"}};
  for (const std::string& path :
       {std::string(kReadings) +
            "?start=2019-01-01T00:00:00Z&end=2019-01-02T00:00:00Z",
        std::string("/")}) {
    auto result = http_.Client().Get(path, accept);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->get_header_value("Content-Encoding"), "gzip") << path;
  }
  auto plain = http_.Client().Get(
      "/", httplib::Headers{{"Accept-Encoding", "br;q=1.0, identity"}});
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
}

TEST_F(HttpApiTest, OffsetsAndFractionsInTimes) {
  // 01:00+01:00 is 00:00Z; 00:30:00.5Z rounds nothing away: 00:30 is before.
  auto result = Get(std::string(kReadings) +
                    "?start=2019-01-01T01:00:00%2B01:00"
                    "&end=2019-01-01T00:30:00.5Z");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(result->body,
            R"({"readings":[{"time":"2019-01-01T00:15:00Z","value":0.25},)"
            R"({"time":"2019-01-01T00:30:00Z","value":0.5}]})");
  // A '+' that was not URL-encoded arrives as a space; it is taken for '+'.
  httplib::Client raw = http_.Client();
  raw.set_url_encode(false);
  result = raw.Get(std::string(kReadings) +
                   "?start=2019-01-01T01:00:00+01:00&end=2019-01-01T00:30:00Z");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
}

TEST_F(HttpApiTest, AnEmptyRangeHasNoReadings) {
  auto result = Get(std::string(kReadings) +
                    "?start=2018-01-01T00:00:00Z&end=2018-02-01T00:00:00Z");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "{}");  // as protobuf prints an empty ReadingList
}

TEST_F(HttpApiTest, Resolutions) {
  const std::string range = "&start=2019-01-01T00:00:00Z";
  auto result = Get(std::string(kReadings) + "?resolution=hourly" + range +
                    "&end=2019-01-01T03:00:00Z");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
  // Sums per hour, at the hour's end: 0.25 + 0.5 + 0.75 (+ missing),
  // 1.25 + 1.5 + 1.75 + 2, 2.25 + 2.5 + 2.75 + 3.
  EXPECT_EQ(result->body,
            R"({"readings":[{"time":"2019-01-01T01:00:00Z","value":1.5},)"
            R"({"time":"2019-01-01T02:00:00Z","value":6.5},)"
            R"({"time":"2019-01-01T03:00:00Z","value":10.5}]})");

  result = Get(std::string(kReadings) + "?resolution=daily" + range +
               "&end=2019-01-02T00:00:00Z");
  ASSERT_TRUE(result);
  // The whole day, 00:15 to 24:00: (1 + 2 + ... + 96 - 4) / 4
  EXPECT_EQ(result->body,
            R"({"readings":[{"time":"2019-01-02T00:00:00Z","value":1163}]})");

  auto raw = Get(std::string(kReadings) + "?resolution=raw" + range +
                 "&end=2019-01-01T02:00:00Z");
  auto quarter = Get(std::string(kReadings) + "?resolution=15min" + range +
                     "&end=2019-01-01T02:00:00Z");
  ASSERT_TRUE(raw && quarter);
  EXPECT_EQ(raw->status, 200);
  EXPECT_EQ(raw->body, quarter->body);
}

TEST_F(HttpApiTest, MaxPoints) {
  auto result = Get(std::string(kReadings) +
                    "?start=2019-01-01T00:00:00Z&end=2019-01-02T00:00:00Z"
                    "&max_points=10");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
  v1::ReadingList list;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(result->body, &list).ok());
  EXPECT_GE(list.readings_size(), 2);
  EXPECT_LE(list.readings_size(), 10);
  // The peak of the day (the last reading, 96 / 4) stays visible.
  bool has_peak = false;
  for (const v1::Reading& reading : list.readings()) {
    has_peak = has_peak || reading.value() == 24;
  }
  EXPECT_TRUE(has_peak) << result->body;
}

TEST_F(HttpApiTest, Summary) {
  auto result =
      Get("/api/v1/summary?start=2019-01-01T00:00:00Z&end=2019-01-01T01:00:00Z"
          "&meter=home");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type"), kJsonType);
  // meter.v1.Summary in the proto3 JSON mapping (int64 as strings).
  EXPECT_EQ(result->body,
            R"({"meterId":"home","readingCount":"4","missingCount":"1",)"
            R"("totalKwh":1.5,"minKwh":0.25,"maxKwh":0.75,"meanKwh":0.5,)"
            R"("minTime":"2019-01-01T00:15:00Z",)"
            R"("maxTime":"2019-01-01T00:45:00Z",)"
            R"("firstTime":"2019-01-01T00:15:00Z",)"
            R"("lastTime":"2019-01-01T01:00:00Z"})");
}

TEST_F(HttpApiTest, Meters) {
  auto result = Get("/api/v1/meters");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, R"({"meters":[{"id":"home","readingCount":"96",)"
                          R"("firstTime":"2019-01-01T00:15:00Z",)"
                          R"("lastTime":"2019-01-02T00:00:00Z"}]})");
}

TEST_F(HttpApiTest, BadQueryParametersAreNamed) {
  const std::string good_range =
      "start=2019-01-01T00:00:00Z&end=2019-01-02T00:00:00Z";
  struct Case {
    std::string query;
    std::string parameter;
  };
  const Case kCases[] = {
      {"start=yesterday&end=2019-01-02T00:00:00Z", "start"},
      {"start=2019-01-01&end=2019-01-02T00:00:00Z", "start"},
      {"start=2019-01-01T00:00:00Z&end=2019-13-01T00:00:00Z", "end"},
      {"start=2019-01-01T00:00:00Z&end=", "end"},
      {"end=2019-01-02T00:00:00Z", "start"},
      {"start=2019-01-01T00:00:00Z", "end"},
      {good_range + "&resolution=weekly", "resolution"},
      {good_range + "&max_points=many", "max_points"},
      {good_range + "&max_points=1", "max_points"},
      {good_range + "&max_points=1000001", "max_points"},
      {good_range + "&meter=no%20spaces", "meter"},
      {good_range + "&meter=", "meter"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.query);
    ExpectError(Get(std::string(kReadings) + "?" + c.query), 400,
                "INVALID_ARGUMENT", "query parameter '" + c.parameter + "': ");
  }
  ExpectError(Get("/api/v1/summary?start=x&end=2019-01-02T00:00:00Z"), 400,
              "INVALID_ARGUMENT", "query parameter 'start': 'x' is not");
  ExpectError(Get("/api/v1/live?resolution=secondly"), 400, "INVALID_ARGUMENT",
              "query parameter 'resolution': ");
}

// A typo must not be ignored: max_point=10 would return the whole range.
TEST_F(HttpApiTest, UnknownQueryParametersAreRefusedByName) {
  ExpectError(Get(std::string(kReadings) +
                  "?start=2019-01-01T00:00:00Z&end=2019-01-02T00:00:00Z"
                  "&max_point=10"),
              400, "INVALID_ARGUMENT",
              "query parameter 'max_point': not a parameter of "
              "/api/v1/readings (it takes start, end, resolution, max_points, "
              "meter)");
  ExpectError(Get("/api/v1/summary?start=2019-01-01T00:00:00Z"
                  "&end=2019-01-02T00:00:00Z&resolution=daily"),
              400, "INVALID_ARGUMENT",
              "query parameter 'resolution': not a parameter of "
              "/api/v1/summary (it takes start, end, meter)");
  ExpectError(Get("/api/v1/meters?meter=home"), 400, "INVALID_ARGUMENT",
              "query parameter 'meter': not a parameter of /api/v1/meters (it "
              "takes none)");
  ExpectError(Get("/api/v1/live?metre=home"), 400, "INVALID_ARGUMENT",
              "query parameter 'metre': ");
  ExpectError(Get("/healthz?verbose=1"), 400, "INVALID_ARGUMENT",
              "query parameter 'verbose': ");
  // Given twice, or cut short by a NUL: never silently half-read.
  ExpectError(Get(std::string(kReadings) +
                  "?start=2019-01-01T00:00:00Z&end=2019-01-02T00:00:00Z"
                  "&start=2019-01-01T12:00:00Z"),
              400, "INVALID_ARGUMENT",
              "query parameter 'start': given more than once");
  ExpectError(
      Get(std::string(kReadings) + "?start=2019-01-01T00:00:00Z%00garbage"
                                   "&end=2019-01-02T00:00:00Z"),
      400, "INVALID_ARGUMENT", "query parameter 'start': ");
}

TEST_F(HttpApiTest, StartAfterEndIsRefusedByTheService) {
  auto result = Get(std::string(kReadings) +
                    "?start=2019-01-02T00:00:00Z&end=2019-01-01T00:00:00Z");
  ASSERT_TRUE(result);
  ExpectError(result, 400, "INVALID_ARGUMENT", "");
  // The service's message, not one about a query parameter.
  EXPECT_THAT(result->body, ::testing::Not(HasSubstr("query parameter")));
}

TEST_F(HttpApiTest, UnknownMeterIsNotFound) {
  const std::string range =
      "start=2019-01-01T00:00:00Z&end=2019-01-02T00:00:00Z&meter=nobody";
  ExpectError(Get(std::string(kReadings) + "?" + range), 404, "NOT_FOUND",
              "nobody");
  ExpectError(Get("/api/v1/summary?" + range), 404, "NOT_FOUND", "nobody");
  ExpectError(Get("/api/v1/live?meter=nobody"), 404, "NOT_FOUND", "nobody");
}

TEST_F(HttpApiTest, CsvUpload) {
  const std::string csv =
      "time,meterusage\n"
      "2019-02-01 00:15:00,1.5\n"
      "2019-02-01 00:30:00,abc\n"  // line 3: not a number
      "\n"
      "2019-02-01 00:45:00,-2\n"  // line 5: the service refuses it
      "2019-02-01 01:00:00,NaN\n";
  auto result = PostCsv("garage", csv);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), kJsonType);
  nlohmann::json reply = nlohmann::json::parse(result->body);
  EXPECT_EQ(reply["meterId"], "garage");
  // int64 fields are strings in the proto3 JSON mapping, here as elsewhere.
  EXPECT_EQ(reply["acceptedCount"], "2");
  EXPECT_EQ(reply["rejectedCount"], "2");
  ASSERT_EQ(reply["problems"].size(), 2u) << result->body;
  EXPECT_EQ(reply["problems"][0]["line"], 3);
  EXPECT_THAT(reply["problems"][0]["message"].get<std::string>(),
              HasSubstr("'abc'"));
  EXPECT_EQ(reply["problems"][1]["line"], 5);
  EXPECT_THAT(reply["problems"][1]["message"].get<std::string>(),
              HasSubstr("-2"));
  EXPECT_THAT(result->body, StartsWith(R"({"meterId":"garage",)"
                                       R"("acceptedCount":"2",)"
                                       R"("rejectedCount":"2","problems":[)"));

  // The good rows are stored; NaN is a missing reading.
  const std::string readings =
      std::string(kReadings) +
      "?meter=garage&start=2019-02-01T00:00:00Z&end=2019-02-02T00:00:00Z";
  auto stored = Get(readings);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->body,
            R"({"readings":[{"time":"2019-02-01T00:15:00Z","value":1.5},)"
            R"({"time":"2019-02-01T01:00:00Z"}]})");

  // The same file again changes nothing.
  auto again = PostCsv("garage", csv);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(again->body, result->body);
  EXPECT_EQ(Get(readings)->body, stored->body);
  EXPECT_THAT(Get("/api/v1/meters")->body,
              HasSubstr(R"({"id":"garage","readingCount":"2",)"));
}

// curl --data-binary labels the file application/x-www-form-urlencoded; a
// body that size would be refused as a form (httplib's 8 KB form limit).
TEST_F(HttpApiTest, CsvUploadLabelledAsAFormIsTakenAsCsv) {
  SampleOptions sample;
  sample.count = 1000;
  sample.missing_fraction = 0;
  std::ostringstream csv_stream;
  WriteMeterCsv(GenerateSample(sample), csv_stream);
  const std::string csv = csv_stream.str();
  ASSERT_GT(csv.size(), 8192u);
  auto result = http_.Client().Post("/api/v1/meters/shed/readings", csv,
                                    "application/x-www-form-urlencoded");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(nlohmann::json::parse(result->body)["acceptedCount"], "1000");
}

TEST_F(HttpApiTest, CsvUploadWithoutHeaderIsRefused) {
  ExpectError(PostCsv("garage", "2019-02-01 00:15:00,1.5\n"), 400,
              "INVALID_ARGUMENT", "line 1: expected the header");
  ExpectError(PostCsv("garage", ""), 400, "INVALID_ARGUMENT",
              "the file is empty");
  ExpectError(PostCsv("bad%20id", "time,meterusage\n"), 400, "INVALID_ARGUMENT",
              "meter id");
  // Nothing was stored.
  EXPECT_THAT(Get("/api/v1/meters")->body, ::testing::Not(HasSubstr("garage")));
}

TEST(HttpApiUploadLimitTest, TooLargeIsRefusedWith413) {
  GrpcServer grpc;
  HttpApiOptions options = TestOptions();
  options.max_upload_bytes = 1024;
  HttpApiServer http(grpc.address(), options);
  std::string csv = "time,meterusage\n";
  while (csv.size() <= 1024) csv += "2019-02-01 00:15:00,1.5\n";
  auto result =
      http.Client().Post("/api/v1/meters/garage/readings", csv, "text/csv");
  ExpectError(result, 413, "RESOURCE_EXHAUSTED", "1024 bytes");
  // At the limit is fine.
  csv.resize(1024);
  csv.resize(csv.rfind('\n') + 1);
  auto fits =
      http.Client().Post("/api/v1/meters/garage/readings", csv, "text/csv");
  ASSERT_TRUE(fits);
  EXPECT_EQ(fits->status, 200) << fits->body;
}

TEST_F(HttpApiTest, Healthz) {
  auto result = Get("/healthz");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, R"({"status":"SERVING","grpc":"SERVING"})");
}

TEST_F(HttpApiTest, UnknownRoutesAndWrongMethods) {
  ExpectError(Get("/api/v1/nothing"), 404, "NOT_FOUND", "/api/v1/nothing");
  ExpectError(Get("/no-such-page.html"), 404, "NOT_FOUND",
              "no such page or route");

  auto post = http_.Client().Post(kReadings, "", "text/plain");
  ASSERT_TRUE(post);
  ExpectError(post, 405, "UNIMPLEMENTED", "POST is not allowed");
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  auto get = Get("/api/v1/meters/home/readings");
  ASSERT_TRUE(get);
  ExpectError(get, 405, "UNIMPLEMENTED", "GET is not allowed");
  EXPECT_EQ(get->get_header_value("Allow"), "POST");
  ExpectError(http_.Client().Delete("/api/v1/meters"), 405, "UNIMPLEMENTED",
              "");
}

TEST_F(HttpApiTest, ServesTheWebApp) {
  auto result = Get("/");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_THAT(result->get_header_value("Content-Type"),
              StartsWith("text/html"));
  EXPECT_THAT(result->body, HasSubstr("<title>Meter usage</title>"));
}

// A range of a JSON answer is a broken document, and ~1,000 overlapping
// ranges in an 8 KB request made a 123 MB multipart answer: API answers
// ignore Range, static files honour one range and ignore more.
TEST_F(HttpApiTest, RangesAreIgnoredByTheApiAndLimitedToOneForFiles) {
  httplib::Client client = http_.Client();
  auto readings = client.Get(
      "/api/v1/readings?start=2019-01-01T00:00:00Z&end=2019-01-02T00:00:00Z",
      {{"Range", "bytes=5-10"}});
  ASSERT_TRUE(readings);
  EXPECT_EQ(readings->status, 200);
  EXPECT_THAT(readings->body, StartsWith("{\"readings\":["));
  EXPECT_TRUE(readings->get_header_value("Content-Range").empty());

  auto whole = Get("/");
  ASSERT_TRUE(whole);
  auto one = client.Get("/", {{"Range", "bytes=0-9"}});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 206);
  EXPECT_EQ(one->body, whole->body.substr(0, 10));

  std::string many = "bytes=0-";
  for (int i = 1; i < 1000; ++i) many += ",0-";
  auto amplified = client.Get("/", {{"Range", many}});
  ASSERT_TRUE(amplified);
  EXPECT_EQ(amplified->status, 200);
  EXPECT_EQ(amplified->body.size(), whole->body.size());
}

// "%00" in a path is a NUL byte, which cut the file name short: the web
// app's index.html came back as text/plain for /index.html%00.txt.
TEST_F(HttpApiTest, APathWithANulByteIsRefused) {
  ExpectError(Get("/index.html%00.txt"), 400, "INVALID_ARGUMENT",
              "the path holds a NUL byte");
  ExpectError(Get("/api/v1/meters%00"), 400, "INVALID_ARGUMENT",
              "the path holds a NUL byte");
}

// A live stream read by httplib::Client on a thread of its own.
class LiveClient {
 public:
  LiveClient(int port, const std::string& path) {
    thread_ = std::thread([this, port, path] {
      httplib::Client client("127.0.0.1", port);
      client.set_read_timeout(kPatience);
      auto result = client.Get(
          path,
          [this](const httplib::Response& response) {
            std::lock_guard<std::mutex> lock(mutex_);
            status_ = response.status;
            content_type_ = response.get_header_value("Content-Type");
            changed_.notify_all();
            return true;
          },
          [this](const char* data, size_t length) {
            std::lock_guard<std::mutex> lock(mutex_);
            received_.append(data, length);
            changed_.notify_all();
            return !close_;
          });
      std::lock_guard<std::mutex> lock(mutex_);
      ended_ = true;
      changed_.notify_all();
    });
  }

  ~LiveClient() {
    Close();
    thread_.join();
  }

  // Waits until the stream has carried `text`.
  bool WaitFor(const std::string& text) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, kPatience, [&] {
      return received_.find(text) != std::string::npos;
    });
  }

  // Waits until the response has ended (the server ended it, or Close()).
  bool WaitForEnd() {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, kPatience, [&] { return ended_; });
  }

  // Waits until the response's status has arrived; 0 if it did not.
  int WaitForStatus() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, kPatience, [&] { return status_ != 0 || ended_; });
    return status_;
  }

  // Disconnects, the next time data (or a heartbeat) arrives.
  void Close() {
    std::lock_guard<std::mutex> lock(mutex_);
    close_ = true;
  }

  std::string received() {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }
  int status() {
    std::lock_guard<std::mutex> lock(mutex_);
    return status_;
  }
  std::string content_type() {
    std::lock_guard<std::mutex> lock(mutex_);
    return content_type_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::string received_;
  int status_ = 0;
  std::string content_type_;
  bool close_ = false;
  bool ended_ = false;
  std::thread thread_;
};

TEST_F(HttpApiTest, LiveReadingsAsServerSentEvents) {
  LiveClient live(http_.port(), "/api/v1/live?meter=home");
  ASSERT_TRUE(
      live.WaitFor("\n\n"
                   "event: subscribed\n"
                   "data: {\"meterId\":\"home\",\"resolution\":\"raw\"}"
                   "\n\n"))
      << live.received();
  EXPECT_EQ(live.status(), 200);
  EXPECT_EQ(live.content_type(), "text/event-stream");
  EXPECT_THAT(live.received(), StartsWith("retry: 1000\n\n"));
  EXPECT_EQ(http_.api().live_stream_count(), 1);

  // An upload shows up in the stream, as the JSON of /readings.
  auto upload = PostCsv("home", "time,meterusage\n2019-03-01 00:15:00,7.25\n");
  ASSERT_TRUE(upload);
  ASSERT_EQ(upload->status, 200) << upload->body;
  EXPECT_TRUE(live.WaitFor(
      "\n\ndata: "
      R"({"readings":[{"time":"2019-03-01T00:15:00Z","value":7.25}]})"
      "\n\n"))
      << live.received();

  // With nothing to send, the server sends heartbeats (every 50 ms here).
  EXPECT_TRUE(live.WaitFor("\n\n: keepalive\n\n"));

  // The browser goes away: the next heartbeat fails, and the server ends
  // the stream and its Subscribe call.
  live.Close();
  EXPECT_TRUE(live.WaitForEnd());
  EXPECT_TRUE(http_.api().WaitForLiveStreamCount(0, kPatience));
}

TEST_F(HttpApiTest, LiveStreamsOfACoarserResolution) {
  LiveClient live(http_.port(), "/api/v1/live?resolution=hourly");
  ASSERT_TRUE(live.WaitFor(
      "data: {\"meterId\":\"home\",\"resolution\":\"hourly\"}\n\n"))
      << live.received();
  ASSERT_EQ(
      PostCsv("home", "time,meterusage\n2019-01-01 01:00:00,0.5\n")->status,
      200);
  // The hour ending 01:00 now sums 0.25 + 0.5 + 0.75 + 0.5.
  EXPECT_TRUE(live.WaitFor(
      R"(data: {"readings":[{"time":"2019-01-01T01:00:00Z","value":2}]})"))
      << live.received();
}

TEST_F(HttpApiTest, ShutdownEndsLiveStreamsAtOnce) {
  LiveClient live(http_.port(), "/api/v1/live");
  ASSERT_TRUE(live.WaitFor("event: subscribed\n"));
  http_.api().Shutdown();
  EXPECT_TRUE(live.WaitForEnd());
  EXPECT_TRUE(http_.api().WaitForLiveStreamCount(0, kPatience));
  ExpectError(Get("/api/v1/live"), 503, "UNAVAILABLE", "shutting down");
}

// A browser tab that closes frees its stream's slot at once, not at the next
// heartbeat (15 s by default, 10 minutes here).
TEST(HttpApiLiveLimitTest, AClientThatLeavesFreesItsSlotAtOnce) {
  GrpcServer grpc;
  HttpApiOptions options = TestOptions();
  options.live_heartbeat = std::chrono::minutes(10);
  HttpApiServer http(grpc.address(), options);
  {
    httplib::Client client("127.0.0.1", http.port());
    client.set_read_timeout(kPatience);
    // Reads until the subscription is confirmed, then hangs up.
    auto result = client.Get(
        "/api/v1/live", [](const httplib::Response&) { return true; },
        [](const char* data, size_t length) {
          return std::string(data, length).find("event: subscribed") ==
                 std::string::npos;
        });
    EXPECT_FALSE(result);  // we cancelled it
  }
  EXPECT_TRUE(http.api().WaitForLiveStreamCount(0, std::chrono::seconds(2)))
      << http.api().live_stream_count() << " streams still held";
}

TEST(HttpApiLiveLimitTest, SimultaneousStreamsNeverPassTheLimit) {
  GrpcServer grpc;
  HttpApiOptions options = TestOptions();
  options.max_live_streams = 4;
  HttpApiServer http(grpc.address(), options);
  // Twelve at once: each slot is taken when the request is admitted, not
  // once its subscription is confirmed, so no two requests share one.
  std::vector<std::unique_ptr<LiveClient>> clients;
  for (int i = 0; i < 12; ++i) {
    clients.push_back(
        std::make_unique<LiveClient>(http.port(), "/api/v1/live"));
  }
  int admitted = 0;
  int refused = 0;
  for (auto& client : clients) {
    const int status = client->WaitForStatus();
    admitted += status == 200;
    refused += status == 429;
  }
  EXPECT_EQ(admitted, 4);
  EXPECT_EQ(refused, 8);
  EXPECT_EQ(http.api().live_stream_count(), 4);
}

TEST(QueryParameterTest, Rfc3339Times) {
  struct Case {
    const char* text;
    int64_t seconds;
    int32_t nanos;
  };
  const Case kGood[] = {
      {"2019-01-01T00:15:00Z", 1546301700, 0},
      {"2019-01-01T01:15:00+01:00", 1546301700, 0},
      {"2019-01-01T01:15:00 01:00", 1546301700, 0},  // '+' decoded as ' '
      {"2018-12-31T23:15:00-01:00", 1546301700, 0},
      {"2019-01-01T00:15:00.123456789Z", 1546301700, 123456789},
      {"1969-12-31T23:59:59.5Z", -1, 500000000},
      {"1900-01-01T00:00:00Z", -2208988800, 0},
  };
  for (const Case& c : kGood) {
    google::protobuf::Timestamp time;
    std::string error;
    EXPECT_TRUE(ParseRfc3339(c.text, &time, &error)) << c.text << error;
    EXPECT_EQ(time.seconds(), c.seconds) << c.text;
    EXPECT_EQ(time.nanos(), c.nanos) << c.text;
  }
  for (const char* bad :
       {"", "2019-01-01", "2019-01-01 00:15:00", "2019-01-01T00:15:00",
        "2019-02-30T00:00:00Z", "2019-01-01T24:00:01Z", "0000-01-01T00:00:00Z",
        "10000-01-01T00:00:00Z", "yesterday"}) {
    google::protobuf::Timestamp time;
    std::string error;
    EXPECT_FALSE(ParseRfc3339(bad, &time, &error)) << bad;
    EXPECT_THAT(error, StartsWith("'" + std::string(bad) + "' is ")) << bad;
  }
}

TEST(QueryParameterTest, ResolutionsMaxPointsAndMeterIds) {
  v1::Resolution resolution;
  std::string error;
  for (v1::Resolution r : {v1::RESOLUTION_RAW, v1::RESOLUTION_15_MINUTES,
                           v1::RESOLUTION_HOURLY, v1::RESOLUTION_DAILY}) {
    EXPECT_TRUE(ParseResolution(ResolutionName(r), &resolution, &error));
    EXPECT_EQ(resolution, r);
  }
  EXPECT_EQ(ResolutionName(v1::RESOLUTION_UNSPECIFIED), "raw");
  EXPECT_FALSE(ParseResolution("RAW", &resolution, &error));

  int32_t max_points = -1;
  for (int32_t good : {0, 2, 1000, 1000000}) {
    EXPECT_TRUE(ParseMaxPoints(std::to_string(good), &max_points, &error));
    EXPECT_EQ(max_points, good);
  }
  for (const char* bad : {"1", "-2", "1000001", "", "10x", "1e3", " 5"}) {
    EXPECT_FALSE(ParseMaxPoints(bad, &max_points, &error)) << bad;
  }

  EXPECT_TRUE(IsValidMeterId("home", &error));
  EXPECT_TRUE(IsValidMeterId("Meter_1.a-b", &error));
  EXPECT_TRUE(IsValidMeterId(std::string(64, 'm'), &error));
  for (const std::string& bad :
       {std::string(), std::string(65, 'm'), std::string("a b"),
        std::string("a/b"), std::string("k\xC3\xA9y")}) {
    EXPECT_FALSE(IsValidMeterId(bad, &error)) << bad;
  }
}

// The gRPC server is not there: every call fails at once with UNAVAILABLE
// (no wait_for_ready), well within the deadline.
void ExpectUnavailableQuickly(HttpApiServer& http) {
  const std::string range =
      "?start=2019-01-01T00:00:00Z&end=2019-01-02T00:00:00Z";
  for (const std::string& path :
       {std::string(kReadings) + range, "/api/v1/summary" + range,
        std::string("/api/v1/meters"), std::string("/api/v1/live")}) {
    SCOPED_TRACE(path);
    auto start = std::chrono::steady_clock::now();
    auto result = http.Client().Get(path);
    ExpectError(result, 503, "UNAVAILABLE", "");
    // The reason stays in the server's log: a client learns nothing of the
    // backend's address.
    EXPECT_THAT(result->body, Not(HasSubstr("127.0.0.1")));
    EXPECT_THAT(result->body, Not(HasSubstr("ipv4:")));
    // Not DEADLINE_EXCEEDED (504) after the 2 s deadline.
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  }
  auto health = http.Client().Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 503);
  EXPECT_THAT(health->body,
              StartsWith(R"({"status":"NOT_SERVING","grpc":"UNAVAILABLE)"));
}

TEST(HttpApiGrpcDownTest, NoServerAtTheTarget) {
  int closed_port = 0;
  {
    GrpcServer grpc;  // takes a free port, then gives it back
    closed_port = grpc.port();
  }
  HttpApiServer http("localhost:" + std::to_string(closed_port), TestOptions());
  ExpectUnavailableQuickly(http);
}

TEST(HttpApiGrpcDownTest, ServerStopsWhileTheApiRuns) {
  GrpcServer grpc;
  HttpApiServer http(grpc.address(), TestOptions());
  auto result = http.Client().Get("/healthz");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200);

  LiveClient live(http.port(), "/api/v1/live");
  ASSERT_TRUE(live.WaitFor("event: subscribed\n"));
  grpc.Shutdown();
  // The live stream tells the page why it ends.
  EXPECT_TRUE(live.WaitFor("event: error\ndata: {\"code\":\"UNAVAILABLE\""))
      << live.received();
  EXPECT_TRUE(live.WaitForEnd());
  ExpectUnavailableQuickly(http);
}

// The http_server binary: flags, runfiles, the "listening" line, signals.
TEST(HttpServerBinaryTest, ServesAndStopsCleanlyOnSigterm) {
  GrpcServer grpc;
  testing_util::ChildProcess server(
      {http_server_path, "--host=127.0.0.1", "--port=0",
       "--grpc_target=" + grpc.address(),
       // Only the shutdown's cancellation can end a live stream promptly.
       "--live_heartbeat_ms=600000"});
  ASSERT_TRUE(server.started());
  std::string address = server.WaitUntilListening();
  ASSERT_THAT(address, StartsWith("http://127.0.0.1:")) << server.output();
  EXPECT_THAT(server.output(),
              HasSubstr("Meter HTTP server listening on " + address + "\n"));
  const int port = std::stoi(address.substr(address.rfind(':') + 1));

  httplib::Client client("127.0.0.1", port);
  auto index = client.Get("/");  // from the runfiles, without --static_dir
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_THAT(index->body, HasSubstr("<title>Meter usage</title>"));
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);

  // A second server cannot take the same port.
  testing_util::ChildProcess second({http_server_path, "--host=127.0.0.1",
                                     "--port=" + std::to_string(port),
                                     "--grpc_target=" + grpc.address()});
  EXPECT_EQ(second.WaitForExit(), 1);
  EXPECT_THAT(second.output(),
              HasSubstr("cannot listen on 127.0.0.1:" + std::to_string(port)));

  LiveClient live(port, "/api/v1/live");
  ASSERT_TRUE(live.WaitFor("event: subscribed\n"));
  auto signalled = std::chrono::steady_clock::now();
  server.Signal(SIGTERM);
  EXPECT_TRUE(live.WaitForEnd());
  EXPECT_EQ(server.WaitForExit(), 0) << server.output();
  // Far less than a heartbeat (10 minutes here).
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, kPatience);
  EXPECT_THAT(server.output(), HasSubstr("received SIGTERM, shutting down"));
  EXPECT_THAT(server.output(), HasSubstr("Meter HTTP server stopped"));
}

// Requests that came in while the gRPC server was down must not keep the
// API answering 503 once it is back: gRPC's reconnect backoff and its 5 s
// backup poller made that 6-15 s.
TEST(HttpServerBinaryTest, UsesTheGrpcServerAgainSoonAfterItIsBack) {
  auto grpc = std::make_unique<GrpcServer>();
  const int grpc_port = grpc->port();
  testing_util::ChildProcess server({http_server_path, "--host=127.0.0.1",
                                     "--port=0",
                                     "--grpc_target=" + grpc->address()});
  const std::string address = server.WaitUntilListening();
  ASSERT_FALSE(address.empty()) << server.output();
  httplib::Client client("127.0.0.1",
                         std::stoi(address.substr(address.rfind(':') + 1)));
  client.set_read_timeout(kPatience);
  client.set_keep_alive(true);  // one connection, one of the server's threads
  auto meters = [&] {
    auto result = client.Get("/api/v1/meters");
    return result ? result->status : 0;
  };
  ASSERT_EQ(meters(), 200);

  grpc->Shutdown();
  grpc.reset();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(meters(), 503);

  grpc = std::make_unique<GrpcServer>(grpc_port);
  ASSERT_EQ(grpc->port(), grpc_port);
  const auto back = std::chrono::steady_clock::now();
  int last = 0;
  while ((last = meters()) != 200 &&
         std::chrono::steady_clock::now() - back < std::chrono::seconds(10)) {
  }
  EXPECT_EQ(last, 200) << server.output();
  // ~0.6 s here (a connection attempt every 500 ms, polled every 100 ms);
  // the bound leaves room for a loaded machine, and fails at the old 5 s.
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - back)
                .count(),
            2000);
}

}  // namespace
}  // namespace meter

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " <path of http_server>" << std::endl;
    return 2;
  }
  meter::http_server_path = argv[1];
  // As in http_server: a client that goes away must not kill the process.
  signal(SIGPIPE, SIG_IGN);
  return RUN_ALL_TESTS();
}
