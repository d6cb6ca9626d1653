#include "examples/debugging/channelz_report.h"

#include <arpa/inet.h>

#include <sstream>

namespace debugging {
namespace {

namespace cz = grpc::channelz::v1;

// Each channelz call with its own deadline; fails the report on an error.
class Walker {
 public:
  Walker(cz::Channelz::Stub& stub, std::chrono::milliseconds timeout)
      : stub_(stub), timeout_(timeout) {}

  template <typename Request, typename Response, typename Method>
  bool Call(Method method, const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + timeout_);
    status_ = (stub_.*method)(&context, request, response);
    return status_.ok();
  }
  const grpc::Status& status() const { return status_; }

 private:
  cz::Channelz::Stub& stub_;
  const std::chrono::milliseconds timeout_;
  grpc::Status status_;
};

std::string Counts(int64_t started, int64_t succeeded, int64_t failed) {
  return std::to_string(started) + " started, " + std::to_string(succeeded) +
         " succeeded, " + std::to_string(failed) + " failed";
}

std::string CallCounts(const cz::ChannelData& data) {
  return "calls " + Counts(data.calls_started(), data.calls_succeeded(),
                           data.calls_failed());
}

std::string StateName(const cz::ChannelData& data) {
  return cz::ChannelConnectivityState::State_Name(data.state().state());
}

// "127.0.0.1" or "[::1]", with ":port" if `with_port`.
std::string AddressText(const cz::Address& address, bool with_port) {
  if (address.has_uds_address()) {
    return "unix:" + address.uds_address().filename();
  }
  if (!address.has_tcpip_address()) return "?";
  const std::string& ip = address.tcpip_address().ip_address();
  if (ip.size() != 4 && ip.size() != 16) return "?";
  char text[INET6_ADDRSTRLEN] = "?";
  const bool v6 = ip.size() == 16;
  inet_ntop(v6 ? AF_INET6 : AF_INET, ip.data(), text, sizeof(text));
  std::string result = v6 ? "[" + std::string(text) + "]" : text;
  if (with_port) result += ":" + std::to_string(address.tcpip_address().port());
  return result;
}

std::string SocketLine(const cz::Socket& socket, bool server_side) {
  const cz::SocketData& data = socket.data();
  return (server_side ? "connection from " + AddressText(socket.remote(), false)
                      : "connection to " + AddressText(socket.remote(), true)) +
         ": streams " +
         Counts(data.streams_started(), data.streams_succeeded(),
                data.streams_failed()) +
         "; messages " + std::to_string(data.messages_sent()) + " sent, " +
         std::to_string(data.messages_received()) + " received";
}

}  // namespace

// Each list call returns its first page only (channelz's default, 100
// objects), plenty for the processes of this tutorial; a tool for large
// servers would page with start_*_id until `end`.
// [START channelz_walk]
grpc::Status ChannelzReport(cz::Channelz::Stub& stub,
                            std::chrono::milliseconds timeout,
                            std::string* report) {
  Walker walk(stub, timeout);
  std::ostringstream out;
  cz::GetServersResponse servers;
  if (!walk.Call(&cz::Channelz::Stub::GetServers, cz::GetServersRequest(),
                 &servers)) {
    return walk.status();
  }
  for (const cz::Server& server : servers.server()) {
    const cz::ServerData& data = server.data();
    out << "server: calls "
        << Counts(data.calls_started(), data.calls_succeeded(),
                  data.calls_failed())
        << "\n";
    cz::GetServerSocketsRequest request;
    request.set_server_id(server.ref().server_id());
    cz::GetServerSocketsResponse sockets;
    if (!walk.Call(&cz::Channelz::Stub::GetServerSockets, request, &sockets)) {
      return walk.status();
    }
    for (const cz::SocketRef& ref : sockets.socket_ref()) {
      cz::GetSocketRequest socket_request;
      socket_request.set_socket_id(ref.socket_id());
      cz::GetSocketResponse socket;
      if (walk.Call(&cz::Channelz::Stub::GetSocket, socket_request, &socket)) {
        out << "  " << SocketLine(socket.socket(), /*server_side=*/true)
            << "\n";
      }  // else it closed meanwhile
    }
  }
  cz::GetTopChannelsResponse channels;
  if (!walk.Call(&cz::Channelz::Stub::GetTopChannels,
                 cz::GetTopChannelsRequest(), &channels)) {
    return walk.status();
  }
  for (const cz::Channel& channel : channels.channel()) {
    out << "channel to " << channel.data().target() << " ("
        << StateName(channel.data()) << "): " << CallCounts(channel.data())
        << "\n";
    for (const cz::SubchannelRef& ref : channel.subchannel_ref()) {
      cz::GetSubchannelRequest request;
      request.set_subchannel_id(ref.subchannel_id());
      cz::GetSubchannelResponse subchannel;
      if (!walk.Call(&cz::Channelz::Stub::GetSubchannel, request,
                     &subchannel)) {
        continue;  // gone meanwhile
      }
      const cz::ChannelData& data = subchannel.subchannel().data();
      out << "  subchannel " << data.target() << " (" << StateName(data)
          << "): " << CallCounts(data) << "\n";
      for (const cz::SocketRef& socket_ref :
           subchannel.subchannel().socket_ref()) {
        cz::GetSocketRequest socket_request;
        socket_request.set_socket_id(socket_ref.socket_id());
        cz::GetSocketResponse socket;
        if (walk.Call(&cz::Channelz::Stub::GetSocket, socket_request,
                      &socket)) {
          out << "    " << SocketLine(socket.socket(), /*server_side=*/false)
              << "\n";
        }
      }
    }
  }
  *report = out.str();
  return grpc::Status::OK;
}
// [END channelz_walk]

}  // namespace debugging
