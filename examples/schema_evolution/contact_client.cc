// A contact client with the current schema (version 2): it saves a name,
// an email address and when the contact was created, and prints a contact.
//
//   bazel run //examples/schema_evolution:contact_client -- save Ada a@b.org 1
//   bazel run //examples/schema_evolution:contact_client -- get 1
#include <absl/flags/flag.h>
#include <absl/strings/numbers.h>
#include <grpcpp/grpcpp.h>

#include <iostream>
#include <string>
#include <vector>

#include "common/flags/flags.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "protos/evolution/v1/contact.grpc.pb.h"

namespace {

constexpr char kUsage[] =
    "A client of evolution.v1.ContactService, schema version 2.\n"
    "Usage: contact_client [flags] save <name> <email> <created_unix_seconds>\n"
    "       contact_client [flags] get <id>";
constexpr size_t kSaveArguments = 3;

void FillContact(const std::vector<std::string>& args,
                 evolution::v1::Contact* contact) {
  int64_t created = 0;
  if (!absl::SimpleAtoi(args[2], &created)) {
    common::ExitWithUsageError("created_unix_seconds: a number");
  }
  contact->set_name(args[0]);
  contact->set_email_address(args[1]);
  contact->set_created_unix_seconds(created);
}

// [START print_contact_v2]
void PrintContact(const evolution::v1::Contact& contact) {
  std::cout << "name: " << contact.name() << std::endl
            << "email_address: " << contact.email_address() << std::endl
            << "created_unix_seconds: " << contact.created_unix_seconds()
            << std::endl;
}
// [END print_contact_v2]

}  // namespace

#include "examples/schema_evolution/contact_client_main.inc"
