// MeterData in PostgreSQL, shared by several meter server replicas:
//
//   - uploads take turns per meter (a lock on its row); new readings are
//     COPYed straight into the table, replacements go through a staging
//     table; the meter's count and time span are kept in its row (so
//     ListMeters reads one row per meter, not every reading);
//   - range reads fetch one page per query (keyset: time >= the last time
//     sent + 1), so a slow reader holds neither a lock nor a connection;
//   - every upload's transaction ends with NOTIFY, which PostgreSQL delivers
//     on commit, in commit order, to every replica's listener thread; the
//     listener reads the upload's readings back and tells this replica's
//     subscribers. Uploads through this replica arrive the same way, so all
//     replicas' subscribers see one order.
#ifndef METER_DEMO_POSTGRES_METER_DATA_H_
#define METER_DEMO_POSTGRES_METER_DATA_H_

#include <memory>
#include <string>
#include <vector>

#include "common/postgres/listener.h"
#include "common/postgres/postgres.h"
#include "meter-demo/meter_data.h"

namespace meter {

class PostgresMeterData final : public MeterData {
 public:
  // Connects to `url`, creates or migrates the schema and starts listening.
  static std::unique_ptr<PostgresMeterData> Open(const std::string& url,
                                                 std::string* error);
  ~PostgresMeterData() override;

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
  explicit PostgresMeterData(std::unique_ptr<common::PgPool> pool);
  // On the listener's thread: reads the notified upload, tells listeners.
  void PublishChange(common::PgConnection& connection,
                     const std::string& payload);

  std::unique_ptr<common::PgPool> pool_;
  std::unique_ptr<common::PgListener> listener_;
};

}  // namespace meter

#endif  // METER_DEMO_POSTGRES_METER_DATA_H_
