// What one pass of the display shows, as frames:
//   connected:    "Attendees: N" scrolls by, then a person, then a heart;
//   a name:       the attendee's name scrolls by (chosen with the joystick);
//   disconnected: a red cross, then "No server" scrolls by.
#ifndef COMMON_SENSE_HAT_STATUS_FRAMES_H_
#define COMMON_SENSE_HAT_STATUS_FRAMES_H_

#include <string>
#include <vector>

#include "common/sense_hat/frame.h"

namespace sense_hat {

// How many frames an icon stays: 1 s at the default 100 ms per frame.
constexpr int kIconFrames = 10;

std::vector<Frame> AttendanceFrames(int count);
std::vector<Frame> NameFrames(const std::string& name);
std::vector<Frame> DisconnectedFrames();

}  // namespace sense_hat

#endif  // COMMON_SENSE_HAT_STATUS_FRAMES_H_
