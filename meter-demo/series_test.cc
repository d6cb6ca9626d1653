#include "meter-demo/series.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace meter {
namespace {

using ::testing::ElementsAre;

Reading At(int64_t time, double kwh) { return Reading{time, kwh}; }

TEST(SeriesTest, AppendsNewerReadings) {
  Series series;
  series.Upsert({At(10, 1), At(20, 2)});
  series.Upsert({At(30, 3)});
  EXPECT_THAT(series.times, ElementsAre(10, 20, 30));
  EXPECT_THAT(series.values, ElementsAre(1, 2, 3));
}

TEST(SeriesTest, SortsAnUnorderedUpload) {
  Series series;
  series.Upsert({At(30, 3), At(10, 1), At(20, 2)});
  EXPECT_THAT(series.times, ElementsAre(10, 20, 30));
  EXPECT_THAT(series.values, ElementsAre(1, 2, 3));
}

TEST(SeriesTest, ReplacesExistingTimesInsteadOfDuplicating) {
  Series series;
  series.Upsert({At(10, 1), At(20, 2), At(30, 3)});
  series.Upsert({At(20, 22), At(5, 0.5), At(30, 33)});
  EXPECT_THAT(series.times, ElementsAre(5, 10, 20, 30));
  EXPECT_THAT(series.values, ElementsAre(0.5, 1, 22, 33));
}

TEST(SeriesTest, LastOfEqualTimesInOneUploadWins) {
  Series series;
  series.Upsert({At(10, 1), At(10, 2)});
  series.Upsert({At(5, 0), At(10, 3), At(10, 4)});
  EXPECT_THAT(series.times, ElementsAre(5, 10));
  EXPECT_THAT(series.values, ElementsAre(0, 4));
}

TEST(SeriesTest, KeepsMissingReadingsAsNaN) {
  Series series;
  series.Upsert({At(10, std::nan(""))});
  ASSERT_EQ(series.size(), 1u);
  EXPECT_TRUE(std::isnan(series.values[0]));
  series.Upsert({At(10, 7)});  // a late reading fills the gap
  EXPECT_THAT(series.values, ElementsAre(7));
}

TEST(SeriesTest, LowerBound) {
  Series series;
  series.Upsert({At(10, 1), At(20, 2)});
  EXPECT_EQ(series.LowerBound(0), 0u);
  EXPECT_EQ(series.LowerBound(10), 0u);
  EXPECT_EQ(series.LowerBound(11), 1u);
  EXPECT_EQ(series.LowerBound(21), 2u);
}

}  // namespace
}  // namespace meter
