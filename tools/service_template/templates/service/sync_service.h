// {{package}}.{{Service}} in gRPC's synchronous style: each call runs on a
// thread of gRPC's pool, from start to end, and Read/Write block.
#ifndef {{GUARD}}_SYNC_SERVICE_H_
#define {{GUARD}}_SYNC_SERVICE_H_

#include "{{dir}}/store.h"
#include "{{proto_dir}}/{{name}}.grpc.pb.h"

namespace {{name}} {

class SyncService final : public {{proto_ns}}::{{Service}}::Service {
 public:
  explicit SyncService(Store& store) : store_(store) {}

  grpc::Status GetItem(grpc::ServerContext* context,
                       const {{proto_ns}}::GetItemRequest* request,
                       {{proto_ns}}::GetItemResponse* response) override;
  grpc::Status ListItems(
      grpc::ServerContext* context,
      const {{proto_ns}}::ListItemsRequest* request,
      grpc::ServerWriter<{{proto_ns}}::ListItemsResponse>* writer) override;
  grpc::Status AddItems(
      grpc::ServerContext* context,
      grpc::ServerReader<{{proto_ns}}::AddItemsRequest>* reader,
      {{proto_ns}}::AddItemsResponse* response) override;
  grpc::Status UpdateItems(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<{{proto_ns}}::UpdateItemsResponse,
                               {{proto_ns}}::UpdateItemsRequest>* stream)
      override;

 private:
  Store& store_;
};

}  // namespace {{name}}

#endif  // {{GUARD}}_SYNC_SERVICE_H_
