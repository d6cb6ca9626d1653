// The small layer over libpq (PostgreSQL's C client library) that the demos'
// PostgreSQL stores share: results and connections that free themselves,
// parameters passed separately from the SQL text (never spliced into it),
// COPY for bulk loads, LISTEN/NOTIFY, and a small pool of connections for a
// multi-threaded server.
#ifndef COMMON_POSTGRES_POSTGRES_H_
#define COMMON_POSTGRES_POSTGRES_H_

#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace common {

// True if `db` names a PostgreSQL database rather than a file: a
// postgresql:// or postgres:// URL, or a libpq key=value connection string
// ("host=... dbname=...").
bool IsPostgresUrl(const std::string& db);

// `url` with its password, if any, replaced by "***", for logs.
std::string RedactPostgresUrl(const std::string& url);

// A query's result, cleared when it goes.
class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result) {}
  PgResult(PgResult&& other) noexcept : result_(other.result_) {
    other.result_ = nullptr;
  }
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult() { PQclear(result_); }

  // True for PGRES_COMMAND_OK and PGRES_TUPLES_OK.
  bool ok() const;
  ExecStatusType status() const { return PQresultStatus(result_); }
  // The server's message (or libpq's), without the trailing newline.
  std::string error() const;
  // The five-character SQLSTATE of a failure ("23505" is unique_violation).
  std::string sql_state() const;

  int rows() const { return PQntuples(result_); }
  bool IsNull(int row, int column) const {
    return PQgetisnull(result_, row, column);
  }
  std::string Text(int row, int column) const {
    return std::string(PQgetvalue(result_, row, column),
                       PQgetlength(result_, row, column));
  }
  // Columns of results asked for in binary (Exec(..., binary = true)):
  // bigint and double precision, as PostgreSQL sends them (big-endian).
  int64_t BinaryInt64(int row, int column) const;
  double BinaryDouble(int row, int column) const;
  // Rows changed by an INSERT, UPDATE or DELETE.
  int64_t affected_rows() const;

 private:
  PGresult* result_;
};

// Text parameters for $1, $2, ...; nullopt is SQL NULL.
using PgParams = std::vector<std::optional<std::string>>;

// One connection to the server. Not for use by two threads at once.
class PgConnection {
 public:
  // Connects to `url` (a URL or key=value string), giving up after
  // `connect_timeout` unless the URL sets its own. Returns nullptr and sets
  // `error` ("cannot connect to <url without password>: <why>") on failure.
  static std::unique_ptr<PgConnection> Connect(
      const std::string& url, std::string* error,
      std::chrono::seconds connect_timeout = std::chrono::seconds(10));
  ~PgConnection() { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement with `params`; with `binary`, results come in
  // binary (see PgResult::BinaryInt64). Never throws; check ok().
  PgResult Exec(const std::string& sql, const PgParams& params = {},
                bool binary = false);
  // Runs statements without parameters or results (schema, BEGIN, ...).
  // Returns false and sets `error` on failure.
  bool Run(const std::string& sql, std::string* error);

  // COPY ... FROM STDIN with `data` in COPY's text format (tab-separated
  // columns, \N for NULL, one row per line). Returns false and sets `error`.
  bool CopyIn(const std::string& copy_statement, const std::string& data,
              std::string* error);

  // LISTEN support: after Run("LISTEN channel"), wait until the socket is
  // readable, then Consume() and take each NextNotification().
  struct Notification {
    std::string channel;
    std::string payload;
  };
  int socket() const { return PQsocket(conn_); }
  // Reads what the server sent; false if the connection is broken.
  bool Consume();
  std::optional<Notification> NextNotification();

  // False once the connection is broken (the server restarted, say).
  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  // Reconnects with the same parameters; false if that fails.
  bool Reset();
  std::string error_message() const;

 private:
  PgConnection(PGconn* conn) : conn_(conn) {}
  PGconn* conn_;
};

// Up to `size` connections to one database, shared by a server's threads. A
// thread takes one for a statement or a transaction and gives it back when
// the Lease goes; a broken connection is reconnected on the next lease.
class PgPool {
 public:
  // Opens one connection at once (so a wrong URL fails here, with libpq's
  // message) and the rest when needed.
  static std::unique_ptr<PgPool> Open(const std::string& url, size_t size,
                                      std::string* error);

  class Lease {
   public:
    Lease(PgPool* pool, std::unique_ptr<PgConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) = default;
    ~Lease();
    // nullptr if no connection could be made (see PgPool::Take's error).
    PgConnection* operator->() const { return connection_.get(); }
    PgConnection& operator*() const { return *connection_; }
    explicit operator bool() const { return connection_ != nullptr; }

   private:
    PgPool* pool_;
    std::unique_ptr<PgConnection> connection_;
  };
  // Waits while all `size` connections are in use. An empty Lease (and
  // `error`) if a new connection was needed and could not be made.
  Lease Take(std::string* error);

  // Runs one statement that stands alone (no transaction around it) on a
  // pooled connection, and once more on a new connection if the first had
  // been dropped (the database restarted), so the first call after a
  // restart does not fail. Only for statements that may run twice. On
  // failure the result is not ok() and `error` says why.
  PgResult Exec(const std::string& sql, const PgParams& params, bool binary,
                std::string* error);

  const std::string& url() const { return url_; }

 private:
  PgPool(std::string url, size_t size) : url_(std::move(url)), size_(size) {}
  void Give(std::unique_ptr<PgConnection> connection);

  const std::string url_;
  const size_t size_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  size_t open_ = 0;  // idle plus leased
};

}  // namespace common

#endif  // COMMON_POSTGRES_POSTGRES_H_
