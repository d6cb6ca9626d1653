#include "pi-demo/postgres_limits.h"

#include <atomic>
#include <iostream>

namespace attendance {
namespace {

using common::PgParams;
using common::PgResult;

int64_t Millis(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             time.time_since_epoch())
      .count();
}

TimePoint FromMillis(int64_t millis) {
  return TimePoint(std::chrono::milliseconds(millis));
}

class PostgresTokens final : public Tokens {
 public:
  PostgresTokens(common::PgPool* pool, std::chrono::seconds lifetime,
                 Clock clock)
      : pool_(pool), lifetime_(lifetime), clock_(std::move(clock)) {}

  Token Issue(const std::string& organiser) override {
    const TimePoint now = clock_();
    Token token{NewTokenText(), now + lifetime_};
    std::string error;
    // Expired tokens go as new ones come, so the table stays small.
    Exec(*pool_, "DELETE FROM tokens WHERE expires_at <= $1",
         {std::to_string(Millis(now))}, &error);
    if (!Exec(*pool_,
              "INSERT INTO tokens(hash, organiser, expires_at) "
              "VALUES ($1, $2, $3)",
              {TokenHash(token.token), organiser,
               std::to_string(Millis(token.expires_at))},
              &error)
             .ok()) {
      std::cerr << "cannot store a login token: " << error << std::endl;
      return Token{};
    }
    return token;
  }

  std::optional<std::string> Check(std::string_view token,
                                   std::string* error) override {
    PgResult found =
        Exec(*pool_,
             "SELECT organiser FROM tokens WHERE hash = $1 AND expires_at > $2",
             {TokenHash(token), std::to_string(Millis(clock_()))}, error);
    if (!found.ok() || found.rows() == 0) return std::nullopt;
    return found.Text(0, 0);
  }

  bool blocking() const override { return true; }

 private:
  common::PgPool* const pool_;
  const std::chrono::seconds lifetime_;
  const Clock clock_;
};

class PostgresFailureLimiter final : public AttemptLimiter {
 public:
  PostgresFailureLimiter(common::PgPool* pool, std::string name,
                         int max_failures, std::chrono::seconds window,
                         Clock clock)
      : pool_(pool),
        name_(std::move(name)),
        max_failures_(max_failures),
        window_(window),
        clock_(std::move(clock)) {}

  Attempt TryAttempt(const std::string& client) override {
    Attempt attempt;
    if (max_failures_ <= 0) return attempt;
    const TimePoint now = clock_();
    const std::string window_ms = std::to_string(
        std::chrono::duration_cast<std::chrono::milliseconds>(window_).count());
    // One statement checks and counts: the row lock that ON CONFLICT takes
    // makes concurrent attempts, from any replica, take turns. A window
    // that has ended starts again; a full one is left as it is (no row
    // comes back).
    std::string error;
    PgResult counted =
        Exec(*pool_,
             "INSERT INTO failure_windows AS w (limiter, client, window_start, "
             "failures) VALUES ($1, $2, $3, 1) "
             "ON CONFLICT (limiter, client) DO UPDATE SET "
             "  window_start = CASE WHEN w.window_start + $4 <= $3 THEN $3 "
             "                      ELSE w.window_start END,"
             "  failures = CASE WHEN w.window_start + $4 <= $3 THEN 1 "
             "                  ELSE w.failures + 1 END "
             "WHERE w.window_start + $4 <= $3 OR w.failures < $5 "
             "RETURNING window_start",
             {name_, client, std::to_string(Millis(now)), window_ms,
              std::to_string(max_failures_)},
             &error);
    if (!counted.ok()) {
      attempt.admitted = false;
      attempt.error = error;
      return attempt;
    }
    if (++attempts_ % kCleanupEvery == 0) {
      // Ended windows hold nothing: keep the table small.
      Exec(*pool_,
           "DELETE FROM failure_windows WHERE limiter = $1 AND "
           "window_start + $2 <= $3",
           {name_, window_ms, std::to_string(Millis(now))}, &error);
    }
    if (counted.rows() == 1) {
      attempt.client = client;
      attempt.window_start = FromMillis(std::stoll(counted.Text(0, 0)));
      return attempt;
    }
    PgResult window = Exec(*pool_,
                           "SELECT window_start FROM failure_windows "
                           "WHERE limiter = $1 AND client = $2",
                           {name_, client}, &error);
    attempt.admitted = false;
    TimePoint start = now;
    if (window.ok() && window.rows() == 1) {
      start = FromMillis(std::stoll(window.Text(0, 0)));
    }
    // Rounded up, so that retrying after this long always works.
    attempt.retry_after = std::max(
        std::chrono::seconds(1),
        std::chrono::ceil<std::chrono::seconds>(start + window_ - now));
    return attempt;
  }

  void Refund(const Attempt& attempt) override {
    if (max_failures_ <= 0 || !attempt.admitted) return;
    std::string error;
    // A window that has ended since holds other attempts: leave it.
    Exec(*pool_,
         "UPDATE failure_windows SET failures = failures - 1 "
         "WHERE limiter = $1 AND client = $2 AND window_start = $3 "
         "AND failures > 0",
         {name_, attempt.client, std::to_string(Millis(attempt.window_start))},
         &error);
  }

 private:
  common::PgPool* const pool_;
  const std::string name_;
  const int max_failures_;
  const std::chrono::seconds window_;
  const Clock clock_;
  static constexpr int kCleanupEvery = 1000;
  std::atomic<int> attempts_{0};
};

}  // namespace

PgResult Exec(common::PgPool& pool, const std::string& sql,
              const PgParams& params, std::string* error) {
  PgResult result = pool.Exec(sql, params, /*binary=*/false, error);
  if (!result.ok()) *error = "database: " + *error;
  return result;
}

std::unique_ptr<Tokens> MakePostgresTokens(common::PgPool* pool,
                                           std::chrono::seconds lifetime,
                                           Clock clock) {
  return std::make_unique<PostgresTokens>(pool, lifetime, std::move(clock));
}

std::unique_ptr<AttemptLimiter> MakePostgresLimiter(common::PgPool* pool,
                                                    const std::string& name,
                                                    int max_failures,
                                                    std::chrono::seconds window,
                                                    Clock clock) {
  return std::make_unique<PostgresFailureLimiter>(pool, name, max_failures,
                                                  window, std::move(clock));
}

}  // namespace attendance
