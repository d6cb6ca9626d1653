// An in-process attendance server for the display's tests: WatchStatus and
// GetStatus over a list of attendees the test sets, on a port that can be
// reused after Stop() to play a server restart.
#ifndef PI_DEMO_DISPLAY_FAKE_ATTENDANCE_SERVER_H_
#define PI_DEMO_DISPLAY_FAKE_ATTENDANCE_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "protos/attendance/v1/attendance.grpc.pb.h"

namespace display {

class FakeAttendanceService final
    : public attendance::v1::AttendanceService::Service {
 public:
  // Registers "First Last" names; every open watch gets the new status.
  void SetAttendees(const std::vector<std::string>& names);
  // Ends every watch with UNAVAILABLE, as the real server does at shutdown.
  void EndWatches();

  grpc::Status GetStatus(grpc::ServerContext* context,
                         const attendance::v1::GetStatusRequest* request,
                         attendance::v1::Status* status) override;
  grpc::Status WatchStatus(
      grpc::ServerContext* context,
      const attendance::v1::WatchStatusRequest* request,
      grpc::ServerWriter<attendance::v1::Status>* writer) override;

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  attendance::v1::Status status_;
  bool ending_ = false;
};

class FakeAttendanceServer {
 public:
  // Listens on 127.0.0.1:`port` (0: a free port); check port() > 0.
  FakeAttendanceServer(int port, const std::vector<std::string>& names);
  ~FakeAttendanceServer() { Stop(); }

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  FakeAttendanceService& service() { return service_; }

  // Ends the watches and shuts down; the port is free afterwards.
  void Stop();

 private:
  FakeAttendanceService service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace display

#endif  // PI_DEMO_DISPLAY_FAKE_ATTENDANCE_SERVER_H_
