// The readings of every meter: kept in a SQLite file for durability, and in
// memory for fast range reads (a million readings take 16 MB). Reads never
// touch the database after Open(); writes go to the database first, then to
// memory, then to the listeners (live subscriptions).
#ifndef METER_DEMO_METER_DATA_H_
#define METER_DEMO_METER_DATA_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "meter-demo/reading.h"
#include "meter-demo/series.h"
#include "meter-demo/store.h"

namespace meter {

struct RangeSummary {
  int64_t reading_count = 0;  // including missing readings
  int64_t missing_count = 0;
  double total = 0;
  // Set when at least one reading in the range is present.
  std::optional<Reading> min;
  std::optional<Reading> max;
  std::optional<int64_t> first_time;
  std::optional<int64_t> last_time;
};

struct MeterStats {
  std::string id;
  int64_t reading_count = 0;
  std::optional<int64_t> first_time;
  std::optional<int64_t> last_time;
};

class MeterData {
 public:
  // Opens (creating if needed) the database at `path` (":memory:" for a
  // private one) and loads every meter into memory. Returns nullptr and sets
  // `error` on failure.
  static std::unique_ptr<MeterData> Open(const std::string& path,
                                         std::string* error);

  // Stores `readings` for `meter_id` (creating the meter) in one
  // transaction. A reading at a time the meter already has replaces it.
  // Returns false and sets `error` if nothing was stored.
  bool Upsert(const std::string& meter_id, const std::vector<Reading>& readings,
              std::string* error);

  bool HasMeter(const std::string& meter_id) const;
  std::vector<MeterStats> ListMeters() const;

  // Copies up to `max_count` readings of `meter_id` with times in
  // [start, end) into `out` (cleared first). Returns false if there are no
  // more. Callers page through a range by moving `start` past the last time
  // copied; the lock is held only for one copy, so uploads are not blocked
  // by a long stream.
  bool CopyRange(const std::string& meter_id, int64_t start, int64_t end,
                 size_t max_count, Series* out) const;

  RangeSummary Summarize(const std::string& meter_id, int64_t start,
                         int64_t end) const;

  // Called after every successful Upsert, on the uploading thread, with the
  // readings as uploaded. Must not call back into MeterData's writers.
  using Listener = std::function<void(const std::string& meter_id,
                                      const std::vector<Reading>& readings)>;
  // Returns an id for RemoveListener.
  int AddListener(Listener listener);
  void RemoveListener(int id);

 private:
  explicit MeterData(std::unique_ptr<MeterStore> store)
      : store_(std::move(store)) {}

  std::mutex write_mutex_;  // one Upsert at a time: database, then memory
  std::unique_ptr<MeterStore> store_;

  mutable std::shared_mutex series_mutex_;
  std::map<std::string, Series> series_;

  std::mutex listeners_mutex_;
  std::map<int, Listener> listeners_;
  int next_listener_id_ = 0;
};

}  // namespace meter

#endif  // METER_DEMO_METER_DATA_H_
