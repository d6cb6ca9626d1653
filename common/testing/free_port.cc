#include "common/testing/free_port.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

namespace testing_util {

int FreeLoopbackPort(int socket_type) {
  const int fd = socket(AF_INET, socket_type, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  const bool ok =
      bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  close(fd);
  return ok ? ntohs(address.sin_port) : 0;
}

}  // namespace testing_util
