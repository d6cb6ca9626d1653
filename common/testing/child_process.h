// A server binary run as a child process for process-level tests: real
// flags, real signals, its stdout and stderr read through one pipe.
#ifndef COMMON_TESTING_CHILD_PROCESS_H_
#define COMMON_TESTING_CHILD_PROCESS_H_

#include <sys/types.h>

#include <string>
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
  const std::string& output() const { return output_; }

 private:
  // Appends what the child wrote; false at end of file or after 10 s.
  bool ReadMore();

  pid_t pid_ = -1;
  int output_fd_ = -1;
  int input_fd_ = -1;
  bool exited_ = false;
  std::string output_;
};

}  // namespace testing_util

#endif  // COMMON_TESTING_CHILD_PROCESS_H_
