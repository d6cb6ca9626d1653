#include "{{dir}}/store.h"

namespace {{name}} {
namespace {

using {{proto_ns}}::Item;

grpc::Status CheckName(const std::string& name) {
  if (name.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "an item needs a name");
  }
  if (name.size() > Store::kMaxNameBytes) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "an item's name has at most " +
                            std::to_string(Store::kMaxNameBytes) + " bytes");
  }
  return grpc::Status::OK;
}

Item MakeItem(const std::string& name, int64_t quantity) {
  Item item;
  item.set_name(name);
  item.set_quantity(quantity);
  return item;
}

}  // namespace

grpc::Status Store::Get(const std::string& name, Item* item) const {
  if (grpc::Status status = CheckName(name); !status.ok()) return status;
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = quantities_.find(name);
  if (found == quantities_.end()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "no item is called '" + name + "'");
  }
  *item = MakeItem(name, found->second);
  return grpc::Status::OK;
}

std::vector<Item> Store::List(const std::string& prefix) const {
  std::vector<Item> items;
  std::lock_guard<std::mutex> lock(mutex_);
  // The map is sorted: the names with the prefix come one after another.
  for (auto it = quantities_.lower_bound(prefix);
       it != quantities_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it) {
    items.push_back(MakeItem(it->first, it->second));
  }
  return items;
}

grpc::Status Store::Add(const Item& item, Item* stored) {
  if (grpc::Status status = CheckName(item.name()); !status.ok()) {
    return status;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = quantities_.find(item.name());
  if (found == quantities_.end() && quantities_.size() >= kMaxItems) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "the store holds " + std::to_string(kMaxItems) +
                            " items already");
  }
  int64_t sum = 0;
  int64_t before = found == quantities_.end() ? 0 : found->second;
  if (__builtin_add_overflow(before, item.quantity(), &sum)) {
    return grpc::Status(grpc::StatusCode::OUT_OF_RANGE,
                        "the quantity of '" + item.name() +
                            "' would not fit in 64 bits");
  }
  quantities_[item.name()] = sum;
  *stored = MakeItem(item.name(), sum);
  return grpc::Status::OK;
}

}  // namespace {{name}}
