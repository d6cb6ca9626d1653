// GET /api/v1/live: a meter's new readings as Server-Sent Events, each live
// stream one Subscribe call of the meter gRPC service.
//
//   event: subscribed        {"meterId":..,"resolution":..} once confirmed
//   data: {"readings":[..]}  one event per upload, as GET /api/v1/readings
//   event: error             {"code":..,"message":..} if the call fails
//   : keepalive              a comment when there was nothing to send
#ifndef METER_DEMO_HTTP_LIVE_H_
#define METER_DEMO_HTTP_LIVE_H_

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>

#include "protos/meter/v1/meter.grpc.pb.h"

namespace meter {

struct LiveOptions {
  // How long the service may take to confirm a subscription.
  std::chrono::milliseconds confirm_deadline{5000};
  // A stream with nothing to send writes a comment this often, so that a
  // client that went away is noticed.
  std::chrono::milliseconds heartbeat{15000};
  // A stream ends after this long (EventSource then reconnects).
  std::chrono::seconds max_duration{600};
  // Streams served at once (each holds one HTTP server thread); more are
  // refused with 429 RESOURCE_EXHAUSTED.
  int max_streams = 16;
};

class LiveStreams {
 public:
  LiveStreams(v1::MeterService::Stub* stub, LiveOptions options);
  // Calls Shutdown(); the HTTP server must have stopped first.
  ~LiveStreams();

  // Answers GET /api/v1/live: an error, or an event stream.
  void Handle(const httplib::Request& request, httplib::Response& response,
              const std::string& default_meter);

  // Ends every stream at once (cancels its Subscribe call) and refuses new
  // ones with 503. Call it before httplib::Server::stop(), which waits for
  // the requests in flight. Idempotent.
  void Shutdown();

  // Streams being served now.
  int count() const;
  // Waits until count() == n; false if `timeout` passes first.
  bool WaitForCount(int n, std::chrono::milliseconds timeout) const;

 private:
  class Stream;

  bool Tracked(const std::shared_ptr<Stream>& stream) const;
  void Forget(const std::shared_ptr<Stream>& stream);

  v1::MeterService::Stub* const stub_;
  const LiveOptions options_;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::set<std::shared_ptr<Stream>> streams_;
  int admitting_ = 0;  // admitted, waiting for their confirmation
  bool shutting_down_ = false;
};

}  // namespace meter

#endif  // METER_DEMO_HTTP_LIVE_H_
