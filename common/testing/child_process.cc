#include "common/testing/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>

extern char** environ;

namespace testing_util {

ChildProcess::ChildProcess(const std::vector<std::string>& args,
                           bool pipe_stdin) {
  // O_CLOEXEC: a later child must not inherit this one's pipes (it would
  // keep this child's stdin open after CloseInput()).
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return;
  int input[2] = {-1, -1};
  if (pipe_stdin && pipe2(input, O_CLOEXEC) != 0) {
    close(fds[0]);
    close(fds[1]);
    return;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (pipe_stdin) {
    posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO);
    posix_spawn_file_actions_addclose(&actions, input[1]);
  }
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (std::string& arg : copy) argv.push_back(arg.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0)
    pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  output_fd_ = fds[0];
  if (pipe_stdin) {
    close(input[0]);
    input_fd_ = input[1];
  }
}

bool ChildProcess::WriteInput(const std::string& text) {
  return input_fd_ >= 0 && write(input_fd_, text.data(), text.size()) ==
                               static_cast<ssize_t>(text.size());
}

void ChildProcess::CloseInput() {
  if (input_fd_ >= 0) close(input_fd_);
  input_fd_ = -1;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exited_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (output_fd_ >= 0) close(output_fd_);
  CloseInput();
}

std::string ChildProcess::WaitUntilListening() {
  std::smatch match;
  static const std::regex kListening("listening on (\\S+)");
  while (!std::regex_search(output_, match, kListening)) {
    if (!ReadMore()) return "";
  }
  return match[1];
}

bool ChildProcess::WaitForOutput(const std::string& text) {
  while (output_.find(text) == std::string::npos) {
    if (!ReadMore()) return false;
  }
  return true;
}

void ChildProcess::Signal(int signal_number) { kill(pid_, signal_number); }

int ChildProcess::WaitForExit() {
  int status = 0;
  waitpid(pid_, &status, 0);
  exited_ = true;
  while (ReadMore()) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool ChildProcess::ReadMore() {
  pollfd fd = {output_fd_, POLLIN, 0};
  if (poll(&fd, 1, 10'000) <= 0) return false;
  char buffer[4096];
  ssize_t n = read(output_fd_, buffer, sizeof buffer);
  if (n <= 0) return false;
  output_.append(buffer, n);
  return true;
}

}  // namespace testing_util
