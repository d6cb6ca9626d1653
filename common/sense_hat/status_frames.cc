#include "common/sense_hat/status_frames.h"

#include "common/sense_hat/icons.h"
#include "common/sense_hat/scroller.h"

namespace sense_hat {
namespace {

void Hold(const Frame& frame, std::vector<Frame>* frames) {
  frames->insert(frames->end(), kIconFrames, frame);
}

}  // namespace

std::vector<Frame> AttendanceFrames(int count) {
  std::vector<Frame> frames = ScrollText("Attendees: " + std::to_string(count),
                                         colours::kText, colours::kBlack);
  Hold(PersonIcon(), &frames);
  Hold(HeartIcon(), &frames);
  return frames;
}

std::vector<Frame> NameFrames(const std::string& name) {
  return ScrollText(name, colours::kName, colours::kBlack);
}

std::vector<Frame> DisconnectedFrames() {
  std::vector<Frame> frames;
  Hold(DisconnectedIcon(), &frames);
  const std::vector<Frame> text =
      ScrollText("No server", colours::kAlarm, colours::kBlack);
  frames.insert(frames.end(), text.begin(), text.end());
  return frames;
}

}  // namespace sense_hat
