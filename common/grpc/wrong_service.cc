#include "common/grpc/wrong_service.h"

#include <memory>
#include <optional>
#include <vector>

#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace common {
namespace {

namespace reflection = grpc::reflection::v1alpha;

// The names of the services the server offers, without gRPC's own
// (grpc.health.v1.Health, grpc.reflection...); nullopt if it cannot say.
std::optional<std::vector<std::string>> ServiceNames(
    const std::shared_ptr<grpc::Channel>& channel,
    std::chrono::milliseconds timeout, bool* has_reflection) {
  auto stub = reflection::ServerReflection::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  auto stream = stub->ServerReflectionInfo(&context);
  reflection::ServerReflectionRequest request;
  request.set_list_services("");
  reflection::ServerReflectionResponse response;
  const bool answered = stream->Write(request) && stream->Read(&response);
  stream->WritesDone();
  const grpc::Status status = stream->Finish();
  *has_reflection = status.error_code() != grpc::StatusCode::UNIMPLEMENTED;
  if (!answered || !status.ok() || !response.has_list_services_response()) {
    return std::nullopt;
  }
  std::vector<std::string> names;
  for (const auto& service : response.list_services_response().service()) {
    if (service.name().rfind("grpc.", 0) != 0) names.push_back(service.name());
  }
  return names;
}

}  // namespace

grpc::Status ExplainWrongService(const grpc::Status& status,
                                 const std::shared_ptr<grpc::Channel>& channel,
                                 std::string_view target,
                                 std::string_view expected_service,
                                 std::chrono::milliseconds timeout) {
  if (status.error_code() != grpc::StatusCode::UNIMPLEMENTED) return status;
  bool has_reflection = false;
  std::optional<std::vector<std::string>> names =
      ServiceNames(channel, timeout, &has_reflection);
  std::string message(target);
  if (names) {
    for (const std::string& name : *names) {
      // The service is there; only the method is missing (an older server).
      if (name == expected_service) return status;
    }
    message += " serves ";
    if (names->empty()) message += "no services of its own";
    for (size_t i = 0; i < names->size(); ++i) {
      message += (i == 0 ? "" : ", ") + (*names)[i];
    }
    message += ", not ";
  } else if (!has_reflection) {
    message += " does not serve ";
  } else {
    return status;  // it did not answer in time: nothing to add
  }
  message += std::string(expected_service);
  message += names ? " (is the port right?)"
                   : " (and offers no reflection to say what it serves)";
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, message);
}

}  // namespace common
