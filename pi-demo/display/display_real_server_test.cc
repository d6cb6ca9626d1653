// The display binary against the real attendance server binary, both as
// child processes: the server is stopped and started again on the same port
// with the same database, and the display must show the count before, the
// lost server during, and the new count after.
//
// The fake server's tests passed while the display did not come back to the
// real server after a restart: its one channel, once a connection attempt
// had failed, stayed in TRANSIENT_FAILURE and failed every call without
// trying to connect. Only gRPC's backup poller (every 5 s) got it going
// again, and with that turned off it never did. The display runs here
// without the backup poller, so that the old behaviour fails every time
// instead of reconnecting late; the display must not need it.
//
// The display also watches the server over TLS with an openssl-made
// certificate, and bad TLS flags stop it with exit code 2.
//
// Usage (from BUILD): display_real_server_test <display> <grpc_server>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "common/testing/child_process.h"
#include "protos/attendance/v1/attendance.grpc.pb.h"

namespace display {
namespace {

namespace fs = std::filesystem;

std::string display_path;
std::string server_path;

constexpr char kPassword[] = "display test password";

// Kills `child` unless it is destroyed within `limit`. A display that never
// reconnects prints a "lost ..." line on every retry, so waiting for its
// output would otherwise never end; killed, it ends the wait with a failure.
class KillUnlessDoneWithin {
 public:
  KillUnlessDoneWithin(testing_util::ChildProcess* child,
                       std::chrono::seconds limit)
      : watching_([this, child, limit] {
          std::unique_lock<std::mutex> lock(mu_);
          if (!done_changed_.wait_for(lock, limit, [this] { return done_; })) {
            child->Signal(SIGKILL);
          }
        }) {}

  ~KillUnlessDoneWithin() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    done_changed_.notify_all();
    watching_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable done_changed_;
  bool done_ = false;
  std::thread watching_;  // last: starts once the others exist
};

std::chrono::system_clock::time_point Deadline() {
  return std::chrono::system_clock::now() + std::chrono::seconds(30);
}

class DisplayRealServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(std::getenv("TEST_TMPDIR")) /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "password") << kPassword << "\n";
  }

  // Starts the real server on `port` (0: a free one) over the test's
  // database, with `flags` added; returns its address, or "" if it did not
  // start.
  std::string StartServer(int port, std::vector<std::string> flags = {}) {
    std::vector<std::string> argv = {
        server_path,
        "--host=127.0.0.1",
        "--port=" + std::to_string(port),
        "--db=" + (dir_ / "attendance.db").string(),
        "--organiser_password_file=" + (dir_ / "password").string(),
        "--bcrypt_cost=4"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    server_ = std::make_unique<testing_util::ChildProcess>(argv);
    const std::string address = server_->WaitUntilListening();
    // A channel of its own for each server, so that the test's calls do
    // not depend on the reconnection it is testing.
    stub_ = attendance::v1::AttendanceService::NewStub(
        grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
    return address;
  }

  // Registers an attendee the way the demo does: the organiser logs in and
  // issues a code, the attendee registers with it.
  void Register(const std::string& first_name) {
    attendance::v1::LoginResponse login;
    {
      grpc::ClientContext context;
      context.set_deadline(Deadline());
      attendance::v1::LoginRequest request;
      request.set_organiser("organiser");
      request.set_password(kPassword);
      const grpc::Status status = stub_->Login(&context, request, &login);
      ASSERT_TRUE(status.ok()) << "Login: " << status.error_message();
    }
    attendance::v1::IssueCodeResponse issued;
    {
      grpc::ClientContext context;
      context.set_deadline(Deadline());
      context.AddMetadata("authorization", "Bearer " + login.token());
      const grpc::Status status = stub_->IssueCode(&context, {}, &issued);
      ASSERT_TRUE(status.ok()) << "IssueCode: " << status.error_message();
    }
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    attendance::v1::RegisterRequest request;
    request.set_first_name(first_name);
    request.set_last_name("Tester");
    request.set_code(issued.code());
    attendance::v1::RegisterResponse registered;
    const grpc::Status status = stub_->Register(&context, request, &registered);
    ASSERT_TRUE(status.ok()) << "Register: " << status.error_message();
  }

  std::unique_ptr<testing_util::ChildProcess> StartDisplay(
      const std::string& server_address, std::vector<std::string> flags = {}) {
    std::vector<std::string> argv = {
        display_path,
        "--server=" + server_address,
        "--backend=frames",
        "--frame_format=ppm",
        "--frames_dir=" + (dir_ / "frames").string(),
        "--frame_ms=0",
        "--retry_initial_ms=20",
        "--retry_max_ms=200"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    return std::make_unique<testing_util::ChildProcess>(argv);
  }

  // A self-signed certificate for localhost and 127.0.0.1 made by the
  // openssl command, as docs/08 makes one: {cert file, key file}.
  std::pair<std::string, std::string> MakeCertificate() {
    const std::string cert = (dir_ / "cert.pem").string();
    const std::string key = (dir_ / "key.pem").string();
    testing_util::ChildProcess openssl(
        {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
         "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"});
    EXPECT_EQ(openssl.WaitForExit(), 0) << openssl.output();
    return {cert, key};
  }

  fs::path dir_;
  std::unique_ptr<testing_util::ChildProcess> server_;
  std::unique_ptr<attendance::v1::AttendanceService::Stub> stub_;
};

TEST_F(DisplayRealServerTest, ShowsTheNewCountAfterTheServerRestarts) {
  const std::string address = StartServer(0);
  ASSERT_FALSE(address.empty()) << server_->output();
  const int port = std::stoi(address.substr(address.rfind(':') + 1));
  auto display = StartDisplay(address);
  ASSERT_TRUE(display->started());
  auto limit = std::make_unique<KillUnlessDoneWithin>(display.get(),
                                                      std::chrono::seconds(60));

  ASSERT_TRUE(
      display->WaitForOutput("connected to " + address + " (0 attendees)"))
      << display->output();
  ASSERT_NO_FATAL_FAILURE(Register("Ada"));
  ASSERT_TRUE(display->WaitForOutput("shown: attendance 1"))
      << display->output();

  // Close the test's own connection first: an idle client connection keeps
  // the server from exiting until its --shutdown_grace_ms is over.
  stub_.reset();
  server_->Signal(SIGTERM);
  ASSERT_EQ(server_->WaitForExit(), 0) << server_->output();
  ASSERT_TRUE(display->WaitForOutput("lost " + address + " (UNAVAILABLE"))
      << display->output();
  ASSERT_TRUE(display->WaitForOutput("shown: lost")) << display->output();
  // A reconnection attempt has failed (not just the stream): the case that
  // left the old channel stuck.
  ASSERT_TRUE(display->WaitForOutput("Connection refused"))
      << display->output();

  // The same port and database: to the display, the same server is back.
  ASSERT_EQ(StartServer(port), address) << server_->output();
  ASSERT_TRUE(
      display->WaitForOutput("connected to " + address + " (1 attendee)"))
      << "the display did not reconnect to the restarted server:\n"
      << display->output();
  ASSERT_NO_FATAL_FAILURE(Register("Bob"));
  ASSERT_TRUE(display->WaitForOutput("shown: attendance 2"))
      << display->output();

  limit.reset();  // before the display exits and its pid may be reused
  display->Signal(SIGTERM);
  EXPECT_EQ(display->WaitForExit(), 0) << display->output();
}

TEST_F(DisplayRealServerTest, WatchesATlsServerThatItTrusts) {
  const auto [cert, key] = MakeCertificate();
  const std::string address =
      StartServer(0, {"--tls_cert_file=" + cert, "--tls_key_file=" + key});
  ASSERT_FALSE(address.empty()) << server_->output();
  // The certificate names 127.0.0.1 too, but the check against another
  // name must work: a Pi reached by an address its certificate lacks.
  auto display = StartDisplay(
      address, {"--tls_roots_file=" + cert, "--tls_server_name=localhost"});
  ASSERT_TRUE(display->started());
  auto limit = std::make_unique<KillUnlessDoneWithin>(display.get(),
                                                      std::chrono::seconds(60));
  ASSERT_TRUE(
      display->WaitForOutput("connected to " + address + " (0 attendees)"))
      << display->output();
  ASSERT_TRUE(display->WaitForOutput("shown: attendance 0"))
      << display->output();
  limit.reset();
  display->Signal(SIGTERM);
  EXPECT_EQ(display->WaitForExit(), 0) << display->output();
}

TEST_F(DisplayRealServerTest, BadTlsFlagsStopTheDisplayNamingTheFlag) {
  const std::string missing = (dir_ / "missing.pem").string();
  std::ofstream(dir_ / "not_pem.txt") << "not a certificate\n";
  const std::string not_pem = (dir_ / "not_pem.txt").string();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--tls_roots_file=" + missing},
       "--tls_roots_file: cannot read " + missing},
      {{"--tls_roots_file=" + not_pem},
       "--tls_roots_file: " + not_pem + " holds no PEM certificate"},
      {{"--tls_server_name=localhost"},
       "--tls_server_name needs --tls_roots_file"}};
  for (const auto& [flags, message] : cases) {
    auto display = StartDisplay("127.0.0.1:1", flags);
    EXPECT_EQ(display->WaitForExit(), 2) << display->output();
    EXPECT_NE(display->output().find(message), std::string::npos)
        << display->output();
  }
}

}  // namespace
}  // namespace display

int main(int argc, char** argv) {
  // For the display, which inherits it (see the top): no backup poller.
  setenv("GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS", "0", 1);
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 3) {
    std::cerr << "usage: display_real_server_test <display> <grpc_server>"
              << std::endl;
    return 2;
  }
  display::display_path = argv[1];
  display::server_path = argv[2];
  return RUN_ALL_TESTS();
}
