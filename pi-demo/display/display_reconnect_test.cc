// The display against a server that goes away and comes back: the status
// watcher and the display loop in-process, a fake attendance server that is
// stopped and started again on the same port, and a recording backend that
// the test waits on frame by frame (frame period 0, no sleeps).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "common/sense_hat/recording_backend.h"
#include "common/sense_hat/status_frames.h"
#include "pi-demo/display/display_loop.h"
#include "pi-demo/display/event_log.h"
#include "pi-demo/display/fake_attendance_server.h"
#include "pi-demo/display/status_watcher.h"

namespace display {
namespace {

using ::testing::HasSubstr;

RetryPolicy FastRetries() {
  RetryPolicy policy;
  policy.initial = std::chrono::milliseconds(20);
  policy.max = std::chrono::milliseconds(200);
  return policy;
}

LoopOptions Unpaced() {
  LoopOptions options;
  options.frame_period = std::chrono::milliseconds(0);
  return options;
}

// The display's threads, as display_client.cc runs them.
class Display {
 public:
  explicit Display(const std::string& target)
      : loop_(&backend_, Unpaced()),
        watcher_(
            [target] {
              return MakeWatchChannel(target, std::chrono::milliseconds(0));
            },
            target, FastRetries(),
            [this](const AttendanceView& view) { loop_.Update(view); },
            [this](const std::string& line) { events_.Add(line); }),
        watching_([this] { watcher_.Run(); }),
        showing_([this] { shown_ = loop_.Run(&error_); }) {}

  ~Display() {
    watcher_.Stop();
    loop_.Stop();
    watching_.join();
    showing_.join();
  }

  sense_hat::RecordingBackend& backend() { return backend_; }
  EventLog& events() { return events_; }

 private:
  sense_hat::RecordingBackend backend_;
  EventLog events_;
  DisplayLoop loop_;
  StatusWatcher watcher_;
  bool shown_ = false;
  std::string error_;
  std::thread watching_;
  std::thread showing_;
};

TEST(DisplayReconnectTest, ShowsTheLostServerRetriesAndResumesAfterARestart) {
  auto server = std::make_unique<FakeAttendanceServer>(
      0,
      std::vector<std::string>{"Ada Lovelace", "Alan Turing", "Grace Hopper"});
  ASSERT_GT(server->port(), 0);
  const int port = server->port();
  Display display(server->address());

  size_t at = display.backend().WaitFor(sense_hat::AttendanceFrames(3));
  ASSERT_GT(at, 0u) << display.events().Text();
  EXPECT_TRUE(display.events().WaitFor(
      "connected to 127.0.0.1:" + std::to_string(port) + " (3 attendees)"));

  // A registration while connected shows in the next pass.
  server->service().SetAttendees(
      {"Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"});
  at = display.backend().WaitFor(sense_hat::AttendanceFrames(4), at);
  ASSERT_GT(at, 0u);

  server->Stop();
  at = display.backend().WaitFor(sense_hat::DisconnectedFrames(), at);
  ASSERT_GT(at, 0u) << display.events().Text();
  // It keeps trying while the server is down: more than one failed call.
  ASSERT_TRUE(display.events().WaitFor("retrying in", 6))
      << display.events().Text();
  EXPECT_THAT(display.events().Text(), HasSubstr("(UNAVAILABLE: "));

  server = std::make_unique<FakeAttendanceServer>(
      port,
      std::vector<std::string>{"Ada Lovelace", "Alan Turing", "Grace Hopper",
                               "Edsger Dijkstra", "Barbara Liskov"});
  ASSERT_EQ(server->port(), port);
  at = display.backend().WaitFor(sense_hat::AttendanceFrames(5), at);
  EXPECT_GT(at, 0u) << display.events().Text();
  EXPECT_TRUE(display.events().WaitFor("(5 attendees)"));
}

TEST(DisplayReconnectTest, StartsBeforeTheServerAndConnectsWhenItComes) {
  // Take a free port, then free it again: nothing listens there yet.
  int port = 0;
  {
    FakeAttendanceServer probe(0, {});
    port = probe.port();
  }
  ASSERT_GT(port, 0);
  Display display("127.0.0.1:" + std::to_string(port));
  ASSERT_TRUE(display.events().WaitFor("retrying in", 2));
  ASSERT_GT(display.backend().WaitFor(sense_hat::DisconnectedFrames()), 0u);

  FakeAttendanceServer server(port, {"Ada Lovelace"});
  ASSERT_EQ(server.port(), port);
  EXPECT_GT(display.backend().WaitFor(sense_hat::AttendanceFrames(1)), 0u)
      << display.events().Text();
}

TEST(RetryPolicyTest, DelaysGrowExponentiallyUpToTheCap) {
  RetryPolicy policy;
  policy.initial = std::chrono::milliseconds(100);
  policy.max = std::chrono::milliseconds(1000);
  policy.multiplier = 2;
  EXPECT_EQ(policy.Delay(0).count(), 100);
  EXPECT_EQ(policy.Delay(1).count(), 200);
  EXPECT_EQ(policy.Delay(3).count(), 800);
  EXPECT_EQ(policy.Delay(4).count(), 1000);
  EXPECT_EQ(policy.Delay(1000).count(), 1000);
}

TEST(ViewOfTest, NamesAreFirstAndLastInOrder) {
  attendance::v1::Status status;
  status.set_count(2);
  auto* ada = status.add_attendees();
  ada->set_first_name("Ada");
  ada->set_last_name("Lovelace");
  auto* zoe = status.add_attendees();
  zoe->set_first_name("Zoë");
  zoe->set_last_name("Ng");
  const AttendanceView view = ViewOf(status);
  EXPECT_EQ(view.link, AttendanceView::Link::kConnected);
  EXPECT_EQ(view.count, 2);
  EXPECT_EQ(view.names, (std::vector<std::string>{"Ada Lovelace", "Zoë Ng"}));
}

}  // namespace
}  // namespace display
