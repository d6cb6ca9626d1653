// Benchmark 3 of the meter chapter: importing a CSV file of 1,000,000 rows
// in the users' format into a new SQLite database file, as the server does
// for --data: read and parse the file, then store every reading.
//
//   bazel run //meter-demo/bench:import_benchmark
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "meter-demo/csv_import.h"
#include "meter-demo/meter_data.h"
#include "meter-demo/sample_data.h"

namespace {

namespace fs = std::filesystem;

const fs::path& CsvFile() {
  static const fs::path* path = [] {
    auto* file =
        new fs::path(fs::temp_directory_path() / "meter_import_benchmark.csv");
    meter::SampleOptions options;
    options.interval_seconds =
        60;  // a minute meter: 1,000,000 rows is ~2 years
    options.count = 1000000;
    std::ofstream out(*file);
    meter::WriteMeterCsv(meter::GenerateSample(options), out);
    return file;
  }();
  return *path;
}

void BM_ImportCsv(benchmark::State& state) {
  const fs::path& csv = CsvFile();
  const fs::path db = fs::temp_directory_path() / "meter_import_benchmark.db";
  size_t rows = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* suffix : {"", "-wal", "-shm"})
      fs::remove(db.string() + suffix);
    state.ResumeTiming();

    meter::CsvParseResult parsed = meter::ReadMeterCsvFile(csv.string());
    std::string error;
    std::unique_ptr<meter::MeterData> data =
        meter::MeterData::Open(db.string(), &error);
    if (data == nullptr || !data->Upsert("bench", parsed.readings, &error)) {
      state.SkipWithError(error.c_str());
      break;
    }
    rows += parsed.readings.size();
  }
  state.SetItemsProcessed(rows);
  state.counters["file_MB"] = fs::file_size(csv) / 1e6;
}
BENCHMARK(BM_ImportCsv)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

// The parse alone, to show where the time goes.
void BM_ParseCsv(benchmark::State& state) {
  const fs::path& csv = CsvFile();
  size_t rows = 0;
  for (auto _ : state)
    rows += meter::ReadMeterCsvFile(csv.string()).readings.size();
  state.SetItemsProcessed(rows);
}
BENCHMARK(BM_ParseCsv)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
