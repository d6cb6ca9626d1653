// The meter HTTP/JSON API: a front end that turns HTTP requests into calls of
// the meter gRPC service (meter.v1.MeterService), each with a deadline.
//
//   GET  /api/v1/readings?start=&end=[&resolution=][&max_points=][&meter=]
//        -> {"readings":[{"time":"2019-01-01T00:15:00Z","value":55.09},...]}
//           (meter.v1.ReadingList in the proto3 JSON mapping; a missing
//           reading has no "value"; the readings of the time from start to
//           end, as ListReadingsRequest defines it; resolution is raw
//           (default), 15min, hourly or daily)
//   GET  /api/v1/summary?start=&end=[&meter=]  -> meter.v1.Summary
//   GET  /api/v1/meters                        -> meter.v1.ListMetersResponse
//   GET  /api/v1/live[?meter=][&resolution=]   -> Server-Sent Events
//        (http_live.h)
//   POST /api/v1/meters/{id}/readings  (a CSV file; http_upload.h)
//   GET  /healthz -> {"status":"SERVING","grpc":"SERVING"} or 503
//   GET  /metrics -> the Prometheus text format: requests by route and
//        status, gRPC calls to the meter server by method and status
//   GET  /<file>  -> the web app's static files, "/" is index.html
//   POST /meter.v1.MeterService/<Method> -> gRPC-Web: the same calls for
//        the browser in protobuf (common/http/grpc_web.h,
//        docs/31-grpc-web.md)
//
// JSON follows the proto3 JSON mapping (lowerCamelCase names, int64 as
// strings, times in RFC 3339). Every error is {"code":"<gRPC code name>",
// "message":".."} with the HTTP status of common/http/http_status.h; query
// parameters are checked before any gRPC call (http_query.h: 400 naming the
// parameter, also for one the endpoint does not know). Unknown routes are
// 404, a known route with another method 405.
#ifndef METER_DEMO_HTTP_API_H_
#define METER_DEMO_HTTP_API_H_

#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <prometheus/registry.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "common/http/grpc_web.h"
#include "common/http/http_server.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "meter-demo/http_live.h"
#include "meter-demo/http_query.h"
#include "meter-demo/http_upload.h"
#include "protos/meter/v1/meter.grpc.pb.h"

namespace meter {

struct HttpApiOptions {
  // The meter of requests that name none.
  std::string default_meter = "home";
  // Deadline of each gRPC call. Uploads get this much per started 100,000
  // readings; live streams get `live_max_duration` instead.
  std::chrono::milliseconds deadline{5000};
  // Deadline of the health check of GET /healthz.
  std::chrono::milliseconds health_deadline{1000};
  // Largest request body (CSV upload); larger ones get 413.
  size_t max_upload_bytes = size_t{64} << 20;
  // Readings per UploadReadingsRequest message.
  size_t upload_batch_size = 1000;
  // Most readings in one GET /api/v1/readings answer (the response is built
  // in memory); more is 400 OUT_OF_RANGE, asking for max_points.
  size_t max_response_readings = 1'000'000;
  // A live stream with nothing to send writes an SSE comment this often, so
  // that a client that went away is noticed.
  std::chrono::milliseconds live_heartbeat{15000};
  // A live stream ends after this long (EventSource then reconnects).
  std::chrono::seconds live_max_duration{600};
  // Live streams served at once (each holds one HTTP server thread); more are
  // refused with 429 RESOURCE_EXHAUSTED.
  int max_live_streams = 16;
  // HTTP worker threads: each request holds one while its handler runs, a
  // live stream for its whole life (connections waiting for a request hold
  // none).
  int threads = 32;
  // Directory of the web app's static files; empty for none.
  std::string static_dir;
  // Origins of other sites' pages that may make gRPC-Web calls (CORS).
  std::vector<std::string> cors_origins;
  // Optional: the requests are counted here, and GET /metrics serves it
  // (with whatever else it holds, such as the gRPC client's metrics).
  std::shared_ptr<prometheus::Registry> metrics;
};

class MeterHttpApi {
 public:
  // Calls go to the meter service over `channel`.
  MeterHttpApi(std::shared_ptr<grpc::Channel> channel, HttpApiOptions options);
  // The HttpServer the API is registered on must have stopped (Listen()
  // returned) before the API is destroyed.
  ~MeterHttpApi();

  MeterHttpApi(const MeterHttpApi&) = delete;
  MeterHttpApi& operator=(const MeterHttpApi&) = delete;

  // Sets up `server` (common/http/server_setup.h: JSON errors, body limit,
  // threads, static files) and registers the routes. Returns false if
  // options.static_dir is set but cannot be served (the API routes work
  // regardless). The process should ignore SIGPIPE (common::IgnoreSigpipe).
  bool Register(common::HttpServer* server);

  // Ends every live stream at once and refuses new ones with 503. Call it
  // before HttpServer::Stop(), which waits for the requests in flight.
  // Idempotent.
  // Also ends the gRPC-Web calls in flight.
  void Shutdown() {
    live_.Shutdown();
    grpc_web_.Shutdown();
  }

  // Live streams being served now.
  int live_stream_count() const { return live_.count(); }
  // Waits until live_stream_count() == count; false if `timeout` passes
  // first. For tests and for logging at shutdown.
  bool WaitForLiveStreamCount(int count,
                              std::chrono::milliseconds timeout) const {
    return live_.WaitForCount(count, timeout);
  }

 private:
  void HandleReadings(const httplib::Request& request,
                      httplib::Response& response);
  void HandleSummary(const httplib::Request& request,
                     httplib::Response& response);
  void HandleMeters(const httplib::Request& request,
                    httplib::Response& response);
  void HandleHealth(const httplib::Request& request,
                    httplib::Response& response);

  // A call's deadline: `timeout` from now.
  static std::chrono::system_clock::time_point Deadline(
      std::chrono::milliseconds timeout);
  // A failed call, told as the API tells it: if the server at the other end
  // does not serve meter.v1.MeterService, the message says what it serves.
  grpc::Status Explained(const grpc::Status& status) const;

  const HttpApiOptions options_;
  const std::shared_ptr<grpc::Channel> channel_;
  const std::unique_ptr<v1::MeterService::Stub> stub_;
  const std::unique_ptr<grpc::health::v1::Health::Stub> health_stub_;
  LiveStreams live_;
  common::GrpcWebGateway grpc_web_;
};

}  // namespace meter

#endif  // METER_DEMO_HTTP_API_H_
