#include "meter-demo/sqlite_meter_data.h"

#include <algorithm>
#include <cmath>

namespace meter {

std::unique_ptr<SqliteMeterData> SqliteMeterData::Open(const std::string& path,
                                                       std::string* error) {
  std::unique_ptr<MeterStore> store = MeterStore::Open(path, error);
  if (store == nullptr) return nullptr;
  std::unique_ptr<SqliteMeterData> data(new SqliteMeterData(std::move(store)));
  for (const std::string& meter_id : data->store_->ListMeters()) {
    Series& series = data->series_[meter_id];
    bool ok = data->store_->Scan(
        meter_id, INT64_MIN, INT64_MAX, 1 << 16,
        [&series](const std::vector<Reading>& batch) {
          for (const Reading& reading : batch)
            series.Append(reading.time, reading.kwh);
          return true;
        },
        error);
    if (!ok) return nullptr;
  }
  return data;
}

bool SqliteMeterData::Upsert(const std::string& meter_id,
                             const std::vector<Reading>& readings,
                             std::string* error) {
  std::lock_guard<std::mutex> write_lock(write_mutex_);
  if (!store_->Upsert(meter_id, readings, error)) return false;
  {
    std::unique_lock<std::shared_mutex> lock(series_mutex_);
    series_[meter_id].Upsert(readings);
  }
  // Still under write_mutex_, so listeners see uploads in the order they
  // were stored.
  Publish(meter_id, readings);
  return true;
}

absl::StatusOr<bool> SqliteMeterData::HasMeter(
    const std::string& meter_id) const {
  std::shared_lock<std::shared_mutex> lock(series_mutex_);
  return series_.count(meter_id) > 0;
}

absl::StatusOr<std::vector<MeterStats>> SqliteMeterData::ListMeters() const {
  std::shared_lock<std::shared_mutex> lock(series_mutex_);
  std::vector<MeterStats> meters;
  for (const auto& [id, series] : series_) {
    MeterStats stats;
    stats.id = id;
    stats.reading_count = series.size();
    if (!series.empty()) {
      stats.first_time = series.times.front();
      stats.last_time = series.times.back();
    }
    meters.push_back(std::move(stats));
  }
  return meters;
}

absl::StatusOr<bool> SqliteMeterData::CopyRange(const std::string& meter_id,
                                                int64_t start, int64_t end,
                                                size_t max_count,
                                                Series* out) const {
  out->clear();
  std::shared_lock<std::shared_mutex> lock(series_mutex_);
  auto it = series_.find(meter_id);
  if (it == series_.end()) return false;
  const Series& series = it->second;
  size_t first = series.LowerBound(start);
  size_t last = std::min(series.LowerBound(end), first + max_count);
  if (first >= last) return false;
  out->times.assign(series.times.begin() + first, series.times.begin() + last);
  out->values.assign(series.values.begin() + first,
                     series.values.begin() + last);
  return true;
}

absl::StatusOr<RangeSummary> SqliteMeterData::Summarize(
    const std::string& meter_id, int64_t start, int64_t end) const {
  RangeSummary summary;
  std::shared_lock<std::shared_mutex> lock(series_mutex_);
  auto it = series_.find(meter_id);
  if (it == series_.end()) return summary;
  const Series& series = it->second;
  size_t first = series.LowerBound(start);
  size_t last = series.LowerBound(end);
  if (first >= last) return summary;
  summary.reading_count = last - first;
  summary.first_time = series.times[first];
  summary.last_time = series.times[last - 1];
  for (size_t i = first; i < last; ++i) {
    double value = series.values[i];
    if (std::isnan(value)) {
      ++summary.missing_count;
      continue;
    }
    summary.total += value;
    if (!summary.min || value < summary.min->kwh)
      summary.min = Reading{series.times[i], value};
    if (!summary.max || value > summary.max->kwh)
      summary.max = Reading{series.times[i], value};
  }
  return summary;
}

}  // namespace meter
