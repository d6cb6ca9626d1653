// What compression costs and saves on the meter demo's biggest answers:
// ListReadings of a month and of a year of the sample data (15-minute
// readings), with the server's responses uncompressed, gzip or deflate.
// Reports the bytes on the wire per call (through a counting proxy), the
// process's CPU time per call (client and server, one process), and the
// time per call (docs/16-compression.md has the figures).
//
//   bazel run //meter-demo/bench:compression_benchmark
#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>
#include <time.h>

#include <iostream>
#include <map>
#include <memory>

#include "common/testing/counting_proxy.h"
#include "meter-demo/meter_service.h"
#include "meter-demo/sample_data.h"

namespace {

constexpr int64_t kStart = 1546300800;  // 2019-01-01T00:00:00Z
constexpr int64_t kYearOfReadings = 365 * 96;

double ProcessCpuSeconds() {
  timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

// A server with a year of sample data and the given response compression,
// behind a counting proxy. One per algorithm, made on first use.
class Fixture {
 public:
  static Fixture& Get(grpc_compression_algorithm algorithm) {
    static auto* fixtures = new std::map<int, std::unique_ptr<Fixture>>();
    auto& fixture = (*fixtures)[algorithm];
    if (!fixture) fixture.reset(new Fixture(algorithm));
    return *fixture;
  }

  meter::v1::MeterService::Stub& stub() { return *stub_; }
  testing_util::CountingProxy& proxy() { return *proxy_; }

 private:
  explicit Fixture(grpc_compression_algorithm algorithm) {
    std::string error;
    data_ = meter::MeterData::Open(":memory:", &error);
    meter::SampleOptions sample;
    sample.count = kYearOfReadings;
    if (!data_->Upsert("bench", meter::GenerateSample(sample), &error)) {
      std::cerr << error << std::endl;
    }
    service_ = std::make_unique<meter::MeterServiceImpl>(data_.get());
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.SetDefaultCompressionAlgorithm(algorithm);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    proxy_ = std::make_unique<testing_util::CountingProxy>(
        "127.0.0.1:" + std::to_string(port));
    stub_ = meter::v1::MeterService::NewStub(grpc::CreateChannel(
        proxy_->address(), grpc::InsecureChannelCredentials()));
  }

  std::unique_ptr<meter::MeterData> data_;
  std::unique_ptr<meter::MeterServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<testing_util::CountingProxy> proxy_;
  std::unique_ptr<meter::v1::MeterService::Stub> stub_;
};

// Arguments: the algorithm (0 none, 1 deflate, 2 gzip), the days.
void BM_ListReadings(benchmark::State& state) {
  const auto algorithm =
      static_cast<grpc_compression_algorithm>(state.range(0));
  const int64_t days = state.range(1);
  Fixture& fixture = Fixture::Get(algorithm);  // set up untimed
  meter::v1::ListReadingsRequest request;
  request.set_meter_id("bench");
  request.mutable_start()->set_seconds(kStart);
  request.mutable_end()->set_seconds(kStart + days * 86400);
  int64_t readings = 0;
  fixture.proxy().Reset();
  const double cpu_start = ProcessCpuSeconds();
  for (auto _ : state) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    auto reader = fixture.stub().ListReadings(&context, request);
    meter::v1::ReadingBatch batch;
    while (reader->Read(&batch)) readings += batch.times_size();
    grpc::Status status = reader->Finish();
    if (!status.ok()) state.SkipWithError(status.error_message().c_str());
  }
  const double calls = static_cast<double>(state.iterations());
  state.counters["readings"] = readings / calls;
  state.counters["wire_KB"] =
      fixture.proxy().to_client_bytes() / 1024.0 / calls;
  state.counters["cpu_ms"] = (ProcessCpuSeconds() - cpu_start) * 1000 / calls;
}
BENCHMARK(BM_ListReadings)
    ->ArgNames({"algorithm", "days"})
    ->ArgsProduct({{GRPC_COMPRESS_NONE, GRPC_COMPRESS_DEFLATE,
                    GRPC_COMPRESS_GZIP},
                   {31, 365}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
