#include "pi-demo/http_api.h"

#include <absl/strings/ascii.h>
#include <absl/strings/str_split.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "common/grpc/wrong_service.h"
#include "common/http/http_status.h"
#include "common/http/json_response.h"
#include "common/http/metrics_page.h"
#include "common/http/server_setup.h"
#include "pi-demo/html.h"
#include "pi-demo/name_checks.h"

namespace attendance {
namespace {

using common::ErrorJson;
using common::HttpStatusFromGrpc;

constexpr char kJson[] = "application/json";
constexpr char kHtml[] = "text/html; charset=utf-8";
constexpr char kUnreachable[] =
    "The registration service is not reachable; please try again.";

std::string ProtoJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::MessageToJsonString(message, &json);
  return json;
}

// Whether a Content-Type header names `media_type`: media types are case
// insensitive and may carry parameters ("Application/JSON; charset=utf-8").
bool IsMediaType(std::string header, const char* media_type) {
  header = header.substr(0, header.find(';'));
  header.erase(0, header.find_first_not_of(" \t"));
  header.erase(header.find_last_not_of(" \t") + 1);
  return absl::AsciiStrToLower(header) == media_type;
}

bool SentJson(const httplib::Request& request) {
  return IsMediaType(request.get_header_value("Content-Type"), kJson);
}

// JSON for clients that sent JSON or ask for it (fetch() from the page,
// scripts); a page for a plain form post from a browser without JavaScript.
bool WantsJson(const httplib::Request& request) {
  return SentJson(request) ||
         absl::AsciiStrToLower(request.get_header_value("Accept"))
                 .find(kJson) != std::string::npos;
}

// A small page around `body` (HTML, already escaped), styled like the rest.
std::string Page(const std::string& title, const std::string& body) {
  return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta "
         "charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\">\n"
         "<title>" +
         EscapeHtml(title) +
         "</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n"
         "<body>\n<main>\n" +
         body + "</main>\n</body>\n</html>\n";
}

// The outcome of POST /register, as JSON or as a page.
void Answer(const httplib::Request& request, httplib::Response& response,
            int http_status, const std::string& message,
            const std::string& json) {
  response.status = http_status;
  if (WantsJson(request)) {
    response.set_content(json, kJson);
    return;
  }
  const char* kind = http_status == 200 ? "success" : "error";
  response.set_content(
      Page("Registration",
           "<h1>Registration</h1>\n<p class=\"message " + std::string(kind) +
               "\" role=\"status\">" + EscapeHtml(message) +
               "</p>\n<p><a href=\"/\">Back to the form</a> · "
               "<a href=\"/attendees\">Who is coming</a></p>\n"),
      kHtml);
}

struct Fields {
  std::string first_name, last_name, code;
};

// Reads the fields from a JSON or form body; false (with `error`) if the
// body is not what its Content-Type says. Missing fields stay empty.
bool ReadFields(const httplib::Request& request, Fields* fields,
                std::string* error) {
  if (!SentJson(request)) {
    // httplib has parsed a form body (and the query) into params.
    fields->first_name = request.get_param_value("first_name");
    fields->last_name = request.get_param_value("last_name");
    fields->code = request.get_param_value("code");
    return true;
  }
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    *error = "the body is not a JSON object";
    return false;
  }
  auto field = [&](const char* camel, const char* snake, std::string* value) {
    for (const char* name : {camel, snake}) {
      auto it = body.find(name);
      if (it == body.end() || it->is_null()) continue;
      if (!it->is_string()) {
        *error = std::string(name) + ": must be a string";
        return false;
      }
      *value = it->get<std::string>();
    }
    return true;
  };
  return field("firstName", "first_name", &fields->first_name) &&
         field("lastName", "last_name", &fields->last_name) &&
         field("code", "code", &fields->code);
}

bool Blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

AttendanceHttpApi::AttendanceHttpApi(std::shared_ptr<grpc::Channel> channel,
                                     HttpApiOptions options)
    : options_(std::move(options)),
      channel_(channel),
      stub_(v1::AttendanceService::NewStub(channel)),
      grpc_web_(channel, GrpcWebOptionsFor(this)) {}

// gRPC-Web calls name the web user as the JSON API's do (Prepare()).
common::GrpcWebOptions AttendanceHttpApi::GrpcWebOptionsFor(
    const AttendanceHttpApi* api) {
  common::GrpcWebOptions grpc_web;
  grpc_web.services = {v1::AttendanceService::service_full_name()};
  grpc_web.cors_origins = api->options_.cors_origins;
  grpc_web.add_metadata =
      [api](const httplib::Request& request,
            std::vector<std::pair<std::string, std::string>>* metadata) {
        metadata->emplace_back("x-forwarded-for", api->WebClient(request));
        if (!api->options_.proxy_token.empty()) {
          metadata->emplace_back("x-proxy-token", api->options_.proxy_token);
        }
      };
  return grpc_web;
}

// [START web_client]
std::string AttendanceHttpApi::WebClient(
    const httplib::Request& request) const {
  auto trusted = [this](const std::string& address) {
    return std::find(options_.trusted_proxies.begin(),
                     options_.trusted_proxies.end(),
                     address) != options_.trusted_proxies.end();
  };
  std::string client = request.remote_addr;
  if (!trusted(client)) return client;
  // Each proxy appends the address it saw: read from the right, past our own
  // proxies. Anything further left came from the user and may be made up.
  std::vector<std::string> hops =
      absl::StrSplit(request.get_header_value("X-Forwarded-For"), ',');
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    std::string address(absl::StripAsciiWhitespace(*hop));
    // Only an IPv4 or IPv6 address is a client: anything else (it came
    // from the far side) must not become x-forwarded-for metadata.
    if (address.empty() ||
        address.find_first_not_of("0123456789abcdefABCDEF.:") !=
            std::string::npos) {
      break;
    }
    client = address;
    if (!trusted(client)) break;
  }
  return client;
}
// [END web_client]

void AttendanceHttpApi::Prepare(grpc::ClientContext* context,
                                const httplib::Request& request) const {
  context->set_deadline(std::chrono::system_clock::now() + options_.deadline);
  context->AddMetadata("x-forwarded-for", WebClient(request));
  if (!options_.proxy_token.empty())
    context->AddMetadata("x-proxy-token", options_.proxy_token);
}

bool AttendanceHttpApi::Register(common::HttpServer* server) {
  common::HttpServerSetup setup;
  setup.max_body_bytes = 64 * 1024;  // a form of three names
  setup.static_dir = options_.static_dir;
  setup.metrics = options_.metrics;
  const bool static_ok = common::SetUpHttpServer(*server, setup);
  common::RoutePost(
      *server, "/register",
      [this](const httplib::Request& request, httplib::Response& response) {
        HandleRegister(request, response);
      });
  common::RouteGet(
      *server, "/attendees",
      [this](const httplib::Request& request, httplib::Response& response) {
        HandleAttendees(request, response);
      });
  common::RouteGet(
      *server, "/api/v1/status",
      [this](const httplib::Request& request, httplib::Response& response) {
        HandleStatus(request, response);
      });
  if (options_.metrics != nullptr) {
    common::ServeMetrics(*server, options_.metrics);
  }
  grpc_web_.Mount(*server);
  return static_ok;
}

// [START handle_register]
void AttendanceHttpApi::HandleRegister(const httplib::Request& request,
                                       httplib::Response& response) {
  Fields fields;
  std::string error;
  if (!ReadFields(request, &fields, &error)) {
    Answer(request, response, 400, error,
           ErrorJson(grpc::StatusCode::INVALID_ARGUMENT, error));
    return;
  }
  // A missing field is the user's mistake, not the server's: say so.
  if (Blank(fields.first_name) || Blank(fields.last_name) ||
      Blank(fields.code)) {
    Answer(request, response, 400, kFillAllFields,
           ErrorJson(grpc::StatusCode::INVALID_ARGUMENT, kFillAllFields));
    return;
  }

  // A protobuf string holds UTF-8 only: other bytes could not even be sent
  // (the call would fail with an empty INTERNAL). Same words as the service.
  for (const auto& [name, value] : {std::pair<const char*, const std::string*>{
                                        "first_name", &fields.first_name},
                                    {"last_name", &fields.last_name},
                                    {"code", &fields.code}}) {
    if (!IsValidUtf8(*value)) {
      const std::string message = std::string(name) + ": is not valid UTF-8";
      Answer(request, response, 400, message,
             ErrorJson(grpc::StatusCode::INVALID_ARGUMENT, message));
      return;
    }
  }

  grpc::ClientContext context;
  Prepare(&context, request);
  v1::RegisterRequest call;
  call.set_first_name(fields.first_name);
  call.set_last_name(fields.last_name);
  call.set_code(fields.code);
  v1::RegisterResponse registered;
  grpc::Status status = stub_->Register(&context, call, &registered);
  if (!status.ok()) {
    // The service's messages are the page's ("The code ... has already been
    // used."); only an unreachable server, or another service at
    // --grpc_target, needs other words.
    status = common::ExplainWrongService(status, channel_, "the gRPC server",
                                         "attendance.v1.AttendanceService");
    std::string message = status.error_message();
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
        status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
      message = kUnreachable;
    }
    Answer(request, response, HttpStatusFromGrpc(status.error_code()), message,
           ErrorJson(status.error_code(), message));
    return;
  }
  Answer(request, response, 200, kRegistered,
         "{\"message\":" + common::JsonQuote(kRegistered) +
             ",\"attendee\":" + ProtoJson(registered.attendee()) +
             ",\"status\":" + ProtoJson(registered.status()) + "}");
}
// [END handle_register]

void AttendanceHttpApi::HandleAttendees(const httplib::Request& request,
                                        httplib::Response& response) {
  grpc::ClientContext context;
  Prepare(&context, request);
  v1::Status status;
  grpc::Status call =
      stub_->GetStatus(&context, v1::GetStatusRequest(), &status);
  if (!call.ok()) {
    response.status = HttpStatusFromGrpc(call.error_code());
    if (WantsJson(request)) {
      response.set_content(ErrorJson(call.error_code(), kUnreachable), kJson);
      return;
    }
    response.set_content(
        Page("Attendees", "<h1>Attendees</h1>\n<p class=\"message error\">" +
                              std::string(kUnreachable) + "</p>\n"),
        kHtml);
    return;
  }
  // [START escaped_list]
  std::string list;
  for (const v1::Attendee& attendee : status.attendees()) {
    list += "<li>" + EscapeHtml(attendee.first_name()) + " " +
            EscapeHtml(attendee.last_name()) + "</li>\n";
  }
  // [END escaped_list]
  response.set_content(
      Page(
          "Attendees",
          "<h1>Attendees: " + std::to_string(status.count()) + "</h1>\n" +
              (list.empty() ? "<p>Nobody has registered yet.</p>\n"
                            : "<ol class=\"attendees\">\n" + list + "</ol>\n") +
              "<p><a href=\"/\">Register</a></p>\n"),
      kHtml);
}

void AttendanceHttpApi::HandleStatus(const httplib::Request& request,
                                     httplib::Response& response) {
  if (grpc::Status query = common::CheckQueryParameters(request, {});
      !query.ok()) {
    common::SendError(response, query);
    return;
  }
  grpc::ClientContext context;
  Prepare(&context, request);
  v1::Status status;
  grpc::Status call =
      stub_->GetStatus(&context, v1::GetStatusRequest(), &status);
  if (!call.ok()) {
    // If another program answers at --grpc_target, say what it serves (but
    // not where: the address stays in the server's log).
    common::SendError(response, common::ExplainWrongService(
                                    call, channel_, "the gRPC server",
                                    "attendance.v1.AttendanceService"));
    return;
  }
  common::SendJson(response, 200, ProtoJson(status));
}

}  // namespace attendance
