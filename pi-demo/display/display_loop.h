// Plays frames on a backend, one pass after another, each pass chosen from
// the latest AttendanceView (see status_frames.h). Other threads feed it:
// the status watcher with Update(), the joystick with StepName() and
// ShowCount().
//
// Pacing is a frame period; period 0 is for tests and for making pictures:
// frames go out as fast as the backend takes them, and each pass is played
// once, then the loop waits for the view to change instead of repeating it.
#ifndef PI_DEMO_DISPLAY_DISPLAY_LOOP_H_
#define PI_DEMO_DISPLAY_DISPLAY_LOOP_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "common/sense_hat/matrix_backend.h"
#include "pi-demo/display/attendance_view.h"

namespace display {

struct LoopOptions {
  std::chrono::milliseconds frame_period{100};
  // Return after showing the attendance this many times; 0: until Stop().
  int passes = 0;
  // Optional: told after each whole pass what it showed ("attendance 3",
  // "name Ada Lovelace", "lost"). Runs on Run()'s thread.
  std::function<void(const std::string&)> on_pass;
  // Optional: told as each pass starts what the LEDs show now, for a status
  // line: "Attendees: 3", "Ada Lovelace (2 of 3)", "No server". Runs on
  // Run()'s thread.
  std::function<void(const std::string&)> on_pass_start;
};

class DisplayLoop {
 public:
  DisplayLoop(sense_hat::MatrixBackend* backend, LoopOptions options)
      : backend_(backend), options_(options) {}

  // Thread-safe. A change of link (connected or not) cuts the current pass
  // short; a new count shows from the next pass.
  void Update(const AttendanceView& view);

  // Thread-safe. Scrolls the next (step 1) or previous (step -1) attendee's
  // name at once, then goes back to the count.
  void StepName(int step);

  // Thread-safe. Plays the count again from its start, cutting a name or the
  // count short, and forgets the chosen name: the next StepName(1) starts at
  // the first name again. (The joystick's middle press, ENTER.)
  void ShowCount();

  // Thread-safe. Makes Run() return after the current frame.
  void Stop();

  // Shows frames until Stop(), the requested number of passes, or a backend
  // failure (false, with its message in *error).
  bool Run(std::string* error);

 private:
  enum class Pass { kNothing, kAttendance, kName, kLost };
  // The frames of the next pass, and what they show (*pass, in words for
  // on_pass, and as a caption for on_pass_start).
  std::vector<sense_hat::Frame> NextPass(Pass* pass, std::string* what,
                                         std::string* caption);
  // Waits until `until`; false if Stop() was called. Returns early with *cut
  // set if the pass, which started when cuts_ was `cuts`, must end now.
  bool Wait(std::chrono::steady_clock::time_point until, uint64_t cuts,
            bool* cut);

  sense_hat::MatrixBackend* const backend_;
  const LoopOptions options_;

  std::mutex mu_;
  std::condition_variable changed_;
  AttendanceView view_;
  int selected_name_ = -1;       // index into view_.names, -1 for none yet
  bool name_requested_ = false;  // the joystick asked for selected_name_
  bool stopped_ = false;
  // Counted up by every change; a pass remembers the value it started with.
  uint64_t changes_ = 0;
  // Counted up by changes that end the current pass at once.
  uint64_t cuts_ = 0;
};

}  // namespace display

#endif  // PI_DEMO_DISPLAY_DISPLAY_LOOP_H_
