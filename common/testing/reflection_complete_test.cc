// A server's reflection must describe every service it lists, so that tools
// such as buf curl and grpcurl can call any of them by name (gRPC's default
// health service was listed but not described: common/grpc/reflection.cc).
//
// Usage (a cc_test in each package that has servers):
//   reflection_complete_test <server binary> <expected service>... [-- flags]
// The server is started with --host=127.0.0.1 --port=0 and the flags.
#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/descriptor_database.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/testing/child_process.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace {

namespace reflection = grpc::reflection::v1alpha;
using ::testing::IsSupersetOf;

std::vector<std::string> server_args;
std::vector<std::string> expected_services;

class ReflectionCompleteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing_util::ChildProcess>(server_args);
    const std::string address = server_->WaitUntilListening();
    ASSERT_FALSE(address.empty()) << server_->output();
    stub_ = reflection::ServerReflection::NewStub(
        grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  }

  // One request, one response, on a fresh stream.
  reflection::ServerReflectionResponse Ask(
      const reflection::ServerReflectionRequest& request) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    auto stream = stub_->ServerReflectionInfo(&context);
    reflection::ServerReflectionResponse response;
    EXPECT_TRUE(stream->Write(request));
    EXPECT_TRUE(stream->Read(&response));
    stream->WritesDone();
    EXPECT_TRUE(stream->Finish().ok());
    return response;
  }

  std::unique_ptr<testing_util::ChildProcess> server_;
  std::unique_ptr<reflection::ServerReflection::Stub> stub_;
};

TEST_F(ReflectionCompleteTest, EveryListedServiceIsDescribed) {
  reflection::ServerReflectionRequest list;
  list.set_list_services("");
  const reflection::ServerReflectionResponse listed = Ask(list);
  std::vector<std::string> names;
  for (const auto& service : listed.list_services_response().service()) {
    names.push_back(service.name());
  }
  EXPECT_THAT(names, IsSupersetOf(expected_services));
  for (const std::string& name : names) {
    reflection::ServerReflectionRequest describe;
    describe.set_file_containing_symbol(name);
    const reflection::ServerReflectionResponse described = Ask(describe);
    EXPECT_TRUE(described.has_file_descriptor_response())
        << name << " is listed but not described: "
        << described.error_response().error_message();
    // What a tool does next: build the service from the files sent (the
    // one that defines it and those it imports).
    google::protobuf::SimpleDescriptorDatabase files;
    for (const std::string& bytes :
         described.file_descriptor_response().file_descriptor_proto()) {
      google::protobuf::FileDescriptorProto file;
      ASSERT_TRUE(file.ParseFromString(bytes)) << name;
      files.Add(file);
    }
    google::protobuf::DescriptorPool pool(&files);
    EXPECT_NE(pool.FindServiceByName(name), nullptr)
        << name << ": the files sent do not build the service";
  }
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  int i = 1;
  if (argc < 2) {
    std::cerr << "usage: reflection_complete_test <server> <service>... "
                 "[-- flags]"
              << std::endl;
    return 2;
  }
  server_args = {argv[i++], "--host=127.0.0.1", "--port=0"};
  for (; i < argc && std::string(argv[i]) != "--"; ++i) {
    expected_services.push_back(argv[i]);
  }
  for (++i; i < argc; ++i) server_args.push_back(argv[i]);
  return RUN_ALL_TESTS();
}
