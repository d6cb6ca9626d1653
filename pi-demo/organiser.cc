// The organiser's command line: log in and issue one-time codes.
//
//   bazel run //pi-demo:organiser -- issue --count=3
//   bazel run //pi-demo:organiser -- status
//
// The password is read from $ATTENDANCE_PASSWORD, or asked for on the
// terminal (never a flag: flags show in `ps` and in the shell's history).
// Against a server with TLS, pass --tls_roots_file: the password and the
// token then cross the network encrypted.
#include <absl/flags/flag.h>
#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <iostream>
#include <string>

#include "common/flags/flags.h"
#include "common/grpc/metadata_rules.h"
#include "common/grpc/status_names.h"
#include "common/grpc/tls_credentials.h"
#include "common/grpc/wrong_service.h"
#include "protos/attendance/v1/attendance.grpc.pb.h"

ABSL_FLAG(std::string, server, "localhost:50053",
          "Address of the attendance gRPC server.");
ABSL_FLAG(std::string, organiser, "organiser", "The organiser to log in as.");
ABSL_FLAG(int, count, 1, "issue: how many codes (1 to 100).");
ABSL_FLAG(int64_t, valid_for_s, 0,
          "issue: seconds each code stays valid; 0 for the server's default.");
ABSL_FLAG(int, deadline_ms, 10000, "Deadline of each call, in milliseconds.");
ABSL_FLAG(std::string, tls_roots_file, "",
          "PEM certificate(s) to trust: with it the CLI speaks TLS and "
          "accepts only a server whose certificate these sign (or are). "
          "Default: plaintext.");
ABSL_FLAG(std::string, tls_server_name, "",
          "With --tls_roots_file: the name the server's certificate must "
          "hold, if not the host of --server.");

namespace {

using attendance::v1::AttendanceService;
using google::protobuf::util::TimeUtil;

std::chrono::system_clock::time_point Deadline() {
  return std::chrono::system_clock::now() +
         std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms));
}

int Fail(const std::string& what, grpc::Status status,
         const std::shared_ptr<grpc::Channel>& channel) {
  status =
      common::ExplainWrongService(status, channel, absl::GetFlag(FLAGS_server),
                                  "attendance.v1.AttendanceService");
  std::cerr << what << ": " << common::FormatStatus(status) << std::endl;
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    // A plaintext client and a TLS server (or the other way round) see only
    // a closed connection: say what to check.
    std::cerr << "Cannot talk to " << absl::GetFlag(FLAGS_server)
              << (absl::GetFlag(FLAGS_tls_roots_file).empty()
                      ? " in plaintext: is it running, and without TLS? (for "
                        "a server with TLS pass --tls_roots_file)"
                      : " over TLS: is it running, with TLS, and with a "
                        "certificate that --tls_roots_file trusts and that "
                        "names the server?")
              << std::endl;
  }
  return 1;
}

// The terminal's settings from before the password prompt, for the signal
// handler below (a handler can reach only globals).
termios saved_terminal;

// Ctrl-C at the prompt must not leave the user's shell without echo: put the
// settings back (tcsetattr is async-signal-safe), then die of the signal as
// if there had been no handler.
extern "C" void RestoreTerminalAndDie(int signal_number) {
  tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
  signal(signal_number, SIG_DFL);
  raise(signal_number);  // delivered once the handler returns
}

// Turns the terminal's echo off while it lives, and back on when it ends,
// by return or by a signal that ends the process.
class EchoOff {
 public:
  EchoOff() {
    terminal_ = tcgetattr(STDIN_FILENO, &saved_terminal) == 0;
    if (!terminal_) return;
    struct sigaction action {};
    action.sa_handler = RestoreTerminalAndDie;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < kSignals.size(); ++i) {
      sigaction(kSignals[i], &action, &previous_[i]);
    }
    termios quiet = saved_terminal;
    quiet.c_lflag &= ~ECHO;
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  ~EchoOff() {
    if (!terminal_) return;
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
    for (size_t i = 0; i < kSignals.size(); ++i) {
      sigaction(kSignals[i], &previous_[i], nullptr);
    }
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

  bool terminal() const { return terminal_; }

 private:
  static constexpr std::array<int, 4> kSignals = {SIGINT, SIGTERM, SIGQUIT,
                                                  SIGHUP};
  bool terminal_ = false;
  std::array<struct sigaction, kSignals.size()> previous_{};
};

// $ATTENDANCE_PASSWORD, or typed on the terminal without echo.
std::string Password() {
  if (const char* password = std::getenv("ATTENDANCE_PASSWORD"))
    return password;
  EchoOff echo_off;  // before the prompt: what is typed after it is hidden
  std::cerr << "Password for " << absl::GetFlag(FLAGS_organiser) << ": "
            << std::flush;
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (echo_off.terminal()) std::cerr << std::endl;
  return password;
}

// [START login_and_issue]
int Issue(const std::shared_ptr<grpc::Channel>& channel) {
  const int count = absl::GetFlag(FLAGS_count);
  if (count < 1 || count > 100) {
    common::ExitWithUsageError("--count: must be 1 to 100");
  }
  auto stub = AttendanceService::NewStub(channel);
  attendance::v1::LoginRequest login;
  login.set_organiser(absl::GetFlag(FLAGS_organiser));
  login.set_password(Password());
  attendance::v1::LoginResponse token;
  {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    grpc::Status status = stub->Login(&context, login, &token);
    if (!status.ok()) return Fail("Login", status, channel);
  }
  // The token goes back as metadata, and gRPC aborts the process on a value
  // it cannot send: a broken or hostile server must not get that far.
  if (!common::IsSendableMetadata("authorization", "Bearer " + token.token())) {
    std::cerr << "Login: the server sent a token that is not printable ASCII"
              << std::endl;
    return 1;
  }

  attendance::v1::IssueCodeRequest request;
  if (absl::GetFlag(FLAGS_valid_for_s) > 0) {
    request.mutable_valid_for()->set_seconds(absl::GetFlag(FLAGS_valid_for_s));
  }
  for (int i = 0; i < count; ++i) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    // The token goes in metadata, as HTTP's Authorization header would.
    context.AddMetadata("authorization", "Bearer " + token.token());
    attendance::v1::IssueCodeResponse issued;
    grpc::Status status = stub->IssueCode(&context, request, &issued);
    if (!status.ok()) return Fail("IssueCode", status, channel);
    std::cout << issued.code() << "  valid until "
              << TimeUtil::ToString(issued.expires_at()) << std::endl;
  }
  return 0;
}
// [END login_and_issue]

int Status(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = AttendanceService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  attendance::v1::Status status;
  grpc::Status call = stub->GetStatus(&context, {}, &status);
  if (!call.ok()) return Fail("GetStatus", call, channel);
  std::cout << "Attendees: " << status.count() << std::endl;
  for (const auto& attendee : status.attendees()) {
    std::cout << "  " << attendee.first_name() << " " << attendee.last_name()
              << std::endl;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args = common::ParseFlags(
      argc, argv,
      "Issues one-time registration codes (logs in with $ATTENDANCE_PASSWORD "
      "or a typed password), or shows who has registered.\n"
      "Usage: organiser issue [--count=N] [--valid_for_s=S] [flags]\n"
      "       organiser status [flags]");
  if (args.size() < 2) common::ExitWithUsageError("no command given");
  const std::string command = args[1];
  if (command != "issue" && command != "status") {
    common::ExitWithUsageError("unknown command '" + command +
                               "' (issue or status)");
  }
  if (args.size() > 2) {
    common::ExitWithUsageError(command + " takes no arguments, only flags");
  }
  common::CheckTargetFlag("server", absl::GetFlag(FLAGS_server));
  if (absl::GetFlag(FLAGS_deadline_ms) < 1) {
    common::ExitWithUsageError("--deadline_ms must be at least 1");
  }
  std::string error;
  std::shared_ptr<grpc::Channel> channel = common::CreateChannelFromFiles(
      absl::GetFlag(FLAGS_server), absl::GetFlag(FLAGS_tls_roots_file),
      absl::GetFlag(FLAGS_tls_server_name), {}, &error);
  if (channel == nullptr) common::ExitWithUsageError(error);
  return command == "issue" ? Issue(channel) : Status(channel);
}
