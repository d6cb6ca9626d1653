// Unix domain sockets: calls over a socket file and over an abstract name,
// what the server sees as the peer, a stale socket file from a killed
// server, the file gone after a clean shutdown, and a path too long for a
// socket refused with a usage error.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "common/testing/child_process.h"
#include "common/testing/test_arguments.h"
#include "protos/calculator/v1/calculator.grpc.pb.h"

namespace unix_sockets {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST_ARGUMENTS("unix_sockets_test <uds_server binary>", 1);

// A fresh directory under /tmp for the tests' sockets, removed after them.
// Not under TEST_TMPDIR: Bazel's is longer than the 107 bytes a socket path
// may have.
class TempDir : public ::testing::Environment {
 public:
  void SetUp() override {
    char pattern[] = "/tmp/uds-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    path = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(path); }
  static inline std::string path;
};
const auto* const temp_dir = ::testing::AddGlobalTestEnvironment(new TempDir);

std::string TempPath(const std::string& name) {
  return TempDir::path + "/" + name;
}

bool IsSocket(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISSOCK(info.st_mode);
}

grpc::Status Divide(const std::string& target) {
  auto stub = calculator::v1::Calculator::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  calculator::v1::DivideRequest request;
  request.set_dividend(17);
  request.set_divisor(5);
  calculator::v1::DivideResponse response;
  grpc::Status status = stub->Divide(&context, request, &response);
  if (status.ok()) {
    EXPECT_EQ(response.quotient(), 3);
  }
  return status;
}

// [START socket_file_test]
TEST(UnixSocketsTest, ACallOverASocketFile) {
  const std::string path = TempPath("calculator.sock");
  testing_util::ChildProcess server(
      {testing_util::TestArgument(0), "--socket=" + path});
  EXPECT_EQ(server.WaitUntilListening(), "unix:" + path) << server.output();
  EXPECT_TRUE(IsSocket(path));
  EXPECT_TRUE(Divide("unix:" + path).ok());
  server.Signal(SIGTERM);
  EXPECT_EQ(server.WaitForExit(), 0);
  EXPECT_FALSE(IsSocket(path));  // removed at shutdown
}
// [END socket_file_test]

TEST(UnixSocketsTest, AStaleSocketFileIsReplaced) {
  // What a killed server leaves behind: a socket file nobody listens on.
  const std::string path = TempPath("stale.sock");
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  path.copy(address.sun_path, sizeof(address.sun_path) - 1);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)),
            0);
  close(fd);
  ASSERT_TRUE(IsSocket(path));
  testing_util::ChildProcess server(
      {testing_util::TestArgument(0), "--socket=" + path});
  EXPECT_EQ(server.WaitUntilListening(), "unix:" + path) << server.output();
  EXPECT_TRUE(Divide("unix:" + path).ok());
}

TEST(UnixSocketsTest, ALiveServersSocketIsNotTakenOver) {
  const std::string path = TempPath("taken.sock");
  testing_util::ChildProcess first(
      {testing_util::TestArgument(0), "--socket=" + path});
  ASSERT_EQ(first.WaitUntilListening(), "unix:" + path) << first.output();
  testing_util::ChildProcess second(
      {testing_util::TestArgument(0), "--socket=" + path});
  EXPECT_EQ(second.WaitForExit(), 1);
  EXPECT_THAT(second.output(), HasSubstr("already listening on " + path));
  EXPECT_TRUE(Divide("unix:" + path).ok());  // the first one still serves
}

TEST(UnixSocketsTest, ACallOverAnAbstractName) {
  const std::string name = "grpc-tutorial-test-" + std::to_string(getpid());
  testing_util::ChildProcess server(
      {testing_util::TestArgument(0), "--abstract=" + name});
  EXPECT_EQ(server.WaitUntilListening(), "unix-abstract:" + name)
      << server.output();
  EXPECT_TRUE(Divide("unix-abstract:" + name).ok());
}

TEST(UnixSocketsTest, TheServerSeesAUnixPeer) {
  // In-process, to read the peer from the ServerContext.
  class PeerService final : public calculator::v1::Calculator::Service {
   public:
    grpc::Status Divide(grpc::ServerContext* context,
                        const calculator::v1::DivideRequest*,
                        calculator::v1::DivideResponse* response) override {
      peer = context->peer();
      response->set_quotient(3);
      return grpc::Status::OK;
    }
    std::string peer;
  } service;
  const std::string path = TempPath("peer.sock");
  grpc::ServerBuilder builder;
  builder.AddListeningPort("unix:" + path, grpc::InsecureServerCredentials());
  builder.RegisterService(&service);
  auto server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(Divide("unix:" + path).ok());
  // No address or port: the client is a process on this machine.
  EXPECT_THAT(service.peer, StartsWith("unix:"));
  server->Shutdown();
}

TEST(UnixSocketsTest, APathTooLongIsAUsageError) {
  testing_util::ChildProcess server({testing_util::TestArgument(0),
                                     "--socket=/tmp/" + std::string(120, 'x')});
  EXPECT_EQ(server.WaitForExit(), 2);
  EXPECT_THAT(server.output(), HasSubstr("a path of 1 to 107 bytes"));
}

}  // namespace
}  // namespace unix_sockets
