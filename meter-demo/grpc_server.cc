// The meter gRPC server: meter.v1.MeterService over a SQLite file (or a
// PostgreSQL database shared with other replicas), plus the standard health
// and reflection services.
//
//   bazel run //meter-demo:grpc_server -- --port=50052 --data=usage.csv
//
// With no --data and an empty meter, it loads a year of generated sample
// data, so it has something to serve out of the box.
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <iostream>

#include "common/files/user_path.h"
#include "common/flags/flags.h"
#include "common/grpc/reflection.h"
#include "common/grpc/server_runner.h"
#include "common/postgres/postgres.h"
#include "meter-demo/csv_import.h"
#include "meter-demo/meter_service.h"
#include "meter-demo/request_checks.h"
#include "meter-demo/sample_data.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 or [::] for all).");
ABSL_FLAG(common::Port, port, common::Port{50052},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(std::string, db, "",
          "SQLite database file, created if missing, or a PostgreSQL database "
          "(postgresql://USER@HOST:PORT/DB, or a libpq connection string) "
          "that several replicas share, or :memory: (SQLite in memory, gone "
          "when the server stops). Default: "
          "$XDG_DATA_HOME/grpc-tutorial/meter-demo.db (~/.local/share/...).");
ABSL_FLAG(std::string, data, "",
          "A CSV file (header time,meterusage) to import into --meter at "
          "start. Importing the same file again changes nothing.");
ABSL_FLAG(std::string, meter, "home",
          "The meter that --data and the sample data go to.");
ABSL_FLAG(bool, sample, true,
          "Without --data, load a year of generated sample data into --meter "
          "if it has no readings.");
ABSL_FLAG(bool, log_calls, false,
          "Log each call on stderr: method, peer, status code, milliseconds.");
ABSL_FLAG(int, shutdown_grace_ms, 5000,
          "On SIGINT/SIGTERM, how long calls in flight may take to finish "
          "before they are cancelled.");

namespace {

// Imports a user's CSV file; reports malformed rows by file and line.
bool ImportCsv(meter::MeterData& data, const std::string& meter_id,
               const std::string& path) {
  meter::CsvParseResult parsed = meter::ReadMeterCsvFile(path);
  if (parsed.fatal) {
    std::cerr << parsed.fatal->Describe(path) << std::endl;
    return false;
  }
  constexpr size_t kProblemsShown = 20;
  for (size_t i = 0; i < parsed.problems.size() && i < kProblemsShown; ++i) {
    std::cerr << parsed.problems[i].Describe(path) << " (row skipped)"
              << std::endl;
  }
  if (parsed.problems.size() > kProblemsShown) {
    std::cerr << path << ": ... and " << parsed.problems.size() - kProblemsShown
              << " more malformed rows" << std::endl;
  }
  std::string error;
  if (!data.Upsert(meter_id, parsed.readings, &error)) {
    std::cerr << path << ": cannot store readings: " << error << std::endl;
    return false;
  }
  std::cout << "Imported " << parsed.readings.size() << " readings from "
            << path << " into meter '" << meter_id << "' ("
            << parsed.problems.size() << " malformed rows skipped)"
            << std::endl;
  return true;
}

bool LoadSample(meter::MeterData& data, const std::string& meter_id) {
  meter::SampleOptions options;
  options.count = 365 * 96;  // 2019 in 15-minute readings
  std::string error;
  if (!data.Upsert(meter_id, meter::GenerateSample(options), &error)) {
    std::cerr << "cannot store the sample data: " << error << std::endl;
    return false;
  }
  std::cout << "Loaded " << options.count
            << " sample readings (2019) into meter '" << meter_id << "'"
            << std::endl;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  common::BlockShutdownSignals();
  if (common::ParseFlags(
          argc, argv,
          "Serves meter.v1.MeterService over a SQLite file or PostgreSQL, "
          "with gRPC health "
          "checking and reflection, until Ctrl-C.\n"
          "Usage: grpc_server [--port=PORT] [--db=FILE] [--data=FILE.csv] "
          "[flags]")
          .size() > 1) {
    common::ExitWithUsageError(
        "grpc_server takes no arguments, only flags (a CSV file goes in "
        "--data=FILE)");
  }

  const std::string meter_id = absl::GetFlag(FLAGS_meter);
  grpc::Status meter_id_ok = meter::CheckMeterId(meter_id);
  if (!meter_id_ok.ok()) {
    common::ExitWithUsageError("--meter: " + meter_id_ok.error_message());
  }
  std::string db_path = absl::GetFlag(FLAGS_db);
  // A relative file is relative to where `bazel run` ran; SQLite's name for
  // an in-memory database is no file at all.
  if (!common::IsPostgresUrl(db_path) && db_path != ":memory:") {
    db_path = common::UserPath(db_path);
  }
  if (db_path.empty()) db_path = common::DefaultDataFile("meter-demo.db");
  std::string error;
  std::unique_ptr<meter::MeterData> data =
      meter::MeterData::Open(db_path, &error);
  if (data == nullptr) {
    std::cerr << error << std::endl;
    return 1;
  }
  std::cout << "Database: " << common::RedactPostgresUrl(db_path) << std::endl;

  const std::string csv_path = common::UserPath(absl::GetFlag(FLAGS_data));
  if (!csv_path.empty()) {
    if (!ImportCsv(*data, meter_id, csv_path)) return 1;
  } else if (absl::GetFlag(FLAGS_sample)) {
    absl::StatusOr<bool> has_meter = data->HasMeter(meter_id);
    if (!has_meter.ok()) {
      std::cerr << has_meter.status().message() << std::endl;
      return 1;
    }
    if (!*has_meter && !LoadSample(*data, meter_id)) return 1;
  }

  meter::MeterServiceImpl service(data.get());
  // Health checking, and reflection that describes every service.
  common::EnableReflection(/*health=*/true);

  common::ServerOptions options;
  options.name = "Meter gRPC server";
  options.address = absl::GetFlag(FLAGS_host) + ":" +
                    std::to_string(absl::GetFlag(FLAGS_port).value);
  options.shutdown_grace =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_shutdown_grace_ms));
  options.log_calls = absl::GetFlag(FLAGS_log_calls);
  // Live subscriptions idle for long stretches.
  options.configure = common::SetKeepalive;
  options.on_started = [](grpc::Server& server) {
    server.GetHealthCheckService()->SetServingStatus("meter.v1.MeterService",
                                                     true);
  };
  options.on_shutdown = [&service] { service.StopSubscriptions(); };
  return common::RunServerUntilSignal(options, {&service});
}
