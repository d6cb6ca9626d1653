#include "common/testing/dns_server.h"

#include <sys/socket.h>

#include <cstdlib>
#include <fstream>

#include "common/testing/free_port.h"

namespace testing_util {

DnsServer::DnsServer(const std::vector<std::string>& records,
                     const std::vector<std::string>& hosts_lines) {
  // dnsmasq binds TCP on the port too, which may be taken although UDP was
  // free: then it fails to start, and another port is tried.
  for (int attempt = 0; attempt < 5 && !ok_; ++attempt) {
    Start(records, hosts_lines);
  }
}

void DnsServer::Start(const std::vector<std::string>& records,
                      const std::vector<std::string>& hosts_lines) {
  port_ = FreeLoopbackPort(SOCK_DGRAM);
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = tmp != nullptr ? tmp : "/tmp";
  const std::string config = dir + "/dnsmasq-" + std::to_string(port_);
  {
    std::ofstream file(config + ".conf");
    file << "port=" << port_
         << "\nlisten-address=127.0.0.1\nbind-interfaces\n"
            "no-resolv\nno-hosts\n";
    if (!hosts_lines.empty()) file << "addn-hosts=" << config << ".hosts\n";
    for (const std::string& record : records) file << record << "\n";
  }
  {
    std::ofstream hosts(config + ".hosts");
    for (const std::string& line : hosts_lines) hosts << line << "\n";
  }
  // --no-daemon: in the foreground, no pid file, no change of user (which a
  // sandbox would refuse); the log on stderr.
  process_ = std::make_unique<ChildProcess>(std::vector<std::string>{
      "/usr/sbin/dnsmasq", "--no-daemon", "--conf-file=" + config + ".conf",
      "--log-facility=-"});
  // dnsmasq logs "started" once it has bound its socket.
  ok_ = port_ > 0 && process_->started() && process_->WaitForOutput("started");
}

}  // namespace testing_util
