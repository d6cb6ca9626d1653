// Metadata by the rules gRPC applies to it: whether gRPC will send a piece
// of it, and reading a value of what it received.
//
// gRPC's C++ API does not fail a call whose metadata breaks the rules: it
// aborts the whole process ("API misuse"). So metadata that comes from
// outside the program (a flag, or a client's value a server echoes) is
// checked with IsSendableMetadata first.
#ifndef COMMON_GRPC_METADATA_RULES_H_
#define COMMON_GRPC_METADATA_RULES_H_

#include <grpcpp/support/string_ref.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace common {

// True if `key` is a legal key (lower case letters, digits, '-', '_', '.')
// and `value` may go under it: any bytes for a key ending in "-bin",
// printable ASCII otherwise. gRPC's own checks decide.
bool IsSendableMetadata(std::string_view key, std::string_view value);

// The first value of `key` in metadata gRPC received (a client's metadata
// on the server, a server's initial or trailing metadata on the client),
// copied; nullopt if there is none.
std::optional<std::string> FindMetadata(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata,
    std::string_view key);

}  // namespace common

#endif  // COMMON_GRPC_METADATA_RULES_H_
