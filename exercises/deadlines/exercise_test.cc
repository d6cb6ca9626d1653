// The deadline exercise's test (exercises/deadlines/README.md).
#include <gtest/gtest.h>

#include <chrono>

#include "common/testing/loopback_server.h"
#include "exercises/deadlines/service.h"

namespace exercises::deadlines {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

TEST(DeadlineTest, TheBackendCallHasTheCallersDeadline) {
  BackendService backend;
  testing_util::LoopbackServer backend_server({&backend});
  FrontService front(backend_server.NewChannel());
  testing_util::LoopbackServer front_server({&front});
  auto stub = v1::PriceService::NewStub(front_server.NewChannel());

  grpc::ClientContext context;
  const system_clock::time_point deadline =
      system_clock::now() + milliseconds(2000);
  context.set_deadline(deadline);
  v1::GetPriceRequest request;
  request.set_item("tea");
  v1::GetPriceResponse response;
  ASSERT_TRUE(stub->GetPrice(&context, request, &response).ok());
  EXPECT_EQ(response.cents(), 250);

  // gRPC sends a deadline as a timeout, rounded up (to 10 ms between 1 and
  // 10 s), so each hop may see it a little later; a deadline of its own
  // (the starter's 10 s, or a shorter one) is seconds away.
  const auto late = std::chrono::duration_cast<milliseconds>(
      backend.last_deadline() - deadline);
  EXPECT_GT(late.count(), -200)
      << "the backend's deadline is " << -late.count()
      << " ms before the caller's: it is not the caller's";
  EXPECT_LT(late.count(), 500)
      << "the backend's deadline is " << late.count()
      << " ms after the caller's: it did not inherit it";
}

}  // namespace
}  // namespace exercises::deadlines
