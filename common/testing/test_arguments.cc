#include "common/testing/test_arguments.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iostream>
#include <vector>

namespace testing_util {
namespace {

struct Declared {
  const char* usage = nullptr;
  int count = 0;
};

Declared& Declaration() {
  static Declared declared;
  return declared;
}

std::vector<std::string>& Arguments() {
  static std::vector<std::string> arguments;
  return arguments;
}

}  // namespace

TestArgumentsDeclaration::TestArgumentsDeclaration(const char* usage,
                                                   int count) {
  Declaration() = {usage, count};
}

const std::string& TestArgument(int index) { return Arguments().at(index); }

}  // namespace testing_util

int main(int argc, char** argv) {
  ::testing::InitGoogleMock(&argc, argv);
  const testing_util::Declared& declared = testing_util::Declaration();
  if (argc - 1 != declared.count) {
    std::cerr << "usage: " << (declared.usage ? declared.usage : argv[0])
              << std::endl;
    return 2;
  }
  testing_util::Arguments().assign(argv + 1, argv + argc);
  return RUN_ALL_TESTS();
}
