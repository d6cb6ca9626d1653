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

}  // namespace common
