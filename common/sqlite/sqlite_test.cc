#include "common/sqlite/sqlite.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <utility>

namespace common {
namespace {

using ::testing::HasSubstr;

TEST(SqliteTest, StatementsBindStepAndReadEveryType) {
  std::string error;
  std::optional<SqliteDb> db = SqliteDb::Open(":memory:", &error);
  ASSERT_TRUE(db) << error;
  ASSERT_TRUE(db->Exec("CREATE TABLE t (s TEXT, i INTEGER, d REAL)", &error));
  SqlStatement insert(*db, "INSERT INTO t VALUES (?, ?, ?)");
  ASSERT_TRUE(insert.ok());
  insert.Bind(1, std::string("a\0b", 3));  // text is bytes, NUL included
  insert.Bind(2, int64_t{1} << 40);
  insert.Bind(3, 2.5);
  EXPECT_EQ(insert.Step(), SQLITE_DONE);
  insert.Reset();
  insert.BindNull(1);
  insert.BindNull(2);
  insert.BindNull(3);
  EXPECT_EQ(insert.Step(), SQLITE_DONE);
  EXPECT_EQ(db->changes(), 1);
  EXPECT_EQ(db->last_insert_rowid(), 2);

  SqlStatement select(*db, "SELECT s, i, d FROM t ORDER BY rowid");
  ASSERT_EQ(select.Step(), SQLITE_ROW);
  EXPECT_EQ(select.Text(0), std::string("a\0b", 3));
  EXPECT_EQ(select.Int64(1), int64_t{1} << 40);
  EXPECT_EQ(select.Double(2), 2.5);
  ASSERT_EQ(select.Step(), SQLITE_ROW);
  EXPECT_TRUE(select.IsNull(0));
  EXPECT_EQ(select.Text(0), "");
  EXPECT_EQ(select.Step(), SQLITE_DONE);
}

TEST(SqliteTest, ErrorsSaySo) {
  std::string error;
  EXPECT_FALSE(SqliteDb::Open("/no/such/dir/x.db", &error));
  EXPECT_THAT(error, HasSubstr("cannot open /no/such/dir/x.db: "));
  std::optional<SqliteDb> db = SqliteDb::Open(":memory:", &error);
  ASSERT_TRUE(db);
  EXPECT_FALSE(db->Exec("SELEKT 1", &error));
  EXPECT_THAT(error, HasSubstr("syntax error"));
  SqlStatement bad(*db, "SELECT * FROM missing");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.Step(), SQLITE_ERROR);
}

TEST(SqliteTest, TheConnectionMovesAndClosesOnce) {
  std::string error;
  std::optional<SqliteDb> first = SqliteDb::Open(":memory:", &error);
  ASSERT_TRUE(first);
  ASSERT_TRUE(first->Exec("CREATE TABLE t (x)", &error));
  SqliteDb moved = std::move(*first);
  EXPECT_EQ(first->get(), nullptr);  // the moved-from one closes nothing
  EXPECT_TRUE(moved.Exec("INSERT INTO t VALUES (1)", &error)) << error;
}

}  // namespace
}  // namespace common
