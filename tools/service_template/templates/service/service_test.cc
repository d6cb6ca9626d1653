// The four call modes of {{package}}.{{Service}}, against both services,
// each on a real gRPC server on loopback.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "{{dir}}/callback_service.h"
#include "{{dir}}/store.h"
#include "{{dir}}/sync_service.h"
#include "{{proto_dir}}/{{name}}.grpc.pb.h"

namespace {{name}} {
namespace {

namespace api = {{proto_ns}};
using grpc::StatusCode;

enum class Style { kSync, kCallback };

api::Item MakeItem(const std::string& name, int64_t quantity) {
  api::Item item;
  item.set_name(name);
  item.set_quantity(quantity);
  return item;
}

// One server with one of the services, on a free port, and a stub for it.
class ServiceTest : public ::testing::TestWithParam<Style> {
 protected:
  void SetUp() override {
    if (GetParam() == Style::kSync) {
      service_ = std::make_unique<SyncService>(store_);
    } else {
      service_ = std::make_unique<CallbackService>(store_);
    }
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = api::{{Service}}::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(port),
        grpc::InsecureChannelCredentials()));
  }

  // A call still running is cancelled at once: a bug fails the test
  // instead of hanging it.
  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::system_clock::now());
  }

  // Every call of the tests has a deadline: a bug fails, it does not hang.
  static void SetDeadline(grpc::ClientContext& context) {
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
  }

  // Adds `items` with one AddItems call and returns its status.
  grpc::Status Add(const std::vector<api::Item>& items,
                   api::AddItemsResponse* response) {
    grpc::ClientContext context;
    SetDeadline(context);
    auto writer = stub_->AddItems(&context, response);
    for (const api::Item& item : items) {
      api::AddItemsRequest request;
      *request.mutable_item() = item;
      if (!writer->Write(request)) break;
    }
    writer->WritesDone();
    return writer->Finish();
  }

  grpc::Status Get(const std::string& name, api::GetItemResponse* response) {
    grpc::ClientContext context;
    SetDeadline(context);
    api::GetItemRequest request;
    request.set_name(name);
    return stub_->GetItem(&context, request, response);
  }

  Store store_;
  std::unique_ptr<grpc::Service> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<api::{{Service}}::Stub> stub_;
};

TEST_P(ServiceTest, GetItemAnswersWhatAddItemsStored) {
  api::AddItemsResponse added;
  ASSERT_TRUE(Add({MakeItem("apple", 3), MakeItem("apple", 4)}, &added).ok());
  EXPECT_EQ(added.added_count(), 2);

  api::GetItemResponse response;
  ASSERT_TRUE(Get("apple", &response).ok());
  EXPECT_EQ(response.item().name(), "apple");
  EXPECT_EQ(response.item().quantity(), 7);
}

TEST_P(ServiceTest, GetItemRefusesUnknownAndBadNames) {
  api::GetItemResponse response;
  grpc::Status status = Get("pear", &response);
  EXPECT_EQ(status.error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "no item is called 'pear'");
  EXPECT_EQ(Get("", &response).error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Get(std::string(Store::kMaxNameBytes + 1, 'x'), &response)
                .error_code(),
            StatusCode::INVALID_ARGUMENT);
}

TEST_P(ServiceTest, ListItemsStreamsThePrefixInNameOrder) {
  api::AddItemsResponse added;
  ASSERT_TRUE(Add({MakeItem("pear", 1), MakeItem("apple", 2),
                   MakeItem("apricot", 3), MakeItem("banana", 4)},
                  &added)
                  .ok());
  grpc::ClientContext context;
  SetDeadline(context);
  api::ListItemsRequest request;
  request.set_prefix("ap");
  auto reader = stub_->ListItems(&context, request);
  std::vector<std::string> names;
  api::ListItemsResponse response;
  while (reader->Read(&response)) names.push_back(response.item().name());
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_EQ(names, (std::vector<std::string>{"apple", "apricot"}));
}

TEST_P(ServiceTest, AddItemsStopsAtTheFirstBadItem) {
  api::AddItemsResponse added;
  grpc::Status status =
      Add({MakeItem("apple", 1), MakeItem("", 1), MakeItem("pear", 1)}, &added);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  api::GetItemResponse response;
  EXPECT_TRUE(Get("apple", &response).ok());
  EXPECT_EQ(Get("pear", &response).error_code(), StatusCode::NOT_FOUND);
}

TEST_P(ServiceTest, AQuantityThatDoesNotFitIsOutOfRange) {
  api::AddItemsResponse added;
  grpc::Status status = Add(
      {MakeItem("apple", INT64_MAX), MakeItem("apple", 1)}, &added);
  EXPECT_EQ(status.error_code(), StatusCode::OUT_OF_RANGE);
}

TEST_P(ServiceTest, UpdateItemsAnswersEachItemBeforeTheNextIsSent) {
  grpc::ClientContext context;
  SetDeadline(context);
  auto stream = stub_->UpdateItems(&context);
  for (int64_t total : {2, 4, 6}) {
    api::UpdateItemsRequest request;
    *request.mutable_item() = MakeItem("apple", 2);
    ASSERT_TRUE(stream->Write(request));
    // The answer comes while our side of the stream is still open.
    api::UpdateItemsResponse response;
    ASSERT_TRUE(stream->Read(&response));
    EXPECT_EQ(response.item().quantity(), total);
  }
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

INSTANTIATE_TEST_SUITE_P(BothStyles, ServiceTest,
                         ::testing::Values(Style::kSync, Style::kCallback),
                         [](const ::testing::TestParamInfo<Style>& info) {
                           return info.param == Style::kSync ? "Sync"
                                                             : "Callback";
                         });

}  // namespace
}  // namespace {{name}}
