// The items of {{package}}.{{Service}}, in memory: what both servers serve.
// Thread-safe, since calls run on many threads at once.
#ifndef {{GUARD}}_STORE_H_
#define {{GUARD}}_STORE_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "{{proto_dir}}/{{name}}.pb.h"

namespace {{name}} {

class Store {
 public:
  // Bounds, so that no client can make the server use unbounded memory.
  static constexpr size_t kMaxNameBytes = 100;
  static constexpr size_t kMaxItems = 10'000;

  // The item called `name`: NOT_FOUND if there is none, INVALID_ARGUMENT if
  // the name is not a valid one.
  grpc::Status Get(const std::string& name, {{proto_ns}}::Item* item) const;

  // The items whose names start with `prefix`, in name order.
  std::vector<{{proto_ns}}::Item> List(const std::string& prefix) const;

  // Adds `item.quantity()` to the stored item (0 if new) and returns it in
  // `stored`. INVALID_ARGUMENT for a bad name, OUT_OF_RANGE if the sum does
  // not fit in int64, RESOURCE_EXHAUSTED if the store is full.
  grpc::Status Add(const {{proto_ns}}::Item& item, {{proto_ns}}::Item* stored);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, int64_t> quantities_;  // Guarded by mutex_.
};

}  // namespace {{name}}

#endif  // {{GUARD}}_STORE_H_
