// Fuzzes the attendance HTTP API in-process: any bytes as an HTTP request go
// through the server's parser, limits, routes and handlers (HttpServer::
// Answer) to a real attendance service over an in-process channel. Every
// answer must be a complete HTTP response; a crash or a 500 is a finding.
#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "common/http/http_server.h"
#include "common/testing/fuzz_http_answer.h"
#include "pi-demo/attendance_service.h"
#include "pi-demo/attendance_store.h"
#include "pi-demo/http_api.h"

namespace {

struct Backend {
  std::unique_ptr<attendance::AttendanceStore> store;
  std::unique_ptr<attendance::AttendanceServiceImpl> service;
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<attendance::AttendanceHttpApi> api;
  common::HttpServer http;
};

Backend* backend = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  backend = new Backend;
  std::string error;
  backend->store = attendance::AttendanceStore::Open(":memory:", &error);
  if (backend->store == nullptr) std::abort();
  attendance::ServiceOptions options;
  options.max_failures = 0;  // every input evaluated, none rate-limited
  options.bcrypt_cost = 4;
  backend->service = std::make_unique<attendance::AttendanceServiceImpl>(
      backend->store.get(), options);
  grpc::ServerBuilder builder;
  builder.RegisterService(backend->service.get());
  backend->server = builder.BuildAndStart();
  backend->api = std::make_unique<attendance::AttendanceHttpApi>(
      backend->server->InProcessChannel(grpc::ChannelArguments()),
      attendance::HttpApiOptions());
  backend->api->Register(&backend->http);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string request(reinterpret_cast<const char*>(data), size);
  testing_util::AbortUnlessSoundAnswer(backend->http.Answer(request, 1 << 16));
  return 0;
}
