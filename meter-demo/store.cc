#include "meter-demo/store.h"

#include <sqlite3.h>

namespace meter {
namespace {

using Statement = common::SqlStatement;

constexpr char kSchema[] = R"sql(
  CREATE TABLE IF NOT EXISTS meters (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE
  );
  -- kwh is NULL for a missing reading. WITHOUT ROWID stores rows in primary
  -- key order, so a range of one meter is contiguous on disk.
  CREATE TABLE IF NOT EXISTS readings (
    meter INTEGER NOT NULL REFERENCES meters(key),
    time INTEGER NOT NULL,
    kwh REAL,
    PRIMARY KEY (meter, time)
  ) WITHOUT ROWID;
)sql";

}  // namespace

std::unique_ptr<MeterStore> MeterStore::Open(const std::string& path,
                                             std::string* error) {
  std::optional<common::SqliteDb> db = common::SqliteDb::Open(path, error);
  if (!db) return nullptr;
  // WAL lets readers scan while an upload writes; NORMAL sync is durable
  // across a process crash, which is what a demo needs.
  if (!db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", error) ||
      !db->Exec(kSchema, error)) {
    *error = path + ": " + *error;
    return nullptr;
  }
  return std::unique_ptr<MeterStore>(new MeterStore(std::move(*db)));
}

std::optional<int64_t> MeterStore::MeterKey(const std::string& meter_id) const {
  Statement select(db_, "SELECT key FROM meters WHERE id = ?");
  select.Bind(1, meter_id);
  if (select.Step() != SQLITE_ROW) return std::nullopt;
  return select.Int64(0);
}

bool MeterStore::Upsert(const std::string& meter_id,
                        const std::vector<Reading>& readings,
                        std::string* error) {
  if (!db_.Exec("BEGIN IMMEDIATE", error)) return false;
  auto fail = [&](const std::string& message) {
    *error = message;
    std::string ignored;
    db_.Exec("ROLLBACK", &ignored);
    return false;
  };
  {
    Statement insert_meter(db_, "INSERT OR IGNORE INTO meters(id) VALUES (?)");
    insert_meter.Bind(1, meter_id);
    if (insert_meter.Step() != SQLITE_DONE) return fail(db_.error_message());
  }
  std::optional<int64_t> key = MeterKey(meter_id);
  if (!key) return fail("meter " + meter_id + " could not be created");

  Statement upsert(db_,
                   "INSERT INTO readings(meter, time, kwh) VALUES (?, ?, ?) "
                   "ON CONFLICT(meter, time) DO UPDATE SET kwh = excluded.kwh");
  if (!upsert.ok()) return fail(db_.error_message());
  for (const Reading& reading : readings) {
    upsert.Bind(1, *key);
    upsert.Bind(2, reading.time);
    if (reading.missing()) {
      upsert.BindNull(3);
    } else {
      upsert.Bind(3, reading.kwh);
    }
    if (upsert.Step() != SQLITE_DONE) return fail(db_.error_message());
    upsert.Reset();
  }
  return db_.Exec("COMMIT", error);
}

bool MeterStore::Scan(const std::string& meter_id, int64_t start, int64_t end,
                      size_t batch_size, const BatchVisitor& visit,
                      std::string* error) const {
  std::optional<int64_t> key = MeterKey(meter_id);
  if (!key) return true;  // An unknown meter has no readings.
  Statement select(db_,
                   "SELECT time, kwh FROM readings "
                   "WHERE meter = ? AND time >= ? AND time < ? ORDER BY time");
  select.Bind(1, *key);
  select.Bind(2, start);
  select.Bind(3, end);
  std::vector<Reading> batch;
  batch.reserve(batch_size);
  int step;
  while ((step = select.Step()) == SQLITE_ROW) {
    Reading reading;
    reading.time = select.Int64(0);
    if (!select.IsNull(1)) reading.kwh = select.Double(1);
    batch.push_back(reading);
    if (batch.size() == batch_size) {
      if (!visit(batch)) return true;
      batch.clear();
    }
  }
  if (step != SQLITE_DONE) {
    *error = db_.error_message();
    return false;
  }
  if (!batch.empty()) visit(batch);
  return true;
}

std::vector<std::string> MeterStore::ListMeters() const {
  std::vector<std::string> meters;
  Statement select(db_, "SELECT id FROM meters ORDER BY id");
  while (select.Step() == SQLITE_ROW) meters.push_back(select.Text(0));
  return meters;
}

bool MeterStore::HasMeter(const std::string& meter_id) const {
  return MeterKey(meter_id).has_value();
}

std::optional<std::pair<int64_t, int64_t>> MeterStore::TimeSpan(
    const std::string& meter_id) const {
  std::optional<int64_t> key = MeterKey(meter_id);
  if (!key) return std::nullopt;
  Statement select(db_,
                   "SELECT MIN(time), MAX(time) FROM readings WHERE meter = ?");
  select.Bind(1, *key);
  if (select.Step() != SQLITE_ROW || select.IsNull(0)) return std::nullopt;
  return std::make_pair(select.Int64(0), select.Int64(1));
}

}  // namespace meter
