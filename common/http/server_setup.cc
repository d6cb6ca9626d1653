#include "common/http/server_setup.h"

#include <signal.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <utility>

#include "common/http/json_response.h"
#include "common/http/request_metrics.h"

namespace common {
namespace {

// The error for a status httplib set itself, without a handler's body.
std::pair<grpc::StatusCode, std::string> DescribeHttpError(
    const httplib::Request& request, int http_status, size_t max_body_bytes) {
  switch (http_status) {
    case 404:
      return {grpc::StatusCode::NOT_FOUND,
              "no such page or route: " + request.method + " " + request.path};
    case 413:
      return {grpc::StatusCode::RESOURCE_EXHAUSTED,
              "the request body is larger than the limit of " +
                  std::to_string(max_body_bytes) + " bytes"};
    case 414:
      return {grpc::StatusCode::INVALID_ARGUMENT, "the URI is too long"};
    case 416:
      return {grpc::StatusCode::OUT_OF_RANGE, "range not satisfiable"};
    case 503:
      return {grpc::StatusCode::UNAVAILABLE, "service unavailable"};
    default:
      if (http_status >= 400 && http_status < 500) {
        return {grpc::StatusCode::INVALID_ARGUMENT,
                "bad request (HTTP " + std::to_string(http_status) + ")"};
      }
      return {grpc::StatusCode::INTERNAL,
              "internal error (HTTP " + std::to_string(http_status) + ")"};
  }
}

// An Accept-Encoding header's value without "br": "gzip, deflate, br" ->
// "gzip, deflate".
std::string WithoutBrotli(std::string_view accepted) {
  std::string result;
  while (!accepted.empty()) {
    size_t comma = accepted.find(',');
    std::string_view item = accepted.substr(0, comma);
    accepted.remove_prefix(comma == std::string_view::npos ? accepted.size()
                                                           : comma + 1);
    std::string_view coding = item.substr(0, item.find(';'));
    while (!coding.empty() && coding.front() == ' ') coding.remove_prefix(1);
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (coding == "br" || coding.empty()) continue;
    if (!result.empty()) result += ", ";
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    result += item;
  }
  return result;
}

// httplib::Server::Get, Post, ...: the overloads that take a Handler.
using Route = httplib::Server& (httplib::Server::*)(const std::string&,
                                                    httplib::Server::Handler);

httplib::Server::Handler MethodNotAllowed(std::string allow) {
  return [allow](const httplib::Request& request, httplib::Response& response) {
    response.set_header("Allow", allow);
    SendError(response, grpc::StatusCode::UNIMPLEMENTED,
              request.method + " is not allowed here; use " + allow, 405);
  };
}

// Routes `method` of `pattern` to `handler` (and OPTIONS to `preflight` if
// there is one), and every other method to 405 with "Allow: <allow>".
void RouteOnly(httplib::Server& server, Route method, const std::string& allow,
               const std::string& pattern, httplib::Server::Handler handler,
               httplib::Server::Handler preflight = nullptr) {
  // The route's metrics label is its pattern (request_metrics.h).
  auto label = std::make_shared<const std::string>(pattern);
  auto labelled = [label](httplib::Server::Handler inner) {
    return [label, inner = std::move(inner)](const httplib::Request& request,
                                             httplib::Response& response) {
      // httplib would cut any answer to the request's Range: a piece of a
      // JSON document is no use to anyone. Routes answer whole.
      auto& whole = const_cast<httplib::Request&>(request);
      whole.ranges.clear();
      whole.headers.erase("Range");
      RequestMetrics::EnterRoute(label.get());
      inner(request, response);
      RequestMetrics::Routed(request, response);
    };
  };
  handler = labelled(std::move(handler));
  if (preflight) preflight = labelled(std::move(preflight));
  const httplib::Server::Handler not_allowed =
      labelled(MethodNotAllowed(allow));
  for (Route route :
       {Route(&httplib::Server::Get), Route(&httplib::Server::Post),
        Route(&httplib::Server::Put), Route(&httplib::Server::Patch),
        Route(&httplib::Server::Delete), Route(&httplib::Server::Options)}) {
    if (route == Route(&httplib::Server::Options) && preflight) {
      (server.*route)(pattern, preflight);
      continue;
    }
    (server.*route)(pattern, route == method ? handler : not_allowed);
  }
}

}  // namespace

void IgnoreSigpipe() { signal(SIGPIPE, SIG_IGN); }

bool SetUpHttpServer(HttpServer& server, const HttpServerSetup& setup) {
  HttpLimits limits = server.limits();
  limits.max_body_bytes = setup.max_body_bytes;
  limits.worker_threads = std::max(2, setup.threads);
  server.SetLimits(limits);

  // httplib 0.11 compresses JSON and text responses with brotli whenever the
  // client accepts "br", as every browser does, at brotli's slowest quality:
  // 150 ms for a month of readings, against 1 ms uncompressed and 3 ms with
  // gzip. So "br" comes out of Accept-Encoding before routing, and browsers
  // get gzip. (The request httplib passes is not const itself, so changing
  // it through the const reference is legal.)
  std::function<void(httplib::Request&)> rewrite = setup.rewrite_request;
  std::shared_ptr<const RequestMetrics> metrics;
  if (setup.metrics != nullptr) {
    metrics = std::make_shared<RequestMetrics>(*setup.metrics);
  }
  server.set_pre_routing_handler(
      [rewrite, metrics](const httplib::Request& request,
                         httplib::Response& response) {
        if (metrics) metrics->Start();
        // "%00" decodes to a NUL byte, which would cut a file name short
        // ("/index.html%00.txt" served index.html as text/plain).
        if (request.path.find('\0') != std::string::npos) {
          SendError(response, grpc::StatusCode::INVALID_ARGUMENT,
                    "the path holds a NUL byte (%00)", 400);
          if (metrics) metrics->Answered(request, response);
          return httplib::Server::HandlerResponse::Handled;
        }
        auto& mutable_request = const_cast<httplib::Request&>(request);
        // Static files honour one range (a video player's seek, a resumed
        // download). More are ignored, as RFC 9110 allows: httplib 0.11
        // answers each, so ~1,000 overlapping ranges in an 8 KB request
        // made a 123 MB answer.
        if (request.ranges.size() > 1) {
          mutable_request.ranges.clear();
          mutable_request.headers.erase("Range");
        }
        if (request.has_header("Accept-Encoding")) {
          std::string accepted =
              WithoutBrotli(request.get_header_value("Accept-Encoding"));
          mutable_request.headers.erase("Accept-Encoding");
          mutable_request.headers.emplace("Accept-Encoding", accepted);
        }
        if (rewrite) rewrite(mutable_request);
        return httplib::Server::HandlerResponse::Unhandled;
      });

  // Errors httplib answers itself (no route, body too large, ...) get a JSON
  // body too; errors a handler sent keep theirs.
  const size_t max_body_bytes = setup.max_body_bytes;
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [max_body_bytes, metrics](const httplib::Request& request,
                                httplib::Response& response) {
        if (!response.body.empty() || response.is_chunked_content_provider_ ||
            response.content_provider_) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        auto [code, message] =
            DescribeHttpError(request, response.status, max_body_bytes);
        SendError(response, code, message, response.status);
        // Counted before it goes out, as routed requests are.
        if (metrics) metrics->Answered(request, response);
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler([](const httplib::Request&,
                                  httplib::Response& response,
                                  std::exception_ptr exception) {
    std::string message = "unexpected error";
    try {
      std::rethrow_exception(exception);
    } catch (const std::exception& e) {
      message += std::string(": ") + e.what();
    } catch (...) {
    }
    SendError(response, grpc::StatusCode::INTERNAL, message);
  });

  if (metrics) {
    server.set_logger([metrics](const httplib::Request& request,
                                const httplib::Response& response) {
      metrics->Answered(request, response);  // static files, if not yet
      RequestMetrics::End();
    });
  }

  if (setup.static_dir.empty()) return true;
  return server.set_mount_point("/", setup.static_dir);
}

void RouteGet(httplib::Server& server, const std::string& pattern,
              httplib::Server::Handler handler) {
  RouteOnly(server, &httplib::Server::Get, "GET, HEAD", pattern,
            std::move(handler));
}

void RoutePost(httplib::Server& server, const std::string& pattern,
               httplib::Server::Handler handler) {
  RouteOnly(server, &httplib::Server::Post, "POST", pattern,
            std::move(handler));
}

void RoutePostWithPreflight(httplib::Server& server, const std::string& pattern,
                            httplib::Server::Handler handler,
                            httplib::Server::Handler preflight) {
  RouteOnly(server, &httplib::Server::Post, "POST, OPTIONS", pattern,
            std::move(handler), std::move(preflight));
}

grpc::Status CheckQueryParameters(
    const httplib::Request& request,
    std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : request.params) {
    if (std::find(known.begin(), known.end(), name) != known.end()) {
      if (request.params.count(name) > 1) {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "query parameter '" + name +
                                "': given more than once; give it once");
      }
      continue;
    }
    std::string names;
    for (std::string_view known_name : known) {
      names += (names.empty() ? "" : ", ") + std::string(known_name);
    }
    return grpc::Status(
        grpc::StatusCode::INVALID_ARGUMENT,
        "query parameter '" + name + "': not a parameter of " + request.path +
            (names.empty() ? " (it takes none)" : " (it takes " + names + ")"));
  }
  return grpc::Status::OK;
}

}  // namespace common
