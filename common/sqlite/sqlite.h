// The small layer over SQLite's C API that the demos' stores share: one
// owning connection that closes itself, and prepared statements that
// finalize themselves.
#ifndef COMMON_SQLITE_SQLITE_H_
#define COMMON_SQLITE_SQLITE_H_

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>

namespace common {

// A database connection, closed when it goes.
class SqliteDb {
 public:
  // Opens (creating if needed) the database at `path` (":memory:" for a
  // private in-memory one). Returns nullopt and sets `error` ("cannot open
  // <path>: <why>") on failure.
  static std::optional<SqliteDb> Open(const std::string& path,
                                      std::string* error);

  SqliteDb(SqliteDb&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  SqliteDb& operator=(SqliteDb&& other) noexcept;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb() { sqlite3_close(db_); }

  // Runs `sql` (one or more statements without results). Returns false and
  // sets `error` to SQLite's message on failure.
  bool Exec(const char* sql, std::string* error);

  // Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t changes() const { return sqlite3_changes(db_); }
  int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  // SQLite's message about the last failure.
  std::string error_message() const { return sqlite3_errmsg(db_); }

  sqlite3* get() const { return db_; }

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}

  sqlite3* db_;
};

// A prepared statement that finalizes itself.
class SqlStatement {
 public:
  SqlStatement(const SqliteDb& db, const char* sql);
  ~SqlStatement() { sqlite3_finalize(stmt_); }
  SqlStatement(const SqlStatement&) = delete;
  SqlStatement& operator=(const SqlStatement&) = delete;

  // False if `sql` did not compile; Step() then returns SQLITE_ERROR.
  bool ok() const { return stmt_ != nullptr; }

  // Parameters count from 1; text is copied.
  void Bind(int index, const std::string& text);
  void Bind(int index, int64_t value);
  void Bind(int index, int value) { Bind(index, int64_t{value}); }
  void Bind(int index, double value);
  void BindNull(int index);
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return ok() ? sqlite3_step(stmt_) : SQLITE_ERROR; }
  // Makes the statement ready to Step() again, with new bindings.
  void Reset() { sqlite3_reset(stmt_); }

  // Columns count from 0. NULL reads as "", 0 and NaN.
  std::string Text(int column);
  int64_t Int64(int column) { return sqlite3_column_int64(stmt_, column); }
  double Double(int column) { return sqlite3_column_double(stmt_, column); }
  bool IsNull(int column) {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace common

#endif  // COMMON_SQLITE_SQLITE_H_
