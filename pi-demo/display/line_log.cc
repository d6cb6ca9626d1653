#include "pi-demo/display/line_log.h"

#include <mutex>

namespace display {

void WriteLine(std::ostream& out, const std::string& line) {
  static std::mutex* const mu = new std::mutex;  // never destroyed: used late
  const std::string text = line + "\n";
  std::lock_guard<std::mutex> lock(*mu);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.flush();
}

}  // namespace display
