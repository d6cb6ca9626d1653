// Compression algorithms by name, for flags: "none", "deflate", "gzip".
#ifndef EXAMPLES_COMPRESSION_ALGORITHM_NAME_H_
#define EXAMPLES_COMPRESSION_ALGORITHM_NAME_H_

#include <grpc/impl/codegen/compression_types.h>

#include <string>

namespace compression {

// False for a name that is none of the three.
inline bool ParseAlgorithm(const std::string& name,
                           grpc_compression_algorithm* algorithm) {
  if (name == "none") {
    *algorithm = GRPC_COMPRESS_NONE;
  } else if (name == "deflate") {
    *algorithm = GRPC_COMPRESS_DEFLATE;
  } else if (name == "gzip") {
    *algorithm = GRPC_COMPRESS_GZIP;
  } else {
    return false;
  }
  return true;
}

}  // namespace compression

#endif  // EXAMPLES_COMPRESSION_ALGORITHM_NAME_H_
