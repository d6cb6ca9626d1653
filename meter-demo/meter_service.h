// meter.v1.MeterService over MeterData. ListMeters, GetSummary, ListReadings
// and UploadReadings use the synchronous API: each call runs on a thread of
// the server's pool and reads top to bottom. Subscribe, which mostly waits,
// uses the callback API (see subscribe_reactor.h); one service may mix both.
#ifndef METER_DEMO_METER_SERVICE_H_
#define METER_DEMO_METER_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <string_view>

#include "meter-demo/meter_data.h"
#include "meter-demo/subscribe_reactor.h"
#include "protos/meter/v1/meter.grpc.pb.h"

namespace meter {

// [START service_class]
class MeterServiceImpl final
    : public v1::MeterService::WithCallbackMethod_Subscribe<
          v1::MeterService::Service> {
 public:
  // Readings per ReadingBatch message of ListReadings: about 100 KB.
  static constexpr size_t kBatchSize = 8192;
  // Rejections listed in an UploadReadingsResponse (all are counted).
  static constexpr int kMaxListedRejections = 100;

  // Told how each streaming call ended (for logs or tests), on the call's
  // thread.
  using CallObserver =
      std::function<void(std::string_view method, const grpc::Status&)>;

  // `data` must outlive the service.
  explicit MeterServiceImpl(MeterData* data, CallObserver observer = nullptr);
  ~MeterServiceImpl() override;

  grpc::Status ListMeters(grpc::ServerContext* context,
                          const v1::ListMetersRequest* request,
                          v1::ListMetersResponse* response) override;
  grpc::Status GetSummary(grpc::ServerContext* context,
                          const v1::GetSummaryRequest* request,
                          v1::Summary* response) override;
  grpc::Status ListReadings(
      grpc::ServerContext* context, const v1::ListReadingsRequest* request,
      grpc::ServerWriter<v1::ReadingBatch>* writer) override;
  grpc::Status UploadReadings(
      grpc::ServerContext* context,
      grpc::ServerReader<v1::UploadReadingsRequest>* reader,
      v1::UploadReadingsResponse* response) override;
  grpc::ServerBidiReactor<v1::SubscribeRequest, v1::SubscribeResponse>*
  Subscribe(grpc::CallbackServerContext* context) override;
  // [END service_class]

  // Ends every live subscription with UNAVAILABLE and refuses new ones. Call
  // it when the server starts shutting down, so that subscribers learn at
  // once instead of when the grace period runs out.
  void StopSubscriptions();

 private:
  grpc::Status Observed(std::string_view method, grpc::Status status) const;
  grpc::Status DoListReadings(grpc::ServerContext* context,
                              const v1::ListReadingsRequest* request,
                              grpc::ServerWriter<v1::ReadingBatch>* writer);
  grpc::Status DoUploadReadings(
      grpc::ServerContext* context,
      grpc::ServerReader<v1::UploadReadingsRequest>* reader,
      v1::UploadReadingsResponse* response);

  MeterData* data_;
  CallObserver observer_;
  SubscriptionHub subscriptions_;
  int listener_id_;
};

}  // namespace meter

#endif  // METER_DEMO_METER_SERVICE_H_
