#include "exercises/metadata/service.h"

#include <string>

namespace exercises::metadata {

grpc::Status GreeterService::Greet(grpc::ServerContext* context,
                                   const v1::GreetRequest* request,
                                   v1::GreetResponse* response) {
  // client_metadata() is a multimap of string_refs (not strings).
  const auto& sent = context->client_metadata();
  auto found = sent.find(kRequestIdKey);
  const std::string request_id =
      found != sent.end()
          ? std::string(found->second.data(), found->second.size())
          : "greeter-" + std::to_string(++calls_);
  // Initial metadata goes out with the first answer, before the message.
  context->AddInitialMetadata(kRequestIdKey, request_id);
  response->set_message("Hello, " + request->name() + "!");
  return grpc::Status::OK;
}

}  // namespace exercises::metadata
