#include "meter-demo/http_upload.h"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/http/json_response.h"
#include "meter-demo/csv_import.h"
#include "meter-demo/http_query.h"
#include "meter-demo/upload_stream.h"

namespace meter {
namespace {

// Problems listed in the reply (the counts include all of them).
constexpr size_t kMaxProblems = 100;
// Uploads get options.deadline for each started batch of this many readings.
constexpr size_t kReadingsPerDeadline = 100'000;

}  // namespace

void RelabelFormUpload(httplib::Request& request) {
  if (request.method == "POST" &&
      request.path.rfind("/api/v1/meters/", 0) == 0 &&
      request.get_header_value("Content-Type")
              .rfind("application/x-www-form-urlencoded", 0) == 0) {
    request.headers.erase("Content-Type");
    request.headers.emplace("Content-Type", "text/csv");
  }
}

void HandleUpload(v1::MeterService::Stub& stub, const UploadOptions& options,
                  const httplib::Request& request,
                  httplib::Response& response) {
  const std::string meter_id = request.matches[1];
  std::string error;
  if (!IsValidMeterId(meter_id, &error)) {
    common::SendError(response, grpc::StatusCode::INVALID_ARGUMENT,
                      "meter id in the path: " + error);
    return;
  }
  // httplib enforces the limit as it reads; this guards the handler too.
  if (request.body.size() > options.max_bytes) {
    common::SendError(response, grpc::StatusCode::RESOURCE_EXHAUSTED,
                      "the request body is larger than the limit of " +
                          std::to_string(options.max_bytes) + " bytes",
                      413);
    return;
  }
  // A form upload (<input type="file">) sends the file as multipart.
  std::string_view csv = request.body;
  if (request.is_multipart_form_data() && !request.files.empty()) {
    csv = request.files.begin()->second.content;
  }
  CsvParseResult parsed = ParseMeterCsv(csv);
  if (parsed.fatal) {
    common::SendError(response, grpc::StatusCode::INVALID_ARGUMENT,
                      "line " + std::to_string(parsed.fatal->line) + ": " +
                          parsed.fatal->message);
    return;
  }
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       options.deadline *
                           static_cast<int64_t>(1 + parsed.readings.size() /
                                                        kReadingsPerDeadline));
  v1::UploadReadingsResponse reply;
  std::unique_ptr<grpc::ClientWriter<v1::UploadReadingsRequest>> writer =
      stub.UploadReadings(&context, &reply);
  // A failed write means the call has ended; Finish() says why.
  WriteReadings(writer.get(), meter_id, parsed.readings, options.batch_size);
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (!status.ok()) {
    common::SendError(response,
                      options.explain ? options.explain(status) : status);
    return;
  }

  // CSV problems and the service's rejections, by line.
  std::vector<CsvProblem> problems = parsed.problems;
  for (const v1::Rejection& rejection : reply.rejections()) {
    const int64_t index = rejection.index();
    if (index >= 0 && static_cast<size_t>(index) < parsed.lines.size()) {
      problems.push_back(
          {parsed.lines[static_cast<size_t>(index)], rejection.reason()});
    } else {
      problems.push_back({0, "reading #" + std::to_string(index + 1) + ": " +
                                 rejection.reason()});
    }
  }
  std::stable_sort(
      problems.begin(), problems.end(),
      [](const CsvProblem& a, const CsvProblem& b) { return a.line < b.line; });
  // int64 counts as strings, as the proto3 JSON mapping writes them.
  nlohmann::ordered_json body;
  body["meterId"] = reply.meter_id().empty() ? meter_id : reply.meter_id();
  body["acceptedCount"] = std::to_string(reply.accepted_count());
  body["rejectedCount"] = std::to_string(
      reply.rejected_count() + static_cast<int64_t>(parsed.problems.size()));
  body["problems"] = nlohmann::ordered_json::array();
  for (size_t i = 0; i < problems.size() && i < kMaxProblems; ++i) {
    body["problems"].push_back(
        {{"line", problems[i].line}, {"message", problems[i].message}});
  }
  common::SendJson(response, 200,
                   body.dump(-1, ' ', false,
                             nlohmann::ordered_json::error_handler_t::replace));
}

}  // namespace meter
