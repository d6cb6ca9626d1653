#include "examples/calculator/calculator_logic.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

namespace calculator {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

TEST(IsPrimeTest, AgreesWithASieveBelowOneHundredThousand) {
  constexpr int kLimit = 100'000;
  std::vector<bool> composite(kLimit, false);
  for (int i = 2; i < kLimit; ++i) {
    for (int j = 2 * i; j < kLimit; j += i) composite[j] = true;
  }
  for (int n = -5; n < kLimit; ++n) {
    bool sieve_says_prime = n >= 2 && !composite[n];
    ASSERT_EQ(IsPrime(n), sieve_says_prime) << n;
  }
}

TEST(IsPrimeTest, LargeNumbers) {
  EXPECT_TRUE(IsPrime(2305843009213693951));   // 2^61 - 1, a Mersenne prime
  EXPECT_TRUE(IsPrime(9223372036854775783));   // largest prime below 2^63
  EXPECT_FALSE(IsPrime(kMax));                 // 7^2 * 73 * 127 * 337 * ...
  EXPECT_FALSE(IsPrime(3215031751));           // fools bases 2, 3, 5 and 7
  EXPECT_FALSE(IsPrime(3825123056546413051));  // fools bases 2 to 23
  EXPECT_FALSE(IsPrime(kMin));
}

TEST(PrimeSequenceTest, StartsAtTheFirstPrimeNotBelowStart) {
  PrimeSequence primes(100);
  EXPECT_EQ(primes.Next().value(), 101);
  v1::Prime second = primes.Next();
  EXPECT_EQ(second.index(), 1);
  EXPECT_EQ(second.value(), 103);

  PrimeSequence from_a_prime(7);
  EXPECT_EQ(from_a_prime.Next().value(), 7);
}

TEST(DivideTest, RoundsTowardsZeroLikeCpp) {
  v1::DivideRequest request;
  v1::DivideResponse response;
  request.set_dividend(-17);
  request.set_divisor(5);
  ASSERT_TRUE(Divide(request, &response).ok());
  EXPECT_EQ(response.quotient(), -3);
  EXPECT_EQ(response.remainder(), -2);
}

TEST(DivideTest, RejectsZeroAndOverflow) {
  v1::DivideRequest request;
  v1::DivideResponse response;
  request.set_dividend(1);
  EXPECT_EQ(Divide(request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_dividend(kMin);
  request.set_divisor(-1);
  EXPECT_EQ(Divide(request, &response).error_code(),
            grpc::StatusCode::OUT_OF_RANGE);
  request.set_divisor(1);
  EXPECT_TRUE(Divide(request, &response).ok());
  EXPECT_EQ(response.quotient(), kMin);
}

TEST(ValidateListPrimesTest, NamesTheBadField) {
  v1::ListPrimesRequest request;
  EXPECT_TRUE(ValidateListPrimes(request).ok());
  request.set_count(kMaxPrimeCount);
  request.set_start(kMaxPrimeStart);
  EXPECT_TRUE(ValidateListPrimes(request).ok());

  request.set_count(kMaxPrimeCount + 1);
  grpc::Status status = ValidateListPrimes(request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "count must be between 0 and 10000000, got 10000001");

  request.set_count(1);
  request.set_start(-1);
  status = ValidateListPrimes(request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("start"), std::string::npos);
}

TEST(AccumulatorTest, EmptyHasNoMinMaxOrMean) {
  v1::Summary summary = Accumulator().Summary();
  EXPECT_EQ(summary.count(), 0);
  EXPECT_EQ(summary.sum(), 0);
  EXPECT_FALSE(summary.has_min());
  EXPECT_FALSE(summary.has_max());
  EXPECT_FALSE(summary.has_mean());
}

TEST(AccumulatorTest, TracksCountSumMinMaxMean) {
  Accumulator accumulator;
  for (int64_t value : {-3, 10, 4}) ASSERT_TRUE(accumulator.Add(value).ok());
  v1::Summary summary = accumulator.Summary();
  EXPECT_EQ(summary.count(), 3);
  EXPECT_EQ(summary.sum(), 11);
  EXPECT_EQ(summary.min(), -3);
  EXPECT_EQ(summary.max(), 10);
  EXPECT_DOUBLE_EQ(summary.mean(), 11.0 / 3);
  EXPECT_EQ(accumulator.RunningTotal().count(), 3);
  EXPECT_EQ(accumulator.RunningTotal().sum(), 11);
}

TEST(AccumulatorTest, OverflowIsRejectedAndLeavesTheTotalUnchanged) {
  Accumulator accumulator;
  ASSERT_TRUE(accumulator.Add(kMax).ok());
  grpc::Status status = accumulator.Add(1);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_EQ(status.error_message(), "the sum overflows int64 at value #2 (1)");
  EXPECT_EQ(accumulator.Summary().count(), 1);
  EXPECT_EQ(accumulator.Summary().sum(), kMax);
  EXPECT_TRUE(accumulator.Add(kMin).ok());
  EXPECT_EQ(accumulator.Summary().sum(), -1);
}

}  // namespace
}  // namespace calculator
