// What breaks the wire format, at the level of bytes: a reader whose field
// 3 is a number, or whose phone numbers moved to field 6, parses version
// 2's bytes without an error and silently has neither. The reader is made
// at run time from version 2's descriptor with those two changes, in a
// pool of its own (protobuf's reflection), so it needs no generated code.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "protos/evolution/v1/contact.pb.h"

namespace {

using google::protobuf::FieldDescriptorProto;

// Version 2's Contact with field 3 made an int64 and field 4 renumbered 6.
class BrokenReader {
 public:
  BrokenReader() {
    google::protobuf::FileDescriptorProto file;
    evolution::v1::Contact::descriptor()->file()->CopyTo(&file);
    for (auto& message : *file.mutable_message_type()) {
      if (message.name() != "Contact") continue;
      for (FieldDescriptorProto& field : *message.mutable_field()) {
        if (field.name() == "email_address") {
          field.set_type(FieldDescriptorProto::TYPE_INT64);
        }
        if (field.name() == "phone_numbers") field.set_number(6);
      }
    }
    file.clear_service();  // its messages are all it needs
    descriptor_ = pool_.BuildFile(file)->FindMessageTypeByName("Contact");
  }

  std::unique_ptr<google::protobuf::Message> Parse(const std::string& bytes) {
    std::unique_ptr<google::protobuf::Message> message(
        factory_.GetPrototype(descriptor_)->New());
    EXPECT_TRUE(message->ParseFromString(bytes)) << "no error at all";
    return message;
  }

  const google::protobuf::Descriptor* descriptor() const { return descriptor_; }

 private:
  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_;
  const google::protobuf::Descriptor* descriptor_ = nullptr;
};

// [START wire_break_test]
TEST(WireCompatibilityTest, ChangedTypesAndNumbersLoseDataWithoutAnError) {
  evolution::v1::Contact contact;
  contact.set_name("Ada");
  contact.set_email_address("ada@example.org");
  contact.add_phone_numbers("555-0100");
  BrokenReader reader;
  auto read = reader.Parse(contact.SerializeAsString());
  const auto* reflection = read->GetReflection();
  const auto* descriptor = reader.descriptor();
  // The name, unchanged, is there; the email and the phone number are not.
  EXPECT_EQ(reflection->GetString(*read, descriptor->FindFieldByName("name")),
            "Ada");
  EXPECT_EQ(
      reflection->GetInt64(*read, descriptor->FindFieldByName("email_address")),
      0);
  EXPECT_EQ(reflection->FieldSize(*read,
                                  descriptor->FindFieldByName("phone_numbers")),
            0);
  // Both went to the unknown fields: field 3 because it came as bytes where
  // a number was expected, field 4 because the reader has no field 4.
  const auto& unknown = reflection->GetUnknownFields(*read);
  ASSERT_EQ(unknown.field_count(), 2);
  EXPECT_EQ(unknown.field(0).number(), 3);
  EXPECT_EQ(unknown.field(1).number(), 4);
}
// [END wire_break_test]

}  // namespace
