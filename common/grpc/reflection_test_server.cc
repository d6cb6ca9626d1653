// A server for wrong_service_test: calculator.v1.Calculator (every method
// UNIMPLEMENTED) with gRPC reflection, in a process of its own. The test's
// binary cannot link gRPC's reflection service: it holds the same generated
// reflection messages as the client stubs wrong_service uses, and protobuf
// refuses a message registered twice.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>

#include <iostream>

#include "protos/calculator/v1/calculator.grpc.pb.h"

int main() {
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  calculator::v1::Calculator::Service calculator;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&calculator);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) return 1;
  std::cout << "listening on 127.0.0.1:" << port << std::endl;
  server->Wait();  // until the test kills it
  return 0;
}
