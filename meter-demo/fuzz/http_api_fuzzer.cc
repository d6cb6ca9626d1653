// Fuzzes the meter HTTP API in-process: any bytes as an HTTP request go
// through the server's parser, limits, routes and handlers (HttpServer::
// Answer), to a real meter gRPC service over an in-process channel. Every
// answer must be a complete HTTP response; a crash, a hang or a 500 is a
// finding.
#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "common/http/http_server.h"
#include "common/testing/fuzz_http_answer.h"
#include "meter-demo/http_api.h"
#include "meter-demo/meter_data.h"
#include "meter-demo/meter_service.h"
#include "meter-demo/sample_data.h"

namespace {

struct Backend {
  std::unique_ptr<meter::MeterData> data;
  std::unique_ptr<meter::MeterServiceImpl> service;
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<meter::MeterHttpApi> api;
  common::HttpServer http;
};

Backend* backend = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  backend = new Backend;
  std::string error;
  backend->data = meter::MeterData::Open(":memory:", &error);
  meter::SampleOptions sample;
  sample.count = 2 * 96;  // two days
  if (backend->data == nullptr ||
      !backend->data->Upsert("home", meter::GenerateSample(sample), &error)) {
    std::abort();
  }
  backend->service =
      std::make_unique<meter::MeterServiceImpl>(backend->data.get());
  grpc::ServerBuilder builder;
  builder.RegisterService(backend->service.get());
  backend->server = builder.BuildAndStart();
  meter::HttpApiOptions options;
  options.deadline = std::chrono::milliseconds(2000);
  backend->api = std::make_unique<meter::MeterHttpApi>(
      backend->server->InProcessChannel(grpc::ChannelArguments()), options);
  backend->api->Register(&backend->http);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string request(reinterpret_cast<const char*>(data), size);
  // A live stream (SSE, or WatchReadings over gRPC-Web) lasts until its
  // client leaves: not a request to repeat thousands of times a second.
  if (request.find("live") != std::string::npos ||
      request.find("Watch") != std::string::npos) {
    return 0;
  }
  testing_util::AbortUnlessSoundAnswer(backend->http.Answer(request, 1 << 16));
  return 0;
}
