// AttendanceService on an in-process server on loopback, called through real
// stubs: every Register answer, the same-code race, authentication, token
// expiry and rate limits on a fake clock, and WatchStatus.
#include "pi-demo/attendance_service.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <thread>
#include <vector>

#include "pi-demo/password_hash.h"
#include "pi-demo/token_auth.h"

namespace attendance {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::chrono::system_clock::time_point Deadline() {
  return std::chrono::system_clock::now() + std::chrono::seconds(10);
}

class AttendanceServiceTest : public ::testing::Test {
 protected:
  // Starts the server; tests change options_ first if they need to.
  void Start() {
    std::string path =
        std::string(std::getenv("TEST_TMPDIR")) + "/" +
        ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db";
    std::remove(path.c_str());
    std::string error;
    store_ = AttendanceStore::Open(path, &error);
    ASSERT_NE(store_, nullptr) << error;
    ASSERT_TRUE(
        store_->AddOrganiser("ada", *HashPassword("secret", 4), &error));
    options_.clock = [this] { return now_.load(); };
    service_ = std::make_unique<AttendanceServiceImpl>(store_.get(), options_);
    grpc::ServerBuilder builder;
    int port = 0;
    // The production credentials: local (loopback plaintext) with the
    // token check.
    builder.AddListeningPort(
        "127.0.0.1:0",
        SecuredCredentials(nullptr, service_->MakeTokenChecker()), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::AttendanceService::NewStub(channel_);
  }

  void TearDown() override {
    if (server_) {
      service_->StopWatches();
      server_->Shutdown(Deadline());
    }
  }

  // Sent as x-proxy-token with each Register call if not empty.
  std::string sent_proxy_token_;

  grpc::Status Login(const std::string& name, const std::string& password,
                     v1::LoginResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    v1::LoginRequest request;
    request.set_organiser(name);
    request.set_password(password);
    return stub_->Login(&context, request, response);
  }

  std::string Token() {
    v1::LoginResponse response;
    EXPECT_TRUE(Login("ada", "secret", &response).ok());
    return response.token();
  }

  grpc::Status IssueCode(const std::string& authorization,
                         v1::IssueCodeResponse* response,
                         const v1::IssueCodeRequest& request = {}) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    if (!authorization.empty())
      context.AddMetadata("authorization", authorization);
    return stub_->IssueCode(&context, request, response);
  }

  std::string Code() {
    v1::IssueCodeResponse response;
    EXPECT_TRUE(IssueCode("Bearer " + Token(), &response).ok());
    return response.code();
  }

  grpc::Status Register(const std::string& first, const std::string& last,
                        const std::string& code,
                        v1::RegisterResponse* response = nullptr,
                        const std::string& forwarded_for = "") {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    if (!forwarded_for.empty())
      context.AddMetadata("x-forwarded-for", forwarded_for);
    if (!sent_proxy_token_.empty())
      context.AddMetadata("x-proxy-token", sent_proxy_token_);
    v1::RegisterRequest request;
    request.set_first_name(first);
    request.set_last_name(last);
    request.set_code(code);
    v1::RegisterResponse ignored;
    return stub_->Register(&context, request, response ? response : &ignored);
  }

  v1::Status GetStatus() {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    v1::Status status;
    EXPECT_TRUE(
        stub_->GetStatus(&context, v1::GetStatusRequest(), &status).ok());
    return status;
  }

  ServiceOptions options_;
  std::atomic<TimePoint> now_{TimePoint() + std::chrono::hours(24 * 365 * 55)};
  std::unique_ptr<AttendanceStore> store_;
  std::unique_ptr<AttendanceServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::AttendanceService::Stub> stub_;
};

TEST_F(AttendanceServiceTest, RegistersWithACodeOnce) {
  Start();
  const std::string code = Code();
  v1::RegisterResponse response;
  grpc::Status status = Register("Ada", " Lovelace ", code, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.attendee().first_name(), "Ada");
  EXPECT_EQ(response.attendee().last_name(), "Lovelace");
  EXPECT_EQ(response.status().count(), 1);
  EXPECT_EQ(response.status().version(), 1);

  status = Register("Bob", "Babbage", code);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(status.error_message(),
            "The code " + code + " has already been used.");
}

TEST_F(AttendanceServiceTest, AcceptsCodesAsPeopleTypeThem) {
  Start();
  std::string code = Code();
  std::string typed;
  for (char c : code) {
    if (c != '-') typed += static_cast<char>(std::tolower(c));
  }
  grpc::Status status = Register("Ada", "Lovelace", typed);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(AttendanceServiceTest, UnknownMalformedAndExpiredCodesAreNotValid) {
  Start();
  grpc::Status status = Register("Ada", "Lovelace", "0000-0000-00");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(),
            "The code 0000-0000-00 is not a valid code.");

  status = Register("Ada", "Lovelace", "hello");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "The code hello is not a valid code.");

  v1::IssueCodeRequest request;
  request.mutable_valid_for()->set_seconds(60);
  v1::IssueCodeResponse issued;
  ASSERT_TRUE(IssueCode("Bearer " + Token(), &issued, request).ok());
  EXPECT_EQ(issued.expires_at().seconds() -
                std::chrono::system_clock::to_time_t(now_.load()),
            60);
  now_ = now_.load() + std::chrono::seconds(60);
  status = Register("Ada", "Lovelace", issued.code());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(),
            "The code " + issued.code() + " is not a valid code.");
}

TEST_F(AttendanceServiceTest, InvalidFieldsAreNamed) {
  Start();
  const std::string code = Code();
  struct Case {
    std::string first, last, code, message;
  } cases[] = {
      {"", "Lovelace", code, "first_name: must not be empty"},
      {"Ada", "  ", code, "last_name: must not be empty"},
      {std::string(65, 'a'), "Lovelace", code,
       "first_name: must be at most 64 characters long"},
      {"Ada", "Love\tlace", code,
       "last_name: must not hold control characters"},
      {"Ada", "Lovelace", "", "code: must not be empty"},
  };
  for (const Case& c : cases) {
    grpc::Status status = Register(c.first, c.last, c.code);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.message;
    EXPECT_EQ(status.error_message(), c.message);
  }
  // None of that used the code up.
  EXPECT_TRUE(Register("Ada", "Lovelace", code).ok());
}

// [START race_test]
TEST_F(AttendanceServiceTest, ConcurrentRegistrationsWithOneCodeHaveOneWinner) {
  options_.max_failures = 0;  // 31 failures from one client are expected here
  Start();
  const std::string code = Code();
  constexpr int kThreads = 32;
  std::atomic<int> ok{0}, already_used{0}, other{0};
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready < kThreads) std::this_thread::yield();  // start together
      grpc::Status status = Register("Racer", std::to_string(i), code);
      if (status.ok()) {
        ++ok;
      } else if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
        ++already_used;
      } else {
        ++other;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(already_used, kThreads - 1);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(GetStatus().count(), 1);
}
// [END race_test]

TEST_F(AttendanceServiceTest, IssueCodeNeedsAValidUnexpiredToken) {
  options_.token_lifetime = std::chrono::seconds(3600);
  Start();
  v1::IssueCodeResponse response;
  grpc::Status status = IssueCode("", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("log in first"));
  EXPECT_EQ(IssueCode("Bearer ", &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(IssueCode("Basic YWRhOnNlY3JldA==", &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(IssueCode("Bearer 0123456789abcdef0123456789abcdef", &response)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  v1::LoginResponse login;
  ASSERT_TRUE(Login("ada", "secret", &login).ok());
  EXPECT_EQ(login.expires_at().seconds() -
                std::chrono::system_clock::to_time_t(now_.load()),
            3600);
  EXPECT_TRUE(IssueCode("Bearer " + login.token(), &response).ok());
  now_ = now_.load() + std::chrono::seconds(3600);
  status = IssueCode("Bearer " + login.token(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("expired"));
}

TEST_F(AttendanceServiceTest, LoginRefusesWrongPasswordsAndUnknownNamesAlike) {
  Start();
  v1::LoginResponse response;
  grpc::Status wrong_password = Login("ada", "Secret", &response);
  grpc::Status unknown_name = Login("eve", "secret", &response);
  EXPECT_EQ(wrong_password.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(unknown_name.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong_password.error_message(), unknown_name.error_message());
  EXPECT_TRUE(response.token().empty());
}

TEST_F(AttendanceServiceTest, IssueCodeChecksTheLifetimeAsked) {
  Start();
  const std::string authorization = "Bearer " + Token();
  v1::IssueCodeRequest request;
  v1::IssueCodeResponse response;
  request.mutable_valid_for()->set_seconds(-1);
  EXPECT_EQ(IssueCode(authorization, &response, request).error_message(),
            "valid_for: must not be negative");
  request.mutable_valid_for()->set_seconds(31 * 24 * 3600);
  EXPECT_EQ(IssueCode(authorization, &response, request).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(AttendanceServiceTest, RepeatedFailuresFromOneClientAreRateLimited) {
  options_.max_failures = 3;
  options_.failure_window = std::chrono::seconds(60);
  options_.proxy_token = "proxy-secret";
  sent_proxy_token_ = "proxy-secret";  // the test client is the HTTP server
  Start();
  const std::string code = Code();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Register("Eve", "Guesser", "0000-0000-0" + std::to_string(i))
                  .error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  // Even a good code is refused now, or guessing would still pay off.
  grpc::Status status = Register("Eve", "Guesser", code);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("try again in 60 s"));
  // Another client behind the HTTP server is not held up.
  EXPECT_EQ(Register("Bob", "Babbage", "0000-0000-00", nullptr, "192.0.2.7")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  // Logins count apart: bad codes do not lock the organiser out.
  EXPECT_FALSE(Token().empty());

  now_ = now_.load() + std::chrono::seconds(60);
  status = Register("Ada", "Lovelace", code);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(AttendanceServiceTest, ParallelGuessesGetNoMoreThanTheLimit) {
  options_.max_failures = 3;
  Start();
  constexpr int kThreads = 32;
  std::atomic<int> evaluated{0}, refused{0}, other{0};
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready < kThreads) std::this_thread::yield();  // start together
      const std::string guess = "0000-0000-" + std::to_string(10 + i);
      grpc::Status status = Register("Eve", "Guesser", guess);
      if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
        ++evaluated;
      } else if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  // Checked and counted in one step: the guesses in flight count too.
  EXPECT_EQ(evaluated, 3);
  EXPECT_EQ(refused, kThreads - 3);
  EXPECT_EQ(other, 0);
}

TEST_F(AttendanceServiceTest, WrongPasswordsDoNotBlockRegistrations) {
  options_.max_failures = 2;
  Start();
  const std::string code = Code();
  v1::LoginResponse ignored;
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(Login("ada", "wrong", &ignored).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  EXPECT_EQ(Login("ada", "secret", &ignored).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  grpc::Status status = Register("Ada", "Lovelace", code);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(AttendanceServiceTest, SuccessesDoNotCountAsFailures) {
  options_.max_failures = 2;
  Start();
  for (int i = 0; i < 5; ++i) {
    grpc::Status status = Register("Ada", std::to_string(i), Code());
    EXPECT_TRUE(status.ok()) << i << ": " << status.error_message();
  }
}

TEST_F(AttendanceServiceTest, UnknownNamesAreCheckedAgainstAHashOfTheSameCost) {
  options_.bcrypt_cost = 5;
  Start();
  EXPECT_EQ(service_->dummy_hash().substr(0, 7), "$2b$05$");
  v1::LoginResponse ignored;
  EXPECT_EQ(Login("nobody", "secret", &ignored).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST(StatusBoardTest, VersionGrowsWithEveryChangeWhateverTheOrder) {
  v1::Status initial;
  initial.set_version(7);  // a restarted server goes on from its count
  StatusBoard board(initial, {});
  v1::Attendee ada, bob;
  ada.set_first_name("Ada");
  bob.set_first_name("Bob");
  // Registrations 8 and 9 reach the board in the other order.
  v1::Status first = board.Add(bob, 9);
  v1::Status second = board.Add(ada, 8);
  EXPECT_EQ(first.version(), 8);
  EXPECT_EQ(second.version(), 9);
  EXPECT_EQ(board.Current().version(), 9);
  ASSERT_EQ(second.attendees_size(), 2);
  EXPECT_EQ(second.attendees(0).first_name(), "Ada");  // registration order
  EXPECT_EQ(second.attendees(1).first_name(), "Bob");
}

TEST_F(AttendanceServiceTest, ForwardedForNamesTheClientByItsLastAddress) {
  options_.max_failures = 1;
  options_.proxy_token = "proxy-secret";
  sent_proxy_token_ = "proxy-secret";  // the test client is the HTTP server
  Start();
  EXPECT_EQ(Register("Eve", "X", "0000-0000-00", nullptr, "2001:db8:0:1::1")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Another address of the same /64 is the same client.
  EXPECT_EQ(Register("Eve", "X", "0000-0000-00", nullptr, "2001:db8:0:1::2")
                .error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(Register("Bob", "X", "0000-0000-00", nullptr, "2001:db8:0:2::1")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  // The proxy appends the address it saw; what the client sent before it
  // does not count.
  EXPECT_EQ(Register("Eve", "X", "0000-0000-00", nullptr,
                     "192.0.2.99, 2001:db8:0:1::3")
                .error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

// Any local process can connect from 127.0.0.1, so a loopback peer is not
// trusted for being one: by default no caller may name another client.
TEST_F(AttendanceServiceTest, ForwardedForIsBelievedFromNoOneByDefault) {
  options_.max_failures = 1;
  Start();
  EXPECT_EQ(
      Register("Eve", "X", "0000-0000-00", nullptr, "192.0.2.1").error_code(),
      grpc::StatusCode::NOT_FOUND);
  // Claiming to be someone else does not escape the limit.
  EXPECT_EQ(
      Register("Eve", "X", "0000-0000-00", nullptr, "192.0.2.2").error_code(),
      grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(AttendanceServiceTest, ForwardedForNeedsTheProxyTokenItself) {
  options_.max_failures = 1;
  options_.proxy_token = "proxy-secret";
  sent_proxy_token_ = "a guess";
  Start();
  EXPECT_EQ(
      Register("Eve", "X", "0000-0000-00", nullptr, "192.0.2.1").error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(
      Register("Eve", "X", "0000-0000-00", nullptr, "192.0.2.2").error_code(),
      grpc::StatusCode::RESOURCE_EXHAUSTED);
}

// bcrypt is slow on purpose; hundreds of parallel logins must not take every
// core from the other calls, so only a few are checked at once.
TEST_F(AttendanceServiceTest, LoginsBeyondTheConcurrencyLimitAreRefused) {
  options_.max_concurrent_logins = 1;
  options_.max_waiting_logins = 0;
  options_.max_failures = 0;
  options_.bcrypt_cost = 12;  // ~250 ms per check: the calls overlap
  Start();
  std::atomic<int> refused{0};
  std::atomic<int> checked{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < 8; ++i) {
    callers.emplace_back([&] {
      v1::LoginResponse response;
      grpc::Status status = Login("nobody", "guess", &response);
      if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
        EXPECT_THAT(status.error_message(), HasSubstr("too many logins"));
        ++refused;
      } else {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
        ++checked;
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  EXPECT_GE(refused.load(), 1);
  EXPECT_GE(checked.load(), 1);
  // Afterwards the limit is free again.
  v1::LoginResponse response;
  EXPECT_TRUE(Login("ada", "secret", &response).ok());
}

TEST_F(AttendanceServiceTest, StatusListsNamesNeverCodes) {
  Start();
  const std::string used = Code();
  const std::string unused = Code();
  ASSERT_TRUE(
      Register("<script>", "Robert'); DROP TABLE attendees;--", used).ok());
  v1::Status status = GetStatus();
  EXPECT_EQ(status.count(), 1);
  ASSERT_EQ(status.attendees_size(), 1);
  EXPECT_EQ(status.attendees(0).first_name(), "<script>");
  EXPECT_EQ(status.attendees(0).last_name(),
            "Robert'); DROP TABLE attendees;--");
  const std::string bytes = status.SerializeAsString();
  EXPECT_THAT(bytes, Not(HasSubstr(used)));
  EXPECT_THAT(bytes, Not(HasSubstr(unused)));
}

// [START watch_test]
TEST_F(AttendanceServiceTest, WatchStatusPushesEveryChangeAndEndsAtShutdown) {
  Start();
  const std::string first = Code(), second = Code();
  ASSERT_TRUE(Register("Ada", "Lovelace", first).ok());

  grpc::ClientContext context;
  context.set_deadline(Deadline());
  auto reader = stub_->WatchStatus(&context, v1::WatchStatusRequest());
  v1::Status status;
  ASSERT_TRUE(reader->Read(&status));  // the current status at once
  EXPECT_EQ(status.count(), 1);
  EXPECT_EQ(status.version(), 1);

  ASSERT_TRUE(Register("Bob", "Babbage", second).ok());
  ASSERT_TRUE(reader->Read(&status));  // pushed, not polled
  EXPECT_EQ(status.count(), 2);
  EXPECT_EQ(status.version(), 2);
  EXPECT_EQ(status.attendees(1).first_name(), "Bob");

  service_->StopWatches();
  EXPECT_FALSE(reader->Read(&status));
  grpc::Status end = reader->Finish();
  EXPECT_EQ(end.error_code(), grpc::StatusCode::UNAVAILABLE);
}
// [END watch_test]

TEST_F(AttendanceServiceTest, ACancelledWatchGoesAway) {
  Start();
  {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    auto reader = stub_->WatchStatus(&context, v1::WatchStatusRequest());
    v1::Status status;
    ASSERT_TRUE(reader->Read(&status));
    EXPECT_EQ(service_->watch_count(), 1);
    context.TryCancel();
    EXPECT_FALSE(reader->Read(&status));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  // The server side ends asynchronously; a registration still works and the
  // server then shuts down without waiting for the old watch.
  EXPECT_TRUE(Register("Ada", "Lovelace", Code()).ok());
  server_->Shutdown(Deadline());
  server_->Wait();
  EXPECT_EQ(service_->watch_count(), 0);
  server_.reset();
}

}  // namespace
}  // namespace attendance
