// The Raspberry Pi display of the attendance demo: watches the attendance
// server's status and shows it on a Sense HAT's 8x8 LED matrix, or in a
// terminal, or as image files.
//
//   bazel run //pi-demo:display -- --server=HOST:PORT [--backend=...]
//
// It runs until SIGINT or SIGTERM (or --passes), whatever the server does:
// when the server goes away it shows a red cross and tries again.
#include <absl/flags/flag.h>
#include <absl/flags/parse.h>
#include <absl/flags/usage.h>
#include <pthread.h>
#include <signal.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "examples/common/user_path.h"
#include "pi-demo/display/display_loop.h"
#include "pi-demo/display/frame_dump_backend.h"
#include "pi-demo/display/framebuffer_backend.h"
#include "pi-demo/display/joystick.h"
#include "pi-demo/display/line_log.h"
#include "pi-demo/display/status_watcher.h"
#include "pi-demo/display/terminal_backend.h"

ABSL_FLAG(std::string, server, "localhost:50051",
          "The attendance gRPC server's host:port.");
ABSL_FLAG(std::string, backend, "terminal",
          "Where frames go: terminal (24-bit colour blocks), framebuffer (the "
          "Sense HAT's LEDs) or frames (image files in --frames_dir).");
ABSL_FLAG(std::string, frames_dir, "frames",
          "--backend=frames: the directory for frame-NNNNNN.png files.");
ABSL_FLAG(std::string, frame_format, "png", "--backend=frames: png or ppm.");
ABSL_FLAG(int, frame_ms, 100,
          "Milliseconds per frame. 0: as fast as possible, each pass once, "
          "then wait for a change (for tests and pictures).");
ABSL_FLAG(int, passes, 0,
          "Exit after showing the attendance this many times (0: never).");
ABSL_FLAG(bool, joystick, false,
          "Read the Sense HAT joystick: left/up and right/down scroll the "
          "previous/next attendee's name, a press of the middle (ENTER) goes "
          "back to the count from its start and to the first name.");
ABSL_FLAG(std::string, sysfs_root, "/sys",
          "Where to look for the Sense HAT's devices by name.");
ABSL_FLAG(std::string, dev_root, "/dev", "Where their device files are.");
ABSL_FLAG(int, retry_initial_ms, 250, "First delay before reconnecting.");
ABSL_FLAG(int, retry_max_ms, 10000, "Longest delay before reconnecting.");
ABSL_FLAG(int, keepalive_ms, 30000,
          "Ping a quiet server after this long, to notice a dead network "
          "(0: never). The attendance server accepts one every 10 s.");
ABSL_FLAG(std::string, tls_roots_file, "",
          "Watch a TLS server, trusting the PEM certificates in this file "
          "(the server's own, if self-signed). Empty: plaintext.");
ABSL_FLAG(std::string, tls_server_name, "",
          "With --tls_roots_file: the name the server's certificate must "
          "carry, if not the host of --server.");

namespace {

using display::MatrixBackend;

// Every line the display prints goes through these: the loop, the watcher
// and the joystick print from their own threads, and whoever reads the
// output (tests, scripts, journald) must get whole lines.
void Log(const std::string& line) { display::WriteLine(std::cout, line); }
void LogError(const std::string& line) { display::WriteLine(std::cerr, line); }

struct Backend {
  std::unique_ptr<MatrixBackend> matrix;
  display::TerminalBackend* terminal = nullptr;  // if it is one
  bool leds = false;                             // the real LED matrix
};

bool OpenBackend(Backend* backend, std::string* error) {
  const std::string name = absl::GetFlag(FLAGS_backend);
  if (name == "terminal") {
    auto terminal = std::make_unique<display::TerminalBackend>(std::cout);
    backend->terminal = terminal.get();
    backend->matrix = std::move(terminal);
  } else if (name == "framebuffer") {
    const std::string device = display::FindFramebuffer(
        display::kSenseHatFramebufferName, absl::GetFlag(FLAGS_sysfs_root),
        absl::GetFlag(FLAGS_dev_root), error);
    if (device.empty()) return false;
    backend->matrix = display::FramebufferBackend::Open(device, error);
    backend->leds = true;
  } else if (name == "frames") {
    display::ImageFormat format;
    if (!display::ParseImageFormat(absl::GetFlag(FLAGS_frame_format),
                                   &format)) {
      *error = "--frame_format must be png or ppm, not \"" +
               absl::GetFlag(FLAGS_frame_format) + "\"";
      return false;
    }
    backend->matrix = display::FrameDumpBackend::Open(
        common::UserPath(absl::GetFlag(FLAGS_frames_dir)), format, error);
  } else {
    *error = "--backend must be terminal, framebuffer or frames, not \"" +
             name + "\"";
    return false;
  }
  return backend->matrix != nullptr;
}

std::unique_ptr<display::Joystick> OpenJoystick(std::string* error) {
  const std::string device = display::FindInputDevice(
      display::kSenseHatJoystickName, absl::GetFlag(FLAGS_sysfs_root),
      absl::GetFlag(FLAGS_dev_root), error);
  if (device.empty()) return nullptr;
  return display::Joystick::Open(device, error);
}

// The credentials of --tls_roots_file, read once: every reconnection
// attempt makes a new channel, and a file that has gone since start must not
// turn into a display that never connects. Null for plaintext; null and
// `*error` set (naming the flag) if the flags are wrong.
std::shared_ptr<grpc::ChannelCredentials> WatchCredentials(std::string* error) {
  const std::string roots_file = absl::GetFlag(FLAGS_tls_roots_file);
  if (roots_file.empty()) {
    if (!absl::GetFlag(FLAGS_tls_server_name).empty()) {
      *error = "--tls_server_name needs --tls_roots_file";
    }
    return nullptr;
  }
  std::ifstream in(common::UserPath(roots_file), std::ios::binary);
  std::ostringstream roots;
  if (in) roots << in.rdbuf();
  if (!in || roots.str().empty()) {
    *error = "--tls_roots_file: cannot read " + roots_file;
    return nullptr;
  }
  // gRPC would take anything here and fail every handshake later.
  if (roots.str().find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    *error = "--tls_roots_file: " + roots_file + " holds no PEM certificate";
    return nullptr;
  }
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = roots.str();  // only these, not the system's
  return grpc::SslCredentials(options);
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Shows the attendance on a Sense HAT LED matrix, a terminal or files.");
  absl::ParseCommandLine(argc, argv);

  // SIGINT and SIGTERM are taken by a thread with sigwait (below), so they
  // must be blocked before any other thread starts.
  sigset_t shutdown_signals;
  sigemptyset(&shutdown_signals);
  sigaddset(&shutdown_signals, SIGINT);
  sigaddset(&shutdown_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &shutdown_signals, nullptr);

  if (absl::GetFlag(FLAGS_frame_ms) < 0 || absl::GetFlag(FLAGS_passes) < 0 ||
      absl::GetFlag(FLAGS_retry_initial_ms) <= 0 ||
      absl::GetFlag(FLAGS_retry_max_ms) <
          absl::GetFlag(FLAGS_retry_initial_ms)) {
    LogError(
        "--frame_ms and --passes must be 0 or more, and 0 < "
        "--retry_initial_ms <= --retry_max_ms");
    return 2;
  }
  std::string error;
  const std::shared_ptr<grpc::ChannelCredentials> credentials =
      WatchCredentials(&error);
  if (!error.empty()) {
    LogError(error);
    return 2;
  }
  Backend backend;
  if (!OpenBackend(&backend, &error)) {
    LogError(error);
    return 1;
  }
  std::unique_ptr<display::Joystick> joystick;
  if (absl::GetFlag(FLAGS_joystick)) {
    joystick = OpenJoystick(&error);
    if (joystick == nullptr) {
      LogError(error);
      return 1;
    }
  }

  display::LoopOptions loop_options;
  loop_options.frame_period =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_frame_ms));
  loop_options.passes = absl::GetFlag(FLAGS_passes);
  if (loop_options.frame_period.count() == 0 && backend.terminal == nullptr) {
    // Each pass then follows a change: say when one is complete (tests and
    // scripts wait for these lines).
    loop_options.on_pass = [](const std::string& what) {
      Log("shown: " + what);
    };
  }
  display::DisplayLoop loop(backend.matrix.get(), loop_options);

  // [START display_watch]
  display::RetryPolicy retry;
  retry.initial =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_retry_initial_ms));
  retry.max = std::chrono::milliseconds(absl::GetFlag(FLAGS_retry_max_ms));
  const std::string server = absl::GetFlag(FLAGS_server);
  const std::chrono::milliseconds keepalive(absl::GetFlag(FLAGS_keepalive_ms));
  const std::string server_name = absl::GetFlag(FLAGS_tls_server_name);
  display::StatusWatcher watcher(
      [server, keepalive, credentials, server_name] {
        return display::MakeWatchChannel(server, keepalive, credentials,
                                         server_name);
      },
      server, retry,
      [&loop](const display::AttendanceView& view) { loop.Update(view); },
      [&backend](const std::string& event) {
        // In a terminal, under the picture; elsewhere, a log line.
        if (backend.terminal != nullptr) {
          backend.terminal->SetCaption(event);
        } else {
          Log(event);
        }
      });
  std::thread watching([&watcher] { watcher.Run(); });
  // [END display_watch]

  std::thread reading_keys;
  if (joystick != nullptr) {
    reading_keys = std::thread([&joystick, &loop] {
      std::string joystick_error;
      const bool ok = joystick->Run(
          [&loop](const display::KeyEvent& key) {
            if (key.value != display::kPress) return;
            if (key.code == display::kKeyRight || key.code == display::kKeyDown)
              loop.StepName(1);
            if (key.code == display::kKeyLeft || key.code == display::kKeyUp)
              loop.StepName(-1);
            if (key.code == display::kKeyEnter) loop.ShowCount();
          },
          &joystick_error);
      // The display goes on without it.
      if (!ok) LogError(joystick_error);
    });
  }

  std::thread signals([&] {
    int signal_number = 0;
    sigwait(&shutdown_signals, &signal_number);
    loop.Stop();
  });

  const bool shown = loop.Run(&error);
  if (!shown) LogError(error);

  // Wake the signal thread if the loop ended on its own.
  pthread_kill(signals.native_handle(), SIGTERM);
  signals.join();
  watcher.Stop();
  watching.join();
  if (joystick != nullptr) {
    joystick->Stop();
    reading_keys.join();
  }
  if (backend.leds) {
    std::string ignored;
    backend.matrix->Show(display::Frame(), &ignored);  // LEDs off
  }
  return shown ? 0 : 1;
}
