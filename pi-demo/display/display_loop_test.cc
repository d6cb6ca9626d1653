// The display loop against a recording backend, with frame period 0 (frames
// go out at once, each pass plays once per change): what each view shows,
// which changes cut a pass short, the joystick's names, and Stop().
#include "pi-demo/display/display_loop.h"

#include <gtest/gtest.h>

#include <thread>

#include "common/sense_hat/recording_backend.h"
#include "common/sense_hat/status_frames.h"
#include "pi-demo/display/event_log.h"

namespace display {
namespace {

using Link = AttendanceView::Link;

AttendanceView Connected(int count, std::vector<std::string> names = {}) {
  AttendanceView view;
  view.link = Link::kConnected;
  view.count = count;
  view.names = std::move(names);
  return view;
}

AttendanceView Lost(int count) {
  AttendanceView view = Connected(count);
  view.link = Link::kLost;
  return view;
}

std::vector<sense_hat::Frame> Join(
    std::initializer_list<std::vector<sense_hat::Frame>> parts) {
  std::vector<sense_hat::Frame> all;
  for (const auto& part : parts)
    all.insert(all.end(), part.begin(), part.end());
  return all;
}

LoopOptions OnePass() {
  LoopOptions options;
  options.frame_period = std::chrono::milliseconds(0);
  options.passes = 1;
  return options;
}

// Runs `loop` in a thread until it returns.
class Running {
 public:
  explicit Running(DisplayLoop* loop)
      : loop_(loop), thread_([this, loop] { ok_ = loop->Run(&error_); }) {}
  // After a failed ASSERT, the loop may still run: stop it, never hang.
  ~Running() {
    if (thread_.joinable()) {
      loop_->Stop();
      thread_.join();
    }
  }
  bool Join() {
    thread_.join();
    return ok_;
  }

 private:
  DisplayLoop* const loop_;
  bool ok_ = false;
  std::string error_;
  std::thread thread_;
};

TEST(DisplayLoopTest, ShowsTheCountThenThePersonAndTheHeart) {
  sense_hat::RecordingBackend backend;
  DisplayLoop loop(&backend, OnePass());
  Running running(&loop);
  loop.Update(Connected(3));
  ASSERT_TRUE(running.Join());
  EXPECT_EQ(backend.frames(), sense_hat::AttendanceFrames(3));
}

TEST(DisplayLoopTest, ShowsNothingBeforeTheFirstAnswer) {
  sense_hat::RecordingBackend backend;
  DisplayLoop loop(&backend, OnePass());
  Running running(&loop);
  loop.Update(AttendanceView());  // connecting
  loop.Stop();
  ASSERT_TRUE(running.Join());
  EXPECT_TRUE(backend.frames().empty());
}

TEST(DisplayLoopTest, ShowsALostServerUntilItIsBack) {
  sense_hat::RecordingBackend backend;
  EventLog passes;
  LoopOptions options = OnePass();
  options.on_pass = [&](const std::string& what) { passes.Add(what); };
  DisplayLoop loop(&backend, options);
  Running running(&loop);
  loop.Update(Lost(0));
  // The whole pass, not only its frames: a change after the last frame but
  // before the pass ends would cut it short.
  ASSERT_TRUE(passes.WaitFor("lost"));
  loop.Update(Lost(0));  // a retry that failed again changes nothing
  loop.Update(Connected(2));
  ASSERT_TRUE(running.Join());
  EXPECT_EQ(backend.frames(), Join({sense_hat::DisconnectedFrames(),
                                    sense_hat::AttendanceFrames(2)}));
  EXPECT_EQ(passes.Text(), "lost\nattendance 2\n");
}

TEST(DisplayLoopTest, ALostLinkCutsThePassShort) {
  DisplayLoop* loop_pointer = nullptr;
  const size_t lost_at = 4;
  const size_t back_at = lost_at + sense_hat::DisconnectedFrames().size();
  sense_hat::RecordingBackend backend([&](size_t frame) {
    if (frame == lost_at) loop_pointer->Update(Lost(3));
    if (frame == back_at) loop_pointer->Update(Connected(4));
  });
  DisplayLoop loop(&backend, OnePass());
  loop_pointer = &loop;
  Running running(&loop);
  loop.Update(Connected(3));
  ASSERT_TRUE(running.Join());

  const std::vector<sense_hat::Frame> three = sense_hat::AttendanceFrames(3);
  EXPECT_EQ(backend.frames(),
            Join({{three.begin(), three.begin() + lost_at + 1},
                  sense_hat::DisconnectedFrames(),
                  sense_hat::AttendanceFrames(4)}));
}

TEST(DisplayLoopTest, ANewCountShowsFromTheNextPass) {
  DisplayLoop* loop_pointer = nullptr;
  sense_hat::RecordingBackend backend([&](size_t frame) {
    if (frame == 2) loop_pointer->Update(Connected(4));
  });
  LoopOptions options = OnePass();
  options.passes = 2;
  DisplayLoop loop(&backend, options);
  loop_pointer = &loop;
  Running running(&loop);
  loop.Update(Connected(3));
  ASSERT_TRUE(running.Join());
  EXPECT_EQ(backend.frames(), Join({sense_hat::AttendanceFrames(3),
                                    sense_hat::AttendanceFrames(4)}));
}

// What a status line shows: the caption of each pass as it starts.
TEST(DisplayLoopTest, EachPassStartsWithACaptionOfWhatTheLedsShow) {
  DisplayLoop* loop_pointer = nullptr;
  std::vector<std::string> captions;
  sense_hat::RecordingBackend backend([&](size_t frame) {
    if (frame == 2) loop_pointer->Update(Connected(3, {"A B", "C D", "E F"}));
  });
  LoopOptions options = OnePass();
  options.passes = 2;
  options.on_pass_start = [&](const std::string& caption) {
    captions.push_back(caption);
    if (captions.size() == 2) loop_pointer->StepName(1);
  };
  DisplayLoop loop(&backend, options);
  loop_pointer = &loop;
  Running running(&loop);
  loop.Update(Connected(2));
  ASSERT_TRUE(running.Join());
  EXPECT_EQ(captions,
            (std::vector<std::string>{"Attendees: 2", "Attendees: 3",
                                      "A B (1 of 3)", "Attendees: 3"}));
}

TEST(DisplayLoopTest, ALostServerIsCaptionedNoServer) {
  std::vector<std::string> captions;
  sense_hat::RecordingBackend backend;
  LoopOptions options = OnePass();
  options.passes = 0;
  DisplayLoop* loop_pointer = nullptr;
  options.on_pass_start = [&](const std::string& caption) {
    captions.push_back(caption);
  };
  options.on_pass = [&](const std::string&) { loop_pointer->Stop(); };
  DisplayLoop loop(&backend, options);
  loop_pointer = &loop;
  Running running(&loop);
  loop.Update(Lost(2));
  ASSERT_TRUE(running.Join());
  EXPECT_EQ(captions, std::vector<std::string>{"No server"});
}

TEST(DisplayLoopTest, TheJoystickScrollsNamesInTurn) {
  DisplayLoop* loop_pointer = nullptr;
  const std::vector<std::string> names = {"Ada Lovelace", "Alan Turing"};
  const size_t ada_ends = 2 + sense_hat::NameFrames(names[0]).size();
  sense_hat::RecordingBackend backend([&](size_t frame) {
    if (frame == 1) loop_pointer->StepName(1);         // the first name
    if (frame == ada_ends) loop_pointer->StepName(1);  // the next one
  });
  DisplayLoop loop(&backend, OnePass());
  loop_pointer = &loop;
  Running running(&loop);
  loop.Update(Connected(2, names));
  ASSERT_TRUE(running.Join());

  const std::vector<sense_hat::Frame> count = sense_hat::AttendanceFrames(2);
  const std::vector<sense_hat::Frame> ada = sense_hat::NameFrames(names[0]);
  EXPECT_EQ(backend.frames(),
            Join({{count.begin(), count.begin() + 2},
                  ada,
                  // The count's next pass, cut short by the second press.
                  {count.front()},
                  sense_hat::NameFrames(names[1]),
                  count}));
}

TEST(DisplayLoopTest, StepNameWrapsAroundAndNeedsNames) {
  sense_hat::RecordingBackend backend;
  DisplayLoop loop(&backend, OnePass());
  loop.StepName(1);  // not connected yet: nothing to choose from
  loop.Update(Connected(2, {"Ada Lovelace", "Alan Turing"}));
  loop.StepName(-1);  // backwards from none: the last name
  Running running(&loop);
  ASSERT_NE(backend.WaitFor(sense_hat::NameFrames("Alan Turing")), 0u);
  ASSERT_TRUE(running.Join());  // then one pass of the count
  EXPECT_EQ(backend.frames(), Join({sense_hat::NameFrames("Alan Turing"),
                                    sense_hat::AttendanceFrames(2)}));
}

// A change that comes as the last frame of a pass is shown does not cut
// that pass: it was shown whole, so it counts (before, the loop took it for
// cut, and with --passes it waited for a change that never came).
TEST(DisplayLoopTest, AChangeAtTheLastFrameLeavesThePassWhole) {
  DisplayLoop* loop_pointer = nullptr;
  const size_t last = sense_hat::AttendanceFrames(1).size() - 1;
  sense_hat::RecordingBackend backend([&](size_t frame) {
    if (frame == last) loop_pointer->ShowCount();
  });
  EventLog passes;
  LoopOptions options = OnePass();
  options.passes = 2;
  options.on_pass = [&](const std::string& what) { passes.Add(what); };
  DisplayLoop loop(&backend, options);
  loop_pointer = &loop;
  loop.Update(Connected(1));
  Running running(&loop);
  ASSERT_TRUE(running.Join());
  EXPECT_EQ(passes.Text(), "attendance 1\nattendance 1\n");
  EXPECT_EQ(backend.frames(), Join({sense_hat::AttendanceFrames(1),
                                    sense_hat::AttendanceFrames(1)}));
}

TEST(DisplayLoopTest, ShowCountCutsANameAndStartsTheNamesAgain) {
  DisplayLoop* loop_pointer = nullptr;
  const std::vector<std::string> names = {"Ada Lovelace", "Alan Turing",
                                          "Grace Hopper"};
  const std::vector<sense_hat::Frame> count = sense_hat::AttendanceFrames(3);
  const std::vector<sense_hat::Frame> ada = sense_hat::NameFrames(names[0]);
  const std::vector<sense_hat::Frame> alan = sense_hat::NameFrames(names[1]);
  const size_t alan_starts = 1 + ada.size() + 2;
  const size_t enter_at = alan_starts + 2;
  sense_hat::RecordingBackend backend([&](size_t frame) {
    if (frame == 0) loop_pointer->StepName(1);                   // Ada
    if (frame == 1 + ada.size() + 1) loop_pointer->StepName(1);  // Alan
    if (frame == enter_at) loop_pointer->ShowCount();            // ENTER
    if (frame == enter_at + 2) loop_pointer->StepName(1);  // Ada, not Grace
  });
  DisplayLoop loop(&backend, OnePass());
  loop_pointer = &loop;
  Running running(&loop);
  loop.Update(Connected(3, names));
  ASSERT_TRUE(running.Join());

  EXPECT_EQ(backend.frames(), Join({{count[0]},
                                    ada,
                                    {count[0], count[1]},
                                    {alan[0], alan[1], alan[2]},
                                    {count[0], count[1]},
                                    ada,
                                    count}));
}

TEST(DisplayLoopTest, ShowCountPlaysTheCountAgainAndNeedsAServer) {
  sense_hat::RecordingBackend backend;
  std::vector<std::string> passes;  // Run()'s thread until it is joined
  LoopOptions options = OnePass();
  options.passes = 2;
  options.on_pass = [&](const std::string& what) { passes.push_back(what); };
  DisplayLoop loop(&backend, options);
  loop.ShowCount();  // nothing to show yet: no effect
  loop.Update(Connected(1));
  Running running(&loop);
  ASSERT_NE(backend.WaitFor(sense_hat::AttendanceFrames(1)), 0u);
  loop.ShowCount();  // period 0 waits for a change; this is one
  ASSERT_TRUE(running.Join());
  EXPECT_EQ(backend.frames(), Join({sense_hat::AttendanceFrames(1),
                                    sense_hat::AttendanceFrames(1)}));
  EXPECT_EQ(passes, (std::vector<std::string>{"attendance 1", "attendance 1"}));
}

TEST(DisplayLoopTest, StopEndsAWaitBetweenFrames) {
  sense_hat::RecordingBackend backend;
  LoopOptions options;
  options.frame_period = std::chrono::hours(1);
  DisplayLoop loop(&backend, options);
  Running running(&loop);
  loop.Update(Connected(1));
  ASSERT_NE(backend.WaitFor({sense_hat::AttendanceFrames(1).front()}), 0u);
  loop.Stop();  // the loop is waiting an hour for the second frame
  ASSERT_TRUE(running.Join());
  EXPECT_EQ(backend.frames().size(), 1u);
}

}  // namespace
}  // namespace display
