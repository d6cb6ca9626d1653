// A command-line client of meter.v1.MeterService: one command per RPC, so
// each call mode can be tried from a shell.
//
//   bazel run //meter-demo:meter_client -- [flags] <command> <args>
//     meters                         unary: the meters and their ranges
//     summary START END              unary: statistics of the readings from
//                                    START to END
//     readings START END             server streaming: one line per reading
//     upload FILE.csv                client streaming: a CSV file, in batches
//     watch                          bidirectional: print readings as they are
//                                    uploaded, until Ctrl-C or the end of
//                                    input; type "<meter> <resolution>"
//                                    lines on stdin to switch
// START and END are RFC 3339 times, e.g. 2019-01-01T00:00:00Z.
#include <absl/flags/flag.h>
#include <absl/time/time.h>
#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <iostream>
#include <sstream>
#include <thread>

#include "common/files/user_path.h"
#include "common/flags/flags.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "meter-demo/csv_import.h"
#include "meter-demo/meter_text.h"
#include "meter-demo/upload_stream.h"
#include "protos/meter/v1/meter.grpc.pb.h"

ABSL_FLAG(std::string, target, "localhost:50052", "The server's host:port.");
ABSL_FLAG(int, timeout_ms, 10000,
          "Deadline of each call; watch has none, it runs until stopped.");
ABSL_FLAG(int, keepalive_ms, 30000,
          "watch: ping a quiet server after this long, so that a dead server "
          "or network ends the watch; 0: no pings (the meter server accepts "
          "a ping every 10 s at most).");
ABSL_FLAG(std::string, meter, "home", "The meter to read, upload to or watch.");
ABSL_FLAG(std::string, resolution, "raw",
          "readings/watch: raw, 15min, hourly or daily.");
ABSL_FLAG(int, max_points, 0,
          "readings: send at most this many points (0: all).");

namespace {

using meter::v1::MeterService;

constexpr size_t kUploadBatch = 1000;  // readings per UploadReadingsRequest

// The shared parsers (meter_text.h), with their complaint on stderr.
bool ParseTime(const std::string& text, google::protobuf::Timestamp* time) {
  std::string error;
  if (!meter::ParseRfc3339(text, time, &error)) std::cerr << error << std::endl;
  return error.empty();
}

bool ParseResolution(const std::string& name,
                     meter::v1::Resolution* resolution) {
  std::string error;
  if (!meter::ParseResolution(name, resolution, &error)) {
    std::cerr << "resolution " << error << std::endl;
  }
  return error.empty();
}

void PrintReadings(const meter::v1::ReadingBatch& batch) {
  for (int i = 0; i < batch.times_size(); ++i) {
    std::cout << meter::FormatRfc3339(batch.times(i)) << " ";
    if (std::isnan(batch.values(i))) {
      std::cout << "missing\n";
    } else {
      std::cout << batch.values(i) << " kWh\n";
    }
  }
  std::cout.flush();
}

// The lines of stdin, read on a thread that can be told to stop: std::cin
// cannot be interrupted, and a watch that the server (or Ctrl-C) ended must
// not wait for the user's next line.
class StdinLines {
 public:
  StdinLines() {
    if (pipe2(wake_, O_CLOEXEC) != 0) wake_[0] = wake_[1] = -1;
  }
  ~StdinLines() {
    if (wake_[0] >= 0) close(wake_[0]);
    if (wake_[1] >= 0) close(wake_[1]);
  }
  StdinLines(const StdinLines&) = delete;
  StdinLines& operator=(const StdinLines&) = delete;

  // False if it could not be set up (Stop() would have nothing to wake).
  bool ok() const { return wake_[0] >= 0; }

  // The next line; false at the end of input, or after Stop() (then
  // stopped() is true).
  bool Next(std::string* line) {
    while (true) {
      if (size_t newline = buffer_.find('\n'); newline != std::string::npos) {
        *line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        return true;
      }
      pollfd fds[] = {{STDIN_FILENO, POLLIN, 0}, {wake_[0], POLLIN, 0}};
      if (poll(fds, 2, -1) < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      if (fds[1].revents != 0) {
        stopped_ = true;
        return false;
      }
      char chunk[4096];
      const ssize_t n = read(STDIN_FILENO, chunk, sizeof(chunk));
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n <= 0) {  // end of input: a last line without its newline counts
        *line = std::move(buffer_);
        buffer_.clear();
        return !line->empty();
      }
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  // Makes Next() return false, from any thread.
  void Stop() {
    if (write(wake_[1], "x", 1) < 0) {
      // Nothing to do: the pipe is gone, so nobody waits on it.
    }
  }
  bool stopped() const { return stopped_; }

 private:
  int wake_[2];
  std::string buffer_;
  std::atomic<bool> stopped_{false};
};

class MeterCli {
 public:
  explicit MeterCli(std::shared_ptr<grpc::Channel> channel)
      : stub_(MeterService::NewStub(channel)),
        timeout_(std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms))),
        meter_(absl::GetFlag(FLAGS_meter)) {}

  // [START client_meters]
  grpc::Status Meters() {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    meter::v1::ListMetersResponse response;
    grpc::Status status = stub_->ListMeters(&context, {}, &response);
    for (const meter::v1::MeterInfo& meter : response.meters()) {
      std::cout << meter.id() << ": " << meter.reading_count() << " readings";
      if (meter.has_first_time()) {
        std::cout << " from " << meter::FormatRfc3339(meter.first_time())
                  << " to " << meter::FormatRfc3339(meter.last_time());
      }
      std::cout << "\n";
    }
    return status;
  }
  // [END client_meters]

  grpc::Status Summary(const google::protobuf::Timestamp& start,
                       const google::protobuf::Timestamp& end) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    meter::v1::GetSummaryRequest request;
    request.set_meter_id(meter_);
    *request.mutable_start() = start;
    *request.mutable_end() = end;
    meter::v1::Summary summary;
    grpc::Status status = stub_->GetSummary(&context, request, &summary);
    if (!status.ok()) return status;
    std::cout << "readings: " << summary.reading_count() << " ("
              << summary.missing_count() << " missing)\n"
              << "total:    " << summary.total_kwh() << " kWh\n";
    if (summary.has_min_kwh()) {
      std::cout << "min:      " << summary.min_kwh() << " kWh at "
                << meter::FormatRfc3339(summary.min_time()) << "\n"
                << "max:      " << summary.max_kwh() << " kWh at "
                << meter::FormatRfc3339(summary.max_time()) << "\n"
                << "mean:     " << summary.mean_kwh() << " kWh\n";
    }
    return status;
  }

  // [START client_readings]
  grpc::Status Readings(const google::protobuf::Timestamp& start,
                        const google::protobuf::Timestamp& end,
                        meter::v1::Resolution resolution) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    meter::v1::ListReadingsRequest request;
    request.set_meter_id(meter_);
    *request.mutable_start() = start;
    *request.mutable_end() = end;
    request.set_resolution(resolution);
    request.set_max_points(absl::GetFlag(FLAGS_max_points));
    std::unique_ptr<grpc::ClientReader<meter::v1::ReadingBatch>> reader =
        stub_->ListReadings(&context, request);
    meter::v1::ReadingBatch batch;
    while (reader->Read(&batch)) PrintReadings(batch);
    return reader->Finish();
  }
  // [END client_readings]

  // [START client_upload]
  grpc::Status Upload(const std::string& path) {
    meter::CsvParseResult parsed = meter::ReadMeterCsvFile(path);
    if (parsed.fatal) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          parsed.fatal->Describe(path));
    }
    for (const meter::CsvProblem& problem : parsed.problems) {
      std::cerr << problem.Describe(path) << " (row skipped)\n";
    }
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    meter::v1::UploadReadingsResponse response;
    std::unique_ptr<grpc::ClientWriter<meter::v1::UploadReadingsRequest>>
        writer = stub_->UploadReadings(&context, &response);
    // A failed write means the call has ended; Finish() says why.
    meter::WriteReadings(writer.get(), meter_, parsed.readings, kUploadBatch);
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    if (!status.ok()) return status;
    std::cout << "meter " << response.meter_id() << ": "
              << response.accepted_count() << " readings accepted, "
              << response.rejected_count() << " rejected\n";
    for (const meter::v1::Rejection& rejection : response.rejections()) {
      std::cout << "  reading " << rejection.index() << ": "
                << rejection.reason() << "\n";
    }
    return status;
  }
  // [END client_upload]

  // [START client_watch]
  // Runs until the end of input (Ctrl-D), SIGINT/SIGTERM (Ctrl-C), or the
  // end of the call. A watch has no deadline: it is meant to run for as long
  // as the user wants. Keepalive pings (see main) notice a dead server.
  grpc::Status Watch(meter::v1::Resolution resolution,
                     const sigset_t& stop_signals) {
    StdinLines input;
    if (!input.ok()) {
      return grpc::Status(grpc::StatusCode::INTERNAL,
                          "cannot make a pipe to read stdin with");
    }
    grpc::ClientContext context;
    auto stream = stub_->Subscribe(&context);
    meter::v1::SubscribeRequest request;
    request.set_meter_id(meter_);
    request.set_resolution(resolution);
    stream->Write(request);

    // Requests come from stdin on their own thread, while this one prints
    // what the server pushes: the two directions are independent.
    std::thread writer([&stream, &input] {
      std::string line;
      meter::v1::SubscribeRequest change;
      while (input.Next(&line)) {
        std::istringstream words(line);
        std::string meter_id;
        std::string resolution_name;
        if (!(words >> meter_id >> resolution_name)) continue;
        meter::v1::Resolution resolution;
        if (!ParseResolution(resolution_name, &resolution)) continue;
        change.set_meter_id(meter_id);
        change.set_resolution(resolution);
        if (!stream->Write(change)) break;
      }
      // The end of input ends the watch: the server then ends the call.
      if (!input.stopped()) stream->WritesDone();
    });
    // Ctrl-C cancels the call, so that the server sees CANCELLED. SIGUSR1
    // only wakes this thread once the watch is over.
    std::atomic<bool> interrupted{false};
    std::atomic<bool> over{false};
    std::thread signals([&] {
      int signal_number = 0;
      while (sigwait(&stop_signals, &signal_number) == 0) {
        if (signal_number == SIGUSR1) {
          if (over) return;
          continue;
        }
        interrupted = true;
        context.TryCancel();
        return;
      }
    });

    meter::v1::SubscribeResponse response;
    while (stream->Read(&response)) {
      if (response.readings().times_size() == 0) {
        std::cout << "watching meter " << response.meter_id() << " at "
                  << meter::ResolutionName(response.resolution()) << " (Ctrl-C "
                  << "or the end of input stops)" << std::endl;
      } else {
        PrintReadings(response.readings());
      }
    }
    // Every write is done before Finish(), as gRPC requires.
    input.Stop();
    writer.join();
    grpc::Status status = stream->Finish();
    over = true;
    pthread_kill(signals.native_handle(), SIGUSR1);  // if still waiting
    signals.join();
    if (interrupted) {
      std::cout << "watch stopped" << std::endl;
      return grpc::Status::OK;
    }
    return status;
  }
  // [END client_watch]

 private:
  std::chrono::system_clock::time_point Deadline() const {
    return std::chrono::system_clock::now() + timeout_;
  }

  std::unique_ptr<MeterService::Stub> stub_;
  std::chrono::milliseconds timeout_;
  std::string meter_;
};

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args = common::ParseFlags(
      argc, argv,
      "Calls meter.v1.MeterService, one command per RPC.\n"
      "Usage: meter_client [flags] <command>\n"
      "  meters               unary: the meters and their ranges\n"
      "  summary START END    unary: statistics of the readings from START "
      "to END\n"
      "  readings START END   server streaming: one line per reading\n"
      "  upload FILE.csv      client streaming: a CSV file, in batches\n"
      "  watch                bidirectional: readings as they are uploaded, "
      "until Ctrl-C\n"
      "                       or the end of input; type \"<meter> "
      "<resolution>\" lines to switch\n"
      "START and END are RFC 3339 times, e.g. 2019-01-01T00:00:00Z.");
  if (args.size() < 2) common::ExitWithUsageError("no command given");
  const std::string command = args[1];
  auto arguments = [&](size_t count) {
    if (args.size() != count + 2) {
      common::ExitWithUsageError(command + " takes " + std::to_string(count) +
                                 (count == 1 ? " argument" : " arguments"));
    }
  };
  meter::v1::Resolution resolution;
  std::string error;
  if (!meter::ParseResolution(absl::GetFlag(FLAGS_resolution), &resolution,
                              &error)) {
    common::ExitWithUsageError("--resolution: " + error);
  }
  google::protobuf::Timestamp start;
  google::protobuf::Timestamp end;
  if (command == "meters" || command == "watch") {
    arguments(0);
  } else if (command == "summary" || command == "readings") {
    arguments(2);
    if (!ParseTime(args[2], &start) || !ParseTime(args[3], &end)) {
      common::ExitWithUsageError("START and END must be RFC 3339 times");
    }
  } else if (command == "upload") {
    arguments(1);
  } else {
    common::ExitWithUsageError("unknown command '" + command + "'");
  }

  // Ctrl-C during a watch is taken by a thread (sigwait), so the signals are
  // blocked before gRPC starts any thread of its own.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  for (int signal_number : {SIGINT, SIGTERM, SIGUSR1}) {
    sigaddset(&stop_signals, signal_number);
  }
  grpc::ChannelArguments channel_arguments;
  if (command == "watch") {
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    const int keepalive_ms = absl::GetFlag(FLAGS_keepalive_ms);
    if (keepalive_ms != 0 && keepalive_ms < 10000) {
      common::ExitWithUsageError(
          "--keepalive_ms must be 0 (no pings) or at least 10000: the meter "
          "server closes a connection that pings more often");
    }
    if (keepalive_ms > 0) {
      channel_arguments.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, keepalive_ms);
      channel_arguments.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
      // gRPC stops pinging after 2 pings without data by default; a quiet
      // watch must go on noticing a dead server.
      channel_arguments.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
    }
  }
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);
  if (absl::GetFlag(FLAGS_timeout_ms) < 0) {
    common::ExitWithUsageError("--timeout_ms must be 0 or more");
  }
  std::shared_ptr<grpc::Channel> channel = grpc::CreateCustomChannel(
      target, grpc::InsecureChannelCredentials(), channel_arguments);
  MeterCli cli(channel);
  grpc::Status status;
  if (command == "meters") {
    status = cli.Meters();
  } else if (command == "summary") {
    status = cli.Summary(start, end);
  } else if (command == "readings") {
    status = cli.Readings(start, end, resolution);
  } else if (command == "upload") {
    status = cli.Upload(common::UserPath(args[2]));
  } else {
    status = cli.Watch(resolution, stop_signals);
  }
  status = common::ExplainWrongService(status, channel, target,
                                       "meter.v1.MeterService");
  if (!status.ok()) {
    std::cerr << "error: " << common::FormatStatus(status) << std::endl;
    return 1;
  }
  return 0;
}
