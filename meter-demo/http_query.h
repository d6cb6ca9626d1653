// The query parameters of the meter HTTP API (http_api.h), read into the
// requests of the gRPC calls they become. Each reader checks every parameter
// before any call is made and returns OK, or INVALID_ARGUMENT naming the
// parameter: "query parameter 'start': required; ...". A parameter the
// endpoint does not know is an error too, so that a typo (max_point=10) is
// never ignored silently.
#ifndef METER_DEMO_HTTP_QUERY_H_
#define METER_DEMO_HTTP_QUERY_H_

#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "protos/meter/v1/meter.pb.h"

namespace meter {

// GET /api/v1/readings?start=&end=[&resolution=][&max_points=][&meter=]
grpc::Status ReadReadingsQuery(const httplib::Request& request,
                               const std::string& default_meter,
                               v1::ListReadingsRequest* call);

// GET /api/v1/summary?start=&end=[&meter=]
grpc::Status ReadSummaryQuery(const httplib::Request& request,
                              const std::string& default_meter,
                              v1::GetSummaryRequest* call);

// GET /api/v1/live[?meter=][&resolution=]
grpc::Status ReadLiveQuery(const httplib::Request& request,
                           const std::string& default_meter,
                           v1::SubscribeRequest* call);

// Endpoints without parameters (GET /api/v1/meters, GET /healthz).
grpc::Status ReadNoQuery(const httplib::Request& request);

// The parsers behind them, for tests. Each returns false and explains why in
// `error` (without the parameter's name) if `text` is bad.

// 0 (no limit) or 2 to 1,000,000, as ListReadingsRequest.max_points allows.
bool ParseMaxPoints(std::string_view text, int32_t* max_points,
                    std::string* error);
// 1 to 64 characters from [A-Za-z0-9._-], as MeterInfo.id allows.
bool IsValidMeterId(std::string_view text, std::string* error);

}  // namespace meter

#endif  // METER_DEMO_HTTP_QUERY_H_
