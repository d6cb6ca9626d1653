// What both demos' HTTP servers set up on their HttpServer before their
// routes, in one place so that the same failure gets the same answer in
// both: JSON errors for what httplib answers itself (404, 413, ...), 405 with
// an Allow header for a known path with another method, a JSON 500 for an
// exception, a request body limit, worker threads, the web app's static
// files, no brotli (see server_setup.cc), Range only for files, and request
// metrics.
#ifndef COMMON_HTTP_SERVER_SETUP_H_
#define COMMON_HTTP_SERVER_SETUP_H_

#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <prometheus/registry.h>

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "common/http/http_server.h"

namespace common {

struct HttpServerSetup {
  // Largest request body; larger ones get 413 RESOURCE_EXHAUSTED.
  size_t max_body_bytes = 64 * 1024;
  // Threads that run handlers (http_server.h); connections waiting for a
  // request hold none.
  int threads = 16;
  // Directory of static files served under "/" ("/" is index.html); empty
  // for none.
  std::string static_dir;
  // Optional: changes a request before it is routed (and before its body is
  // read), e.g. to relabel its Content-Type.
  std::function<void(httplib::Request&)> rewrite_request;
  // Optional: where to count the requests (request_metrics.h). Serve it
  // with ServeMetrics (metrics_page.h).
  std::shared_ptr<prometheus::Registry> metrics;
};

// Call first thing in main(): a client that closes its connection must not
// kill the process with SIGPIPE (HttpServer writes with MSG_NOSIGNAL; this is
// for anything else that writes to a socket).
void IgnoreSigpipe();

// Applies `setup` to `server`. Returns false if setup.static_dir is set but
// is not a directory (the routes work regardless).
bool SetUpHttpServer(HttpServer& server, const HttpServerSetup& setup);

// Routes GET (and so HEAD) `pattern` to `handler`, and answers the other
// methods with 405 and "Allow: GET, HEAD".
void RouteGet(httplib::Server& server, const std::string& pattern,
              httplib::Server::Handler handler);
// The same for POST.
void RoutePost(httplib::Server& server, const std::string& pattern,
               httplib::Server::Handler handler);
// POST, and OPTIONS to `preflight` (a CORS preflight); 405 for the others.
void RoutePostWithPreflight(httplib::Server& server, const std::string& pattern,
                            httplib::Server::Handler handler,
                            httplib::Server::Handler preflight);

// OK unless `request` has a query parameter that is not in `known` (then
// INVALID_ARGUMENT naming it and the ones the endpoint takes), or one given
// twice (which would silently take the first). For the JSON
// API, where a typo such as max_point=10 must not be ignored silently (a
// page for people ignores what it does not know, as links carry tracking
// parameters).
grpc::Status CheckQueryParameters(
    const httplib::Request& request,
    std::initializer_list<std::string_view> known);

}  // namespace common

#endif  // COMMON_HTTP_SERVER_SETUP_H_
