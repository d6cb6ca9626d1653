// {{package}}.{{Service}} in gRPC's callback style: no thread waits for a
// client. Unary calls answer at once; each stream is a reactor object whose
// methods gRPC calls as its reads and writes complete.
#ifndef {{GUARD}}_CALLBACK_SERVICE_H_
#define {{GUARD}}_CALLBACK_SERVICE_H_

#include "{{dir}}/store.h"
#include "{{proto_dir}}/{{name}}.grpc.pb.h"

namespace {{name}} {

class CallbackService final : public {{proto_ns}}::{{Service}}::CallbackService {
 public:
  explicit CallbackService(Store& store) : store_(store) {}

  grpc::ServerUnaryReactor* GetItem(
      grpc::CallbackServerContext* context,
      const {{proto_ns}}::GetItemRequest* request,
      {{proto_ns}}::GetItemResponse* response) override;
  grpc::ServerWriteReactor<{{proto_ns}}::ListItemsResponse>* ListItems(
      grpc::CallbackServerContext* context,
      const {{proto_ns}}::ListItemsRequest* request) override;
  grpc::ServerReadReactor<{{proto_ns}}::AddItemsRequest>* AddItems(
      grpc::CallbackServerContext* context,
      {{proto_ns}}::AddItemsResponse* response) override;
  grpc::ServerBidiReactor<{{proto_ns}}::UpdateItemsRequest,
                          {{proto_ns}}::UpdateItemsResponse>*
  UpdateItems(grpc::CallbackServerContext* context) override;

 private:
  Store& store_;
};

}  // namespace {{name}}

#endif  // {{GUARD}}_CALLBACK_SERVICE_H_
