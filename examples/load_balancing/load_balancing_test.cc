// Load balancing on loopback, the spread measured on the backends:
// pick_first sends everything to one backend, round_robin takes them in
// turn, over an ipv4: list and over a dns: name with several addresses (a
// real DNS server, dnsmasq); and with calls flowing from two threads, a
// backend drained (NOT_SERVING, then shut down) loses its traffic without a
// failed call.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/grpc/metadata_rules.h"
#include "common/grpc/status_names.h"
#include "common/testing/child_process.h"
#include "common/testing/dns_server.h"
#include "common/testing/free_port.h"
#include "common/testing/test_arguments.h"
#include "examples/load_balancing/named_backend.h"

namespace load_balancing {
namespace {

using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::Gt;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr char kCalculator[] = "calculator.v1.Calculator";

TEST_ARGUMENTS("load_balancing_test <backend_server binary>", 1);

class Backend {
 public:
  // Listens on `host`:`port` (0: a free port), health SERVING.
  explicit Backend(const std::string& host = "127.0.0.1", int port = 0)
      : service_("backend-" + std::to_string(++next_id_)) {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    builder.AddListeningPort(host + ":" + std::to_string(port),
                             grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    if (server_)
      server_->GetHealthCheckService()->SetServingStatus(kCalculator, true);
    address_ = host + ":" + std::to_string(port_);
  }
  ~Backend() { Stop(std::chrono::seconds(0)); }

  bool ok() const { return server_ != nullptr && port_ > 0; }
  const std::string& address() const { return address_; }
  int port() const { return port_; }
  int calls() const { return service_.calls(); }
  void SetServing(bool serving) {
    server_->GetHealthCheckService()->SetServingStatus(kCalculator, serving);
  }
  // Graceful: calls in flight get `grace` to finish.
  void Stop(std::chrono::milliseconds grace) {
    if (server_ == nullptr) return;
    server_->Shutdown(std::chrono::system_clock::now() + grace);
    server_.reset();
  }

 private:
  static inline std::atomic<int> next_id_{0};
  NamedBackendService service_;
  int port_ = 0;
  std::string address_;
  std::unique_ptr<grpc::Server> server_;
};

std::unique_ptr<calculator::v1::Calculator::Stub> Stub(
    const std::string& target, const std::string& policy,
    bool health_check = false) {
  grpc::ChannelArguments arguments;
  std::string config = R"({"loadBalancingConfig": [{")" + policy + R"(": {}}])";
  if (health_check) {
    config +=
        R"(, "healthCheckConfig": {"serviceName": "calculator.v1.Calculator"})";
  }
  arguments.SetServiceConfigJSON(config + "}");
  return calculator::v1::Calculator::NewStub(grpc::CreateCustomChannel(
      target, grpc::InsecureChannelCredentials(), arguments));
}

// One Divide call; the name of the backend that answered, or the status
// code's name (UNAVAILABLE, ...) if it failed.
std::string Call(calculator::v1::Calculator::Stub& stub) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  calculator::v1::DivideRequest request;
  request.set_dividend(17);
  request.set_divisor(5);
  calculator::v1::DivideResponse response;
  const grpc::Status status = stub.Divide(&context, request, &response);
  if (!status.ok()) return common::StatusCodeName(status.error_code());
  return common::FindMetadata(context.GetServerTrailingMetadata(), kBackendKey)
      .value_or("(no name)");
}

std::string IpList(const std::vector<Backend*>& backends) {
  std::string target = "ipv4:";
  for (const Backend* backend : backends) {
    target += (target.size() > 5 ? "," : "") + backend->address();
  }
  return target;
}

// Calls until every backend has answered at least once (round_robin starts
// with the first that connects), so that what follows is the steady state.
void WarmUp(calculator::v1::Calculator::Stub& stub,
            const std::vector<Backend*>& backends) {
  for (int calls = 0; calls < 1000; ++calls) {
    bool all = true;
    for (const Backend* backend : backends) all &= backend->calls() > 0;
    if (all) return;
    ASSERT_THAT(Call(stub), StartsWith("backend-"));
  }
  FAIL() << "a backend never got a call";
}

std::vector<int> Calls(const std::vector<Backend*>& backends) {
  std::vector<int> calls;
  for (const Backend* backend : backends) calls.push_back(backend->calls());
  return calls;
}

TEST(LoadBalancingTest, PickFirstSendsEveryCallToTheFirstAddress) {
  Backend a, b, c;
  auto stub = Stub(IpList({&a, &b, &c}), "pick_first");
  for (int i = 0; i < 30; ++i) ASSERT_THAT(Call(*stub), StartsWith("backend-"));
  EXPECT_THAT(Calls({&a, &b, &c}), ElementsAre(30, 0, 0));
}

TEST(LoadBalancingTest, PickFirstTakesTheFirstAddressThatWorks) {
  Backend b, c;
  const std::string nobody =
      "127.0.0.1:" + std::to_string(testing_util::FreeLoopbackPort());
  auto stub = Stub("ipv4:" + nobody + "," + b.address() + "," + c.address(),
                   "pick_first");
  for (int i = 0; i < 30; ++i) ASSERT_THAT(Call(*stub), StartsWith("backend-"));
  EXPECT_THAT(Calls({&b, &c}), ElementsAre(30, 0));
}

// [START round_robin_test]
TEST(LoadBalancingTest, RoundRobinTakesTheBackendsInTurn) {
  Backend a, b, c;
  auto stub = Stub(IpList({&a, &b, &c}), "round_robin");
  ASSERT_NO_FATAL_FAILURE(WarmUp(*stub, {&a, &b, &c}));
  const std::vector<int> before = Calls({&a, &b, &c});
  for (int i = 0; i < 30; ++i) ASSERT_THAT(Call(*stub), StartsWith("backend-"));
  const std::vector<int> after = Calls({&a, &b, &c});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(after[i] - before[i], 10);
}
// [END round_robin_test]

TEST(LoadBalancingTest, ADnsNameWithThreeAddressesSpreadsOverThree) {
  // Three backends on one port of three loopback addresses, one name for
  // them all in the DNS server.
  Backend a("127.0.0.2");
  ASSERT_TRUE(a.ok());
  Backend b("127.0.0.3", a.port()), c("127.0.0.4", a.port());
  ASSERT_TRUE(b.ok() && c.ok());
  testing_util::DnsServer dns(
      {}, {"127.0.0.2 backends.test", "127.0.0.3 backends.test",
           "127.0.0.4 backends.test"});
  ASSERT_TRUE(dns.ok()) << dns.output();
  auto stub = Stub(
      "dns://" + dns.address() + "/backends.test:" + std::to_string(a.port()),
      "round_robin");
  ASSERT_NO_FATAL_FAILURE(WarmUp(*stub, {&a, &b, &c}));
  const std::vector<int> before = Calls({&a, &b, &c});
  for (int i = 0; i < 30; ++i) ASSERT_THAT(Call(*stub), StartsWith("backend-"));
  const std::vector<int> after = Calls({&a, &b, &c});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(after[i] - before[i], 10);
}

// Two threads calling without pause, counting who answered and failures;
// the test waits on those counts.
class Traffic {
 public:
  explicit Traffic(calculator::v1::Calculator::Stub* stub) {
    for (int i = 0; i < 2; ++i) {
      threads_.emplace_back([this, stub] {
        while (!stop_) {
          const std::string answer = Call(*stub);
          std::lock_guard<std::mutex> lock(mu_);
          if (answer.rfind("backend-", 0) != 0) failures_.push_back(answer);
          ++total_;
          changed_.notify_all();
        }
      });
    }
  }
  ~Traffic() { Stop(); }

  // Waits until `count` more calls have been made (up to 20 s).
  bool WaitForMoreCalls(int count) {
    std::unique_lock<std::mutex> lock(mu_);
    const int wanted = total_ + count;
    return changed_.wait_for(lock, std::chrono::seconds(20),
                             [&] { return total_ >= wanted; });
  }
  void Stop() {
    stop_ = true;
    for (auto& thread : threads_) thread.join();
    threads_.clear();
  }
  // The status codes of the calls that failed.
  std::vector<std::string> failures() {
    std::lock_guard<std::mutex> lock(mu_);
    return failures_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<std::string> failures_;
  int total_ = 0;
  std::vector<std::thread> threads_;
};

// [START drain_test]
TEST(LoadBalancingTest, ADrainedBackendLosesItsTrafficWithoutAFailedCall) {
  Backend a, b, c;
  auto stub = Stub(IpList({&a, &b, &c}), "round_robin", /*health_check=*/true);
  ASSERT_NO_FATAL_FAILURE(WarmUp(*stub, {&a, &b, &c}));
  Traffic traffic(stub.get());
  ASSERT_TRUE(traffic.WaitForMoreCalls(100));

  // Drain: NOT_SERVING first; the channel's health watch moves calls away.
  a.SetServing(false);
  int a_calls = a.calls();
  bool drained = false;
  for (int round = 0; round < 50 && !drained; ++round) {
    ASSERT_TRUE(traffic.WaitForMoreCalls(100));
    drained = a.calls() == a_calls;  // 100 calls and none reached it
    a_calls = a.calls();
  }
  ASSERT_TRUE(drained);
  // Then stop it, while calls keep flowing to the others.
  a.Stop(std::chrono::seconds(5));
  ASSERT_TRUE(traffic.WaitForMoreCalls(300));
  traffic.Stop();
  EXPECT_THAT(traffic.failures(), IsEmpty());
  EXPECT_EQ(a.calls(), a_calls);
  EXPECT_THAT(Calls({&b, &c}), Each(Gt(200)));
}
// [END drain_test]

// Without draining, a stopped backend can fail a call in flight: one that
// had reached the server and was waiting for a thread when the shutdown
// began is cancelled (in about half the runs, one of the two in flight).
TEST(LoadBalancingTest,
     ABackendStoppedWithoutDrainingLosesAtMostTheCallsInFlight) {
  Backend a, b, c;
  auto stub = Stub(IpList({&a, &b, &c}), "round_robin");
  ASSERT_NO_FATAL_FAILURE(WarmUp(*stub, {&a, &b, &c}));
  Traffic traffic(stub.get());
  ASSERT_TRUE(traffic.WaitForMoreCalls(100));
  a.Stop(std::chrono::seconds(5));
  ASSERT_TRUE(traffic.WaitForMoreCalls(300));
  traffic.Stop();
  // Never more than the calls in flight (two threads), and only CANCELLED:
  // the calls after it went to the other backends.
  EXPECT_LE(traffic.failures().size(), 2u);
  EXPECT_THAT(traffic.failures(), Each(std::string("CANCELLED")));
}

// [START sigterm_test]
// The real backend_server, stopped as an operator stops it: SIGTERM turns
// its health NOT_SERVING, it keeps answering for --drain_ms while the
// channel moves away, then shuts down. No call fails.
TEST(LoadBalancingTest, ABackendServerStoppedWithSigtermLosesNoCall) {
  std::vector<std::unique_ptr<testing_util::ChildProcess>> servers;
  std::string target = "ipv4:";
  for (int i = 0; i < 3; ++i) {
    servers.push_back(
        std::make_unique<testing_util::ChildProcess>(std::vector<std::string>{
            testing_util::TestArgument(0), "--host=127.0.0.1", "--port=0",
            "--drain_ms=500", "--name=backend-" + std::to_string(i)}));
    const std::string address = servers.back()->WaitUntilListening();
    ASSERT_FALSE(address.empty()) << servers.back()->output();
    target += (i > 0 ? "," : "") + address;
  }
  auto stub = Stub(target, "round_robin", /*health_check=*/true);
  Traffic traffic(stub.get());
  ASSERT_TRUE(traffic.WaitForMoreCalls(300));
  servers[0]->Signal(SIGTERM);
  EXPECT_EQ(servers[0]->WaitForExit(), 0) << servers[0]->output();
  ASSERT_TRUE(traffic.WaitForMoreCalls(300));
  traffic.Stop();
  EXPECT_THAT(traffic.failures(), IsEmpty());
}
// [END sigterm_test]

}  // namespace
}  // namespace load_balancing
