// main() for a fuzz target outside libFuzzer (bazel/fuzz.bzl): runs each
// file named on the command line through LLVMFuzzerTestOneInput once, so
// that the corpus (the seeds, and every input that once crashed the target)
// is a regression test of every build.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
    __attribute__((weak));

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  int inputs = 0;
  for (int i = 1; i < argc; ++i) {
    std::ifstream file(argv[i], std::ios::binary);
    if (!file) {
      std::cerr << argv[i] << ": cannot be read" << std::endl;
      return 1;
    }
    std::stringstream contents;
    contents << file.rdbuf();
    const std::string input = contents.str();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()),
                           input.size());
    ++inputs;
  }
  std::cout << "replayed " << inputs << " inputs" << std::endl;
  // No input at all is a broken BUILD rule, not a pass.
  return inputs > 0 ? 0 : 1;
}
