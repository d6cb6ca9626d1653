// A gRPC-Web proxy in front of any gRPC server: the gateway of grpc_web.h
// on an HTTP server of its own, the role Envoy's grpc_web filter plays.
//
//   bazel run //common/http:grpc_web_proxy -- --backend=localhost:50051
//
// Browsers then call http://localhost:8090/<package.Service>/<Method>. The
// methods' kinds (unary, streaming) come from the protos linked in (all of
// protos/, and gRPC health) or from --descriptor_set, a FileDescriptorSet
// (`protoc --include_imports --descriptor_set_out=FILE`, or `buf build -o
// FILE`) for any other server. Prints "gRPC-Web proxy listening on
// http://<host>:<port>" once it accepts connections; stops cleanly on
// SIGINT or SIGTERM (exit code 0).
#include <absl/flags/flag.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/descriptor_database.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "common/flags/flags.h"
#include "common/grpc/quick_reconnect.h"
#include "common/grpc/server_runner.h"
#include "common/grpc/tls_credentials.h"
#include "common/http/grpc_web.h"
#include "common/http/http_server_runner.h"
#include "common/http/server_setup.h"
#include "grpc/health/v1/health.pb.h"
#include "protos/attendance/v1/attendance.pb.h"
#include "protos/calculator/v1/calculator.pb.h"
#include "protos/evolution/v1/contact.pb.h"
#include "protos/logs/v1/logs.pb.h"
#include "protos/meter/v1/meter.pb.h"

ABSL_FLAG(std::string, host, "localhost",
          "Interface to listen on (0.0.0.0 for all).");
ABSL_FLAG(common::Port, port, common::Port{8090},
          "Port to listen on; 0 picks a free port.");
ABSL_FLAG(std::string, backend, "localhost:50051",
          "The gRPC server to pass calls to (host:port, or several as "
          "ipv4:IP:PORT,IP:PORT).");
ABSL_FLAG(std::string, tls_roots_file, "",
          "PEM root certificates: the backend is called over TLS, checked "
          "against them. Default: plaintext.");
ABSL_FLAG(std::string, tls_server_name, "",
          "With --tls_roots_file: the name the backend's certificate must "
          "have, if not its host name.");
ABSL_FLAG(std::vector<std::string>, services, {},
          "Services that may be called (comma-separated full names, e.g. "
          "meter.v1.MeterService); default: every service with a "
          "descriptor.");
ABSL_FLAG(std::string, descriptor_set, "",
          "A FileDescriptorSet file with the services of a backend whose "
          "protos are not linked into this program.");
ABSL_FLAG(std::vector<std::string>, cors_origins, {},
          "Origins (https://host[:port], comma-separated; * for any) of pages "
          "that may call.");
ABSL_FLAG(std::vector<std::string>, request_headers, {"authorization"},
          "Request headers passed on as metadata (comma-separated).");
ABSL_FLAG(std::vector<std::string>, response_metadata,
          std::vector<std::string>({"grpc-status-details-bin", "x-request-id"}),
          "Metadata of answers passed back to the browser (comma-separated).");
ABSL_FLAG(int, max_deadline_seconds, 600,
          "The longest deadline of a call, also of one whose browser sends "
          "no grpc-timeout.");
ABSL_FLAG(int64_t, max_message_bytes, int64_t{4} << 20,
          "The largest request message.");
ABSL_FLAG(int, max_calls, 64, "Calls at once; more get RESOURCE_EXHAUSTED.");

namespace {

constexpr char kName[] = "gRPC-Web proxy";

// Makes sure the linker keeps the generated code of each proto: the
// descriptors register themselves only if their object file is linked, and
// nothing else here refers to it.
void LinkProtosIn() {
  for (const google::protobuf::Descriptor* descriptor :
       {attendance::v1::LoginRequest::descriptor(),
        calculator::v1::DivideRequest::descriptor(),
        evolution::v1::Contact::descriptor(),
        logs::v1::GetLogRequest::descriptor(),
        meter::v1::ListMetersRequest::descriptor(),
        grpc::health::v1::HealthCheckRequest::descriptor()}) {
    (void)descriptor;
  }
}

// The descriptors of --descriptor_set, then those linked in. Exits with a
// message naming the file if it cannot be read.
std::unique_ptr<google::protobuf::DescriptorPool> LoadDescriptorSet(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  google::protobuf::FileDescriptorSet set;
  if (!in || !set.ParseFromString(bytes.str())) {
    std::cerr << kName << ": --descriptor_set=" << path
              << ": cannot read it as a FileDescriptorSet (make one with "
                 "protoc --include_imports --descriptor_set_out=FILE)"
              << std::endl;
    std::exit(2);
  }
  // Leaked on purpose: the gateway uses them until the process ends.
  static auto* from_file = new google::protobuf::SimpleDescriptorDatabase;
  static auto* linked_in = new google::protobuf::DescriptorPoolDatabase(
      *google::protobuf::DescriptorPool::generated_pool());
  static auto* both =
      new google::protobuf::MergedDescriptorDatabase(from_file, linked_in);
  for (const google::protobuf::FileDescriptorProto& file : set.file()) {
    from_file->Add(file);
  }
  return std::make_unique<google::protobuf::DescriptorPool>(both);
}

}  // namespace

int main(int argc, char** argv) {
  common::PollConnectionAttemptsOften();  // before gRPC starts
  common::BlockShutdownSignals();
  common::IgnoreSigpipe();
  if (common::ParseFlags(
          argc, argv,
          "Passes gRPC-Web calls from browsers to a gRPC server, until "
          "Ctrl-C.\n"
          "Usage: grpc_web_proxy [--port=PORT] [--backend=HOST:PORT] [flags]")
          .size() > 1) {
    common::ExitWithUsageError("grpc_web_proxy takes no arguments, only flags");
  }
  common::CheckTargetFlag("backend", absl::GetFlag(FLAGS_backend));
  LinkProtosIn();
  for (const auto& [name, value] :
       {std::pair{"max_deadline_seconds",
                  int64_t{absl::GetFlag(FLAGS_max_deadline_seconds)}},
        std::pair{"max_message_bytes", absl::GetFlag(FLAGS_max_message_bytes)},
        std::pair{"max_calls", int64_t{absl::GetFlag(FLAGS_max_calls)}}}) {
    if (value < 1) {
      common::ExitWithUsageError("--" + std::string(name) + "=" +
                                 std::to_string(value) +
                                 ": must be at least 1");
    }
  }

  common::GrpcWebOptions options;
  options.services = absl::GetFlag(FLAGS_services);
  options.cors_origins = absl::GetFlag(FLAGS_cors_origins);
  options.request_headers = absl::GetFlag(FLAGS_request_headers);
  options.response_metadata = absl::GetFlag(FLAGS_response_metadata);
  for (auto* names : {&options.request_headers, &options.response_metadata}) {
    for (std::string& name : *names) {
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    }
  }
  options.max_deadline =
      std::chrono::seconds(absl::GetFlag(FLAGS_max_deadline_seconds));
  options.max_message_bytes =
      static_cast<size_t>(absl::GetFlag(FLAGS_max_message_bytes));
  options.max_calls = absl::GetFlag(FLAGS_max_calls);
  std::unique_ptr<google::protobuf::DescriptorPool> descriptors;
  if (const std::string path = absl::GetFlag(FLAGS_descriptor_set);
      !path.empty()) {
    descriptors = LoadDescriptorSet(path);
    options.descriptors = descriptors.get();
  }
  for (const std::string& service : options.services) {
    if (options.descriptors->FindServiceByName(service) == nullptr) {
      common::ExitWithUsageError(
          "--services: no descriptor of " + service +
          " (not linked in; pass its protos with --descriptor_set)");
    }
  }

  grpc::ChannelArguments arguments = common::QuickReconnectArguments();
  std::string error;
  const std::shared_ptr<grpc::Channel> channel = common::CreateChannelFromFiles(
      absl::GetFlag(FLAGS_backend), absl::GetFlag(FLAGS_tls_roots_file),
      absl::GetFlag(FLAGS_tls_server_name), arguments, &error);
  if (channel == nullptr) {
    std::cerr << kName << ": " << error << std::endl;
    return 1;
  }
  common::GrpcWebGateway gateway(channel, options);

  common::HttpServer server;
  common::HttpServerSetup setup;
  // A base64 (grpc-web-text) body is 4/3 of its message, plus the frame.
  setup.max_body_bytes = options.max_message_bytes / 3 * 4 + 64;
  setup.threads = options.max_calls + 4;
  common::SetUpHttpServer(server, setup);
  gateway.Mount(server);

  std::cout << kName << ": calls go to " << absl::GetFlag(FLAGS_backend)
            << std::endl;
  common::HttpServerOptions run_options;
  run_options.name = kName;
  run_options.host = absl::GetFlag(FLAGS_host);
  run_options.port = absl::GetFlag(FLAGS_port).value;
  run_options.on_shutdown = [&gateway] { gateway.Shutdown(); };
  return common::RunHttpServerUntilSignal(server, run_options);
}
