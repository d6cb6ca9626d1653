// The scale-out chapter's benchmarks: the same work on both MeterData
// implementations, SQLite (file + memory) and PostgreSQL on loopback.
//
//   ./bazelw run //meter-demo/bench:scale_out_benchmark
//
// runs this with a throwaway PostgreSQL server (METER_BENCH_POSTGRES is its
// URL; without it only the SQLite cases run).
#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "common/postgres/postgres.h"
#include "meter-demo/meter_data.h"
#include "meter-demo/meter_service.h"

namespace {

namespace fs = std::filesystem;

constexpr int64_t kStart = 1546300800;  // 2019-01-01T00:00:00Z
constexpr int64_t kInterval = 60;       // minute readings
constexpr int kReadings = 1000000;

std::vector<meter::Reading> MinuteReadings(int count) {
  std::vector<meter::Reading> readings;
  readings.reserve(count);
  for (int i = 0; i < count; ++i) {
    readings.push_back({kStart + (i + 1) * kInterval, 0.2 + (i % 97) * 0.01});
  }
  return readings;
}

const char* PostgresUrl() { return std::getenv("METER_BENCH_POSTGRES"); }

// A new, empty database of the kind `backend` names: a new SQLite file, or
// a PostgreSQL database dropped and created again.
std::string FreshDatabase(const std::string& backend, std::string* error) {
  if (backend == "sqlite") {
    const fs::path db = fs::temp_directory_path() / "meter_backends_bench.db";
    for (const char* suffix : {"", "-wal", "-shm"}) {
      fs::remove(db.string() + suffix);
    }
    return db.string();
  }
  const std::string admin_url = PostgresUrl();
  std::unique_ptr<common::PgConnection> admin =
      common::PgConnection::Connect(admin_url, error);
  if (admin == nullptr ||
      !admin->Run("DROP DATABASE IF EXISTS meter_bench", error) ||
      !admin->Run("CREATE DATABASE meter_bench", error)) {
    return "";
  }
  return admin_url.substr(0, admin_url.rfind('/') + 1) + "meter_bench";
}

// Storing 1,000,000 readings in one upload (what --data does after parsing).
void BM_Import(benchmark::State& state, const std::string& backend) {
  const std::vector<meter::Reading> readings = MinuteReadings(kReadings);
  int64_t stored = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::string error;
    const std::string db = FreshDatabase(backend, &error);
    std::unique_ptr<meter::MeterData> data =
        db.empty() ? nullptr : meter::MeterData::Open(db, &error);
    if (data == nullptr) {
      state.SkipWithError(error.c_str());
      break;
    }
    state.ResumeTiming();
    if (!data->Upsert("bench", readings, &error)) {
      state.SkipWithError(error.c_str());
      break;
    }
    stored += readings.size();
  }
  state.SetItemsProcessed(stored);
}

// ListReadings of `state.range(0)` readings through a real gRPC server on
// loopback, every value touched by the client.
void BM_ListReadings(benchmark::State& state, const std::string& backend) {
  std::string error;
  const std::string db = FreshDatabase(backend, &error);
  std::unique_ptr<meter::MeterData> data =
      db.empty() ? nullptr : meter::MeterData::Open(db, &error);
  if (data == nullptr ||
      !data->Upsert("bench", MinuteReadings(kReadings), &error)) {
    state.SkipWithError(error.c_str());
    return;
  }
  meter::MeterServiceImpl service(data.get());
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  auto stub = meter::v1::MeterService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));

  const int64_t count = state.range(0);
  meter::v1::ListReadingsRequest request;
  request.set_meter_id("bench");
  request.mutable_start()->set_seconds(kStart);
  request.mutable_end()->set_seconds(kStart + count * kInterval + 1);
  int64_t received = 0;
  double checksum = 0;
  for (auto _ : state) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(60));
    auto reader = stub->ListReadings(&context, request);
    meter::v1::ReadingBatch batch;
    while (reader->Read(&batch)) {
      received += batch.times_size();
      for (double value : batch.values()) checksum += value;
    }
    grpc::Status status = reader->Finish();
    if (!status.ok()) state.SkipWithError(status.error_message().c_str());
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(received);
  server->Shutdown();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> backends = {"sqlite"};
  if (PostgresUrl() != nullptr) {
    backends.push_back("postgresql");
  } else {
    std::cerr << "METER_BENCH_POSTGRES is not set: SQLite only (run "
                 "//meter-demo/bench:scale_out_benchmark for both)"
              << std::endl;
  }
  for (const std::string& backend : backends) {
    benchmark::RegisterBenchmark(("BM_Import/" + backend).c_str(), BM_Import,
                                 backend)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime()
        ->Iterations(3);
    benchmark::RegisterBenchmark(("BM_ListReadings/" + backend).c_str(),
                                 BM_ListReadings, backend)
        ->Arg(3000)
        ->Arg(kReadings)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
