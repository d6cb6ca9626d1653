// Benchmark 1 of the meter chapter: streaming a range of 1,000,000 readings
// with ListReadings, end to end (client stub -> HTTP/2 over loopback TCP ->
// server -> in-memory index and back), as readings per second.
//
//   bazel run //meter-demo/bench:stream_benchmark
#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>

#include <iostream>

#include "meter-demo/meter_service.h"

namespace {

constexpr int64_t kStart = 1546300800;  // 2019-01-01T00:00:00Z
constexpr int64_t kInterval = 60;       // minute readings

// One server for every benchmark in this process.
class Fixture {
 public:
  static Fixture& Get() {
    static Fixture* fixture = new Fixture(1000000);
    return *fixture;
  }

  meter::v1::MeterService::Stub& stub() { return *stub_; }

 private:
  explicit Fixture(int count) {
    std::string error;
    data_ = meter::MeterData::Open(":memory:", &error);
    std::vector<meter::Reading> readings;
    for (int i = 0; i < count; ++i) {
      readings.push_back({kStart + (i + 1) * kInterval, 0.2 + (i % 97) * 0.01});
    }
    if (!data_->Upsert("bench", readings, &error))
      std::cerr << error << std::endl;
    service_ = std::make_unique<meter::MeterServiceImpl>(data_.get());
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("localhost:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    stub_ = meter::v1::MeterService::NewStub(
        grpc::CreateChannel("localhost:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
  }

  std::unique_ptr<meter::MeterData> data_;
  std::unique_ptr<meter::MeterServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<meter::v1::MeterService::Stub> stub_;
};

// Reads `count` readings and touches every value, as a real client would.
void BM_ListReadings(benchmark::State& state) {
  const int64_t count = state.range(0);
  meter::v1::MeterService::Stub& stub =
      Fixture::Get().stub();  // set up untimed
  meter::v1::ListReadingsRequest request;
  request.set_meter_id("bench");
  request.mutable_start()->set_seconds(kStart);
  request.mutable_end()->set_seconds(kStart + count * kInterval + 1);
  int64_t received = 0;
  double checksum = 0;
  for (auto _ : state) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    auto reader = stub.ListReadings(&context, request);
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
  state.counters["readings"] =
      static_cast<double>(received) / state.iterations();
}
BENCHMARK(BM_ListReadings)
    ->Arg(3000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
