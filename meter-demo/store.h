// Meter readings in an embedded SQLite database file: nothing to install or
// start. One row per (meter, time), clustered on that key so a time range of
// one meter is a single sequential scan.
#ifndef METER_DEMO_STORE_H_
#define METER_DEMO_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/sqlite/sqlite.h"
#include "meter-demo/reading.h"

namespace meter {

class MeterStore {
 public:
  // Opens (and on first use creates) the database at `path`; ":memory:" for
  // a private in-memory one. Returns nullptr and sets `error` on failure.
  static std::unique_ptr<MeterStore> Open(const std::string& path,
                                          std::string* error);
  MeterStore(const MeterStore&) = delete;
  MeterStore& operator=(const MeterStore&) = delete;

  // Writes `readings` to `meter_id` in one transaction, creating the meter
  // if needed. A reading at a time the meter already has replaces it, so
  // importing the same data twice changes nothing. Returns false and sets
  // `error` if nothing was written.
  bool Upsert(const std::string& meter_id, const std::vector<Reading>& readings,
              std::string* error);

  // Calls `visit` with the readings of `meter_id` in [start, end) in time
  // order, in batches of at most `batch_size`; stops early when `visit`
  // returns false. Returns false and sets `error` on a database error.
  using BatchVisitor = std::function<bool(const std::vector<Reading>&)>;
  bool Scan(const std::string& meter_id, int64_t start, int64_t end,
            size_t batch_size, const BatchVisitor& visit,
            std::string* error) const;

  // The meters in the store, sorted by id.
  std::vector<std::string> ListMeters() const;
  bool HasMeter(const std::string& meter_id) const;

  // Time of the first and last reading of a meter (nullopt if it has none).
  std::optional<std::pair<int64_t, int64_t>> TimeSpan(
      const std::string& meter_id) const;

 private:
  explicit MeterStore(common::SqliteDb db) : db_(std::move(db)) {}
  std::optional<int64_t> MeterKey(const std::string& meter_id) const;

  common::SqliteDb db_;
};

}  // namespace meter

#endif  // METER_DEMO_STORE_H_
