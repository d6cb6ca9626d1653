#include "common/testing/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
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
  reader_ = std::thread([this] { ReadAll(); });
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
  stop_reading_ = true;
  if (reader_.joinable()) reader_.join();
  if (output_fd_ >= 0) close(output_fd_);
  CloseInput();
}

std::string ChildProcess::output() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return output_;
}

void ChildProcess::ReadAll() {
  char buffer[4096];
  while (!stop_reading_) {
    // A short poll, so that the destructor need not wait for a grandchild
    // that still holds the pipe open.
    pollfd fd = {output_fd_, POLLIN, 0};
    if (poll(&fd, 1, 100) == 0) continue;
    const ssize_t n = read(output_fd_, buffer, sizeof buffer);
    std::lock_guard<std::mutex> lock(mutex_);
    if (n <= 0) {
      output_ended_ = true;
      changed_.notify_all();
      return;
    }
    output_.append(buffer, n);
    changed_.notify_all();
  }
}

bool ChildProcess::WaitUntil(
    const std::function<bool(const std::string&)>& done) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!done(output_)) {
    if (output_ended_) return false;
    const size_t seen = output_.size();
    if (!changed_.wait_for(lock, std::chrono::seconds(10), [&] {
          return output_ended_ || output_.size() != seen;
        })) {
      return false;
    }
  }
  return true;
}

std::string ChildProcess::WaitUntilListening() {
  static const std::regex kListening("listening on (\\S+)");
  std::string address;
  WaitUntil([&](const std::string& output) {
    std::smatch match;
    if (!std::regex_search(output, match, kListening)) return false;
    address = match[1];
    return true;
  });
  return address;
}

bool ChildProcess::WaitForOutput(const std::string& text) {
  return WaitUntil([&](const std::string& output) {
    return output.find(text) != std::string::npos;
  });
}

void ChildProcess::Signal(int signal_number) { kill(pid_, signal_number); }

int ChildProcess::WaitForExit() {
  int status = 0;
  waitpid(pid_, &status, 0);
  exited_ = true;
  // What it wrote last: until the end of the output (or 10 s of silence, if
  // a process it started keeps the pipe open).
  WaitUntil([](const std::string&) { return false; });
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace testing_util
