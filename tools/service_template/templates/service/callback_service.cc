#include "{{dir}}/callback_service.h"

#include <utility>
#include <vector>

namespace {{name}} {
namespace {

namespace api = {{proto_ns}};
using grpc::Status;

// Streams the items, one write at a time: the next write starts when gRPC
// reports the last one done. OnDone() is the last callback gRPC makes, so
// each reactor deletes itself there.
class ItemWriter : public grpc::ServerWriteReactor<api::ListItemsResponse> {
 public:
  explicit ItemWriter(std::vector<api::Item> items) : items_(std::move(items)) {
    WriteNext();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {  // The client has gone (cancelled, or past its deadline).
      Finish(Status(grpc::StatusCode::CANCELLED, "the client has gone"));
      return;
    }
    WriteNext();
  }

  void OnDone() override { delete this; }

 private:
  void WriteNext() {
    if (next_ == items_.size()) {
      Finish(Status::OK);
      return;
    }
    *response_.mutable_item() = items_[next_++];
    StartWrite(&response_);  // response_ must live until OnWriteDone.
  }

  std::vector<api::Item> items_;
  size_t next_ = 0;
  api::ListItemsResponse response_;
};

// Reads items until the client half-closes, then answers once.
class ItemAdder : public grpc::ServerReadReactor<api::AddItemsRequest> {
 public:
  ItemAdder(Store& store, api::AddItemsResponse* response)
      : store_(store), response_(response) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // Half-closed (or the call ended): every item is in.
      Finish(Status::OK);
      return;
    }
    api::Item stored;
    if (Status status = store_.Add(request_.item(), &stored); !status.ok()) {
      Finish(status);
      return;
    }
    response_->set_added_count(response_->added_count() + 1);
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  Store& store_;
  api::AddItemsResponse* response_;
  api::AddItemsRequest request_;
};

// Answers each item as it arrives. The next read starts once the answer is
// on its way, so at most one read and one write are outstanding (the
// reactor rule).
class ItemUpdater : public grpc::ServerBidiReactor<api::UpdateItemsRequest,
                                                   api::UpdateItemsResponse> {
 public:
  explicit ItemUpdater(Store& store) : store_(store) { StartRead(&request_); }

  void OnReadDone(bool ok) override {
    if (!ok) {  // Half-closed: every item has been answered.
      Finish(Status::OK);
      return;
    }
    if (Status status = store_.Add(request_.item(), response_.mutable_item());
        !status.ok()) {
      Finish(status);
      return;
    }
    StartWrite(&response_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(Status(grpc::StatusCode::CANCELLED, "the client has gone"));
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  Store& store_;
  api::UpdateItemsRequest request_;
  api::UpdateItemsResponse response_;
};

}  // namespace

grpc::ServerUnaryReactor* CallbackService::GetItem(
    grpc::CallbackServerContext* context, const api::GetItemRequest* request,
    api::GetItemResponse* response) {
  // A handler that does not block answers at once, through the context's
  // default reactor.
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(store_.Get(request->name(), response->mutable_item()));
  return reactor;
}

grpc::ServerWriteReactor<api::ListItemsResponse>* CallbackService::ListItems(
    grpc::CallbackServerContext* /*context*/,
    const api::ListItemsRequest* request) {
  return new ItemWriter(store_.List(request->prefix()));
}

grpc::ServerReadReactor<api::AddItemsRequest>* CallbackService::AddItems(
    grpc::CallbackServerContext* /*context*/,
    api::AddItemsResponse* response) {
  return new ItemAdder(store_, response);
}

grpc::ServerBidiReactor<api::UpdateItemsRequest, api::UpdateItemsResponse>*
CallbackService::UpdateItems(grpc::CallbackServerContext* /*context*/) {
  return new ItemUpdater(store_);
}

}  // namespace {{name}}
