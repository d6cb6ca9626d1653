// A real DNS server for tests of name resolution: Debian's dnsmasq on a
// free loopback port, answering only from the records it is given (no
// upstream servers, no /etc/hosts). gRPC reaches it with a target that names
// the server: "dns://" + address() + "/NAME:PORT".
#ifndef COMMON_TESTING_DNS_SERVER_H_
#define COMMON_TESTING_DNS_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "common/testing/child_process.h"

namespace testing_util {

class DnsServer {
 public:
  // `records`: dnsmasq configuration lines, such as
  // "host-record=name.test,127.0.0.1" or "txt-record=name.test,\"text\"".
  // Addresses for one name that have to come back together go in
  // `hosts_lines` ("127.0.0.2 name.test"), a hosts file dnsmasq reads.
  // Check ok() (and output() for why not).
  explicit DnsServer(const std::vector<std::string>& records,
                     const std::vector<std::string>& hosts_lines = {});

  bool ok() const { return ok_; }
  // "127.0.0.1:PORT".
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string output() const { return process_->output(); }

 private:
  void Start(const std::vector<std::string>& records,
             const std::vector<std::string>& hosts_lines);

  int port_ = 0;
  bool ok_ = false;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace testing_util

#endif  // COMMON_TESTING_DNS_SERVER_H_
