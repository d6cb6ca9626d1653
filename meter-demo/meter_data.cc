#include "meter-demo/meter_data.h"

#include <algorithm>

#include "common/postgres/postgres.h"
#include "meter-demo/postgres_meter_data.h"
#include "meter-demo/sqlite_meter_data.h"

namespace meter {

std::unique_ptr<MeterData> MeterData::Open(const std::string& db,
                                           std::string* error) {
  if (common::IsPostgresUrl(db)) return PostgresMeterData::Open(db, error);
  return SqliteMeterData::Open(db, error);
}

int MeterData::AddListener(Listener listener) {
  std::lock_guard<std::mutex> lock(listeners_mutex_);
  int id = next_listener_id_++;
  listeners_[id] = std::move(listener);
  return id;
}

void MeterData::RemoveListener(int id) {
  std::lock_guard<std::mutex> lock(listeners_mutex_);
  listeners_.erase(id);
}

void MeterData::Publish(const std::string& meter_id,
                        const std::vector<Reading>& readings) {
  std::lock_guard<std::mutex> lock(listeners_mutex_);
  for (const auto& [id, listener] : listeners_) listener(meter_id, readings);
}

std::vector<Reading> LastPerTime(const std::vector<Reading>& readings) {
  std::vector<Reading> sorted = readings;
  // Stable, so that among readings at one time the last uploaded is last.
  std::stable_sort(
      sorted.begin(), sorted.end(),
      [](const Reading& a, const Reading& b) { return a.time < b.time; });
  std::vector<Reading> unique;
  unique.reserve(sorted.size());
  for (const Reading& reading : sorted) {
    if (!unique.empty() && unique.back().time == reading.time) {
      unique.back() = reading;
    } else {
      unique.push_back(reading);
    }
  }
  return unique;
}

}  // namespace meter
