#include "exercises/metadata/service.h"

#include <string>

namespace exercises::metadata {

// The exercise: every answer should carry its call's request id in the
// initial metadata, under kRequestIdKey: the one the client sent under that
// key if it sent one, else one the server makes up (unique per call). Logs
// on both sides can then name the same call.
grpc::Status GreeterService::Greet(grpc::ServerContext* /*context*/,
                                   const v1::GreetRequest* request,
                                   v1::GreetResponse* response) {
  response->set_message("Hello, " + request->name() + "!");
  return grpc::Status::OK;
}

}  // namespace exercises::metadata
