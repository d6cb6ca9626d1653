#include "meter-demo/store.h"

#include <sqlite3.h>

#include <cmath>

#include "common/sqlite/sqlite.h"

namespace meter {
namespace {

using common::ExecSql;
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
  sqlite3* db = common::OpenSqlite(path, error);
  if (db == nullptr) return nullptr;
  std::unique_ptr<MeterStore> store(new MeterStore(db));
  // WAL lets readers scan while an upload writes; NORMAL sync is durable
  // across a process crash, which is what a demo needs.
  if (!ExecSql(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
               error) ||
      !ExecSql(db, kSchema, error)) {
    *error = path + ": " + *error;
    return nullptr;
  }
  return store;
}

MeterStore::~MeterStore() { sqlite3_close(db_); }

std::optional<int64_t> MeterStore::MeterKey(const std::string& meter_id) const {
  Statement select(db_, "SELECT key FROM meters WHERE id = ?");
  sqlite3_bind_text(select.get(), 1, meter_id.data(), meter_id.size(),
                    SQLITE_STATIC);
  if (sqlite3_step(select.get()) != SQLITE_ROW) return std::nullopt;
  return sqlite3_column_int64(select.get(), 0);
}

bool MeterStore::Upsert(const std::string& meter_id,
                        const std::vector<Reading>& readings,
                        std::string* error) {
  if (!ExecSql(db_, "BEGIN IMMEDIATE", error)) return false;
  auto fail = [&](const std::string& message) {
    *error = message;
    std::string ignored;
    ExecSql(db_, "ROLLBACK", &ignored);
    return false;
  };
  {
    Statement insert_meter(db_, "INSERT OR IGNORE INTO meters(id) VALUES (?)");
    sqlite3_bind_text(insert_meter.get(), 1, meter_id.data(), meter_id.size(),
                      SQLITE_STATIC);
    if (sqlite3_step(insert_meter.get()) != SQLITE_DONE)
      return fail(sqlite3_errmsg(db_));
  }
  std::optional<int64_t> key = MeterKey(meter_id);
  if (!key) return fail("meter " + meter_id + " could not be created");

  Statement upsert(db_,
                   "INSERT INTO readings(meter, time, kwh) VALUES (?, ?, ?) "
                   "ON CONFLICT(meter, time) DO UPDATE SET kwh = excluded.kwh");
  if (!upsert.ok()) return fail(sqlite3_errmsg(db_));
  for (const Reading& reading : readings) {
    sqlite3_bind_int64(upsert.get(), 1, *key);
    sqlite3_bind_int64(upsert.get(), 2, reading.time);
    if (reading.missing()) {
      sqlite3_bind_null(upsert.get(), 3);
    } else {
      sqlite3_bind_double(upsert.get(), 3, reading.kwh);
    }
    if (sqlite3_step(upsert.get()) != SQLITE_DONE)
      return fail(sqlite3_errmsg(db_));
    sqlite3_reset(upsert.get());
  }
  return ExecSql(db_, "COMMIT", error);
}

bool MeterStore::Scan(const std::string& meter_id, int64_t start, int64_t end,
                      size_t batch_size, const BatchVisitor& visit,
                      std::string* error) const {
  std::optional<int64_t> key = MeterKey(meter_id);
  if (!key) return true;  // An unknown meter has no readings.
  Statement select(db_,
                   "SELECT time, kwh FROM readings "
                   "WHERE meter = ? AND time >= ? AND time < ? ORDER BY time");
  sqlite3_bind_int64(select.get(), 1, *key);
  sqlite3_bind_int64(select.get(), 2, start);
  sqlite3_bind_int64(select.get(), 3, end);
  std::vector<Reading> batch;
  batch.reserve(batch_size);
  int step;
  while ((step = sqlite3_step(select.get())) == SQLITE_ROW) {
    Reading reading;
    reading.time = sqlite3_column_int64(select.get(), 0);
    if (sqlite3_column_type(select.get(), 1) != SQLITE_NULL) {
      reading.kwh = sqlite3_column_double(select.get(), 1);
    }
    batch.push_back(reading);
    if (batch.size() == batch_size) {
      if (!visit(batch)) return true;
      batch.clear();
    }
  }
  if (step != SQLITE_DONE) {
    *error = sqlite3_errmsg(db_);
    return false;
  }
  if (!batch.empty()) visit(batch);
  return true;
}

std::vector<std::string> MeterStore::ListMeters() const {
  std::vector<std::string> meters;
  Statement select(db_, "SELECT id FROM meters ORDER BY id");
  while (sqlite3_step(select.get()) == SQLITE_ROW) {
    meters.emplace_back(
        reinterpret_cast<const char*>(sqlite3_column_text(select.get(), 0)));
  }
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
  sqlite3_bind_int64(select.get(), 1, *key);
  if (sqlite3_step(select.get()) != SQLITE_ROW ||
      sqlite3_column_type(select.get(), 0) == SQLITE_NULL) {
    return std::nullopt;
  }
  return std::make_pair(sqlite3_column_int64(select.get(), 0),
                        sqlite3_column_int64(select.get(), 1));
}

}  // namespace meter
