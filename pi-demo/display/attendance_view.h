// What the display knows about the event: whether the server answers, and
// who has registered. The status watcher fills it in from gRPC; the display
// loop draws it. Neither side needs the other's headers.
#ifndef PI_DEMO_DISPLAY_ATTENDANCE_VIEW_H_
#define PI_DEMO_DISPLAY_ATTENDANCE_VIEW_H_

#include <string>
#include <vector>

namespace display {

struct AttendanceView {
  enum class Link {
    kConnecting,  // no answer yet, no failure yet: nothing to show
    kConnected,   // count and names are current
    kLost,        // the last call failed; retrying
  };
  Link link = Link::kConnecting;
  int count = 0;
  std::vector<std::string> names;  // "First Last", in registration order

  bool operator==(const AttendanceView& other) const {
    return link == other.link && count == other.count && names == other.names;
  }
  bool operator!=(const AttendanceView& other) const {
    return !(*this == other);
  }
};

// "1 attendee", "3 attendees": the one word for them on the display, in the
// organiser's CLI and on the page.
inline std::string Attendees(int count) {
  return std::to_string(count) + (count == 1 ? " attendee" : " attendees");
}

}  // namespace display

#endif  // PI_DEMO_DISPLAY_ATTENDANCE_VIEW_H_
