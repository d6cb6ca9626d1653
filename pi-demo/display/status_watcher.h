// Keeps an AttendanceView current from attendance.v1.AttendanceService's
// WatchStatus stream, for as long as the display runs.
//
// The stream has no deadline (it is meant to stay open for days) but can be
// cancelled with Stop(). When it fails, because the server stopped or the
// network went away, the view turns "lost" and the watcher calls again after
// an exponential backoff with jitter, up to a cap, then resumes: a failed
// call never ends the loop.
#ifndef PI_DEMO_DISPLAY_STATUS_WATCHER_H_
#define PI_DEMO_DISPLAY_STATUS_WATCHER_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "pi-demo/display/attendance_view.h"
#include "protos/attendance/v1/attendance.grpc.pb.h"

namespace display {

struct RetryPolicy {
  std::chrono::milliseconds initial{250};
  std::chrono::milliseconds max{10000};
  double multiplier = 1.6;
  double jitter = 0.2;  // each delay is scaled by a random 1 +- jitter

  // The delay before retry number `attempt` (0 for the first retry),
  // before jitter: initial * multiplier^attempt, at most max. (Jitter never
  // takes it above max either.)
  std::chrono::milliseconds Delay(int attempt) const;
};

// A new channel to `target`, for one attempt. Each attempt gets its own
// channel with its own connection (a local subchannel pool): a channel that
// failed can stay in TRANSIENT_FAILURE past its reconnection backoff in gRPC
// 1.51, failing every call without trying to connect even after the server
// is back, until gRPC's backup poller (every 5 s by default, none if
// GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS=0) gets it going again.
// With `keepalive` above 0 it pings the server when the stream has been
// quiet that long, to notice a network that went away without a word.
// `credentials` are plaintext if null; `arguments` are the channel's own
// (with TLS, common::ChannelCredentialsFromFiles() may have put the name the
// server's certificate must carry there).
std::shared_ptr<grpc::Channel> MakeWatchChannel(
    const std::string& target, std::chrono::milliseconds keepalive,
    std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr,
    grpc::ChannelArguments arguments = {});

// Converts what the server sent into what the display shows.
AttendanceView ViewOf(const attendance::v1::Status& status);

class StatusWatcher {
 public:
  // `on_view` gets every new view; `on_event` one line per connection or
  // failure ("connected to localhost:50053 (3 attendees)", "lost
  // localhost:50053 (UNAVAILABLE: ...); retrying in 250 ms"). Both are called
  // from Run()'s thread.
  // `new_channel` is called once per attempt (see MakeWatchChannel).
  StatusWatcher(std::function<std::shared_ptr<grpc::Channel>()> new_channel,
                std::string target, RetryPolicy policy,
                std::function<void(const AttendanceView&)> on_view,
                std::function<void(const std::string&)> on_event);

  // Watches until Stop().
  void Run();

  // Thread-safe: cancels the stream or the wait for the next attempt.
  void Stop();

 private:
  // One WatchStatus call, until the stream ends. True if it got a status.
  bool WatchOnce(grpc::Status* result);
  std::chrono::milliseconds Jittered(std::chrono::milliseconds delay);

  const std::function<std::shared_ptr<grpc::Channel>()> new_channel_;
  const std::string target_;
  const RetryPolicy policy_;
  const std::function<void(const AttendanceView&)> on_view_;
  const std::function<void(const std::string&)> on_event_;
  std::mt19937 random_{std::random_device{}()};
  AttendanceView last_;  // Run()'s thread only

  std::mutex mu_;
  std::condition_variable stop_requested_;
  bool stopped_ = false;
  grpc::ClientContext* call_ = nullptr;  // the open call, to cancel it
};

}  // namespace display

#endif  // PI_DEMO_DISPLAY_STATUS_WATCHER_H_
