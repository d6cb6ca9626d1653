#include "pi-demo/display/status_watcher.h"

#include <algorithm>
#include <cmath>

#include "common/grpc/status_names.h"

namespace display {

std::chrono::milliseconds RetryPolicy::Delay(int attempt) const {
  const double delay = static_cast<double>(initial.count()) *
                       std::pow(multiplier, std::min(attempt, 64));
  return std::chrono::milliseconds(
      static_cast<int64_t>(std::min(delay, static_cast<double>(max.count()))));
}

std::shared_ptr<grpc::Channel> MakeWatchChannel(
    const std::string& target, std::chrono::milliseconds keepalive,
    std::shared_ptr<grpc::ChannelCredentials> credentials,
    grpc::ChannelArguments arguments) {
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  if (keepalive.count() > 0) {
    arguments.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS,
                     static_cast<int>(keepalive.count()));
    arguments.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20000);
    // gRPC stops pinging after 2 pings without data by default; a watch
    // that is quiet for hours must go on noticing a dead network.
    arguments.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  }
  if (credentials == nullptr) credentials = grpc::InsecureChannelCredentials();
  return grpc::CreateCustomChannel(target, credentials, arguments);
}

AttendanceView ViewOf(const attendance::v1::Status& status) {
  AttendanceView view;
  view.link = AttendanceView::Link::kConnected;
  view.count = status.count();
  for (const auto& attendee : status.attendees()) {
    view.names.push_back(attendee.first_name() + " " + attendee.last_name());
  }
  return view;
}

StatusWatcher::StatusWatcher(
    std::function<std::shared_ptr<grpc::Channel>()> new_channel,
    std::string target, RetryPolicy policy,
    std::function<void(const AttendanceView&)> on_view,
    std::function<void(const std::string&)> on_event)
    : new_channel_(std::move(new_channel)),
      target_(std::move(target)),
      policy_(policy),
      on_view_(std::move(on_view)),
      on_event_(std::move(on_event)) {}

void StatusWatcher::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  stopped_ = true;
  if (call_ != nullptr) call_->TryCancel();
  stop_requested_.notify_all();
}

std::chrono::milliseconds StatusWatcher::Jittered(
    std::chrono::milliseconds delay) {
  std::uniform_real_distribution<double> scale(1 - policy_.jitter,
                                               1 + policy_.jitter);
  const auto jittered = std::chrono::milliseconds(static_cast<int64_t>(
      static_cast<double>(delay.count()) * scale(random_)));
  return std::min(jittered, policy_.max);
}

// [START watch_once]
bool StatusWatcher::WatchOnce(grpc::Status* result) {
  // No deadline: the stream lives as long as the display. Stop() cancels it.
  grpc::ClientContext context;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return false;
    call_ = &context;
  }
  auto stub = attendance::v1::AttendanceService::NewStub(new_channel_());
  auto stream =
      stub->WatchStatus(&context, attendance::v1::WatchStatusRequest());
  attendance::v1::Status status;
  bool received = false;
  while (stream->Read(&status)) {
    if (!received) {
      on_event_("connected to " + target_ + " (" + Attendees(status.count()) +
                ")");
    }
    received = true;
    last_ = ViewOf(status);
    on_view_(last_);
  }
  *result = stream->Finish();
  std::lock_guard<std::mutex> lock(mu_);
  call_ = nullptr;
  return received;
}
// [END watch_once]

// [START watch_loop]
void StatusWatcher::Run() {
  int attempt = 0;
  while (true) {
    grpc::Status result;
    // A stream that delivered a status worked: start the backoff afresh.
    if (WatchOnce(&result)) attempt = 0;
    std::unique_lock<std::mutex> lock(mu_);
    if (stopped_) return;
    const std::chrono::milliseconds delay = Jittered(policy_.Delay(attempt++));
    lock.unlock();

    // Keep the last count (it was true a moment ago) but show the link lost.
    last_.link = AttendanceView::Link::kLost;
    on_view_(last_);
    on_event_("lost " + target_ + " (" + common::FormatStatus(result) +
              "); retrying in " + std::to_string(delay.count()) + " ms");

    lock.lock();
    stop_requested_.wait_for(lock, delay, [this] { return stopped_; });
    if (stopped_) return;
  }
}
// [END watch_loop]

}  // namespace display
