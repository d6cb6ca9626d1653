#include "common/postgres/schema.h"

namespace common {

bool MigrateSchema(PgConnection& db, const std::string& component,
                   const std::vector<std::string>& migrations,
                   std::string* error) {
  auto fail = [&](const std::string& message) {
    *error = "schema of " + component + ": " + message;
    std::string ignored;
    db.Run("ROLLBACK", &ignored);
    return false;
  };
  if (!db.Run("BEGIN", error)) return fail(*error);
  // Held until COMMIT; concurrent starters wait here, then see the version
  // the first one wrote.
  PgResult lock =
      db.Exec("SELECT pg_advisory_xact_lock(hashtext('schema_versions'))");
  if (!lock.ok()) return fail(lock.error());
  if (!db.Run("CREATE TABLE IF NOT EXISTS schema_versions ("
              "  component TEXT PRIMARY KEY,"
              "  version INTEGER NOT NULL)",
              error)) {
    return fail(*error);
  }
  PgResult current = db.Exec(
      "SELECT version FROM schema_versions WHERE component = $1", {component});
  if (!current.ok()) return fail(current.error());
  const size_t version =
      current.rows() == 0 ? 0 : std::stoul(current.Text(0, 0));
  if (version > migrations.size()) {
    return fail("the database is at version " + std::to_string(version) +
                ", newer than this server knows (" +
                std::to_string(migrations.size()) +
                "); upgrade the server, or use another database");
  }
  for (size_t next = version; next < migrations.size(); ++next) {
    if (!db.Run(migrations[next], error)) {
      return fail("migration to version " + std::to_string(next + 1) +
                  " failed: " + *error);
    }
  }
  PgResult update = db.Exec(
      "INSERT INTO schema_versions(component, version) VALUES ($1, $2) "
      "ON CONFLICT (component) DO UPDATE SET version = excluded.version",
      {component, std::to_string(migrations.size())});
  if (!update.ok()) return fail(update.error());
  if (!db.Run("COMMIT", error)) return fail(*error);
  return true;
}

}  // namespace common
