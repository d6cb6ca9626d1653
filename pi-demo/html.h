// Text in HTML. Names come from strangers: every one is escaped where it is
// written into a page, so "<script>" shows as typed and runs nothing.
#ifndef PI_DEMO_HTML_H_
#define PI_DEMO_HTML_H_

#include <string>
#include <string_view>

namespace attendance {

// `text` with & < > " ' replaced by character references; safe inside
// elements and inside quoted attribute values.
std::string EscapeHtml(std::string_view text);

}  // namespace attendance

#endif  // PI_DEMO_HTML_H_
