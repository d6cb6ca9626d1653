#include "meter-demo/http_live.h"

#include <algorithm>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/http/http_status.h"
#include "common/http/json_response.h"
#include "meter-demo/http_query.h"
#include "meter-demo/meter_text.h"
#include "meter-demo/readings_json.h"

namespace meter {
namespace {

using Clock = std::chrono::system_clock;

// An SSE "retry" field: EventSource reconnects this many ms after a stream
// ends (e.g. after max_duration).
constexpr char kSseRetry[] = "retry: 1000\n\n";
constexpr char kSseKeepalive[] = ": keepalive\n\n";
// How often a quiet stream checks that its client is still connected: a
// tab that closed frees its slot within this (a cheap check: one poll()).
constexpr std::chrono::milliseconds kLeftCheck{100};

// "data: {"readings":[...]}\n\n", or "" for a response without readings
// (the confirmation of a subscription).
std::string SseReadings(const v1::SubscribeResponse& response) {
  if (response.readings().times_size() == 0) return "";
  std::string json = ReadingBatchToJson(response.readings());
  if (json.empty()) return "";  // malformed batch: nothing to show
  return "data: " + json + "\n\n";
}

}  // namespace

// One Subscribe call. gRPC's synchronous Read() has no timeout, so a thread
// of its own reads the responses into a queue; the HTTP handler's thread
// waits on the queue with a timeout, to send heartbeats in between.
class LiveStreams::Stream {
 public:
  enum class Next {
    kResponses,  // responses arrived
    kQuiet,      // the timeout passed without any
    kEnded,      // the call has ended: see status()
  };

  // Starts the call and sends `request`.
  Stream(v1::MeterService::Stub* stub, const v1::SubscribeRequest& request,
         Clock::time_point deadline) {
    context_.set_deadline(deadline);
    stream_ = stub->Subscribe(&context_);
    // If this fails, the call has ended and Finish() will say why.
    stream_->Write(request);
    reader_ = std::thread([this] { ReadAll(); });
  }

  ~Stream() { Stop(); }

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

LiveStreams::LiveStreams(v1::MeterService::Stub* stub, LiveOptions options)
    : stub_(stub), options_(options) {}

LiveStreams::~LiveStreams() { Shutdown(); }

void LiveStreams::Shutdown() {
  std::set<std::shared_ptr<Stream>> streams;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    shutting_down_ = true;
    streams = streams_;
  }
  for (const std::shared_ptr<Stream>& stream : streams) stream->Cancel();
}

int LiveStreams::count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(streams_.size());
}

bool LiveStreams::WaitForCount(int n, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(
      lock, timeout, [&] { return static_cast<int>(streams_.size()) == n; });
}

bool LiveStreams::Tracked(const std::shared_ptr<Stream>& stream) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return streams_.count(stream) > 0;
}

void LiveStreams::Forget(const std::shared_ptr<Stream>& stream) {
  std::lock_guard<std::mutex> lock(mutex_);
  streams_.erase(stream);
  changed_.notify_all();
}

void LiveStreams::Handle(const httplib::Request& request,
                         httplib::Response& response,
                         const std::string& default_meter) {
  v1::SubscribeRequest call;
  if (grpc::Status query = ReadLiveQuery(request, default_meter, &call);
      !query.ok()) {
    common::SendError(response, query);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shutting_down_) {
      common::SendError(response, grpc::StatusCode::UNAVAILABLE,
                        "the server is shutting down");
      return;
    }
    // The slot is taken now, under the same lock as the check: counting
    // only confirmed streams let requests that arrived together all pass.
    if (static_cast<int>(streams_.size()) + admitting_ >=
        options_.max_streams) {
      common::SendError(response, grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "too many live streams (at most " +
                            std::to_string(options_.max_streams) + ")");
      return;
    }
    ++admitting_;
  }

  // Wait for the service to confirm (or refuse) the subscription, so that
  // an unknown meter or an unreachable service is an HTTP error status.
  auto stream = std::make_shared<Stream>(stub_, call,
                                         Clock::now() + options_.max_duration);
  std::vector<v1::SubscribeResponse> first;
  const Stream::Next confirmed =
      stream->Wait(options_.confirm_deadline, &first);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    --admitting_;  // from here the stream holds the slot, or gives it back
    if (confirmed == Stream::Next::kResponses && !shutting_down_) {
      streams_.insert(stream);
      changed_.notify_all();
    }
  }
  switch (confirmed) {
    case Stream::Next::kQuiet:
      stream->Stop();
      common::SendError(
          response, grpc::StatusCode::DEADLINE_EXCEEDED,
          "the meter service did not confirm the subscription within " +
              std::to_string(options_.confirm_deadline.count()) + " ms");
      return;
    case Stream::Next::kEnded:
      stream->Stop();
      common::SendError(response, stream->status());
      return;
    case Stream::Next::kResponses:
      break;
  }
  if (!Tracked(stream)) {  // shut down while it was being confirmed
    stream->Stop();
    common::SendError(response, grpc::StatusCode::UNAVAILABLE,
                      "the server is shutting down");
    return;
  }

  const v1::SubscribeResponse& confirmation = first.front();
  stream->pending = kSseRetry;
  stream->pending += "event: subscribed\ndata: {\"meterId\":";
  stream->pending += common::JsonQuote(confirmation.meter_id());
  stream->pending += ",\"resolution\":";
  stream->pending +=
      common::JsonQuote(ResolutionName(confirmation.resolution()));
  stream->pending += "}\n\n";
  for (const v1::SubscribeResponse& later : first) {
    stream->pending += SseReadings(later);
  }

  response.set_header("Cache-Control", "no-cache");
  // Tells proxies such as nginx not to buffer the stream.
  response.set_header("X-Accel-Buffering", "no");
  const std::chrono::milliseconds heartbeat = options_.heartbeat;
  response.set_chunked_content_provider(
      "text/event-stream",
      // httplib calls this until it returns false (the client is gone: the
      // connection is closed) or calls sink.done() (the stream has ended).
      [stream, heartbeat](size_t, httplib::DataSink& sink) {
        std::string text = std::move(stream->pending);
        stream->pending.clear();
        if (!text.empty()) return sink.write(text.data(), text.size());
        // Waits up to a heartbeat for updates, in slices of kLeftCheck: a
        // client that left is noticed within one, and its slot freed,
        // instead of at the heartbeat that fails to reach it.
        std::vector<v1::SubscribeResponse> responses;
        Stream::Next next = Stream::Next::kQuiet;
        for (auto waited = std::chrono::milliseconds(0);
             next == Stream::Next::kQuiet && waited < heartbeat;
             waited += kLeftCheck) {
          if (!sink.is_writable()) return false;  // the client has gone
          next = stream->Wait(std::min(kLeftCheck, heartbeat - waited),
                              &responses);
        }
        for (const v1::SubscribeResponse& update : responses) {
          text += SseReadings(update);
        }
        if (next == Stream::Next::kQuiet) text = kSseKeepalive;
        if (next == Stream::Next::kEnded) {
          // The deadline (max_duration) and our own cancellation end the
          // stream quietly; EventSource reconnects after `retry`. Other
          // endings are worth telling the page.
          grpc::Status status = stream->status();
          if (status.error_code() != grpc::StatusCode::OK &&
              status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED &&
              status.error_code() != grpc::StatusCode::CANCELLED) {
            text +=
                "event: error\ndata: " +
                common::ErrorJson(status.error_code(), status.error_message()) +
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
        Forget(stream);
      });
}

}  // namespace meter
