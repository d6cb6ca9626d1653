// Fuzzes the name checks: any bytes are accepted as a name or refused with
// INVALID_ARGUMENT naming the field, and an accepted name is valid UTF-8,
// trimmed, and accepted again as it is.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "pi-demo/name_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  std::string trimmed;
  const grpc::Status status =
      attendance::CheckName("first_name", value, &trimmed);
  if (!status.ok()) {
    if (status.error_code() != grpc::StatusCode::INVALID_ARGUMENT ||
        status.error_message().rfind("first_name: ", 0) != 0) {
      std::abort();
    }
    return 0;
  }
  std::string again;
  if (!attendance::IsValidUtf8(trimmed) ||
      !attendance::CheckName("first_name", trimmed, &again).ok() ||
      again != trimmed) {
    std::abort();
  }
  return 0;
}
