// meter.v1.MeterService over MeterData, with the callback API throughout:
// the unary methods answer at once through the context's default reactor,
// and each streaming call is a reactor object (list_readings_reactor.h,
// upload_readings_reactor.h, subscribe_reactor.h) that gRPC calls back as
// messages are read and written. No call holds a thread while it waits for
// the network.
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
class MeterServiceImpl final : public v1::MeterService::CallbackService {
 public:
  // Told how each streaming call ended (for logs or tests), when it ends.
  using CallObserver =
      std::function<void(std::string_view method, const grpc::Status&)>;

  // `data` must outlive the service. A subscriber that reads more slowly
  // than uploads arrive is dropped once more than
  // `max_subscriber_backlog_bytes` of updates wait for it
  // (subscribe_reactor.h).
  explicit MeterServiceImpl(
      MeterData* data, CallObserver observer = nullptr,
      size_t max_subscriber_backlog_bytes = kDefaultSubscriberBacklogBytes);
  ~MeterServiceImpl() override;

  grpc::ServerUnaryReactor* ListMeters(
      grpc::CallbackServerContext* context,
      const v1::ListMetersRequest* request,
      v1::ListMetersResponse* response) override;
  grpc::ServerUnaryReactor* GetSummary(grpc::CallbackServerContext* context,
                                       const v1::GetSummaryRequest* request,
                                       v1::Summary* response) override;
  grpc::ServerWriteReactor<v1::ReadingBatch>* ListReadings(
      grpc::CallbackServerContext* context,
      const v1::ListReadingsRequest* request) override;
  grpc::ServerReadReactor<v1::UploadReadingsRequest>* UploadReadings(
      grpc::CallbackServerContext* context,
      v1::UploadReadingsResponse* response) override;
  grpc::ServerBidiReactor<v1::SubscribeRequest, v1::SubscribeResponse>*
  Subscribe(grpc::CallbackServerContext* context) override;
  grpc::ServerWriteReactor<v1::WatchReadingsResponse>* WatchReadings(
      grpc::CallbackServerContext* context,
      const v1::WatchReadingsRequest* request) override;
  // [END service_class]

  // Ends every live subscription with UNAVAILABLE and refuses new ones. Call
  // it when the server starts shutting down, so that subscribers learn at
  // once instead of when the grace period runs out.
  void StopSubscriptions();

 private:
  // The reactors' DoneCallback for `method`: tells the observer, if any.
  std::function<void(const grpc::Status&)> ObserverFor(
      std::string_view method) const;
  grpc::Status Summarize(const v1::GetSummaryRequest& request,
                         v1::Summary* response) const;

  MeterData* data_;
  CallObserver observer_;
  SubscriptionHub subscriptions_;
  int listener_id_;
};

}  // namespace meter

#endif  // METER_DEMO_METER_SERVICE_H_
