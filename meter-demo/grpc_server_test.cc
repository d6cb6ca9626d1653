// The real grpc_server binary as a child process: CSV import at start (and
// re-import), health and reflection services, shutdown on SIGTERM with live
// subscribers, and startup errors.
//
// Usage (from BUILD): grpc_server_test <grpc_server> <testdata dir>
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdlib>
#include <filesystem>

#include "common/testing/child_process.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "protos/meter/v1/meter.grpc.pb.h"

namespace meter {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;

std::string server_path;
fs::path testdata;

std::chrono::system_clock::time_point Deadline() {
  return std::chrono::system_clock::now() + std::chrono::seconds(10);
}

class GrpcServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = fs::path(std::getenv("TEST_TMPDIR")) /
          (::testing::UnitTest::GetInstance()->current_test_info()->name() +
           std::string(".db"));
  }

  std::unique_ptr<testing_util::ChildProcess> Start(
      std::vector<std::string> flags) {
    std::vector<std::string> args = {server_path, "--host=127.0.0.1",
                                     "--port=0", "--db=" + db_.string()};
    args.insert(args.end(), flags.begin(), flags.end());
    return std::make_unique<testing_util::ChildProcess>(args);
  }

  static std::shared_ptr<grpc::Channel> Connect(const std::string& address) {
    return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  }

  fs::path db_;
};

std::vector<double> ReadAll(const std::shared_ptr<grpc::Channel>& channel,
                            std::string meter) {
  auto stub = v1::MeterService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  v1::ListReadingsRequest request;
  request.set_meter_id(meter);
  request.mutable_start()->set_seconds(1546300800);  // 2019-01-01
  request.mutable_end()->set_seconds(1546300800 + 86400);
  auto reader = stub->ListReadings(&context, request);
  std::vector<double> values;
  v1::ReadingBatch batch;
  while (reader->Read(&batch))
    values.insert(values.end(), batch.values().begin(), batch.values().end());
  EXPECT_TRUE(reader->Finish().ok());
  return values;
}

TEST_F(GrpcServerTest,
       ImportsTheCsvReportingMalformedRowsAndReimportChangesNothing) {
  for (int run = 0; run < 2; ++run) {
    auto server =
        Start({"--data=" + (testdata / "usage.csv").string(), "--meter=flat"});
    std::string address = server->WaitUntilListening();
    ASSERT_FALSE(address.empty()) << server->output();
    EXPECT_THAT(
        server->output(),
        HasSubstr(
            "usage.csv:5: value 'not-a-number' is not a number (row skipped)"));
    EXPECT_THAT(server->output(), HasSubstr("Imported 4 readings"));
    std::vector<double> values = ReadAll(Connect(address), "flat");
    ASSERT_EQ(values.size(), 4u)
        << "run " << run;  // not 8 after the second import
    EXPECT_EQ(values[0], 55.09);
    EXPECT_TRUE(std::isnan(values[1]));  // NaN in the file is a missing reading
    EXPECT_EQ(values[3], 60.5);
    server->Signal(SIGTERM);
    EXPECT_EQ(server->WaitForExit(), 0);
  }
}

TEST_F(GrpcServerTest, LoadsSampleDataWhenGivenNoFile) {
  auto server = Start({});
  std::string address = server->WaitUntilListening();
  ASSERT_FALSE(address.empty()) << server->output();
  EXPECT_THAT(
      server->output(),
      HasSubstr("Loaded 35040 sample readings (2019) into meter 'home'"));
  // 00:15 to 23:45: the reading at midnight ends the range, so it is excluded.
  EXPECT_EQ(ReadAll(Connect(address), "home").size(), 96u);
}

TEST_F(GrpcServerTest, ServesHealthAndReflection) {
  auto server = Start({});
  std::string address = server->WaitUntilListening();
  ASSERT_FALSE(address.empty()) << server->output();
  auto channel = Connect(address);

  auto health = grpc::health::v1::Health::NewStub(channel);
  for (const char* service : {"", "meter.v1.MeterService"}) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    ASSERT_TRUE(health->Check(&context, request, &response).ok()) << service;
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING)
        << service;
  }

  auto reflection =
      grpc::reflection::v1alpha::ServerReflection::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  auto stream = reflection->ServerReflectionInfo(&context);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("");
  ASSERT_TRUE(stream->Write(request));
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  std::vector<std::string> services;
  for (const auto& service : response.list_services_response().service()) {
    services.push_back(service.name());
  }
  EXPECT_THAT(services,
              IsSupersetOf({"meter.v1.MeterService", "grpc.health.v1.Health"}));
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(GrpcServerTest, SigtermEndsLiveSubscriptionsAtOnceAndExitsZero) {
  // A long grace period: the subscriber must hear UNAVAILABLE right away,
  // not when the grace period runs out.
  auto server = Start({"--shutdown_grace_ms=60000"});
  std::string address = server->WaitUntilListening();
  ASSERT_FALSE(address.empty()) << server->output();
  auto stub = v1::MeterService::NewStub(Connect(address));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  auto stream = stub->Subscribe(&context);
  v1::SubscribeRequest request;
  request.set_meter_id("home");
  ASSERT_TRUE(stream->Write(request));
  v1::SubscribeResponse confirmation;
  ASSERT_TRUE(stream->Read(&confirmation));

  server->Signal(SIGTERM);
  v1::SubscribeResponse ignored;
  EXPECT_FALSE(stream->Read(&ignored));
  grpc::Status status = stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(status.error_message(), "the server is shutting down");
  EXPECT_EQ(server->WaitForExit(), 0);
  EXPECT_THAT(server->output(), HasSubstr("Meter gRPC server stopped"));
}

TEST_F(GrpcServerTest, RefusesAFileWithTheWrongHeader) {
  auto server = Start({"--data=" + (testdata / "bad_header.csv").string()});
  EXPECT_EQ(server->WaitForExit(), 1);
  EXPECT_THAT(server->output(), HasSubstr("bad_header.csv:1:"));
}

TEST_F(GrpcServerTest, RefusesAMissingFile) {
  auto server = Start({"--data=/nonexistent/usage.csv"});
  EXPECT_EQ(server->WaitForExit(), 1);
  EXPECT_THAT(server->output(), HasSubstr("/nonexistent/usage.csv"));
}

TEST_F(GrpcServerTest, RelativeDataPathIsRelativeToWhereBazelRan) {
  setenv("BUILD_WORKING_DIRECTORY", testdata.c_str(), 1);
  auto server = Start({"--data=usage.csv", "--meter=flat"});
  unsetenv("BUILD_WORKING_DIRECTORY");
  std::string address = server->WaitUntilListening();
  ASSERT_FALSE(address.empty()) << server->output();
  EXPECT_EQ(ReadAll(Connect(address), "flat").size(), 4u);
}

// --db=:memory: is SQLite's in-memory database, not a file of that name in
// the directory bazel ran in (where one ended up in the repository once).
TEST_F(GrpcServerTest, InMemoryDatabaseLeavesNoFile) {
  const fs::path working_dir = fs::path(std::getenv("TEST_TMPDIR")) / "cwd";
  fs::create_directories(working_dir);
  setenv("BUILD_WORKING_DIRECTORY", working_dir.c_str(), 1);
  testing_util::ChildProcess server(
      {server_path, "--host=127.0.0.1", "--port=0", "--db=:memory:"});
  unsetenv("BUILD_WORKING_DIRECTORY");
  const std::string address = server.WaitUntilListening();
  ASSERT_FALSE(address.empty()) << server.output();
  EXPECT_EQ(ReadAll(Connect(address), "home").size(), 96u);  // the sample
  server.Signal(SIGTERM);
  EXPECT_EQ(server.WaitForExit(), 0);
  EXPECT_FALSE(fs::exists(working_dir / ":memory:"));
}

TEST_F(GrpcServerTest, RefusesABusyPort) {
  auto first = Start({});
  std::string address = first->WaitUntilListening();
  ASSERT_FALSE(address.empty()) << first->output();
  std::string port = address.substr(address.rfind(':') + 1);
  testing_util::ChildProcess second({server_path, "--host=127.0.0.1",
                                     "--port=" + port,
                                     "--db=" + db_.string() + "2"});
  EXPECT_EQ(second.WaitForExit(), 1);
  EXPECT_THAT(second.output(), HasSubstr("cannot listen on"));
}

}  // namespace
}  // namespace meter

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 3) {
    std::cerr << "usage: grpc_server_test <grpc_server> <testdata dir>"
              << std::endl;
    return 2;
  }
  meter::server_path = argv[1];
  meter::testdata = std::filesystem::absolute(std::filesystem::path(argv[2]));
  return RUN_ALL_TESTS();
}
