#include "common/sqlite/sqlite.h"

#include <utility>

namespace common {

std::optional<SqliteDb> SqliteDb::Open(const std::string& path,
                                       std::string* error) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    *error = "cannot open " + path + ": " + sqlite3_errmsg(db);
    sqlite3_close(db);
    return std::nullopt;
  }
  return SqliteDb(db);
}

SqliteDb& SqliteDb::operator=(SqliteDb&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

bool SqliteDb::Exec(const char* sql, std::string* error) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    *error = message ? message : "unknown SQLite error";
    sqlite3_free(message);
    return false;
  }
  return true;
}

SqlStatement::SqlStatement(const SqliteDb& db, const char* sql) {
  if (sqlite3_prepare_v2(db.get(), sql, -1, &stmt_, nullptr) != SQLITE_OK) {
    stmt_ = nullptr;
  }
}

void SqlStatement::Bind(int index, const std::string& text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
}

void SqlStatement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
}

void SqlStatement::Bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
}

void SqlStatement::BindNull(int index) { sqlite3_bind_null(stmt_, index); }

std::string SqlStatement::Text(int column) {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  return text ? std::string(reinterpret_cast<const char*>(text),
                            sqlite3_column_bytes(stmt_, column))
              : std::string();
}

}  // namespace common
