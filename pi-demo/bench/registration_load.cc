// Registrations per second through the attendance gRPC service: issues
// --count codes straight into the database (as the servers' own store
// would), then registers one attendee per code from --threads threads,
// each call with a 10 s deadline, and prints the rate and the latencies.
//
//   registration_load --target=ipv4:127.0.0.1:50061,127.0.0.1:50062
//       --db=postgresql://... --count=5000 --threads=16
//
// Run by //pi-demo/bench:registration_benchmark, which starts the servers
// (with --max_failures=0: every call here comes from one client).
#include <absl/flags/flag.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>
#include <vector>

#include "common/flags/flags.h"
#include "common/grpc/replicas.h"
#include "pi-demo/attendance_store.h"
#include "pi-demo/codes.h"
#include "protos/attendance/v1/attendance.grpc.pb.h"

ABSL_FLAG(std::string, target, "localhost:50053",
          "The attendance gRPC server, or ipv4:IP:PORT,IP:PORT for replicas.");
ABSL_FLAG(std::string, db, "",
          "The servers' database (file or PostgreSQL URL), to issue codes in.");
ABSL_FLAG(int, count, 5000, "Registrations to make.");
ABSL_FLAG(int, threads, 16, "Calls in flight at once.");

int main(int argc, char** argv) {
  common::ParseFlags(argc, argv,
                     "Measures registrations per second through the "
                     "attendance service.\nUsage: registration_load "
                     "--target=TARGET --db=DATABASE [--count=N] [--threads=N]");
  const int count = absl::GetFlag(FLAGS_count);
  const int threads = absl::GetFlag(FLAGS_threads);
  if (count < 1 || threads < 1 || absl::GetFlag(FLAGS_db).empty()) {
    common::ExitWithUsageError("--db is required; --count, --threads >= 1");
  }
  std::string error;
  std::unique_ptr<attendance::AttendanceStore> store =
      attendance::AttendanceStore::Open(absl::GetFlag(FLAGS_db), &error);
  if (store == nullptr) {
    std::cerr << error << std::endl;
    return 1;
  }
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  std::vector<std::string> codes;
  while (static_cast<int>(codes.size()) < count) {
    std::string code = attendance::NewCode();
    if (store->AddCode(code, now, now + 3600, &error)) codes.push_back(code);
  }

  grpc::ChannelArguments arguments;
  arguments.SetServiceConfigJSON(common::ReplicasServiceConfig(
      attendance::v1::AttendanceService::service_full_name(), {}));
  auto stub = attendance::v1::AttendanceService::NewStub(
      grpc::CreateCustomChannel(absl::GetFlag(FLAGS_target),
                                grpc::InsecureChannelCredentials(), arguments));
  // One call first, so that connecting is not timed.
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    attendance::v1::GetStatusRequest request;
    attendance::v1::Status status;
    grpc::Status answer = stub->GetStatus(&context, request, &status);
    if (!answer.ok()) {
      std::cerr << "GetStatus: " << answer.error_message() << std::endl;
      return 1;
    }
  }

  std::atomic<int> next{0}, failed{0};
  std::vector<std::vector<double>> latencies(threads);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i; (i = next++) < count;) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::seconds(10));
        attendance::v1::RegisterRequest request;
        request.set_first_name("Load");
        request.set_last_name("Test " + std::to_string(i));
        request.set_code(codes[i]);
        attendance::v1::RegisterResponse response;
        const auto sent = std::chrono::steady_clock::now();
        if (!stub->Register(&context, request, &response).ok()) ++failed;
        latencies[t].push_back(std::chrono::duration<double, std::milli>(
                                   std::chrono::steady_clock::now() - sent)
                                   .count());
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::vector<double> all;
  for (const auto& some : latencies)
    all.insert(all.end(), some.begin(), some.end());
  std::sort(all.begin(), all.end());
  std::cout << count << " registrations in " << seconds
            << " s: " << static_cast<int>(count / seconds) << "/s, " << failed
            << " failed; latency p50 " << all[all.size() / 2] << " ms, p99 "
            << all[all.size() * 99 / 100] << " ms" << std::endl;
  return failed == 0 ? 0 : 1;
}
