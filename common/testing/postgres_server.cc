#include "common/testing/postgres_server.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

#include "common/postgres/postgres.h"
#include "common/testing/test_arguments.h"

namespace testing_util {

std::unique_ptr<PostgresServer> PostgresServer::Start(
    const std::string& launcher, std::string* error) {
  auto process = std::make_unique<ChildProcess>(
      std::vector<std::string>{launcher, "--no_fsync",
                               "--stop_at_end_of_input"},
      /*pipe_stdin=*/true);
  std::string url = process->started() ? process->WaitUntilListening() : "";
  if (url.empty()) {
    *error = "throwaway PostgreSQL did not start: " + process->output();
    return nullptr;
  }
  return std::unique_ptr<PostgresServer>(
      new PostgresServer(std::move(process), url));
}

PostgresServer::~PostgresServer() {
  // The launcher stops the server and deletes its directory when its input
  // ends.
  process_->CloseInput();
  process_->WaitForExit();
}

PostgresServer& PostgresServer::Shared() {
  // Destroyed (server stopped) when the test binary exits.
  static std::unique_ptr<PostgresServer> shared = [] {
    std::string error;
    std::unique_ptr<PostgresServer> server = Start(TestArgument(0), &error);
    if (server == nullptr) {
      std::cerr << error << std::endl;
      std::abort();
    }
    return server;
  }();
  return *shared;
}

std::string PostgresServer::NewDatabase() {
  std::string name = "test_" + std::to_string(++databases_);
  std::string error;
  std::unique_ptr<common::PgConnection> admin =
      common::PgConnection::Connect(url_, &error);
  EXPECT_NE(admin, nullptr) << error;
  if (admin == nullptr) return url_;
  EXPECT_TRUE(admin->Run("CREATE DATABASE " + name, &error)) << error;
  return url_.substr(0, url_.rfind('/') + 1) + name;
}

std::string NewTestDatabase(const std::string& backend) {
  if (backend == "postgresql") return PostgresServer::Shared().NewDatabase();
  static int files = 0;
  return std::string(std::getenv("TEST_TMPDIR")) + "/test-" +
         std::to_string(++files) + ".db";
}

}  // namespace testing_util
