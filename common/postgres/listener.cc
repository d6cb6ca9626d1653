#include "common/postgres/listener.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace common {

std::unique_ptr<PgListener> PgListener::Start(
    const std::string& url, const std::string& channel,
    Callback on_notification, std::function<void()> on_reconnect,
    std::string* error) {
  std::unique_ptr<PgConnection> connection = PgConnection::Connect(url, error);
  if (connection == nullptr || !connection->Run("LISTEN " + channel, error)) {
    return nullptr;
  }
  std::unique_ptr<PgListener> listener(new PgListener(
      url, channel, std::move(on_notification), std::move(on_reconnect)));
  if (listener->stop_fd_ < 0) {
    *error = "cannot make an eventfd for the listener";
    return nullptr;
  }
  listener->thread_ =
      std::thread(&PgListener::Run, listener.get(), std::move(connection));
  return listener;
}

PgListener::PgListener(std::string url, std::string channel, Callback callback,
                       std::function<void()> on_reconnect)
    : url_(std::move(url)),
      channel_(std::move(channel)),
      callback_(std::move(callback)),
      on_reconnect_(std::move(on_reconnect)),
      stop_fd_(eventfd(0, EFD_CLOEXEC)) {}

PgListener::~PgListener() {
  if (thread_.joinable()) {
    uint64_t one = 1;
    if (write(stop_fd_, &one, sizeof one) < 0) std::abort();
    thread_.join();
  }
  if (stop_fd_ >= 0) close(stop_fd_);
}

void PgListener::Run(std::unique_ptr<PgConnection> connection) {
  constexpr int kReconnectMs = 1000;
  for (;;) {
    const bool connected = connection != nullptr && connection->healthy();
    pollfd fds[2] = {{stop_fd_, POLLIN, 0},
                     {connected ? connection->socket() : -1, POLLIN, 0}};
    poll(fds, 2, connected ? -1 : kReconnectMs);
    if (fds[0].revents != 0) return;
    if (!connected) {
      std::string error;
      connection = PgConnection::Connect(url_, &error);
      if (connection != nullptr &&
          !connection->Run("LISTEN " + channel_, &error)) {
        connection = nullptr;
      }
      if (connection != nullptr) {
        std::cerr << "listening to " << channel_ << " again" << std::endl;
        if (on_reconnect_) on_reconnect_();
      }
      continue;
    }
    if (!connection->Consume()) {
      // Changes committed until the reconnect are stored, but nobody here
      // hears of them.
      std::cerr << "lost the database's " << channel_
                << " notifications: " << connection->error_message()
                << std::endl;
      connection = nullptr;
      continue;
    }
    while (std::optional<PgConnection::Notification> notification =
               connection->NextNotification()) {
      callback_(*connection, notification->payload);
    }
  }
}

}  // namespace common
