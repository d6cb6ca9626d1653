// The small layer over SQLite's C API that the demos' stores share: opening
// a database file, running SQL without results, and prepared statements that
// finalize themselves.
#ifndef COMMON_SQLITE_SQLITE_H_
#define COMMON_SQLITE_SQLITE_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace common {

// Opens (creating if needed) the database at `path`. Returns nullptr and
// sets `error` ("cannot open <path>: <why>") on failure; the caller closes
// the handle it gets with sqlite3_close().
sqlite3* OpenSqlite(const std::string& path, std::string* error);

// Runs `sql` (one or more statements without results). Returns false and
// sets `error` to SQLite's message on failure.
bool ExecSql(sqlite3* db, const char* sql, std::string* error);

// A prepared statement that finalizes itself.
class SqlStatement {
 public:
  SqlStatement(sqlite3* db, const char* sql);
  ~SqlStatement() { sqlite3_finalize(stmt_); }
  SqlStatement(const SqlStatement&) = delete;
  SqlStatement& operator=(const SqlStatement&) = delete;

  // False if `sql` did not compile; Step() then returns SQLITE_ERROR.
  bool ok() const { return stmt_ != nullptr; }
  sqlite3_stmt* get() const { return stmt_; }

  // Parameters count from 1; the text is copied.
  void Bind(int index, const std::string& text);
  void Bind(int index, int64_t value);
  int Step() { return ok() ? sqlite3_step(stmt_) : SQLITE_ERROR; }
  // Columns count from 0; NULL reads as "".
  std::string Text(int column);

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace common

#endif  // COMMON_SQLITE_SQLITE_H_
