#include "pi-demo/display/display_loop.h"

#include <algorithm>

#include "common/sense_hat/status_frames.h"

namespace display {

void DisplayLoop::Update(const AttendanceView& view) {
  std::lock_guard<std::mutex> lock(mu_);
  if (view == view_) return;  // retries report the same lost link again
  if (view.link != view_.link) ++cuts_;
  view_ = view;
  ++changes_;
  changed_.notify_all();
}

void DisplayLoop::StepName(int step) {
  std::lock_guard<std::mutex> lock(mu_);
  const int count = static_cast<int>(view_.names.size());
  if (view_.link != AttendanceView::Link::kConnected || count == 0) return;
  // From "none", forward starts at the first name, backward at the last.
  const int from = selected_name_ < 0 ? (step > 0 ? -1 : 0) : selected_name_;
  selected_name_ = ((from + step) % count + count) % count;
  name_requested_ = true;
  ++cuts_;
  ++changes_;
  changed_.notify_all();
}

void DisplayLoop::ShowCount() {
  std::lock_guard<std::mutex> lock(mu_);
  if (view_.link != AttendanceView::Link::kConnected) return;
  selected_name_ = -1;
  name_requested_ = false;
  ++cuts_;
  ++changes_;
  changed_.notify_all();
}

void DisplayLoop::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  stopped_ = true;
  changed_.notify_all();
}

std::vector<sense_hat::Frame> DisplayLoop::NextPass(Pass* pass,
                                                    std::string* what,
                                                    std::string* caption) {
  switch (view_.link) {
    case AttendanceView::Link::kConnecting:
      *pass = Pass::kNothing;
      return {};
    case AttendanceView::Link::kLost:
      *pass = Pass::kLost;
      *what = "lost";
      *caption = "No server";
      return sense_hat::DisconnectedFrames();
    case AttendanceView::Link::kConnected:
      break;
  }
  const bool name =
      name_requested_ && selected_name_ < static_cast<int>(view_.names.size());
  name_requested_ = false;
  if (name) {
    *pass = Pass::kName;
    *what = "name " + view_.names[selected_name_];
    *caption = view_.names[selected_name_] + " (" +
               std::to_string(selected_name_ + 1) + " of " +
               std::to_string(view_.names.size()) + ")";
    return sense_hat::NameFrames(view_.names[selected_name_]);
  }
  *pass = Pass::kAttendance;
  *what = "attendance " + std::to_string(view_.count);
  *caption = "Attendees: " + std::to_string(view_.count);
  return sense_hat::AttendanceFrames(view_.count);
}

bool DisplayLoop::Wait(std::chrono::steady_clock::time_point until,
                       uint64_t cuts, bool* cut) {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait_until(lock, until, [&] { return stopped_ || cuts_ != cuts; });
  *cut = cuts_ != cuts;
  return !stopped_;
}

bool DisplayLoop::Run(std::string* error) {
  int attendance_passes = 0;
  auto next_frame = std::chrono::steady_clock::now();
  while (true) {
    Pass pass = Pass::kNothing;
    std::string what;
    std::string caption;
    std::vector<sense_hat::Frame> frames;
    uint64_t changes_before = 0;
    uint64_t cuts_before = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopped_) return true;
      frames = NextPass(&pass, &what, &caption);
      changes_before = changes_;
      cuts_before = cuts_;
    }
    if (pass != Pass::kNothing && options_.on_pass_start) {
      options_.on_pass_start(caption);
    }
    bool cut = false;
    for (size_t i = 0; i < frames.size(); ++i) {
      if (!backend_->Show(frames[i], error)) return false;
      next_frame += options_.frame_period;
      bool changed = false;
      if (options_.frame_period.count() == 0) {
        std::lock_guard<std::mutex> lock(mu_);
        if (stopped_) return true;
        changed = cuts_ != cuts_before;
      } else if (!Wait(next_frame, cuts_before, &changed)) {
        return true;
      }
      // A change that comes once the last frame is shown ends its wait, but
      // the pass was shown whole: it counts, and the change is the next
      // pass's.
      if (changed) {
        cut = i + 1 < frames.size();
        break;
      }
    }
    if (!cut && pass != Pass::kNothing && options_.on_pass) {
      options_.on_pass(what);
    }
    if (pass == Pass::kAttendance && !cut && options_.passes > 0 &&
        ++attendance_passes >= options_.passes) {
      return true;
    }
    // Nothing to show, or period 0: play again only after a change. (A name
    // is not repeated, so the count always follows it.)
    const bool idle =
        pass == Pass::kNothing ||
        (options_.frame_period.count() == 0 && pass != Pass::kName);
    if (idle && !cut) {
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait(lock,
                    [&] { return stopped_ || changes_ != changes_before; });
      if (stopped_) return true;
    }
    // After a pause, pace from now rather than catching up.
    next_frame = std::max(next_frame, std::chrono::steady_clock::now());
  }
}

}  // namespace display
