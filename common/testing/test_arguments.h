// A googletest main() for tests that take paths on their command line (the
// binaries they run, data files), passed from BUILD with $(rootpath ...):
//
//   cc_test(..., args = ["$(rootpath :server)"], deps = [
//       "//common/testing:test_arguments", ...])
//
//   testing_util::TestArgument(0)   // the server's path
//
// main() checks that as many arguments came as the test declares with
// TEST_ARGUMENTS("usage text", count), so a BUILD file that forgets one
// fails at once with the usage rather than deep inside a test.
#ifndef COMMON_TESTING_TEST_ARGUMENTS_H_
#define COMMON_TESTING_TEST_ARGUMENTS_H_

#include <string>

namespace testing_util {

// The `index`th argument after googletest's own flags were removed.
const std::string& TestArgument(int index);

struct TestArgumentsDeclaration {
  TestArgumentsDeclaration(const char* usage, int count);
};

}  // namespace testing_util

// In the test's .cc file, at namespace scope: the arguments it needs, e.g.
// TEST_ARGUMENTS("health_test <health_server binary>", 1);
#define TEST_ARGUMENTS(usage, count)                    \
  static const ::testing_util::TestArgumentsDeclaration \
      test_arguments_declaration_ {                     \
    usage, count                                        \
  }

#endif  // COMMON_TESTING_TEST_ARGUMENTS_H_
