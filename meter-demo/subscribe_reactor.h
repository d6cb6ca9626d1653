// The live RPCs (Subscribe, WatchReadings) in gRPC's callback API. A live
// subscription spends most of its life waiting for uploads; a reactor waits
// without holding a thread, and can read the client's requests, push readings
// and finish the call independently of each other, which the synchronous API
// cannot do on one thread.
#ifndef METER_DEMO_SUBSCRIBE_REACTOR_H_
#define METER_DEMO_SUBSCRIBE_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "meter-demo/meter_data.h"
#include "protos/meter/v1/meter.grpc.pb.h"

namespace meter {

class Subscriber;

// What may wait for one subscriber by default: 8 MiB, some 500,000 raw
// readings.
inline constexpr size_t kDefaultSubscriberBacklogBytes = size_t{8} << 20;

// The live subscriptions of a server. Uploads are fanned out to them, and
// StopAll() ends them when the server shuts down.
//
// Each subscriber has a backlog: the updates its stream has not taken yet
// (gRPC's flow control holds them back while the client does not read).
// Updates are not coalesced, since a client may need each one; instead a
// subscriber whose backlog would pass `max_backlog_bytes` is dropped: the
// backlog is freed, and after the message already in flight the call ends
// with RESOURCE_EXHAUSTED, telling the client to subscribe again and read
// what it missed with ListReadings. So a stalled client costs at most the
// limit plus one message, however much is uploaded.
class SubscriptionHub {
 public:
  explicit SubscriptionHub(size_t max_backlog_bytes)
      : max_backlog_bytes_(max_backlog_bytes) {}

  // MeterData listener: pushes `readings` to the subscribers of `meter_id`.
  void OnUpload(const std::string& meter_id,
                const std::vector<Reading>& readings);

  // Ends every subscription with UNAVAILABLE and refuses new ones.
  void StopAll();

 private:
  template <typename Base, typename Response>
  friend class LiveReactor;
  // Returns false if the hub is stopping.
  bool Add(Subscriber* subscriber);
  void Remove(Subscriber* subscriber);

  const size_t max_backlog_bytes_;
  std::mutex mutex_;
  std::set<Subscriber*> reactors_;
  bool stopping_ = false;
};

// What the hub needs of a live call, whichever kind it is.
class Subscriber {
 protected:
  friend class SubscriptionHub;

  // What to do once the lock is released. gRPC may run a reaction inline in
  // StartWrite() or Finish(), so neither is ever called with a lock held.
  struct Next {
    bool start_write = false;
    std::optional<grpc::Status> finish;
  };

  virtual ~Subscriber() = default;
  virtual Next OnUploadLocked(const std::string& meter_id,
                              const std::vector<Reading>& readings) = 0;
  // Finishes once the messages already queued are written (or at once, if
  // `drop_queued`).
  virtual Next FinishLocked(const grpc::Status& status, bool drop_queued) = 0;
  virtual void Perform(const Next& next) = 0;

  std::mutex mutex_;
};

// A live call in gRPC's callback API: Subscribe (a bidi reactor) and
// WatchReadings (a server-streaming one) share everything but how the
// subscription is chosen. `Response` is SubscribeResponse or
// WatchReadingsResponse (the same fields).
template <typename Base, typename Response>
class LiveReactor : public Base, public Subscriber {
 public:
  // Deletes itself when the call ends, after telling `on_done` (if set) how
  // it ended.
  using DoneCallback = std::function<void(const grpc::Status&)>;

  void OnWriteDone(bool ok) override;
  // The client cancelled (or the deadline passed): the call must still be
  // finished, or it would wait for the next upload to notice.
  void OnCancel() override;
  void OnDone() override;

 protected:
  // Joins `hub`; if it is stopping, finishes the call (check joined()).
  LiveReactor(grpc::CallbackServerContext* context, const MeterData* data,
              SubscriptionHub* hub, DoneCallback on_done);
  bool joined() const { return joined_; }

  // Checks the meter and resolution, then switches to them and queues the
  // confirmation (a response without readings); a bad request finishes the
  // call. False if it did.
  bool Choose(const std::string& meter_id, v1::Resolution resolution);
  // Ends the call once what is queued is sent.
  void FinishAfterQueued(const grpc::Status& status);

 private:
  Next OnUploadLocked(const std::string& meter_id,
                      const std::vector<Reading>& readings) override;
  Next FinishLocked(const grpc::Status& status, bool drop_queued) override;
  void Perform(const Next& next) override;
  Next QueueLocked(Response response);

  grpc::CallbackServerContext* context_;
  const MeterData* data_;
  SubscriptionHub* hub_;
  DoneCallback on_done_;
  bool joined_ = false;
  grpc::Status final_status_;  // what Finish() was called with

  // Guarded by mutex_:
  std::string meter_id_;  // empty until the first request
  v1::Resolution resolution_ = v1::RESOLUTION_RAW;
  int64_t interval_seconds_ = 0;  // 0 for raw
  std::deque<Response> queue_;
  size_t queue_bytes_ = 0;    // the serialized size of queue_
  Response writing_message_;  // must live until OnWriteDone
  bool writing_ = false;
  bool finishing_ = false;
  std::optional<grpc::Status> finish_after_writes_;
};

// Subscribe: each request the client sends switches the subscription; the
// call ends with OK when the client half-closes.
class SubscribeReactor
    : public LiveReactor<
          grpc::ServerBidiReactor<v1::SubscribeRequest, v1::SubscribeResponse>,
          v1::SubscribeResponse> {
 public:
  SubscribeReactor(grpc::CallbackServerContext* context, const MeterData* data,
                   SubscriptionHub* hub, DoneCallback on_done);

  void OnReadDone(bool ok) override;

 private:
  v1::SubscribeRequest request_;  // filled by StartRead
};

// WatchReadings: one subscription, for as long as the call lasts; for
// clients that cannot stream requests (browsers, over gRPC-Web).
class WatchReadingsReactor
    : public LiveReactor<grpc::ServerWriteReactor<v1::WatchReadingsResponse>,
                         v1::WatchReadingsResponse> {
 public:
  WatchReadingsReactor(grpc::CallbackServerContext* context,
                       const MeterData* data, SubscriptionHub* hub,
                       const v1::WatchReadingsRequest& request,
                       DoneCallback on_done);
};

}  // namespace meter

#endif  // METER_DEMO_SUBSCRIBE_REACTOR_H_
