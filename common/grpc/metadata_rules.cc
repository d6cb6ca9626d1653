#include "common/grpc/metadata_rules.h"

#include <grpc/grpc.h>
#include <grpc/slice.h>

namespace common {
namespace {

// A view as a slice, without copying (the slice does not outlive the view).
grpc_slice View(std::string_view text) {
  return grpc_slice_from_static_buffer(text.data(), text.size());
}

}  // namespace

bool IsSendableMetadata(std::string_view key, std::string_view value) {
  if (!grpc_header_key_is_legal(View(key))) return false;
  return grpc_is_binary_header(View(key)) ||
         grpc_header_nonbin_value_is_legal(View(value));
}

// [START find_metadata]
std::optional<std::string> FindMetadata(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata,
    std::string_view key) {
  // string_refs into the call's memory; copy what must outlive the call.
  auto it = metadata.find(grpc::string_ref(key.data(), key.size()));
  if (it == metadata.end()) return std::nullopt;
  return std::string(it->second.data(), it->second.size());
}
// [END find_metadata]

}  // namespace common
