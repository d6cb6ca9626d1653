// Login tokens and failure counts in PostgreSQL (tables tokens and
// failure_windows of postgres_attendance_store.cc's schema), for replicas
// that must agree on them: a token from one replica works on all, and a
// client spread over the replicas by round-robin has one allowance.
// Times are stored in milliseconds since the epoch, so the replicas' clocks
// must agree (NTP).
#ifndef PI_DEMO_POSTGRES_LIMITS_H_
#define PI_DEMO_POSTGRES_LIMITS_H_

#include <chrono>
#include <memory>
#include <string>

#include "common/postgres/postgres.h"
#include "pi-demo/clock.h"
#include "pi-demo/failure_limiter.h"
#include "pi-demo/token_store.h"

namespace attendance {

// One statement that stands alone, retried once on a dropped connection
// (common::PgPool::Exec); on failure `error` starts with "database: ". The
// attendance store's PostgreSQL code runs its single statements with it.
common::PgResult Exec(common::PgPool& pool, const std::string& sql,
                      const common::PgParams& params, std::string* error);

// `pool` must outlive what these return.
std::unique_ptr<Tokens> MakePostgresTokens(common::PgPool* pool,
                                           std::chrono::seconds lifetime,
                                           Clock clock);
std::unique_ptr<AttemptLimiter> MakePostgresLimiter(common::PgPool* pool,
                                                    const std::string& name,
                                                    int max_failures,
                                                    std::chrono::seconds window,
                                                    Clock clock);

}  // namespace attendance

#endif  // PI_DEMO_POSTGRES_LIMITS_H_
