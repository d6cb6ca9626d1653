// The Sense HAT joystick for Python: sense_hat::Joystick::Run() on a thread of
// its own, its key events queued for the Python side to take one at a time.
//
// Why not bind Joystick::Run() directly: it blocks in poll() until Stop()
// and retries on EINTR, so a Python thread inside it could never run its
// Ctrl-C handler. Waiting on this queue in short slices can.
#ifndef BINDINGS_SENSE_HAT_JOYSTICK_READER_H_
#define BINDINGS_SENSE_HAT_JOYSTICK_READER_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/sense_hat/joystick.h"

namespace bindings {

class JoystickReader {
 public:
  // Keys waiting to be taken, at most; beyond it the oldest are dropped (as
  // the kernel drops input events a reader leaves unread), so a program
  // that stops taking keys does not grow without bound.
  static constexpr size_t kMaxQueuedKeys = 1024;

  // Opens `device` and starts reading it; nullptr and *error if it cannot
  // be opened.
  static std::unique_ptr<JoystickReader> Open(const std::string& device,
                                              std::string* error);
  // Stops reading and waits for the reading thread (which never needs the
  // GIL, so this may run with it held).
  ~JoystickReader();

  enum class Next {
    kKey,      // *key is the next key event
    kTimeout,  // none arrived within the timeout
    kEnd,      // Stop() was called, or the input ended after its last key
    kError,    // reading failed (*error); the keys before it were taken
  };
  // Waits up to `timeout` for the next key event.
  Next WaitForKey(std::chrono::milliseconds timeout, sense_hat::KeyEvent* key,
                  std::string* error);

  // Waits up to `timeout` until the input has ended (a file's end, an error
  // or Stop()); the keys not yet taken stay queued. False on timeout.
  bool WaitForInputEnd(std::chrono::milliseconds timeout);

  // Thread-safe: WaitForKey() returns kEnd from now on, and keys not yet
  // taken are dropped (as Joystick::Stop() drops the ones not yet read).
  void Stop();

 private:
  explicit JoystickReader(std::unique_ptr<sense_hat::Joystick> joystick);
  void Read();

  const std::unique_ptr<sense_hat::Joystick> joystick_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<sense_hat::KeyEvent> keys_;
  bool stopped_ = false;
  bool finished_ = false;  // Run() has returned
  std::string error_;      // why, if it failed
  std::thread reading_;    // last: starts once the rest is ready
};

}  // namespace bindings

#endif  // BINDINGS_SENSE_HAT_JOYSTICK_READER_H_
