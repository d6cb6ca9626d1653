#include "pi-demo/attendance_store.h"

#include "common/postgres/postgres.h"
#include "pi-demo/postgres_attendance_store.h"
#include "pi-demo/sqlite_attendance_store.h"

namespace attendance {

std::unique_ptr<AttendanceStore> AttendanceStore::Open(const std::string& db,
                                                       std::string* error) {
  if (common::IsPostgresUrl(db)) {
    return PostgresAttendanceStore::Open(db, error);
  }
  return SqliteAttendanceStore::Open(db, error);
}

}  // namespace attendance
