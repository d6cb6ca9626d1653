// Whether gRPC will send a piece of metadata. gRPC's C++ API does not fail a
// call whose metadata breaks the rules: it aborts the whole process ("API
// misuse"). So metadata that comes from outside the program (a flag, or a
// client's value a server echoes) is checked with this first.
#ifndef COMMON_GRPC_METADATA_RULES_H_
#define COMMON_GRPC_METADATA_RULES_H_

#include <string_view>

namespace common {

// True if `key` is a legal key (lower case letters, digits, '-', '_', '.')
// and `value` may go under it: any bytes for a key ending in "-bin",
// printable ASCII otherwise. gRPC's own checks decide.
bool IsSendableMetadata(std::string_view key, std::string_view value);

}  // namespace common

#endif  // COMMON_GRPC_METADATA_RULES_H_
