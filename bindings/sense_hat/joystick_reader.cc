#include "bindings/sense_hat/joystick_reader.h"

#include <utility>

namespace bindings {

std::unique_ptr<JoystickReader> JoystickReader::Open(const std::string& device,
                                                     std::string* error) {
  std::unique_ptr<sense_hat::Joystick> joystick =
      sense_hat::Joystick::Open(device, error);
  if (joystick == nullptr) return nullptr;
  return std::unique_ptr<JoystickReader>(
      new JoystickReader(std::move(joystick)));
}

JoystickReader::JoystickReader(std::unique_ptr<sense_hat::Joystick> joystick)
    : joystick_(std::move(joystick)), reading_([this] { Read(); }) {}

JoystickReader::~JoystickReader() {
  Stop();
  reading_.join();
}

void JoystickReader::Read() {
  std::string error;
  const bool ok = joystick_->Run(
      [this](const sense_hat::KeyEvent& key) {
        std::lock_guard<std::mutex> lock(mu_);
        if (keys_.size() == kMaxQueuedKeys) keys_.pop_front();
        keys_.push_back(key);
        changed_.notify_all();
      },
      &error);
  std::lock_guard<std::mutex> lock(mu_);
  finished_ = true;
  if (!ok) error_ = error;
  changed_.notify_all();
}

JoystickReader::Next JoystickReader::WaitForKey(
    std::chrono::milliseconds timeout, sense_hat::KeyEvent* key,
    std::string* error) {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait_for(lock, timeout,
                    [this] { return stopped_ || finished_ || !keys_.empty(); });
  if (stopped_) return Next::kEnd;
  if (!keys_.empty()) {
    *key = keys_.front();
    keys_.pop_front();
    return Next::kKey;
  }
  if (!finished_) return Next::kTimeout;
  if (error_.empty()) return Next::kEnd;
  *error = error_;
  return Next::kError;
}

bool JoystickReader::WaitForInputEnd(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return changed_.wait_for(lock, timeout,
                           [this] { return stopped_ || finished_; });
}

void JoystickReader::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopped_ = true;
    keys_.clear();
    changed_.notify_all();
  }
  joystick_->Stop();
}

}  // namespace bindings
