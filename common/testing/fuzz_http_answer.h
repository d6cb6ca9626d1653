// The oracle of the demos' HTTP fuzz targets: what HttpServer::Answer gave
// for any input must be nothing (the parser refused it, as a connection
// would with 400, 413 or 431) or a complete HTTP response that is not an
// unexpected error (500). Anything else aborts, which libFuzzer reports.
#ifndef COMMON_TESTING_FUZZ_HTTP_ANSWER_H_
#define COMMON_TESTING_FUZZ_HTTP_ANSWER_H_

#include <cstdlib>
#include <string>

namespace testing_util {

inline void AbortUnlessSoundAnswer(const std::string& answer) {
  if (answer.empty()) return;
  if (answer.rfind("HTTP/1.1 ", 0) != 0) std::abort();
  if (answer.compare(9, 3, "500") == 0) std::abort();
}

}  // namespace testing_util

#endif  // COMMON_TESTING_FUZZ_HTTP_ANSWER_H_
