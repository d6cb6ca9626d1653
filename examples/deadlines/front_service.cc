#include "examples/deadlines/front_service.h"

namespace deadlines {

// [START backend_context]
std::unique_ptr<grpc::ClientContext> FrontService::BackendContext(
    const grpc::ServerContext& server_context) const {
  // FromServerContext: the backend call is a child of the client's call. It
  // inherits the client's deadline, and is cancelled when the client's call
  // is (by the client, its deadline, or a lost connection), even while this
  // thread is blocked waiting for the backend.
  std::unique_ptr<grpc::ClientContext> context =
      options_.propagate
          ? grpc::ClientContext::FromServerContext(server_context)
          : std::make_unique<grpc::ClientContext>();
  // The front's own limit. gRPC takes the earlier of this and an inherited
  // deadline, so a propagated deadline can only get shorter here.
  context->set_deadline(std::chrono::system_clock::now() +
                        options_.backend_timeout);
  return context;
}
// [END backend_context]

grpc::Status FrontService::Divide(grpc::ServerContext* context,
                                  const calculator::v1::DivideRequest* request,
                                  calculator::v1::DivideResponse* response) {
  std::unique_ptr<grpc::ClientContext> backend_context =
      BackendContext(*context);
  // The backend's status, error or not, is the client's.
  return backend_->Divide(backend_context.get(), *request, response);
}

// [START proxy_list_primes]
grpc::Status FrontService::ListPrimes(
    grpc::ServerContext* context,
    const calculator::v1::ListPrimesRequest* request,
    grpc::ServerWriter<calculator::v1::Prime>* writer) {
  std::unique_ptr<grpc::ClientContext> backend_context =
      BackendContext(*context);
  auto reader = backend_->ListPrimes(backend_context.get(), *request);
  calculator::v1::Prime prime;
  while (reader->Read(&prime)) {
    if (!writer->Write(prime)) {
      // The client is gone. Without propagation the front must say so
      // itself; it learns only now, when it next writes.
      backend_context->TryCancel();
      break;
    }
  }
  return reader->Finish();
}
// [END proxy_list_primes]

}  // namespace deadlines
