// A loopback port for a server a test starts later, after its client. The
// port was free when asked for; another process could take it before the
// server does, a race a test can live with. Servers that can start first
// listen on port 0 instead, which has no race.
#ifndef COMMON_TESTING_FREE_PORT_H_
#define COMMON_TESTING_FREE_PORT_H_

#include <sys/socket.h>

namespace testing_util {

// SOCK_STREAM (TCP) or SOCK_DGRAM (UDP); 0 if no port could be had.
int FreeLoopbackPort(int socket_type = SOCK_STREAM);

}  // namespace testing_util

#endif  // COMMON_TESTING_FREE_PORT_H_
