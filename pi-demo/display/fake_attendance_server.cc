#include "pi-demo/display/fake_attendance_server.h"

namespace display {

void FakeAttendanceService::SetAttendees(
    const std::vector<std::string>& names) {
  std::lock_guard<std::mutex> lock(mu_);
  status_.clear_attendees();
  for (const std::string& name : names) {
    attendance::v1::Attendee* attendee = status_.add_attendees();
    const size_t space = name.find(' ');
    attendee->set_first_name(name.substr(0, space));
    if (space != std::string::npos) {
      attendee->set_last_name(name.substr(space + 1));
    }
  }
  status_.set_count(static_cast<int32_t>(names.size()));
  status_.set_version(status_.version() + 1);
  changed_.notify_all();
}

void FakeAttendanceService::EndWatches() {
  std::lock_guard<std::mutex> lock(mu_);
  ending_ = true;
  changed_.notify_all();
}

grpc::Status FakeAttendanceService::GetStatus(
    grpc::ServerContext* /*context*/,
    const attendance::v1::GetStatusRequest* /*request*/,
    attendance::v1::Status* status) {
  std::lock_guard<std::mutex> lock(mu_);
  *status = status_;
  return grpc::Status::OK;
}

grpc::Status FakeAttendanceService::WatchStatus(
    grpc::ServerContext* /*context*/,
    const attendance::v1::WatchStatusRequest* /*request*/,
    grpc::ServerWriter<attendance::v1::Status>* writer) {
  std::unique_lock<std::mutex> lock(mu_);
  int64_t sent = -1;
  while (true) {
    changed_.wait(lock, [&] { return ending_ || status_.version() != sent; });
    if (ending_) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "the server is shutting down");
    }
    const attendance::v1::Status status = status_;
    sent = status.version();
    lock.unlock();
    const bool written = writer->Write(status);
    lock.lock();
    if (!written) return grpc::Status(grpc::StatusCode::CANCELLED, "gone");
  }
}

FakeAttendanceServer::FakeAttendanceServer(
    int port, const std::vector<std::string>& names) {
  service_.SetAttendees(names);
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:" + std::to_string(port),
                           grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(&service_);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr) port_ = 0;
}

void FakeAttendanceServer::Stop() {
  if (server_ == nullptr) return;
  service_.EndWatches();
  server_->Shutdown();
  server_.reset();
}

}  // namespace display
