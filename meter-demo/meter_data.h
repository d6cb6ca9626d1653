// The readings of every meter, as the meter service reads and writes them.
// Two implementations, chosen by MeterData::Open from the --db value:
//
//   - a file path: SQLite (sqlite_meter_data.h), the embedded default. The
//     file is the durable copy and every meter is also held in memory for
//     fast range reads (a million readings take 16 MB).
//   - a postgresql:// URL or libpq connection string: PostgreSQL
//     (postgres_meter_data.h), shared by several server replicas. Reads go
//     to the database page by page, never a whole range in memory, and
//     every replica hears of every replica's uploads (LISTEN/NOTIFY).
//
// The same contract test (meter_data_test.cc) runs against both.
#ifndef METER_DEMO_METER_DATA_H_
#define METER_DEMO_METER_DATA_H_

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "meter-demo/reading.h"
#include "meter-demo/series.h"

namespace meter {

struct RangeSummary {
  int64_t reading_count = 0;  // including missing readings
  int64_t missing_count = 0;
  double total = 0;
  // Set when at least one reading in the range is present (the earliest
  // reading with the lowest and with the highest value).
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

// Reads fail (UNAVAILABLE, with the database's message) only when the
// database does; the SQLite implementation reads memory and never fails.
class MeterData {
 public:
  // Opens `db`: a PostgreSQL URL or connection string, or else an SQLite
  // file (created if needed; ":memory:" for a private in-memory one).
  // Creates or migrates the schema. Returns nullptr and sets `error` on
  // failure, including a database whose schema is newer than this program.
  static std::unique_ptr<MeterData> Open(const std::string& db,
                                         std::string* error);
  virtual ~MeterData() = default;

  // Stores `readings` for `meter_id` (creating the meter) in one
  // transaction. A reading at a time the meter already has replaces it, and
  // the last of several at one time wins. Returns false and sets `error` if
  // nothing was stored.
  virtual bool Upsert(const std::string& meter_id,
                      const std::vector<Reading>& readings,
                      std::string* error) = 0;

  virtual absl::StatusOr<bool> HasMeter(const std::string& meter_id) const = 0;
  // Sorted by id.
  virtual absl::StatusOr<std::vector<MeterStats>> ListMeters() const = 0;

  // Copies up to `max_count` readings of `meter_id` with times in
  // [start, end), in time order, into `out` (cleared first). Returns false
  // if there are none. Callers page through a range by moving `start` past
  // the last time copied, so no page holds a lock (or a database
  // connection) while the caller sends it.
  virtual absl::StatusOr<bool> CopyRange(const std::string& meter_id,
                                         int64_t start, int64_t end,
                                         size_t max_count,
                                         Series* out) const = 0;

  virtual absl::StatusOr<RangeSummary> Summarize(const std::string& meter_id,
                                                 int64_t start,
                                                 int64_t end) const = 0;

  // Called with every upload that was stored, in the order they were
  // stored: on the uploading thread (SQLite), or on a thread that listens
  // to the database (PostgreSQL, where uploads through other replicas come
  // too). Must not call back into Upsert.
  using Listener = std::function<void(const std::string& meter_id,
                                      const std::vector<Reading>& readings)>;
  // Returns an id for RemoveListener.
  int AddListener(Listener listener);
  void RemoveListener(int id);

 protected:
  MeterData() = default;
  // Calls every listener.
  void Publish(const std::string& meter_id,
               const std::vector<Reading>& readings);

 private:
  std::mutex listeners_mutex_;
  std::map<int, Listener> listeners_;
  int next_listener_id_ = 0;
};

// The readings with one per time, the last of several at the same time
// kept, sorted by time: what an upload stores.
std::vector<Reading> LastPerTime(const std::vector<Reading>& readings);

}  // namespace meter

#endif  // METER_DEMO_METER_DATA_H_
