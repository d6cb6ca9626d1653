// common/postgres against a real PostgreSQL server (a throwaway one per test
// binary, a database per test).
#include "common/postgres/postgres.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "common/postgres/schema.h"
#include "common/testing/postgres_server.h"
#include "common/testing/test_arguments.h"

TEST_ARGUMENTS("postgres_test <throwaway_postgres binary>", 1);

namespace common {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = testing_util::PostgresServer::Shared().NewDatabase();
    std::string error;
    db_ = PgConnection::Connect(url_, &error);
    ASSERT_NE(db_, nullptr) << error;
  }

  std::string url_;
  std::unique_ptr<PgConnection> db_;
};

TEST(PostgresUrlTest, UrlsAndConnectionStringsAreDatabasesPathsAreNot) {
  EXPECT_TRUE(IsPostgresUrl("postgresql://meter@db.example:5432/meter"));
  EXPECT_TRUE(IsPostgresUrl("postgres://localhost/meter"));
  EXPECT_TRUE(IsPostgresUrl("host=127.0.0.1 port=5432 dbname=meter"));
  EXPECT_FALSE(IsPostgresUrl("meter.db"));
  EXPECT_FALSE(IsPostgresUrl("/var/lib/meter/meter-demo.db"));
  EXPECT_FALSE(IsPostgresUrl(":memory:"));
  EXPECT_FALSE(IsPostgresUrl("data/a=b.db"));
}

TEST(PostgresUrlTest, PasswordsAreRedacted) {
  EXPECT_EQ(RedactPostgresUrl("postgresql://meter:s3cret@db/meter"),
            "postgresql://meter:***@db/meter");
  EXPECT_EQ(RedactPostgresUrl("host=db password=s3cret dbname=meter"),
            "host=db password=*** dbname=meter");
  EXPECT_EQ(RedactPostgresUrl("postgresql://meter@db/meter"),
            "postgresql://meter@db/meter");
}

TEST(PostgresConnectTest, AnUnreachableServerIsAClearErrorWithoutThePassword) {
  std::string error;
  // Port 1 on loopback: nothing listens there.
  EXPECT_EQ(PgConnection::Connect(
                "postgresql://meter:s3cret@127.0.0.1:1/meter?connect_timeout=5",
                &error),
            nullptr);
  EXPECT_THAT(error, HasSubstr("cannot connect to postgresql://meter:***@"));
  EXPECT_THAT(error, HasSubstr("Connection refused"));
  EXPECT_THAT(error, Not(HasSubstr("s3cret")));
}

TEST(PostgresConnectTest, AServerThatNeverAnswersTimesOut) {
  // A listening socket nobody accepts on: the connection is made (the
  // backlog), but no server ever speaks. libpq alone would wait for ever
  // (the URL sets no connect_timeout).
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(
      bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 8), 0);
  socklen_t length = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string url = "postgresql://meter@127.0.0.1:" +
                          std::to_string(ntohs(address.sin_port)) + "/meter";
  std::string error;
  EXPECT_EQ(PgConnection::Connect(url, &error, std::chrono::seconds(2)),
            nullptr);
  EXPECT_THAT(error, HasSubstr("timeout expired"));
  close(listener);
}

TEST_F(PostgresTest, ParametersAreNeverPartOfTheSqlText) {
  std::string error;
  ASSERT_TRUE(db_->Run("CREATE TABLE names (name TEXT)", &error)) << error;
  const std::string hostile = "x'); DROP TABLE names; --";
  ASSERT_TRUE(
      db_->Exec("INSERT INTO names VALUES ($1), ($2)", {hostile, std::nullopt})
          .ok());
  PgResult rows = db_->Exec("SELECT name FROM names ORDER BY name NULLS LAST");
  ASSERT_TRUE(rows.ok()) << rows.error();
  ASSERT_EQ(rows.rows(), 2);
  EXPECT_EQ(rows.Text(0, 0), hostile);
  EXPECT_TRUE(rows.IsNull(1, 0));
}

TEST_F(PostgresTest, BinaryResultsDecodeBigintsAndDoubles) {
  PgResult row =
      db_->Exec("SELECT $1::bigint, $2::double precision, (-1)::bigint",
                {"-1234567890123", "0.25"}, /*binary=*/true);
  ASSERT_TRUE(row.ok()) << row.error();
  EXPECT_EQ(row.BinaryInt64(0, 0), -1234567890123);
  EXPECT_EQ(row.BinaryDouble(0, 1), 0.25);
  EXPECT_EQ(row.BinaryInt64(0, 2), -1);
}

TEST_F(PostgresTest, FailuresCarryTheServersMessageAndSqlState) {
  std::string error;
  ASSERT_TRUE(db_->Run("CREATE TABLE ids (id INT PRIMARY KEY)", &error));
  ASSERT_TRUE(db_->Exec("INSERT INTO ids VALUES (1)").ok());
  PgResult again = db_->Exec("INSERT INTO ids VALUES (1)");
  EXPECT_FALSE(again.ok());
  EXPECT_EQ(again.sql_state(), "23505");  // unique_violation
  EXPECT_THAT(again.error(), HasSubstr("duplicate key"));
  EXPECT_FALSE(db_->Run("SELEKT 1", &error));
  EXPECT_THAT(error, HasSubstr("syntax error"));
}

TEST_F(PostgresTest, CopyInLoadsRowsAndReportsBadOnes) {
  std::string error;
  ASSERT_TRUE(
      db_->Run("CREATE TABLE r (t BIGINT, kwh DOUBLE PRECISION)", &error));
  std::string data;
  for (int i = 0; i < 100000; ++i) {
    data += std::to_string(i) + (i % 10 == 0 ? "\t\\N\n" : "\t1.5\n");
  }
  ASSERT_TRUE(db_->CopyIn("COPY r FROM STDIN", data, &error)) << error;
  PgResult counts = db_->Exec("SELECT count(*), count(kwh) FROM r");
  EXPECT_EQ(counts.Text(0, 0), "100000");
  EXPECT_EQ(counts.Text(0, 1), "90000");

  EXPECT_FALSE(db_->CopyIn("COPY r FROM STDIN", "1\tnot a number\n", &error));
  EXPECT_THAT(error, HasSubstr("invalid input syntax"));
  // The connection is usable after a failed COPY.
  EXPECT_TRUE(db_->Exec("SELECT 1").ok());
}

TEST_F(PostgresTest, NotificationsArriveOnCommitInCommitOrder) {
  std::string error;
  std::unique_ptr<PgConnection> listener = PgConnection::Connect(url_, &error);
  ASSERT_NE(listener, nullptr) << error;
  ASSERT_TRUE(listener->Run("LISTEN changes", &error)) << error;

  ASSERT_TRUE(db_->Run("BEGIN", &error));
  ASSERT_TRUE(db_->Exec("SELECT pg_notify('changes', 'first')").ok());
  ASSERT_TRUE(listener->Consume());
  EXPECT_FALSE(listener->NextNotification()) << "sent before the commit";
  ASSERT_TRUE(db_->Run("COMMIT", &error));
  ASSERT_TRUE(db_->Exec("SELECT pg_notify('changes', 'second')").ok());

  std::vector<std::string> payloads;
  while (payloads.size() < 2) {
    pollfd readable{listener->socket(), POLLIN, 0};
    ASSERT_EQ(poll(&readable, 1, 10000), 1) << "no notification in 10 s";
    ASSERT_TRUE(listener->Consume());
    while (auto notification = listener->NextNotification()) {
      EXPECT_EQ(notification->channel, "changes");
      payloads.push_back(notification->payload);
    }
  }
  EXPECT_EQ(payloads, (std::vector<std::string>{"first", "second"}));
}

TEST_F(PostgresTest, PoolReconnectsAConnectionTheServerDropped) {
  std::string error;
  std::unique_ptr<PgPool> pool = PgPool::Open(url_, 2, &error);
  ASSERT_NE(pool, nullptr) << error;
  std::string pid;
  {
    PgPool::Lease lease = pool->Take(&error);
    ASSERT_TRUE(lease) << error;
    pid = lease->Exec("SELECT pg_backend_pid()").Text(0, 0);
  }
  ASSERT_TRUE(db_->Exec("SELECT pg_terminate_backend($1)", {pid}).ok());
  {
    // The first statement on the dropped connection fails...
    PgPool::Lease lease = pool->Take(&error);
    ASSERT_TRUE(lease) << error;
    EXPECT_FALSE(lease->Exec("SELECT 1").ok());
  }
  // ...and the next lease has a new one.
  PgPool::Lease lease = pool->Take(&error);
  ASSERT_TRUE(lease) << error;
  PgResult result = lease->Exec("SELECT pg_backend_pid()");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_NE(result.Text(0, 0), pid);
}

TEST_F(PostgresTest, PoolHoldsAtMostItsSizeAndWaitersGetReturnedOnes) {
  std::string error;
  std::unique_ptr<PgPool> pool = PgPool::Open(url_, 2, &error);
  ASSERT_NE(pool, nullptr) << error;
  std::vector<std::thread> threads;
  std::atomic<int> done{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      std::string thread_error;
      for (int j = 0; j < 20; ++j) {
        PgPool::Lease lease = pool->Take(&thread_error);
        if (lease && lease->Exec("SELECT 1").ok()) ++done;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(done, 160);
  PgResult connections = db_->Exec(
      "SELECT count(*) FROM pg_stat_activity WHERE datname = "
      "current_database()");
  // This test's own connection plus at most the pool's two.
  EXPECT_LE(std::stoi(connections.Text(0, 0)), 3);
}

const std::vector<std::string> kMigrations = {
    "CREATE TABLE notes (id SERIAL PRIMARY KEY, text TEXT NOT NULL)",
    "ALTER TABLE notes ADD COLUMN author TEXT",
};

TEST_F(PostgresTest, MigrationsRunOnceAndInOrder) {
  std::string error;
  ASSERT_TRUE(MigrateSchema(*db_, "notes", {kMigrations[0]}, &error)) << error;
  ASSERT_TRUE(db_->Exec("INSERT INTO notes(text) VALUES ('kept')").ok());
  // Again with the same list: nothing to do. With one more: only that one.
  ASSERT_TRUE(MigrateSchema(*db_, "notes", {kMigrations[0]}, &error)) << error;
  ASSERT_TRUE(MigrateSchema(*db_, "notes", kMigrations, &error)) << error;
  PgResult rows = db_->Exec("SELECT text, author FROM notes");
  ASSERT_TRUE(rows.ok()) << rows.error();
  ASSERT_EQ(rows.rows(), 1);
  EXPECT_EQ(rows.Text(0, 0), "kept");
  EXPECT_EQ(db_->Exec("SELECT version FROM schema_versions").Text(0, 0), "2");
}

TEST_F(PostgresTest, AServerOlderThanTheSchemaRefusesIt) {
  std::string error;
  ASSERT_TRUE(MigrateSchema(*db_, "notes", kMigrations, &error)) << error;
  EXPECT_FALSE(MigrateSchema(*db_, "notes", {kMigrations[0]}, &error));
  EXPECT_EQ(error,
            "schema of notes: the database is at version 2, newer than this "
            "server knows (1); upgrade the server, or use another database");
}

TEST_F(PostgresTest, AFailedMigrationChangesNothing) {
  std::string error;
  ASSERT_TRUE(MigrateSchema(*db_, "notes", {kMigrations[0]}, &error)) << error;
  EXPECT_FALSE(MigrateSchema(
      *db_, "notes", {kMigrations[0], kMigrations[1], "ALTER TABLE nope"},
      &error));
  EXPECT_THAT(error, HasSubstr("migration to version 3 failed"));
  EXPECT_EQ(db_->Exec("SELECT version FROM schema_versions").Text(0, 0), "1");
  EXPECT_FALSE(db_->Exec("SELECT author FROM notes").ok());
}

TEST_F(PostgresTest, ReplicasStartingTogetherMigrateOnce) {
  std::vector<std::thread> replicas;
  std::atomic<int> succeeded{0};
  for (int i = 0; i < 4; ++i) {
    replicas.emplace_back([&] {
      std::string thread_error;
      std::unique_ptr<PgConnection> db =
          PgConnection::Connect(url_, &thread_error);
      if (db && MigrateSchema(*db, "notes", kMigrations, &thread_error)) {
        ++succeeded;
      }
    });
  }
  for (std::thread& replica : replicas) replica.join();
  EXPECT_EQ(succeeded, 4);
}

}  // namespace
}  // namespace common
