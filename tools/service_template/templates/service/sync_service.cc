#include "{{dir}}/sync_service.h"

namespace {{name}} {

namespace api = {{proto_ns}};
using grpc::ServerContext;
using grpc::Status;

Status SyncService::GetItem(ServerContext* /*context*/,
                            const api::GetItemRequest* request,
                            api::GetItemResponse* response) {
  return store_.Get(request->name(), response->mutable_item());
}

Status SyncService::ListItems(
    ServerContext* context, const api::ListItemsRequest* request,
    grpc::ServerWriter<api::ListItemsResponse>* writer) {
  for (const api::Item& item : store_.List(request->prefix())) {
    api::ListItemsResponse response;
    *response.mutable_item() = item;
    // Write fails once the client has gone (cancelled, or past its
    // deadline): stop instead of writing to nobody.
    if (!writer->Write(response)) {
      return Status(grpc::StatusCode::CANCELLED, "the client has gone");
    }
  }
  return context->IsCancelled()
             ? Status(grpc::StatusCode::CANCELLED, "the client has gone")
             : Status::OK;
}

Status SyncService::AddItems(ServerContext* /*context*/,
                             grpc::ServerReader<api::AddItemsRequest>* reader,
                             api::AddItemsResponse* response) {
  api::AddItemsRequest request;
  // Read returns false when the client half-closes (or the call ends).
  while (reader->Read(&request)) {
    api::Item stored;
    if (Status status = store_.Add(request.item(), &stored); !status.ok()) {
      return status;
    }
    response->set_added_count(response->added_count() + 1);
  }
  return Status::OK;
}

Status SyncService::UpdateItems(
    ServerContext* /*context*/,
    grpc::ServerReaderWriter<api::UpdateItemsResponse,
                             api::UpdateItemsRequest>* stream) {
  api::UpdateItemsRequest request;
  while (stream->Read(&request)) {
    api::UpdateItemsResponse response;
    if (Status status = store_.Add(request.item(), response.mutable_item());
        !status.ok()) {
      return status;
    }
    if (!stream->Write(response)) {
      return Status(grpc::StatusCode::CANCELLED, "the client has gone");
    }
  }
  return Status::OK;
}

}  // namespace {{name}}
