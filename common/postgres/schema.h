// Versioned schemas for the demos' PostgreSQL stores. Each store lists its
// migrations, oldest first: migration i takes its tables from version i to
// i + 1, and the table schema_versions records the version each component
// is at. A server only ever adds migrations; it never edits a released one.
#ifndef COMMON_POSTGRES_SCHEMA_H_
#define COMMON_POSTGRES_SCHEMA_H_

#include <string>
#include <vector>

#include "common/postgres/postgres.h"

namespace common {

// Applies the migrations `component`'s tables have not had yet, in one
// transaction under an advisory lock, so replicas that start together
// neither race nor apply one twice; running it again changes nothing.
// Returns false and sets `error` if a migration fails (nothing changes) or
// the database is at a newer version than `migrations` knows: a server
// older than the schema must not write to it.
bool MigrateSchema(PgConnection& db, const std::string& component,
                   const std::vector<std::string>& migrations,
                   std::string* error);

}  // namespace common

#endif  // COMMON_POSTGRES_SCHEMA_H_
