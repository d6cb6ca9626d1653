// A command-line client of {{package}}.{{Service}}, one subcommand per RPC,
// in gRPC's blocking style. Every call has a deadline (--timeout_ms).
//
//   ./bazelw run {{label}}:client -- add apple=3 pear=2
//   ./bazelw run {{label}}:client -- list
#include <absl/flags/flag.h>
#include <absl/strings/numbers.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "common/flags/flags.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "{{proto_dir}}/{{name}}.grpc.pb.h"

ABSL_FLAG(std::string, target, "localhost:{{port}}",
          "The server's address (host:port).");
ABSL_FLAG(int, timeout_ms, 5000, "Deadline of the call, in milliseconds.");

namespace {{name}} {
namespace {

namespace api = {{proto_ns}};
using grpc::ClientContext;
using grpc::Status;

constexpr char kUsage[] =
    "Calls {{package}}.{{Service}}.\n"
    "Usage: client [flags] <command> <args>\n"
    "  get <name>                        unary\n"
    "  list [<prefix>]                   server streaming\n"
    "  add <name>=<quantity>...          client streaming\n"
    "  update <name>=<quantity>...       bidirectional streaming";

void Print(const api::Item& item) {
  std::cout << item.name() << " " << item.quantity() << std::endl;
}

// "apple=3" -> an Item; a usage error for anything else.
api::Item ParseItem(const std::string& arg) {
  const size_t equals = arg.rfind('=');
  api::Item item;
  int64_t quantity = 0;
  if (equals == std::string::npos ||
      !absl::SimpleAtoi(arg.substr(equals + 1), &quantity)) {
    common::ExitWithUsageError("'" + arg +
                               "' is not <name>=<quantity> (a whole number)");
  }
  item.set_name(arg.substr(0, equals));
  item.set_quantity(quantity);
  return item;
}

class Client {
 public:
  Client(std::shared_ptr<grpc::Channel> channel,
         std::chrono::milliseconds timeout)
      : stub_(api::{{Service}}::NewStub(channel)), timeout_(timeout) {}

  Status Get(const std::string& name) {
    ClientContext context;
    SetDeadline(context);
    api::GetItemRequest request;
    request.set_name(name);
    api::GetItemResponse response;
    Status status = stub_->GetItem(&context, request, &response);
    if (status.ok()) Print(response.item());
    return status;
  }

  Status List(const std::string& prefix) {
    ClientContext context;
    SetDeadline(context);
    api::ListItemsRequest request;
    request.set_prefix(prefix);
    auto reader = stub_->ListItems(&context, request);
    api::ListItemsResponse response;
    while (reader->Read(&response)) Print(response.item());
    return reader->Finish();  // How the stream ended.
  }

  Status Add(const std::vector<api::Item>& items) {
    ClientContext context;
    SetDeadline(context);
    api::AddItemsResponse response;
    auto writer = stub_->AddItems(&context, &response);
    for (const api::Item& item : items) {
      api::AddItemsRequest request;
      *request.mutable_item() = item;
      if (!writer->Write(request)) break;  // The call is over: Finish says why.
    }
    writer->WritesDone();  // Half-close: no more items.
    Status status = writer->Finish();
    if (status.ok()) {
      std::cout << "added " << response.added_count() << " items" << std::endl;
    }
    return status;
  }

  Status Update(const std::vector<api::Item>& items) {
    ClientContext context;
    SetDeadline(context);
    auto stream = stub_->UpdateItems(&context);
    // One item, then its answer: the server answers while the client's side
    // of the stream is still open.
    for (const api::Item& item : items) {
      api::UpdateItemsRequest request;
      *request.mutable_item() = item;
      api::UpdateItemsResponse response;
      if (!stream->Write(request) || !stream->Read(&response)) break;
      Print(response.item());
    }
    stream->WritesDone();
    return stream->Finish();
  }

 private:
  void SetDeadline(ClientContext& context) const {
    context.set_deadline(std::chrono::system_clock::now() + timeout_);
  }

  std::unique_ptr<api::{{Service}}::Stub> stub_;
  std::chrono::milliseconds timeout_;
};

int Run(int argc, char** argv) {
  const std::vector<std::string> args = common::ParseFlags(argc, argv, kUsage);
  if (args.size() < 2) common::ExitWithUsageError("no command given");
  const std::string& command = args[1];
  const std::vector<std::string> rest(args.begin() + 2, args.end());
  if (command == "get" && rest.size() != 1) {
    common::ExitWithUsageError("get takes one name");
  } else if (command == "list" && rest.size() > 1) {
    common::ExitWithUsageError("list takes at most one prefix");
  } else if (command != "get" && command != "list" && command != "add" &&
             command != "update") {
    common::ExitWithUsageError("unknown command '" + command + "'");
  }
  std::vector<api::Item> items;
  if (command == "add" || command == "update") {
    for (const std::string& arg : rest) items.push_back(ParseItem(arg));
  }
  const std::string target = absl::GetFlag(FLAGS_target);
  common::CheckTargetFlag("target", target);
  const int timeout_ms =
      common::AtLeast(1, absl::GetFlag(FLAGS_timeout_ms), "timeout_ms");

  auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  Client client(channel, std::chrono::milliseconds(timeout_ms));
  Status status;
  if (command == "get") {
    status = client.Get(rest[0]);
  } else if (command == "list") {
    status = client.List(rest.empty() ? "" : rest[0]);
  } else if (command == "add") {
    status = client.Add(items);
  } else {
    status = client.Update(items);
  }
  // Pointed at another server, a call ends UNIMPLEMENTED: say what is there.
  status = common::ExplainWrongService(status, channel, target,
                                       "{{package}}.{{Service}}");
  if (!status.ok()) {
    std::cerr << "error: " << common::FormatStatus(status) << std::endl;
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace {{name}}

int main(int argc, char** argv) { return {{name}}::Run(argc, argv); }
