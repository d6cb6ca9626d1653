// Checks of the names attendees type. Names are stored and shown exactly as
// typed (apart from spaces at both ends); what makes them safe to show is
// escaping where they are shown (html.h), not rewriting them here.
#ifndef PI_DEMO_NAME_CHECKS_H_
#define PI_DEMO_NAME_CHECKS_H_

#include <grpcpp/grpcpp.h>

#include <string>
#include <string_view>

namespace attendance {

// Longest name, in characters (Unicode code points).
inline constexpr int kMaxNameLength = 64;

// Whether `text` is valid UTF-8 (what a protobuf string must be).
bool IsValidUtf8(std::string_view text);

// OK if `value` is valid UTF-8 and, without spaces at both ends, 1 to
// kMaxNameLength characters with no control characters (C0, DEL, C1, and
// the bidirectional overrides that can make a name display as another) and
// at least one visible one (not only zero-width spaces, direction marks,
// ...).
// Sets `trimmed` to it. Otherwise INVALID_ARGUMENT "<field>: <what is
// wrong>".
grpc::Status CheckName(std::string_view field, std::string_view value,
                       std::string* trimmed);

}  // namespace attendance

#endif  // PI_DEMO_NAME_CHECKS_H_
