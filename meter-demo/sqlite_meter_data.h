// MeterData in an SQLite file (store.h) with every meter also in memory:
// reads never touch the database after Open(); writes go to the database
// first, then to memory, then to the listeners (live subscriptions). One
// process owns the file.
#ifndef METER_DEMO_SQLITE_METER_DATA_H_
#define METER_DEMO_SQLITE_METER_DATA_H_

#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "meter-demo/meter_data.h"
#include "meter-demo/store.h"

namespace meter {

class SqliteMeterData final : public MeterData {
 public:
  // Opens (creating if needed) the file at `path` (":memory:" for a
  // private one) and loads every meter into memory.
  static std::unique_ptr<SqliteMeterData> Open(const std::string& path,
                                               std::string* error);

  bool Upsert(const std::string& meter_id, const std::vector<Reading>& readings,
              std::string* error) override;
  absl::StatusOr<bool> HasMeter(const std::string& meter_id) const override;
  absl::StatusOr<std::vector<MeterStats>> ListMeters() const override;
  absl::StatusOr<bool> CopyRange(const std::string& meter_id, int64_t start,
                                 int64_t end, size_t max_count,
                                 Series* out) const override;
  absl::StatusOr<RangeSummary> Summarize(const std::string& meter_id,
                                         int64_t start,
                                         int64_t end) const override;

 private:
  explicit SqliteMeterData(std::unique_ptr<MeterStore> store)
      : store_(std::move(store)) {}

  std::mutex write_mutex_;  // one Upsert at a time: database, then memory
  std::unique_ptr<MeterStore> store_;

  mutable std::shared_mutex series_mutex_;
  std::map<std::string, Series> series_;
};

}  // namespace meter

#endif  // METER_DEMO_SQLITE_METER_DATA_H_
