// Flags shared by both Calculator servers.
#ifndef EXAMPLES_CALCULATOR_SERVER_FLAGS_H_
#define EXAMPLES_CALCULATOR_SERVER_FLAGS_H_

#include "common/grpc/server_runner.h"

namespace calculator {

// Parses the command line and returns the options the flags describe.
common::ServerOptions ParseServerFlags(int argc, char** argv,
                                       const std::string& name);

}  // namespace calculator

#endif  // EXAMPLES_CALCULATOR_SERVER_FLAGS_H_
