// Whole output lines from any thread. The display prints from its loop (the
// "shown: ..." lines), its status watcher (connected, lost) and its joystick
// thread, and tests and scripts read that output line by line: each line
// must reach the stream in one piece.
#ifndef PI_DEMO_DISPLAY_LINE_LOG_H_
#define PI_DEMO_DISPLAY_LINE_LOG_H_

#include <ostream>
#include <string>

namespace display {

// Writes `line` and "\n" to `out` in one write and flushes it, under one
// lock shared by every stream (stdout and stderr often go to the same pipe).
void WriteLine(std::ostream& out, const std::string& line);

}  // namespace display

#endif  // PI_DEMO_DISPLAY_LINE_LOG_H_
