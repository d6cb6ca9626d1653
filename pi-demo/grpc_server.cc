// The attendance gRPC server: attendance.v1.AttendanceService over an SQLite
// file, plus the standard health and reflection services.
//
//   bazel run //pi-demo:grpc_server -- --port=50053
//
// On its first start (no organiser in the database) it creates the organiser
// --organiser with the password of $ATTENDANCE_PASSWORD, or else a generated
// one that it prints once.
//
// With --tls_cert_file and --tls_key_file it speaks TLS (docs/08-pi-demo.md,
// "TLS on your network").
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "common/files/user_path.h"
#include "common/flags/flags.h"
#include "common/flags/secret_file.h"
#include "common/grpc/reflection.h"
#include "common/grpc/server_runner.h"
#include "common/grpc/tls_credentials.h"
#include "common/postgres/postgres.h"
#include "pi-demo/attendance_service.h"
#include "pi-demo/attendance_store.h"
#include "pi-demo/password_hash.h"
#include "pi-demo/token_auth.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 or [::] for all).");
ABSL_FLAG(common::Port, port, common::Port{50053},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(std::string, db, "",
          "SQLite database file, created if missing, or a PostgreSQL database "
          "(postgresql://USER@HOST:PORT/DB, or a libpq connection string) "
          "that several replicas share. Default: "
          "$XDG_DATA_HOME/grpc-tutorial/pi-demo.db (~/.local/share/...).");
ABSL_FLAG(std::string, organiser, "organiser",
          "Name of the organiser created on the first start.");
ABSL_FLAG(std::string, organiser_password_file, "",
          "First start only: a file holding the organiser's password (its "
          "first line), instead of $ATTENDANCE_PASSWORD or a generated one.");
ABSL_FLAG(int64_t, code_lifetime_s, 24 * 3600,
          "How long an issued code stays valid, unless IssueCode asks for "
          "another time.");
ABSL_FLAG(int64_t, token_lifetime_s, 12 * 3600,
          "How long a Login token stays valid.");
ABSL_FLAG(int, max_failures, 10,
          "Failed Register calls a client may make per --failure_window_s "
          "before it gets RESOURCE_EXHAUSTED (and failed Login calls, counted "
          "apart); 0: no limit.");
ABSL_FLAG(int64_t, failure_window_s, 60, "See --max_failures.");
ABSL_FLAG(std::string, proxy_token_file, "",
          "File holding the HTTP server's token (the same file as its "
          "--proxy_token_file): calls that carry it may name the web user "
          "in x-forwarded-for metadata, so that each is rate-limited apart. "
          "Default: none (every client is its peer's address).");
ABSL_FLAG(int, bcrypt_cost, 10,
          "bcrypt cost of the organiser's password hash (each step doubles "
          "the time a check takes); keep it the same across restarts, as "
          "logins with unknown names are checked at this cost.");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate (chain) of the server: with --tls_key_file, the "
          "server speaks TLS only, so that passwords and tokens cannot be "
          "read on the network. Default: plaintext.");
ABSL_FLAG(std::string, tls_key_file, "",
          "PEM private key (unencrypted) of --tls_cert_file.");
ABSL_FLAG(int, shutdown_grace_ms, 5000,
          "On SIGINT/SIGTERM, how long calls in flight may take to finish "
          "before they are cancelled.");

namespace {

// Whether plaintext may listen on `host`: gRPC's local credentials take
// connections whose local address is exactly 127.0.0.1 or ::1.
bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
}

constexpr char kPasswordVariable[] = "ATTENDANCE_PASSWORD";

// [START first_start]
// Creates the first organiser. The password comes from a file or the
// environment (never a flag's value: flags show in `ps`), or is generated
// and printed this once; only its bcrypt hash is stored.
bool CreateFirstOrganiser(attendance::AttendanceStore& store,
                          const std::string& name, int cost) {
  std::string given;
  std::string source = "$" + std::string(kPasswordVariable);
  if (const std::string file = absl::GetFlag(FLAGS_organiser_password_file);
      !file.empty()) {
    std::ifstream in(common::UserPath(file));
    if (!in || !std::getline(in, given)) {
      std::cerr << "--organiser_password_file: cannot read " << file
                << std::endl;
      return false;
    }
    // A file saved on Windows ends its line with \r\n.
    if (!given.empty() && given.back() == '\r') given.pop_back();
    source = file;
  } else if (const char* variable = std::getenv(kPasswordVariable)) {
    given = variable;
  }
  const bool generated = given.empty();
  const std::string password = generated ? attendance::NewPassword() : given;
  std::optional<std::string> hash = attendance::HashPassword(password, cost);
  if (!hash) {
    std::cerr << source << ": a password must be 1 to "
              << attendance::kMaxPasswordBytes << " bytes" << std::endl;
    return false;
  }
  std::string error;
  if (!store.AddOrganiser(name, *hash, &error)) {
    std::cerr << "cannot create the organiser: " << error << std::endl;
    return false;
  }
  if (generated) {
    std::cout << "Created organiser '" << name << "' with password " << password
              << " (shown only now; set $" << kPasswordVariable
              << " on the first start to choose it)" << std::endl;
  } else {
    std::cout << "Created organiser '" << name << "' with the password from "
              << source << std::endl;
  }
  return true;
}
// [END first_start]

}  // namespace

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  if (common::ParseFlags(
          argc, argv,
          "Serves attendance.v1.AttendanceService over a SQLite file, with "
          "gRPC health checking and reflection, until Ctrl-C.\n"
          "Usage: grpc_server [--port=PORT] [--db=FILE] [flags]")
          .size() > 1) {
    common::ExitWithUsageError("grpc_server takes no arguments, only flags");
  }

  // Before anything else: a server that should speak TLS must not start
  // without it.
  std::string error;
  std::shared_ptr<grpc::ServerCredentials> credentials =
      common::ServerCredentialsFromFiles(absl::GetFlag(FLAGS_tls_cert_file),
                                         absl::GetFlag(FLAGS_tls_key_file),
                                         &error);
  if (credentials == nullptr) {
    std::cerr << error << std::endl;
    return 1;
  }
  const bool tls = !absl::GetFlag(FLAGS_tls_cert_file).empty();
  // Passwords and tokens never cross a network in plaintext, and gRPC could
  // not check the tokens there anyway (token_auth.h).
  if (!tls && !IsLoopbackHost(absl::GetFlag(FLAGS_host))) {
    common::ExitWithUsageError(
        "--host=" + absl::GetFlag(FLAGS_host) +
        ": plaintext listens on loopback only; for other machines give "
        "--tls_cert_file and --tls_key_file (docs/08-pi-demo.md, TLS on "
        "your network)");
  }

  std::string db_path = absl::GetFlag(FLAGS_db);
  if (!common::IsPostgresUrl(db_path)) db_path = common::UserPath(db_path);
  if (db_path.empty()) db_path = common::DefaultDataFile("pi-demo.db");
  std::unique_ptr<attendance::AttendanceStore> store =
      attendance::AttendanceStore::Open(db_path, &error);
  if (store == nullptr) {
    std::cerr << error << std::endl;
    return 1;
  }
  std::cout << "Database: " << common::RedactPostgresUrl(db_path) << std::endl;
  const int cost = absl::GetFlag(FLAGS_bcrypt_cost);
  if (cost < 4 || cost > 31) {
    common::ExitWithUsageError("--bcrypt_cost: must be 4 to 31");
  }
  if (!store->HasOrganisers() &&
      !CreateFirstOrganiser(*store, absl::GetFlag(FLAGS_organiser), cost)) {
    return 1;
  }

  attendance::ServiceOptions service_options;
  service_options.code_lifetime =
      std::chrono::seconds(absl::GetFlag(FLAGS_code_lifetime_s));
  service_options.token_lifetime =
      std::chrono::seconds(absl::GetFlag(FLAGS_token_lifetime_s));
  service_options.max_failures = absl::GetFlag(FLAGS_max_failures);
  service_options.failure_window =
      std::chrono::seconds(absl::GetFlag(FLAGS_failure_window_s));
  service_options.bcrypt_cost = cost;
  if (const std::string path = absl::GetFlag(FLAGS_proxy_token_file);
      !path.empty()) {
    service_options.proxy_token =
        common::ReadSecretFile("proxy_token_file", path);
  }
  if (service_options.code_lifetime.count() <= 0 ||
      service_options.code_lifetime > service_options.max_code_lifetime ||
      service_options.token_lifetime.count() <= 0) {
    common::ExitWithUsageError(
        "--code_lifetime_s and --token_lifetime_s must be positive (codes: "
        "at most 30 days)");
  }
  attendance::AttendanceServiceImpl service(store.get(), service_options);
  // Health checking, and reflection that describes every service.
  common::EnableReflection(/*health=*/true);

  common::ServerOptions options;
  options.name = "Attendance gRPC server";
  options.address = absl::GetFlag(FLAGS_host) + ":" +
                    std::to_string(absl::GetFlag(FLAGS_port).value);
  options.shutdown_grace =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_shutdown_grace_ms));
  // [START token_checker]
  // IssueCode's token check runs in gRPC, before the handler: on the TLS
  // credentials, or on local (loopback plaintext) ones.
  options.credentials = attendance::SecuredCredentials(
      tls ? credentials : nullptr, service.MakeTokenChecker());
  // [END token_checker]
  std::cout << (!tls ? "Plaintext, loopback only: no --tls_cert_file and "
                       "--tls_key_file"
                     : "TLS with the certificate in " +
                           absl::GetFlag(FLAGS_tls_cert_file))
            << std::endl;
  // Displays watch for hours over Wi-Fi.
  options.configure = common::SetKeepalive;
  options.on_started = [](grpc::Server& server) {
    server.GetHealthCheckService()->SetServingStatus(
        "attendance.v1.AttendanceService", true);
  };
  // Watches never end on their own; end them so shutdown does not wait.
  options.on_shutdown = [&service] { service.StopWatches(); };
  return common::RunServerUntilSignal(options, {&service});
}
