// WriteLine: one write per line, flushed, and no two lines mixed when
// threads write at once.
#include "pi-demo/display/line_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <streambuf>
#include <thread>
#include <vector>

namespace display {
namespace {

using ::testing::Each;
using ::testing::EndsWith;

// A stream buffer that keeps each write it gets as one piece, counts the
// flushes, and notices two threads writing into it at the same time.
class RecordingBuffer : public std::streambuf {
 public:
  std::vector<std::string> writes;
  int flushes = 0;
  bool overlapped = false;

 protected:
  std::streamsize xsputn(const char* data, std::streamsize size) override {
    Enter();
    writes.emplace_back(data, static_cast<size_t>(size));
    Leave();
    return size;
  }
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return 0;
    Enter();
    writes.emplace_back(1, traits_type::to_char_type(c));
    Leave();
    return c;
  }
  int sync() override {
    ++flushes;
    return 0;
  }

 private:
  void Enter() {
    if (writers_.fetch_add(1) != 0) overlapped = true;
  }
  void Leave() { writers_.fetch_sub(1); }

  std::atomic<int> writers_{0};
};

TEST(LineLogTest, WritesEachLineWithItsNewlineInOneWriteAndFlushes) {
  RecordingBuffer buffer;
  std::ostream out(&buffer);
  WriteLine(out, "shown: attendance 2");
  WriteLine(out, "");
  EXPECT_EQ(buffer.writes,
            (std::vector<std::string>{"shown: attendance 2\n", "\n"}));
  EXPECT_EQ(buffer.flushes, 2);
}

TEST(LineLogTest, LinesFromManyThreadsStayWhole) {
  RecordingBuffer buffer;
  std::ostream out(&buffer);
  constexpr int kThreads = 4;
  constexpr int kLines = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&out, t] {
      for (int i = 0; i < kLines; ++i) {
        WriteLine(out,
                  "thread " + std::to_string(t) + " line " + std::to_string(i));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_FALSE(buffer.overlapped);
  ASSERT_EQ(buffer.writes.size(), static_cast<size_t>(kThreads * kLines));
  EXPECT_THAT(buffer.writes, Each(EndsWith("\n")));
}

}  // namespace
}  // namespace display
