// The flags both {{Service}} servers take.
#ifndef {{GUARD}}_SERVER_FLAGS_H_
#define {{GUARD}}_SERVER_FLAGS_H_

#include <string>

#include "common/grpc/server_runner.h"

namespace {{name}} {

// Parses the command line (--help and usage errors exit) and returns the
// options the flags describe. `name` is the server's name in its log lines.
common::ServerOptions ParseServerFlags(int argc, char** argv,
                                       const std::string& name);

}  // namespace {{name}}

#endif  // {{GUARD}}_SERVER_FLAGS_H_
