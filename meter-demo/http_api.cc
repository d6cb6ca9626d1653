#include "meter-demo/http_api.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "common/grpc/wrong_service.h"
#include "common/http/http_status.h"
#include "common/http/json_response.h"
#include "common/http/metrics_page.h"
#include "common/http/server_setup.h"
#include "meter-demo/readings_json.h"

namespace meter {
namespace {

// The service name the meter gRPC server registers with its health service.
constexpr char kServiceName[] = "meter.v1.MeterService";

std::string ProtoJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::MessageToJsonString(message, &json);
  return json;
}

LiveOptions LiveOptionsOf(const HttpApiOptions& options) {
  LiveOptions live;
  live.confirm_deadline = options.deadline;
  live.heartbeat = options.live_heartbeat;
  live.max_duration = options.live_max_duration;
  live.max_streams = options.max_live_streams;
  return live;
}

// gRPC-Web calls get the live streams' longest life, and a quarter of the
// worker threads (live streams may hold half).
common::GrpcWebOptions GrpcWebOptionsOf(const HttpApiOptions& options) {
  common::GrpcWebOptions grpc_web;
  grpc_web.services = {v1::MeterService::service_full_name()};
  grpc_web.cors_origins = options.cors_origins;
  grpc_web.max_deadline = options.live_max_duration;
  grpc_web.max_calls = std::max(1, options.threads / 4);
  return grpc_web;
}

}  // namespace

MeterHttpApi::MeterHttpApi(std::shared_ptr<grpc::Channel> channel,
                           HttpApiOptions options)
    : options_(std::move(options)),
      channel_(std::move(channel)),
      stub_(v1::MeterService::NewStub(channel_)),
      health_stub_(grpc::health::v1::Health::NewStub(channel_)),
      live_(stub_.get(), LiveOptionsOf(options_)),
      grpc_web_(channel_, GrpcWebOptionsOf(options_)) {}

MeterHttpApi::~MeterHttpApi() { Shutdown(); }

bool MeterHttpApi::Register(common::HttpServer* server) {
  common::HttpServerSetup setup;
  setup.max_body_bytes = options_.max_upload_bytes;
  setup.threads = options_.threads;
  setup.static_dir = options_.static_dir;
  setup.rewrite_request = RelabelFormUpload;
  setup.metrics = options_.metrics;
  const bool static_ok = common::SetUpHttpServer(*server, setup);

  auto handle = [this](void (MeterHttpApi::*handler)(const httplib::Request&,
                                                     httplib::Response&)) {
    return [this, handler](const httplib::Request& request,
                           httplib::Response& response) {
      (this->*handler)(request, response);
    };
  };
  // GET routes (httplib answers HEAD with them too).
  common::RouteGet(*server, "/api/v1/readings",
                   handle(&MeterHttpApi::HandleReadings));
  common::RouteGet(*server, "/api/v1/summary",
                   handle(&MeterHttpApi::HandleSummary));
  common::RouteGet(*server, "/api/v1/meters",
                   handle(&MeterHttpApi::HandleMeters));
  common::RouteGet(
      *server, "/api/v1/live",
      [this](const httplib::Request& request, httplib::Response& response) {
        live_.Handle(request, response, options_.default_meter);
      });
  common::RouteGet(*server, "/healthz", handle(&MeterHttpApi::HandleHealth));
  if (options_.metrics != nullptr)
    common::ServeMetrics(*server, options_.metrics);

  UploadOptions upload;
  upload.deadline = options_.deadline;
  upload.max_bytes = options_.max_upload_bytes;
  upload.batch_size = options_.upload_batch_size;
  upload.explain = [this](const grpc::Status& status) {
    return Explained(status);
  };
  common::RoutePost(*server, R"(/api/v1/meters/([^/]+)/readings)",
                    [this, upload](const httplib::Request& request,
                                   httplib::Response& response) {
                      HandleUpload(*stub_, upload, request, response);
                    });
  // POST /meter.v1.MeterService/<Method>: the browser's gRPC-Web calls,
  // passed on as they are (docs/31-grpc-web.md).
  grpc_web_.Mount(*server);
  return static_ok;
}

std::chrono::system_clock::time_point MeterHttpApi::Deadline(
    std::chrono::milliseconds timeout) {
  return std::chrono::system_clock::now() + timeout;
}

grpc::Status MeterHttpApi::Explained(const grpc::Status& status) const {
  // The address stays in the server's log; the client learns the rest.
  return common::ExplainWrongService(status, channel_, "the gRPC server",
                                     kServiceName);
}

void MeterHttpApi::HandleReadings(const httplib::Request& request,
                                  httplib::Response& response) {
  v1::ListReadingsRequest call;
  if (grpc::Status query =
          ReadReadingsQuery(request, options_.default_meter, &call);
      !query.ok()) {
    common::SendError(response, query);
    return;
  }
  grpc::ClientContext context;
  context.set_deadline(Deadline(options_.deadline));
  std::unique_ptr<grpc::ClientReader<v1::ReadingBatch>> reader =
      stub_->ListReadings(&context, call);
  std::string json;
  ReadingListJsonWriter writer(&json);
  v1::ReadingBatch batch;
  std::optional<grpc::Status> problem;
  while (reader->Read(&batch)) {
    if (writer.count() + static_cast<size_t>(batch.times_size()) >
        options_.max_response_readings) {
      problem = grpc::Status(
          grpc::StatusCode::OUT_OF_RANGE,
          "the range holds more than " +
              std::to_string(options_.max_response_readings) +
              " readings; ask for fewer with max_points, a coarser "
              "resolution or a shorter range");
    } else if (!writer.Append(batch)) {
      problem = grpc::Status(grpc::StatusCode::INTERNAL,
                             "the meter service sent a malformed ReadingBatch");
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
    common::SendError(response, *problem);
  } else if (!status.ok()) {
    common::SendError(response, Explained(status));
  } else {
    writer.Finish();
    common::SendJson(response, 200, std::move(json));
  }
}

void MeterHttpApi::HandleSummary(const httplib::Request& request,
                                 httplib::Response& response) {
  v1::GetSummaryRequest call;
  if (grpc::Status query =
          ReadSummaryQuery(request, options_.default_meter, &call);
      !query.ok()) {
    common::SendError(response, query);
    return;
  }
  grpc::ClientContext context;
  context.set_deadline(Deadline(options_.deadline));
  v1::Summary summary;
  grpc::Status status = stub_->GetSummary(&context, call, &summary);
  if (!status.ok()) {
    common::SendError(response, Explained(status));
    return;
  }
  common::SendJson(response, 200, ProtoJson(summary));
}

void MeterHttpApi::HandleMeters(const httplib::Request& request,
                                httplib::Response& response) {
  if (grpc::Status query = ReadNoQuery(request); !query.ok()) {
    common::SendError(response, query);
    return;
  }
  grpc::ClientContext context;
  context.set_deadline(Deadline(options_.deadline));
  v1::ListMetersResponse meters;
  grpc::Status status =
      stub_->ListMeters(&context, v1::ListMetersRequest(), &meters);
  if (!status.ok()) {
    common::SendError(response, Explained(status));
    return;
  }
  common::SendJson(response, 200, ProtoJson(meters));
}

void MeterHttpApi::HandleHealth(const httplib::Request& request,
                                httplib::Response& response) {
  if (grpc::Status query = ReadNoQuery(request); !query.ok()) {
    common::SendError(response, query);
    return;
  }
  grpc::ClientContext context;
  context.set_deadline(Deadline(options_.health_deadline));
  grpc::health::v1::HealthCheckRequest check;
  check.set_service(kServiceName);
  grpc::health::v1::HealthCheckResponse health;
  grpc::Status status = health_stub_->Check(&context, check, &health);
  std::string grpc_state;
  bool serving = false;
  if (!status.ok()) {
    grpc_state = std::string(common::GrpcCodeName(status.error_code()));
    if (!status.error_message().empty()) {
      grpc_state += ": " + status.error_message();
    }
  } else {
    serving = health.status() == grpc::health::v1::HealthCheckResponse::SERVING;
    grpc_state = grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
        health.status());
  }
  common::SendJson(response, serving ? 200 : 503,
                   std::string("{\"status\":") +
                       (serving ? "\"SERVING\"" : "\"NOT_SERVING\"") +
                       ",\"grpc\":" + common::JsonQuote(grpc_state) + "}");
}

}  // namespace meter
