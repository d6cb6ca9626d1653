// LISTEN on one PostgreSQL channel, on a thread of its own: each
// notification's payload goes to a callback, in the order the transactions
// that sent them committed. The thread waits on the connection's socket (no
// polling). If the connection drops, it reconnects and listens again;
// notifications sent meanwhile are lost, so `on_reconnect` is called then,
// for the owner to catch up from the tables.
#ifndef COMMON_POSTGRES_LISTENER_H_
#define COMMON_POSTGRES_LISTENER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "common/postgres/postgres.h"

namespace common {

class PgListener {
 public:
  // Called on the listener's thread with the connection, which the callback
  // may use for queries (to read what the notification points at).
  using Callback =
      std::function<void(PgConnection& connection, const std::string& payload)>;

  // Connects and runs LISTEN before returning, so that nothing committed
  // after Start() returns goes unheard. nullptr and `error` on failure.
  static std::unique_ptr<PgListener> Start(const std::string& url,
                                           const std::string& channel,
                                           Callback on_notification,
                                           std::function<void()> on_reconnect,
                                           std::string* error);
  // Stops the thread.
  ~PgListener();
  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;

 private:
  PgListener(std::string url, std::string channel, Callback callback,
             std::function<void()> on_reconnect);
  void Run(std::unique_ptr<PgConnection> connection);

  const std::string url_;
  const std::string channel_;
  const Callback callback_;
  const std::function<void()> on_reconnect_;
  int stop_fd_ = -1;  // an eventfd that wakes the thread to stop
  std::thread thread_;
};

}  // namespace common

#endif  // COMMON_POSTGRES_LISTENER_H_
