#include "common/postgres/postgres.h"

#include <endian.h>

#include <cstring>
#include <regex>

namespace common {
namespace {

std::string Trimmed(const char* message) {
  std::string text = message == nullptr ? "" : message;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

}  // namespace

bool IsPostgresUrl(const std::string& db) {
  static const std::regex kKeyValue(R"(^\s*[a-z_]+\s*=)");
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0 ||
         std::regex_search(db, kKeyValue);
}

std::string RedactPostgresUrl(const std::string& url) {
  // postgresql://user:secret@host/... and password=secret
  static const std::regex kUrlPassword(R"(^(postgres(ql)?://[^:/@]*):[^@]*@)");
  static const std::regex kKeyPassword(R"(password\s*=\s*('[^']*'|\S+))");
  std::string redacted = std::regex_replace(url, kUrlPassword, "$1:***@");
  return std::regex_replace(redacted, kKeyPassword, "password=***");
}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}

bool PgResult::ok() const {
  ExecStatusType status = PQresultStatus(result_);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

std::string PgResult::error() const {
  if (result_ == nullptr) return "out of memory";
  return Trimmed(PQresultErrorMessage(result_));
}

std::string PgResult::sql_state() const {
  const char* state = PQresultErrorField(result_, PG_DIAG_SQLSTATE);
  return state == nullptr ? "" : state;
}

int64_t PgResult::BinaryInt64(int row, int column) const {
  uint64_t big_endian;
  std::memcpy(&big_endian, PQgetvalue(result_, row, column), 8);
  return static_cast<int64_t>(be64toh(big_endian));
}

double PgResult::BinaryDouble(int row, int column) const {
  uint64_t bits = static_cast<uint64_t>(BinaryInt64(row, column));
  double value;
  std::memcpy(&value, &bits, 8);
  return value;
}

int64_t PgResult::affected_rows() const {
  const char* count = PQcmdTuples(result_);
  return count == nullptr || *count == '\0' ? 0 : std::atoll(count);
}

std::unique_ptr<PgConnection> PgConnection::Connect(
    const std::string& url, std::string* error,
    std::chrono::seconds connect_timeout) {
  // libpq waits for ever by default for a server that does not answer (a
  // mistyped host); `connect_timeout` unless the URL sets one itself (the
  // expanded URL's settings override the keywords before it).
  // TCP keepalives notice a database host that vanished within about a
  // minute (libpq leaves the system's two hours), and no statement runs for
  // longer than 30 s.
  const std::string timeout = std::to_string(connect_timeout.count());
  const char* keywords[] = {"connect_timeout",
                            "keepalives_idle",
                            "keepalives_interval",
                            "keepalives_count",
                            "options",
                            "dbname",
                            nullptr};
  const char* values[] = {
      timeout.c_str(), "30",   "10", "3", "-c statement_timeout=30s",
      url.c_str(),     nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (PQstatus(conn) != CONNECTION_OK) {
    *error = "cannot connect to " + RedactPostgresUrl(url) + ": " +
             Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return nullptr;
  }
  // Notices (e.g. "relation already exists, skipping") are not errors.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(conn));
}

PgResult PgConnection::Exec(const std::string& sql, const PgParams& params,
                            bool binary) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::optional<std::string>& param : params) {
    values.push_back(param ? param->c_str() : nullptr);
  }
  return PgResult(
      PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                   values.data(), nullptr, nullptr, binary ? 1 : 0));
}

bool PgConnection::Run(const std::string& sql, std::string* error) {
  PgResult result(PQexec(conn_, sql.c_str()));
  if (!result.ok()) {
    *error = result.error();
    return false;
  }
  return true;
}

bool PgConnection::CopyIn(const std::string& copy_statement,
                          const std::string& data, std::string* error) {
  {
    PgResult start(PQexec(conn_, copy_statement.c_str()));
    if (start.status() != PGRES_COPY_IN) {
      *error = start.error();
      return false;
    }
  }
  // Blocking connection: PQputCopyData sends as it goes.
  constexpr size_t kChunk = 1 << 20;
  for (size_t offset = 0; offset < data.size(); offset += kChunk) {
    size_t length = std::min(kChunk, data.size() - offset);
    if (PQputCopyData(conn_, data.data() + offset, static_cast<int>(length)) !=
        1) {
      *error = error_message();
      return false;
    }
  }
  if (PQputCopyEnd(conn_, nullptr) != 1) {
    *error = error_message();
    return false;
  }
  bool ok = true;
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResult result(raw);
    if (!result.ok()) {
      *error = result.error();
      ok = false;
    }
  }
  return ok;
}

bool PgConnection::Consume() { return PQconsumeInput(conn_) == 1; }

std::optional<PgConnection::Notification> PgConnection::NextNotification() {
  PGnotify* notify = PQnotifies(conn_);
  if (notify == nullptr) return std::nullopt;
  Notification notification{notify->relname, notify->extra};
  PQfreemem(notify);
  return notification;
}

bool PgConnection::Reset() {
  PQreset(conn_);
  return healthy();
}

std::string PgConnection::error_message() const {
  return Trimmed(PQerrorMessage(conn_));
}

std::unique_ptr<PgPool> PgPool::Open(const std::string& url, size_t size,
                                     std::string* error) {
  std::unique_ptr<PgConnection> first = PgConnection::Connect(url, error);
  if (first == nullptr) return nullptr;
  std::unique_ptr<PgPool> pool(new PgPool(url, std::max<size_t>(1, size)));
  pool->idle_.push_back(std::move(first));
  pool->open_ = 1;
  return pool;
}

PgPool::Lease::~Lease() {
  if (connection_ != nullptr) pool_->Give(std::move(connection_));
}

PgPool::Lease PgPool::Take(std::string* error) {
  std::unique_ptr<PgConnection> connection;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    returned_.wait(lock, [this] { return !idle_.empty() || open_ < size_; });
    if (!idle_.empty()) {
      connection = std::move(idle_.back());
      idle_.pop_back();
    } else {
      ++open_;  // reserved; connected below, outside the lock
    }
  }
  if (connection == nullptr) {
    connection = PgConnection::Connect(url_, error);
    if (connection == nullptr) {
      std::lock_guard<std::mutex> lock(mutex_);
      --open_;
      returned_.notify_one();
      return Lease(this, nullptr);
    }
  } else if (!connection->healthy() && !connection->Reset()) {
    *error = "lost the connection to " + RedactPostgresUrl(url_) + ": " +
             connection->error_message();
    Give(std::move(connection));  // tried again on the next lease
    return Lease(this, nullptr);
  }
  return Lease(this, std::move(connection));
}

PgResult PgPool::Exec(const std::string& sql, const PgParams& params,
                      bool binary, std::string* error) {
  for (int attempt = 0;; ++attempt) {
    Lease lease = Take(error);
    if (!lease) return PgResult(nullptr);
    PgResult result = lease->Exec(sql, params, binary);
    if (result.ok()) return result;
    if (lease->healthy() || attempt == 1) {
      *error = result.error();
      return result;
    }
  }
}

void PgPool::Give(std::unique_ptr<PgConnection> connection) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(connection));
  returned_.notify_one();
}

}  // namespace common
