#include "meter-demo/http_api.h"

#include <absl/time/time.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <charconv>
#include <exception>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>
#include <vector>

#include "examples/common/http_status.h"
#include "meter-demo/csv_import.h"
#include "meter-demo/readings_json.h"
#include "meter-demo/upload_stream.h"

namespace meter {
namespace {

using common::ErrorJson;
using common::GrpcCodeName;
using common::HttpStatusFromGrpc;
using common::JsonQuote;
using Clock = std::chrono::system_clock;

constexpr char kJson[] = "application/json";

// Problems listed in an upload's reply (the counts include all of them).
constexpr size_t kMaxUploadProblems = 100;
// Uploads get options.deadline for each started batch of this many readings.
constexpr size_t kReadingsPerUploadDeadline = 100'000;

// The service name the meter gRPC server registers with its health service.
constexpr char kHealthService[] = "meter.v1.MeterService";

// An SSE "retry" field: EventSource reconnects this many ms after a stream
// ends (e.g. after live_max_duration).
constexpr char kSseRetry[] = "retry: 1000\n\n";
constexpr char kSseKeepalive[] = ": keepalive\n\n";

void SendJson(httplib::Response& response, int http_status, std::string json) {
  response.status = http_status;
  // Not set_content(), which would copy the body.
  response.body = std::move(json);
  response.set_header("Content-Type", kJson);
}

void SendError(httplib::Response& response, grpc::StatusCode code,
               std::string_view message, int http_status = 0) {
  SendJson(response, http_status != 0 ? http_status : HttpStatusFromGrpc(code),
           ErrorJson(code, message));
}

// A failed gRPC call, as the HTTP API reports it.
void SendGrpcError(httplib::Response& response, const grpc::Status& status) {
  SendError(response, status.error_code(),
            status.error_message().empty()
                ? std::string(GrpcCodeName(status.error_code()))
                : status.error_message());
}

void SendBadParameter(httplib::Response& response, std::string_view name,
                      std::string_view problem) {
  SendError(
      response, grpc::StatusCode::INVALID_ARGUMENT,
      "query parameter '" + std::string(name) + "': " + std::string(problem));
}

// The first value of query parameter `name`, if it is there.
std::optional<std::string> Param(const httplib::Request& request,
                                 const char* name) {
  if (!request.has_param(name)) return std::nullopt;
  return request.get_param_value(name);
}

// Reads the required time parameter `name`; sends 400 and returns false if
// it is missing or bad.
bool TimeParam(const httplib::Request& request, const char* name,
               google::protobuf::Timestamp* time, httplib::Response& response) {
  std::optional<std::string> text = Param(request, name);
  if (!text) {
    SendBadParameter(response, name,
                     "required; an RFC 3339 time such as "
                     "2019-01-01T00:00:00Z");
    return false;
  }
  std::string error;
  if (!ParseRfc3339(*text, time, &error)) {
    SendBadParameter(response, name, error);
    return false;
  }
  return true;
}

// Reads the optional `meter` parameter (else the default meter).
bool MeterParam(const httplib::Request& request,
                const std::string& default_meter, std::string* meter_id,
                httplib::Response& response) {
  std::optional<std::string> text = Param(request, "meter");
  *meter_id = text ? *text : default_meter;
  std::string error;
  if (!IsValidMeterId(*meter_id, &error)) {
    SendBadParameter(response, "meter", error);
    return false;
  }
  return true;
}

bool ResolutionParam(const httplib::Request& request,
                     v1::Resolution* resolution, httplib::Response& response) {
  *resolution = v1::RESOLUTION_RAW;
  std::optional<std::string> text = Param(request, "resolution");
  std::string error;
  if (text && !ParseResolution(*text, resolution, &error)) {
    SendBadParameter(response, "resolution", error);
    return false;
  }
  return true;
}

// An Accept-Encoding header's value without "br": "gzip, deflate, br" ->
// "gzip, deflate".
std::string WithoutBrotli(std::string_view accepted) {
  std::string result;
  while (!accepted.empty()) {
    size_t comma = accepted.find(',');
    std::string_view item = accepted.substr(0, comma);
    accepted.remove_prefix(comma == std::string_view::npos ? accepted.size()
                                                           : comma + 1);
    std::string_view coding = item.substr(0, item.find(';'));
    while (!coding.empty() && coding.front() == ' ') coding.remove_prefix(1);
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (coding == "br" || coding.empty()) continue;
    if (!result.empty()) result += ", ";
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    result += item;
  }
  return result;
}

// The error body for a status httplib set without one (no route, a body
// over the limit, a malformed request).
std::pair<grpc::StatusCode, std::string> DescribeHttpError(
    const httplib::Request& request, int http_status, size_t max_upload_bytes) {
  switch (http_status) {
    case 404:
      return {grpc::StatusCode::NOT_FOUND,
              "no such route: " + request.method + " " + request.path};
    case 413:
      return {grpc::StatusCode::RESOURCE_EXHAUSTED,
              "the request body is larger than the limit of " +
                  std::to_string(max_upload_bytes) + " bytes"};
    case 414:
      return {grpc::StatusCode::INVALID_ARGUMENT, "the URI is too long"};
    case 416:
      return {grpc::StatusCode::OUT_OF_RANGE, "range not satisfiable"};
    case 503:
      return {grpc::StatusCode::UNAVAILABLE, "service unavailable"};
    default:
      if (http_status >= 400 && http_status < 500) {
        return {grpc::StatusCode::INVALID_ARGUMENT,
                "bad request (HTTP " + std::to_string(http_status) + ")"};
      }
      return {grpc::StatusCode::INTERNAL,
              "internal error (HTTP " + std::to_string(http_status) + ")"};
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// Query parameters

bool ParseMaxPoints(std::string_view text, int32_t* max_points,
                    std::string* error) {
  int64_t value = 0;
  auto [end, status] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (status != std::errc() || end != text.data() + text.size() ||
      !(value == 0 || (value >= kMinMaxPoints && value <= kMaxMaxPoints))) {
    *error = Quoted(text) + " is not 0 (no limit) or a number from " +
             std::to_string(kMinMaxPoints) + " to " +
             std::to_string(kMaxMaxPoints);
    return false;
  }
  *max_points = static_cast<int32_t>(value);
  return true;
}

bool IsValidMeterId(std::string_view text, std::string* error) {
  bool valid = !text.empty() && text.size() <= kMaxMeterIdLength &&
               std::all_of(text.begin(), text.end(), IsMeterIdCharacter);
  if (!valid) {
    *error = Quoted(text) +
             " is not a meter id (1 to 64 characters from A-Z a-z 0-9 . _ -)";
  }
  return valid;
}

// ---------------------------------------------------------------------------
// Live streams

// One Subscribe call. gRPC's synchronous Read() has no timeout, so a thread
// of its own reads the responses into a queue; the HTTP handler's thread
// waits on the queue with a timeout, to send heartbeats in between.
class MeterHttpApi::LiveStream {
 public:
  enum class Next {
    kResponses,  // responses arrived
    kQuiet,      // the timeout passed without any
    kEnded,      // the call has ended: see status()
  };

  // Starts the call and sends `request`.
  LiveStream(v1::MeterService::Stub* stub, const v1::SubscribeRequest& request,
             Clock::time_point deadline) {
    context_.set_deadline(deadline);
    stream_ = stub->Subscribe(&context_);
    // If this fails, the call has ended and Finish() will say why.
    stream_->Write(request);
    reader_ = std::thread([this] { ReadAll(); });
  }

  ~LiveStream() { Stop(); }

  // Waits up to `timeout` for responses and moves them to `out`.
  Next Wait(std::chrono::milliseconds timeout,
            std::vector<v1::SubscribeResponse>* out) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, timeout,
                      [this] { return !responses_.empty() || ended_; });
    if (!responses_.empty()) {
      for (v1::SubscribeResponse& response : responses_) {
        out->push_back(std::move(response));
      }
      responses_.clear();
      return Next::kResponses;
    }
    return ended_ ? Next::kEnded : Next::kQuiet;
  }

  // The call's final status, once Wait() said kEnded.
  grpc::Status status() {
    std::lock_guard<std::mutex> lock(mutex_);
    return status_;
  }

  // Cancels the call; the stream then ends soon. Any thread.
  void Cancel() { context_.TryCancel(); }

  // Cancels the call and waits for the reader thread. Idempotent.
  void Stop() {
    std::call_once(stopped_, [this] {
      context_.TryCancel();
      reader_.join();
    });
  }

  // SSE text to send before anything else; owned by the HTTP handler.
  std::string pending;

 private:
  void ReadAll() {
    v1::SubscribeResponse response;
    while (stream_->Read(&response)) {
      std::lock_guard<std::mutex> lock(mutex_);
      responses_.push_back(std::move(response));
      changed_.notify_all();
    }
    grpc::Status status = stream_->Finish();
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = std::move(status);
    ended_ = true;
    changed_.notify_all();
  }

  grpc::ClientContext context_;
  std::unique_ptr<
      grpc::ClientReaderWriter<v1::SubscribeRequest, v1::SubscribeResponse>>
      stream_;
  std::thread reader_;
  std::once_flag stopped_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<v1::SubscribeResponse> responses_;
  bool ended_ = false;
  grpc::Status status_;
};

namespace {

// "data: {"readings":[...]}\n\n", or "" for a response without readings
// (the confirmation of a subscription).
std::string SseReadings(const v1::SubscribeResponse& response) {
  if (response.readings().times_size() == 0) return "";
  std::string json = ReadingBatchToJson(response.readings());
  if (json.empty()) return "";  // malformed batch: nothing to show
  return "data: " + json + "\n\n";
}

}  // namespace

// ---------------------------------------------------------------------------
// MeterHttpApi

MeterHttpApi::MeterHttpApi(std::shared_ptr<grpc::Channel> channel,
                           HttpApiOptions options)
    : options_(std::move(options)),
      stub_(v1::MeterService::NewStub(channel)),
      health_stub_(grpc::health::v1::Health::NewStub(channel)) {}

MeterHttpApi::~MeterHttpApi() { Shutdown(); }

bool MeterHttpApi::Register(httplib::Server* server) {
  server->set_payload_max_length(options_.max_upload_bytes);
  // Small writes (SSE events, the last bit of a response) go out at once
  // instead of waiting for the client's delayed ACK.
  server->set_tcp_nodelay(true);

  // httplib 0.11 compresses JSON and text responses with brotli whenever
  // the client accepts "br", as every browser does, at brotli's slowest
  // quality: 150 ms for a month of readings, against 1 ms uncompressed and
  // 3 ms with gzip. So the API takes "br" out of Accept-Encoding before
  // routing, and browsers get gzip. (The request object httplib passes is
  // not const itself, so changing it through the const reference is legal.)
  //
  // It also relabels uploads sent as application/x-www-form-urlencoded (what
  // `curl --data-binary @usage.csv` sends by default) as text/csv: httplib
  // refuses form bodies over 8 KB, a limit compiled into Debian's
  // libcpp-httplib, and an upload is never a form.
  server->set_pre_routing_handler(
      [](const httplib::Request& request, httplib::Response&) {
        auto& headers = const_cast<httplib::Request&>(request).headers;
        if (request.has_header("Accept-Encoding")) {
          std::string accepted =
              WithoutBrotli(request.get_header_value("Accept-Encoding"));
          headers.erase("Accept-Encoding");
          headers.emplace("Accept-Encoding", accepted);
        }
        if (request.method == "POST" &&
            request.path.rfind("/api/v1/meters/", 0) == 0 &&
            request.get_header_value("Content-Type")
                    .rfind("application/x-www-form-urlencoded", 0) == 0) {
          headers.erase("Content-Type");
          headers.emplace("Content-Type", "text/csv");
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });

  auto handle = [this](void (MeterHttpApi::*handler)(const httplib::Request&,
                                                     httplib::Response&)) {
    return [this, handler](const httplib::Request& request,
                           httplib::Response& response) {
      (this->*handler)(request, response);
    };
  };
  auto method_not_allowed = [](std::string allow) {
    return
        [allow](const httplib::Request& request, httplib::Response& response) {
          response.set_header("Allow", allow);
          SendError(response, grpc::StatusCode::UNIMPLEMENTED,
                    request.method + " is not allowed here; use " + allow, 405);
        };
  };

  // GET routes (httplib answers HEAD with them too).
  const std::pair<const char*, httplib::Server::Handler> get_routes[] = {
      {"/api/v1/readings", handle(&MeterHttpApi::HandleReadings)},
      {"/api/v1/summary", handle(&MeterHttpApi::HandleSummary)},
      {"/api/v1/meters", handle(&MeterHttpApi::HandleMeters)},
      {"/api/v1/live", handle(&MeterHttpApi::HandleLive)},
      {"/healthz", handle(&MeterHttpApi::HandleHealth)},
  };
  for (const auto& [pattern, handler] : get_routes) {
    server->Get(pattern, handler);
    auto not_allowed = method_not_allowed("GET, HEAD");
    server->Post(pattern, not_allowed);
    server->Put(pattern, not_allowed);
    server->Patch(pattern, not_allowed);
    server->Delete(pattern, not_allowed);
    server->Options(pattern, not_allowed);
  }
  constexpr char kUpload[] = R"(/api/v1/meters/([^/]+)/readings)";
  server->Post(kUpload, handle(&MeterHttpApi::HandleUpload));
  auto post_only = method_not_allowed("POST");
  server->Get(kUpload, post_only);
  server->Put(kUpload, post_only);
  server->Patch(kUpload, post_only);
  server->Delete(kUpload, post_only);
  server->Options(kUpload, post_only);

  // Errors that httplib answers itself (no route, body too large, ...) get
  // a JSON body too; errors the handlers sent keep theirs.
  const size_t max_upload_bytes = options_.max_upload_bytes;
  server->set_error_handler(httplib::Server::HandlerWithResponse(
      [max_upload_bytes](const httplib::Request& request,
                         httplib::Response& response) {
        if (!response.body.empty() || response.is_chunked_content_provider_ ||
            response.content_provider_) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        auto [code, message] =
            DescribeHttpError(request, response.status, max_upload_bytes);
        SendJson(response, response.status, ErrorJson(code, message));
        return httplib::Server::HandlerResponse::Handled;
      }));
  server->set_exception_handler([](const httplib::Request&,
                                   httplib::Response& response,
                                   std::exception_ptr exception) {
    std::string message = "unexpected error";
    try {
      std::rethrow_exception(exception);
    } catch (const std::exception& e) {
      message += std::string(": ") + e.what();
    } catch (...) {
    }
    SendError(response, grpc::StatusCode::INTERNAL, message);
  });

  if (options_.static_dir.empty()) return true;
  return server->set_mount_point("/", options_.static_dir);
}

void MeterHttpApi::Shutdown() {
  std::set<std::shared_ptr<LiveStream>> streams;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    shutting_down_ = true;
    streams = live_streams_;
  }
  for (const std::shared_ptr<LiveStream>& stream : streams) stream->Cancel();
}

int MeterHttpApi::live_stream_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(live_streams_.size());
}

bool MeterHttpApi::WaitForLiveStreamCount(
    int count, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return live_streams_changed_.wait_for(lock, timeout, [&] {
    return static_cast<int>(live_streams_.size()) == count;
  });
}

Clock::time_point MeterHttpApi::Deadline(
    std::chrono::milliseconds timeout) const {
  return Clock::now() + timeout;
}

void MeterHttpApi::ForgetLiveStream(const std::shared_ptr<LiveStream>& stream) {
  std::lock_guard<std::mutex> lock(mutex_);
  live_streams_.erase(stream);
  live_streams_changed_.notify_all();
}

void MeterHttpApi::HandleReadings(const httplib::Request& request,
                                  httplib::Response& response) {
  v1::ListReadingsRequest call;
  v1::Resolution resolution;
  if (!TimeParam(request, "start", call.mutable_start(), response) ||
      !TimeParam(request, "end", call.mutable_end(), response) ||
      !ResolutionParam(request, &resolution, response) ||
      !MeterParam(request, options_.default_meter, call.mutable_meter_id(),
                  response)) {
    return;
  }
  call.set_resolution(resolution);
  if (std::optional<std::string> text = Param(request, "max_points")) {
    int32_t max_points = 0;
    std::string error;
    if (!ParseMaxPoints(*text, &max_points, &error)) {
      SendBadParameter(response, "max_points", error);
      return;
    }
    call.set_max_points(max_points);
  }

  grpc::ClientContext context;
  context.set_deadline(Deadline(options_.deadline));
  std::unique_ptr<grpc::ClientReader<v1::ReadingBatch>> reader =
      stub_->ListReadings(&context, call);
  std::string json;
  ReadingListJsonWriter writer(&json);
  v1::ReadingBatch batch;
  std::optional<std::pair<grpc::StatusCode, std::string>> problem;
  while (reader->Read(&batch)) {
    if (writer.count() + static_cast<size_t>(batch.times_size()) >
        options_.max_response_readings) {
      problem = {grpc::StatusCode::OUT_OF_RANGE,
                 "the range holds more than " +
                     std::to_string(options_.max_response_readings) +
                     " readings; ask for fewer with max_points, a coarser "
                     "resolution or a shorter range"};
    } else if (!writer.Append(batch)) {
      problem = {grpc::StatusCode::INTERNAL,
                 "the meter service sent a malformed ReadingBatch"};
    }
    if (problem) {
      context.TryCancel();
      while (reader->Read(&batch)) {
      }
      break;
    }
  }
  grpc::Status status = reader->Finish();
  if (problem) {
    SendError(response, problem->first, problem->second);
  } else if (!status.ok()) {
    SendGrpcError(response, status);
  } else {
    writer.Finish();
    SendJson(response, 200, std::move(json));
  }
}

void MeterHttpApi::HandleSummary(const httplib::Request& request,
                                 httplib::Response& response) {
  v1::GetSummaryRequest call;
  if (!TimeParam(request, "start", call.mutable_start(), response) ||
      !TimeParam(request, "end", call.mutable_end(), response) ||
      !MeterParam(request, options_.default_meter, call.mutable_meter_id(),
                  response)) {
    return;
  }
  grpc::ClientContext context;
  context.set_deadline(Deadline(options_.deadline));
  v1::Summary summary;
  grpc::Status status = stub_->GetSummary(&context, call, &summary);
  if (!status.ok()) {
    SendGrpcError(response, status);
    return;
  }
  std::string json;
  google::protobuf::util::MessageToJsonString(summary, &json);
  SendJson(response, 200, std::move(json));
}

void MeterHttpApi::HandleMeters(const httplib::Request&,
                                httplib::Response& response) {
  grpc::ClientContext context;
  context.set_deadline(Deadline(options_.deadline));
  v1::ListMetersResponse meters;
  grpc::Status status =
      stub_->ListMeters(&context, v1::ListMetersRequest(), &meters);
  if (!status.ok()) {
    SendGrpcError(response, status);
    return;
  }
  std::string json;
  google::protobuf::util::MessageToJsonString(meters, &json);
  SendJson(response, 200, std::move(json));
}

void MeterHttpApi::HandleUpload(const httplib::Request& request,
                                httplib::Response& response) {
  const std::string meter_id = request.matches[1];
  std::string error;
  if (!IsValidMeterId(meter_id, &error)) {
    SendError(response, grpc::StatusCode::INVALID_ARGUMENT,
              "meter id in the path: " + error);
    return;
  }
  // httplib enforces the limit as it reads; this guards the handler too.
  if (request.body.size() > options_.max_upload_bytes) {
    SendError(response, grpc::StatusCode::RESOURCE_EXHAUSTED,
              "the request body is larger than the limit of " +
                  std::to_string(options_.max_upload_bytes) + " bytes",
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
    SendError(response, grpc::StatusCode::INVALID_ARGUMENT,
              "line " + std::to_string(parsed.fatal->line) + ": " +
                  parsed.fatal->message);
    return;
  }
  grpc::ClientContext context;
  context.set_deadline(
      Deadline(options_.deadline *
               static_cast<int64_t>(1 + parsed.readings.size() /
                                            kReadingsPerUploadDeadline)));
  v1::UploadReadingsResponse reply;
  std::unique_ptr<grpc::ClientWriter<v1::UploadReadingsRequest>> writer =
      stub_->UploadReadings(&context, &reply);
  // A failed write means the call has ended; Finish() says why.
  WriteReadings(writer.get(), meter_id, parsed.readings,
                options_.upload_batch_size);
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (!status.ok()) {
    SendGrpcError(response, status);
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
  nlohmann::ordered_json body;
  body["meterId"] = reply.meter_id().empty() ? meter_id : reply.meter_id();
  body["acceptedCount"] = reply.accepted_count();
  body["rejectedCount"] =
      reply.rejected_count() + static_cast<int64_t>(parsed.problems.size());
  body["problems"] = nlohmann::ordered_json::array();
  for (size_t i = 0; i < problems.size() && i < kMaxUploadProblems; ++i) {
    body["problems"].push_back(
        {{"line", problems[i].line}, {"message", problems[i].message}});
  }
  SendJson(response, 200,
           body.dump(-1, ' ', false,
                     nlohmann::ordered_json::error_handler_t::replace));
}

void MeterHttpApi::HandleLive(const httplib::Request& request,
                              httplib::Response& response) {
  v1::SubscribeRequest call;
  v1::Resolution resolution;
  if (!MeterParam(request, options_.default_meter, call.mutable_meter_id(),
                  response) ||
      !ResolutionParam(request, &resolution, response)) {
    return;
  }
  call.set_resolution(resolution);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shutting_down_) {
      SendError(response, grpc::StatusCode::UNAVAILABLE,
                "the server is shutting down");
      return;
    }
    if (static_cast<int>(live_streams_.size()) >= options_.max_live_streams) {
      SendError(response, grpc::StatusCode::RESOURCE_EXHAUSTED,
                "too many live streams (at most " +
                    std::to_string(options_.max_live_streams) + ")");
      return;
    }
  }

  // Wait for the service to confirm (or refuse) the subscription, so that
  // an unknown meter or an unreachable service is an HTTP error status.
  auto stream = std::make_shared<LiveStream>(
      stub_.get(), call, Deadline(options_.live_max_duration));
  std::vector<v1::SubscribeResponse> first;
  switch (stream->Wait(options_.deadline, &first)) {
    case LiveStream::Next::kQuiet:
      stream->Stop();
      SendError(response, grpc::StatusCode::DEADLINE_EXCEEDED,
                "the meter service did not confirm the subscription within " +
                    std::to_string(options_.deadline.count()) + " ms");
      return;
    case LiveStream::Next::kEnded:
      stream->Stop();
      SendGrpcError(response, stream->status());
      return;
    case LiveStream::Next::kResponses:
      break;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shutting_down_) {
      stream->Stop();
      SendError(response, grpc::StatusCode::UNAVAILABLE,
                "the server is shutting down");
      return;
    }
    live_streams_.insert(stream);
    live_streams_changed_.notify_all();
  }

  const v1::SubscribeResponse& confirmation = first.front();
  stream->pending = kSseRetry;
  stream->pending += "event: subscribed\ndata: {\"meterId\":";
  stream->pending += JsonQuote(confirmation.meter_id());
  stream->pending += ",\"resolution\":";
  stream->pending += JsonQuote(ResolutionName(confirmation.resolution()));
  stream->pending += "}\n\n";
  for (const v1::SubscribeResponse& later : first) {
    stream->pending += SseReadings(later);
  }

  response.set_header("Cache-Control", "no-cache");
  // Tells proxies such as nginx not to buffer the stream.
  response.set_header("X-Accel-Buffering", "no");
  const std::chrono::milliseconds heartbeat = options_.live_heartbeat;
  response.set_chunked_content_provider(
      "text/event-stream",
      // httplib calls this until it returns false (the client is gone: the
      // connection is closed) or calls sink.done() (the stream has ended).
      [stream, heartbeat](size_t, httplib::DataSink& sink) {
        std::string text = std::move(stream->pending);
        stream->pending.clear();
        if (!text.empty()) return sink.write(text.data(), text.size());
        std::vector<v1::SubscribeResponse> responses;
        LiveStream::Next next = stream->Wait(heartbeat, &responses);
        for (const v1::SubscribeResponse& update : responses) {
          text += SseReadings(update);
        }
        if (next == LiveStream::Next::kQuiet) text = kSseKeepalive;
        if (next == LiveStream::Next::kEnded) {
          // The deadline (live_max_duration) and our own cancellation end
          // the stream quietly; EventSource reconnects after `retry`. Other
          // endings are worth telling the page.
          grpc::Status status = stream->status();
          if (status.error_code() != grpc::StatusCode::OK &&
              status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED &&
              status.error_code() != grpc::StatusCode::CANCELLED) {
            text += "event: error\ndata: " +
                    ErrorJson(status.error_code(), status.error_message()) +
                    "\n\n";
          }
          if (!text.empty() && !sink.write(text.data(), text.size())) {
            return false;
          }
          sink.done();
          return true;
        }
        return text.empty() || sink.write(text.data(), text.size());
      },
      // Runs when the response is done with, however it ended.
      [this, stream](bool) {
        stream->Stop();
        ForgetLiveStream(stream);
      });
}

void MeterHttpApi::HandleHealth(const httplib::Request&,
                                httplib::Response& response) {
  grpc::ClientContext context;
  context.set_deadline(Deadline(options_.health_deadline));
  grpc::health::v1::HealthCheckRequest check;
  check.set_service(kHealthService);
  grpc::health::v1::HealthCheckResponse health;
  grpc::Status status = health_stub_->Check(&context, check, &health);
  std::string grpc_state;
  bool serving = false;
  if (!status.ok()) {
    grpc_state = std::string(GrpcCodeName(status.error_code()));
    if (!status.error_message().empty()) {
      grpc_state += ": " + status.error_message();
    }
  } else {
    serving = health.status() == grpc::health::v1::HealthCheckResponse::SERVING;
    grpc_state = grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
        health.status());
  }
  SendJson(response, serving ? 200 : 503,
           std::string("{\"status\":") +
               (serving ? "\"SERVING\"" : "\"NOT_SERVING\"") +
               ",\"grpc\":" + JsonQuote(grpc_state) + "}");
}

}  // namespace meter
