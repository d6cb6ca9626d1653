// A command-line client of meter.v1.MeterService: one command per RPC, so
// each call mode can be tried from a shell.
//
//   bazel run //meter-demo:meter_client -- [flags] <command> <args>
//     meters                         unary: the meters and their ranges
//     summary START END              unary: statistics of [START, END)
//     readings START END             server streaming: one line per reading
//     upload FILE.csv                client streaming: a CSV file, in batches
//     watch                          bidirectional: print readings as they are
//                                    uploaded; type "<meter> <resolution>"
//                                    lines on stdin to switch
// START and END are RFC 3339 times, e.g. 2019-01-01T00:00:00Z.
#include <absl/flags/flag.h>
#include <absl/flags/parse.h>
#include <absl/flags/usage.h>
#include <absl/time/time.h>
#include <grpcpp/grpcpp.h>

#include <iostream>
#include <thread>

#include "examples/common/status_names.h"
#include "examples/common/user_path.h"
#include "meter-demo/csv_import.h"
#include "meter-demo/meter_text.h"
#include "meter-demo/upload_stream.h"
#include "protos/meter/v1/meter.grpc.pb.h"

ABSL_FLAG(std::string, target, "localhost:50051", "The server's host:port.");
ABSL_FLAG(int, timeout_ms, 10000,
          "Deadline of each call (watch: of the whole watch).");
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
  grpc::Status Watch(meter::v1::Resolution resolution) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    auto stream = stub_->Subscribe(&context);
    meter::v1::SubscribeRequest request;
    request.set_meter_id(meter_);
    request.set_resolution(resolution);
    stream->Write(request);

    // Requests come from stdin on their own thread, while this one prints
    // what the server pushes: the two directions are independent.
    std::thread writer([&stream] {
      std::string meter_id;
      std::string resolution_name;
      meter::v1::SubscribeRequest change;
      while (std::cin >> meter_id >> resolution_name) {
        meter::v1::Resolution resolution;
        if (!ParseResolution(resolution_name, &resolution)) continue;
        change.set_meter_id(meter_id);
        change.set_resolution(resolution);
        if (!stream->Write(change)) break;
      }
      stream->WritesDone();  // end of input ends the watch
    });

    meter::v1::SubscribeResponse response;
    while (stream->Read(&response)) {
      if (response.readings().times_size() == 0) {
        std::cout << "watching meter " << response.meter_id() << " at "
                  << meter::v1::Resolution_Name(response.resolution())
                  << std::endl;
      } else {
        PrintReadings(response.readings());
      }
    }
    grpc::Status status = stream->Finish();
    if (!status.ok()) {
      std::cout << "watch ended (press Ctrl-D)" << std::endl;
    }
    writer.join();
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

int Usage() {
  std::cerr << "usage: meter_client [flags] meters | summary START END | "
               "readings START END | "
               "upload FILE.csv | watch   (--help for flags)"
            << std::endl;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Calls meter.v1.MeterService.\n"
      "  meter_client [flags] meters | summary START END | readings START END "
      "|\n"
      "               upload FILE.csv | watch");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() < 2) return Usage();
  const std::string command = args[1];
  meter::v1::Resolution resolution;
  if (!ParseResolution(absl::GetFlag(FLAGS_resolution), &resolution)) return 2;

  MeterCli cli(grpc::CreateChannel(absl::GetFlag(FLAGS_target),
                                   grpc::InsecureChannelCredentials()));
  grpc::Status status;
  google::protobuf::Timestamp start;
  google::protobuf::Timestamp end;
  if (command == "meters" && args.size() == 2) {
    status = cli.Meters();
  } else if ((command == "summary" || command == "readings") &&
             args.size() == 4) {
    if (!ParseTime(args[2], &start) || !ParseTime(args[3], &end)) return 2;
    status = command == "summary" ? cli.Summary(start, end)
                                  : cli.Readings(start, end, resolution);
  } else if (command == "upload" && args.size() == 3) {
    status = cli.Upload(common::UserPath(args[2]));
  } else if (command == "watch" && args.size() == 2) {
    status = cli.Watch(resolution);
  } else {
    return Usage();
  }
  if (!status.ok()) {
    std::cerr << "error: " << common::FormatStatus(status) << std::endl;
    return 1;
  }
  return 0;
}
