// A real PostgreSQL server for a test binary:
// //common/launch:throwaway_postgres (initdb in a temporary directory) run as a
// child process, stopped and deleted when the test ends, even if it crashes
// (the child stops when its standard input, held by the test, closes). Each
// test takes a database of its own, so tests cannot see each other's rows.
//
//   cc_test(..., args = ["$(rootpath //common/launch:throwaway_postgres)"],
//       data = ["//common/launch:throwaway_postgres"],
//       deps = ["//common/testing:postgres_server", ...])
#ifndef COMMON_TESTING_POSTGRES_SERVER_H_
#define COMMON_TESTING_POSTGRES_SERVER_H_

#include <memory>
#include <string>

#include "common/testing/child_process.h"

namespace testing_util {

class PostgresServer {
 public:
  // Starts the server with `launcher` (the throwaway_postgres binary).
  // Returns nullptr and sets `error` with its output if it does not start.
  static std::unique_ptr<PostgresServer> Start(const std::string& launcher,
                                               std::string* error);
  // The server started from the test's first argument (TestArgument(0)),
  // once per test binary; fails the test if it cannot start.
  static PostgresServer& Shared();

  // Stops the server and deletes its directory.
  ~PostgresServer();

  // URL of the `tutorial` database.
  const std::string& url() const { return url_; }
  // Creates an empty database and returns its URL (a new one on each call).
  std::string NewDatabase();

 private:
  PostgresServer(std::unique_ptr<ChildProcess> process, std::string url)
      : process_(std::move(process)), url_(std::move(url)) {}

  std::unique_ptr<ChildProcess> process_;
  std::string url_;
  int databases_ = 0;
};

// A new, empty database for one case of a test run against both stores:
// for "postgresql" a new database on the shared server, for anything else a
// new SQLite file in the test's directory. Its URL or path.
std::string NewTestDatabase(const std::string& backend);

}  // namespace testing_util

#endif  // COMMON_TESTING_POSTGRES_SERVER_H_
