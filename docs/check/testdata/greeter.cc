// A source file for the docs checker's own tests.
#include <iostream>

// [START main]
int main() {
  // [START greet]
  std::cout << "hello" << std::endl;
  // [END greet]
  return 0;
}
// [END main]
