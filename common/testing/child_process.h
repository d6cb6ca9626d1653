// A server binary run as a child process for process-level tests: real
// flags, real signals, its stdout and stderr read through one pipe. A thread
// drains the pipe all the time: a child that logs more than the pipe holds
// (64 KB) while the test is busy elsewhere must not block in write().
#ifndef COMMON_TESTING_CHILD_PROCESS_H_
#define COMMON_TESTING_CHILD_PROCESS_H_

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace testing_util {

class ChildProcess {
 public:
  // Starts `args[0]` with `args`. Check started() before using it. With
  // `pipe_stdin`, the child reads what WriteInput() writes (else it shares
  // the test's stdin).
  explicit ChildProcess(const std::vector<std::string>& args,
                        bool pipe_stdin = false);
  // Kills the child if it is still running.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }

  // Waits for "... listening on <address>" and returns the address, or ""
  // if the child ends (or prints nothing for 10 s) first.
  std::string WaitUntilListening();

  // Waits until the child has printed `text`; false if it never does.
  bool WaitForOutput(const std::string& text);

  void Signal(int signal_number);

  // With pipe_stdin: writes `text` to the child's stdin; false if it cannot.
  bool WriteInput(const std::string& text);
  // With pipe_stdin: closes the child's stdin (it reads the end of input).
  void CloseInput();

  // Waits for the child to exit and returns its exit code (-1 if killed).
  int WaitForExit();

  // Everything the child printed so far, stdout and stderr together.
  std::string output() const;

 private:
  // The reading thread: appends what the child writes until end of file.
  void ReadAll();
  // Waits until `done(output_)` holds; false if the output ends, or nothing
  // arrives for 10 s, first.
  bool WaitUntil(const std::function<bool(const std::string&)>& done);

  pid_t pid_ = -1;
  int output_fd_ = -1;
  int input_fd_ = -1;
  bool exited_ = false;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string output_;
  bool output_ended_ = false;
  std::atomic<bool> stop_reading_{false};
  std::thread reader_;
};

}  // namespace testing_util

#endif  // COMMON_TESTING_CHILD_PROCESS_H_
