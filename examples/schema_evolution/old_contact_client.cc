// A contact client built from schema version 1, as released: it saves a
// name, an email address and a fax number, and prints a contact.
//
//   bazel run //examples/schema_evolution:old_contact_client -- get 1
#include <absl/flags/flag.h>
#include <absl/strings/numbers.h>
#include <grpcpp/grpcpp.h>

#include <iostream>
#include <string>
#include <vector>

#include "common/flags/flags.h"
#include "common/grpc/status_names.h"
#include "common/grpc/wrong_service.h"
#include "tools/buf/previous/evolution/v1/contact.grpc.pb.h"

namespace {

constexpr char kUsage[] =
    "A client of evolution.v1.ContactService, schema version 1.\n"
    "Usage: old_contact_client [flags] save <name> <email> <fax>\n"
    "       old_contact_client [flags] get <id>";
constexpr size_t kSaveArguments = 3;

void FillContact(const std::vector<std::string>& args,
                 evolution::v1::Contact* contact) {
  contact->set_name(args[0]);
  contact->set_email(args[1]);
  contact->set_fax(args[2]);
}

// [START print_contact_v1]
void PrintContact(const evolution::v1::Contact& contact) {
  std::cout << "name: " << contact.name() << std::endl
            << "email: " << contact.email() << std::endl
            << "fax: " << contact.fax() << std::endl;
}
// [END print_contact_v1]

}  // namespace

#include "examples/schema_evolution/contact_client_main.inc"
