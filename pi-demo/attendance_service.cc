#include "pi-demo/attendance_service.h"

#include <google/protobuf/util/time_util.h>
#include <openssl/crypto.h>

#include <algorithm>

#include "pi-demo/codes.h"
#include "pi-demo/name_checks.h"
#include "pi-demo/password_hash.h"
#include "pi-demo/token_auth.h"

namespace attendance {
namespace {

// Whether `sent` is `secret`, in time that does not tell how much of it
// matched.
bool SameSecret(grpc::string_ref sent, const std::string& secret) {
  return sent.size() == secret.size() &&
         CRYPTO_memcmp(sent.data(), secret.data(), secret.size()) == 0;
}

using google::protobuf::util::TimeUtil;

int64_t Seconds(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::seconds>(
             time.time_since_epoch())
      .count();
}

google::protobuf::Timestamp ToTimestamp(TimePoint time) {
  return TimeUtil::SecondsToTimestamp(Seconds(time));
}

v1::Attendee ToProto(const AttendeeRecord& record) {
  v1::Attendee attendee;
  attendee.set_first_name(record.first_name);
  attendee.set_last_name(record.last_name);
  *attendee.mutable_registered_at() =
      TimeUtil::SecondsToTimestamp(record.registered_at);
  return attendee;
}

// "ipv4:127.0.0.1:5000" -> "127.0.0.1", "ipv6:[::1]:5000" -> "::1".
std::string PeerAddress(const std::string& peer) {
  std::string address = peer.substr(peer.find(':') + 1);
  address = address.substr(0, address.rfind(':'));
  if (address.size() >= 2 && address.front() == '[' && address.back() == ']') {
    address = address.substr(1, address.size() - 2);
  }
  return address;
}

grpc::Status TooManyFailures(std::chrono::seconds retry_after) {
  return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                      "Too many failed attempts; try again in " +
                          std::to_string(retry_after.count()) + " s.");
}

// The board as the store has it, at start.
StatusBoard LoadBoard(AttendanceStore& store) {
  v1::Status status;
  std::vector<int64_t> ids;
  for (const AttendeeRecord& record : store.Attendees()) {
    *status.add_attendees() = ToProto(record);
    ids.push_back(record.id);
  }
  status.set_count(status.attendees_size());
  // A restarted server goes on from the number of registrations, so that a
  // display that reconnects sees the version grow.
  status.set_version(ids.empty() ? 0 : ids.back());
  return StatusBoard(std::move(status), std::move(ids));
}

grpc::Status Unavailable(const std::string& why) {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE, why + "; try again");
}

// The hash of a password nobody has, at `cost`.
std::string DummyHash(int cost) {
  std::optional<std::string> hash = HashPassword("not a password", cost);
  return hash ? *hash : *HashPassword("not a password");
}

}  // namespace

AttendanceServiceImpl::AttendanceServiceImpl(AttendanceStore* store,
                                             ServiceOptions options)
    : store_(store),
      options_(std::move(options)),
      dummy_hash_(DummyHash(options_.bcrypt_cost)),
      // Next to the data: shared by every replica on PostgreSQL.
      tokens_(store->MakeTokens(options_.token_lifetime, options_.clock)),
      login_failures_(store->MakeLimiter("login", options_.max_failures,
                                         options_.failure_window,
                                         options_.clock)),
      register_failures_(store->MakeLimiter("register", options_.max_failures,
                                            options_.failure_window,
                                            options_.clock)),
      password_checks_(options_.max_concurrent_logins,
                       options_.max_waiting_logins),
      board_(LoadBoard(*store)) {
  // Registrations through this server and (PostgreSQL) the other replicas;
  // the board ignores one it has already.
  store_->SetRegistrationListener([this](const AttendeeRecord& record) {
    board_.Add(ToProto(record), record.id);
  });
  // Any registered between LoadBoard and the listener.
  for (const AttendeeRecord& record : store_->Attendees()) {
    board_.Add(ToProto(record), record.id);
  }
}

AttendanceServiceImpl::~AttendanceServiceImpl() {
  store_->SetRegistrationListener(nullptr);
}

std::string AttendanceServiceImpl::ClientOf(
    const grpc::ServerContext& context) const {
  const std::string peer = PeerAddress(context.peer());
  const auto& metadata = context.client_metadata();
  auto token = metadata.find("x-proxy-token");
  if (options_.proxy_token.empty() || token == metadata.end() ||
      !SameSecret(token->second, options_.proxy_token)) {
    return ClientGroup(peer);
  }
  auto forwarded = metadata.find("x-forwarded-for");
  if (forwarded == metadata.end()) return ClientGroup(peer);
  // The last address is the one the proxy added; any before it came from the
  // client and may be made up.
  std::string client(forwarded->second.data(), forwarded->second.size());
  client = client.substr(client.rfind(',') + 1);
  client.erase(0, client.find_first_not_of(' '));
  client.erase(client.find_last_not_of(' ') + 1);
  return ClientGroup(client.empty() ? peer : client);
}

std::shared_ptr<grpc::AuthMetadataProcessor>
AttendanceServiceImpl::MakeTokenChecker() {
  const std::string service = v1::AttendanceService::service_full_name();
  return std::make_shared<TokenAuthProcessor>(
      tokens_.get(), std::set<std::string>{"/" + service + "/IssueCode"});
}

grpc::Status AttendanceServiceImpl::Login(grpc::ServerContext* context,
                                          const v1::LoginRequest* request,
                                          v1::LoginResponse* response) {
  // Counted as a failure up front and refunded on success, so that parallel
  // calls cannot all pass the check before any failure counts.
  const AttemptLimiter::Attempt attempt =
      login_failures_->TryAttempt(ClientOf(*context));
  if (!attempt.error.empty()) return Unavailable(attempt.error);
  if (!attempt.admitted) return TooManyFailures(attempt.retry_after);
  const ConcurrencyLimit::Turn turn =
      password_checks_.Enter(context->deadline());
  if (!turn.admitted()) {
    login_failures_->Refund(attempt);  // not checked, so not a failure
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "too many logins at once (" +
                            std::to_string(password_checks_.max_active()) +
                            " are checked at a time); try again in a moment");
  }
  std::optional<std::string> hash = store_->PasswordHash(request->organiser());
  // An unknown name costs as long as a wrong password (a hash of the same
  // cost), so that timing does not tell which organiser names exist.
  const bool valid =
      VerifyPassword(request->password(), hash ? *hash : dummy_hash_) &&
      hash.has_value();
  if (!valid) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "wrong organiser name or password");
  }
  login_failures_->Refund(attempt);
  Tokens::Token token = tokens_->Issue(request->organiser());
  if (token.token.empty()) return Unavailable("cannot store the login token");
  response->set_token(token.token);
  *response->mutable_expires_at() = ToTimestamp(token.expires_at);
  return grpc::Status::OK;
}

grpc::Status AttendanceServiceImpl::IssueCode(
    grpc::ServerContext* context, const v1::IssueCodeRequest* request,
    v1::IssueCodeResponse* response) {
  // The token was checked before this handler ran (MakeTokenChecker()),
  // which names the organiser. A server built without the check must not
  // leave IssueCode open: refuse rather than trust.
  if (context->auth_context()->FindPropertyValues(kOrganiserProperty).empty()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "log in first: send the token of Login as "
                        "`authorization: Bearer <token>` metadata");
  }
  std::chrono::seconds lifetime = options_.code_lifetime;
  if (request->has_valid_for()) {
    const auto& valid_for = request->valid_for();
    if (valid_for.seconds() < 0 || valid_for.nanos() < 0) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "valid_for: must not be negative");
    }
    if (valid_for.seconds() > options_.max_code_lifetime.count()) {
      return grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          "valid_for: must be at most " +
              std::to_string(options_.max_code_lifetime.count()) + " s");
    }
    if (valid_for.seconds() > 0)
      lifetime = std::chrono::seconds(valid_for.seconds());
  }
  const TimePoint now = options_.clock();
  const TimePoint expires_at = now + lifetime;
  // Two equal codes out of 2^50 are next to impossible, but the store would
  // refuse the second; drawing again costs nothing.
  std::string error;
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::string code = NewCode();
    if (store_->AddCode(code, Seconds(now), Seconds(expires_at), &error)) {
      response->set_code(code);
      *response->mutable_expires_at() = ToTimestamp(expires_at);
      return grpc::Status::OK;
    }
  }
  return grpc::Status(grpc::StatusCode::INTERNAL,
                      "cannot store the code: " + error);
}

// [START register]
grpc::Status AttendanceServiceImpl::Register(grpc::ServerContext* context,
                                             const v1::RegisterRequest* request,
                                             v1::RegisterResponse* response) {
  // Check and count in one step: the attempt counts as a failure until it
  // succeeds, so a burst of parallel guesses gets no more than the limit.
  const AttemptLimiter::Attempt attempt =
      register_failures_->TryAttempt(ClientOf(*context));
  if (!attempt.error.empty()) return Unavailable(attempt.error);
  if (!attempt.admitted) return TooManyFailures(attempt.retry_after);

  std::string first_name, last_name;
  grpc::Status checked =
      CheckName("first_name", request->first_name(), &first_name);
  if (checked.ok())
    checked = CheckName("last_name", request->last_name(), &last_name);
  if (checked.ok() &&
      request->code().find_first_not_of(' ') == std::string::npos) {
    checked = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                           "code: must not be empty");
  }
  if (!checked.ok()) return checked;

  // The messages are the page's: the code as the user will recognise it
  // (canonical if it parses at all, else as typed, cut to a sane length).
  std::optional<std::string> code = NormalizeCode(request->code());
  const std::string shown = code ? *code : request->code().substr(0, 32);
  const grpc::Status invalid(grpc::StatusCode::NOT_FOUND,
                             "The code " + shown + " is not a valid code.");
  if (!code) return invalid;

  AttendeeRecord record;
  std::string error;
  switch (store_->Register(*code, first_name, last_name,
                           Seconds(options_.clock()), &record, &error)) {
    case RegisterOutcome::kRegistered:
      break;
    case RegisterOutcome::kCodeUsed:
      return grpc::Status(grpc::StatusCode::ALREADY_EXISTS,
                          "The code " + *code + " has already been used.");
    case RegisterOutcome::kCodeInvalid:
      return invalid;
    case RegisterOutcome::kError:
      register_failures_->Refund(attempt);  // the server's failure, not theirs
      return grpc::Status(grpc::StatusCode::INTERNAL,
                          "cannot store the registration: " + error);
  }
  register_failures_->Refund(attempt);
  *response->mutable_attendee() = ToProto(record);
  *response->mutable_status() = board_.Add(response->attendee(), record.id);
  return grpc::Status::OK;
}
// [END register]

grpc::Status AttendanceServiceImpl::GetStatus(grpc::ServerContext*,
                                              const v1::GetStatusRequest*,
                                              v1::Status* response) {
  *response = board_.Current();
  return grpc::Status::OK;
}

grpc::ServerWriteReactor<v1::Status>* AttendanceServiceImpl::WatchStatus(
    grpc::CallbackServerContext* context, const v1::WatchStatusRequest*) {
  return board_.Watch(context);
}

}  // namespace attendance
