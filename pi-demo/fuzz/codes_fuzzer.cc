// Fuzzes the normalisation of typed codes: any text is a canonical code or
// none, and a canonical code normalises to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pi-demo/codes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view typed(reinterpret_cast<const char*>(data), size);
  const std::optional<std::string> code = attendance::NormalizeCode(typed);
  if (code && attendance::NormalizeCode(*code) != code) std::abort();
  return 0;
}
