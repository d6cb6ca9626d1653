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
  // gRPC answers a method it does not know with an empty message; a server's
  // own UNIMPLEMENTED says more than we could.
  if (status.error_code() != grpc::StatusCode::UNIMPLEMENTED ||
      !status.error_message().empty()) {
    return status;
  }
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
    message += std::string(expected_service) + " (is the port right?)";
  } else if (!has_reflection) {
    // Another service, or an older one without this method: it cannot say.
    message += " does not know this method of " +
               std::string(expected_service) +
               " (another service? it offers no reflection to say what it "
               "serves)";
  } else {
    return status;  // it did not answer in time: nothing to add
  }
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, message);
}

}  // namespace common
