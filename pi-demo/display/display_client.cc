// The Raspberry Pi display of the attendance demo: watches the attendance
// server's status and shows it on a Sense HAT's 8x8 LED matrix, or in a
// terminal, or as image files.
//
//   bazel run //pi-demo:display -- --server=HOST:PORT [--backend=...]
//
// It runs until SIGINT or SIGTERM (or --passes), whatever the server does:
// when the server goes away it shows a red cross and tries again.
#include <absl/flags/flag.h>
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "common/files/user_path.h"
#include "common/flags/flags.h"
#include "common/grpc/tls_credentials.h"
#include "common/sense_hat/frame_dump_backend.h"
#include "common/sense_hat/framebuffer_backend.h"
#include "common/sense_hat/joystick.h"
#include "common/sense_hat/terminal_backend.h"
#include "pi-demo/display/display_loop.h"
#include "pi-demo/display/line_log.h"
#include "pi-demo/display/status_watcher.h"

ABSL_FLAG(std::string, server, "localhost:50053",
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

using sense_hat::MatrixBackend;

// Every line the display prints goes through these: the loop, the watcher
// and the joystick print from their own threads, and whoever reads the
// output (tests, scripts, journald) must get whole lines.
void Log(const std::string& line) { display::WriteLine(std::cout, line); }
void LogError(const std::string& line) { display::WriteLine(std::cerr, line); }

struct Backend {
  std::unique_ptr<MatrixBackend> matrix;
  sense_hat::TerminalBackend* terminal = nullptr;  // if it is one
  bool leds = false;                               // the real LED matrix
};

// The terminal's status line under the picture: what the LEDs show now
// (from the loop, as each pass starts), then the connection (from the
// watcher): "Attendees: 3 | connected to localhost:50053".
class StatusLine {
 public:
  explicit StatusLine(sense_hat::TerminalBackend* terminal)
      : terminal_(terminal) {}

  void Showing(const std::string& what) {
    std::lock_guard<std::mutex> lock(mu_);
    showing_ = what;
    Update();
  }
  void Link(const std::string& event) {
    std::lock_guard<std::mutex> lock(mu_);
    // "connected to X (3 attendees)": the count of the moment of connecting,
    // which the first half of the line keeps current.
    link_ = event.rfind("connected to ", 0) == 0
                ? event.substr(0, event.find(" ("))
                : event;
    Update();
  }

 private:
  void Update() {
    terminal_->SetCaption(showing_.empty() ? link_ : showing_ + " | " + link_);
  }

  sense_hat::TerminalBackend* const terminal_;
  std::mutex mu_;
  std::string showing_;
  std::string link_;
};

bool OpenBackend(Backend* backend, std::string* error) {
  const std::string name = absl::GetFlag(FLAGS_backend);
  if (name == "terminal") {
    auto terminal = std::make_unique<sense_hat::TerminalBackend>(std::cout);
    backend->terminal = terminal.get();
    backend->matrix = std::move(terminal);
  } else if (name == "framebuffer") {
    const std::string device = sense_hat::FindFramebuffer(
        sense_hat::kSenseHatFramebufferName, absl::GetFlag(FLAGS_sysfs_root),
        absl::GetFlag(FLAGS_dev_root), error);
    if (device.empty()) return false;
    backend->matrix = sense_hat::FramebufferBackend::Open(device, error);
    backend->leds = true;
  } else if (name == "frames") {
    sense_hat::ImageFormat format;
    if (!sense_hat::ParseImageFormat(absl::GetFlag(FLAGS_frame_format),
                                     &format)) {
      *error = "--frame_format must be png or ppm, not \"" +
               absl::GetFlag(FLAGS_frame_format) + "\"";
      return false;
    }
    backend->matrix = sense_hat::FrameDumpBackend::Open(
        common::UserPath(absl::GetFlag(FLAGS_frames_dir)), format, error);
  } else {
    *error = "--backend must be terminal, framebuffer or frames, not \"" +
             name + "\"";
    return false;
  }
  return backend->matrix != nullptr;
}

std::unique_ptr<sense_hat::Joystick> OpenJoystick(std::string* error) {
  const std::string device = sense_hat::FindInputDevice(
      sense_hat::kSenseHatJoystickName, absl::GetFlag(FLAGS_sysfs_root),
      absl::GetFlag(FLAGS_dev_root), error);
  if (device.empty()) return nullptr;
  return sense_hat::Joystick::Open(device, error);
}

}  // namespace

int main(int argc, char** argv) {
  if (common::ParseFlags(
          argc, argv,
          "Shows the attendance server's status on a Sense HAT LED matrix, in "
          "a terminal or as image files, until Ctrl-C.\n"
          "Usage: display [--server=HOST:PORT] [--backend=terminal|"
          "framebuffer|frames] [flags]")
          .size() > 1) {
    common::ExitWithUsageError("display takes no arguments, only flags");
  }

  // SIGINT and SIGTERM are taken by a thread with sigwait (below), so they
  // must be blocked before any other thread starts.
  sigset_t shutdown_signals;
  sigemptyset(&shutdown_signals);
  sigaddset(&shutdown_signals, SIGINT);
  sigaddset(&shutdown_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &shutdown_signals, nullptr);

  common::CheckTargetFlag("server", absl::GetFlag(FLAGS_server));
  if (const int keepalive_ms = absl::GetFlag(FLAGS_keepalive_ms);
      keepalive_ms != 0 && keepalive_ms < 10000) {
    // The attendance server closes a connection that pings more often.
    common::ExitWithUsageError(
        "--keepalive_ms must be 0 (no pings) or at least 10000");
  }
  if (absl::GetFlag(FLAGS_frame_ms) < 0) {
    common::ExitWithUsageError("--frame_ms must be 0 or more");
  }
  if (absl::GetFlag(FLAGS_passes) < 0) {
    common::ExitWithUsageError("--passes must be 0 or more");
  }
  if (absl::GetFlag(FLAGS_retry_initial_ms) <= 0 ||
      absl::GetFlag(FLAGS_retry_max_ms) <
          absl::GetFlag(FLAGS_retry_initial_ms)) {
    common::ExitWithUsageError(
        "--retry_initial_ms must be more than 0, and --retry_max_ms at least "
        "as much");
  }
  if (const std::string backend = absl::GetFlag(FLAGS_backend);
      backend != "terminal" && backend != "framebuffer" &&
      backend != "frames") {
    common::ExitWithUsageError("--backend=" + backend +
                               ": terminal, framebuffer or frames");
  }
  if (const std::string format = absl::GetFlag(FLAGS_frame_format);
      format != "png" && format != "ppm") {
    common::ExitWithUsageError("--frame_format=" + format + ": png or ppm");
  }
  // Read once: every reconnection attempt makes a new channel, and a file
  // that has gone since start must not turn into a display that never
  // connects.
  std::string error;
  grpc::ChannelArguments tls_arguments;
  const std::shared_ptr<grpc::ChannelCredentials> credentials =
      common::ChannelCredentialsFromFiles(absl::GetFlag(FLAGS_tls_roots_file),
                                          absl::GetFlag(FLAGS_tls_server_name),
                                          &tls_arguments, &error);
  if (credentials == nullptr) common::ExitWithUsageError(error);
  Backend backend;
  if (!OpenBackend(&backend, &error)) {
    LogError(error);
    return 1;
  }
  std::unique_ptr<sense_hat::Joystick> joystick;
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
  std::unique_ptr<StatusLine> status_line;
  if (backend.terminal != nullptr) {
    status_line = std::make_unique<StatusLine>(backend.terminal);
    loop_options.on_pass_start = [&status_line](const std::string& what) {
      status_line->Showing(what);
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
  display::StatusWatcher watcher(
      [server, keepalive, credentials, tls_arguments] {
        return display::MakeWatchChannel(server, keepalive, credentials,
                                         tls_arguments);
      },
      server, retry,
      [&loop](const display::AttendanceView& view) { loop.Update(view); },
      [&status_line](const std::string& event) {
        // In a terminal, under the picture; elsewhere, a log line.
        if (status_line != nullptr) {
          status_line->Link(event);
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
          [&loop](const sense_hat::KeyEvent& key) {
            if (key.value != sense_hat::kPress) return;
            if (key.code == sense_hat::kKeyRight ||
                key.code == sense_hat::kKeyDown)
              loop.StepName(1);
            if (key.code == sense_hat::kKeyLeft ||
                key.code == sense_hat::kKeyUp)
              loop.StepName(-1);
            if (key.code == sense_hat::kKeyEnter) loop.ShowCount();
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
    backend.matrix->Show(sense_hat::Frame(), &ignored);  // LEDs off
  }
  return shown ? 0 : 1;
}
