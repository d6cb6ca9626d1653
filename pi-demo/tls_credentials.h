// TLS for the attendance programs, from PEM files named on the command line:
// the server's certificate and key, and the certificates a client trusts.
// Without the files everything stays plaintext, as on loopback.
#ifndef PI_DEMO_TLS_CREDENTIALS_H_
#define PI_DEMO_TLS_CREDENTIALS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

namespace attendance {

// The credentials of --tls_cert_file and --tls_key_file: TLS with both,
// plaintext with neither. Returns nullptr and sets `*error` (naming the flag
// or the file) if only one is given, a file cannot be read, holds no PEM
// certificate or key, or the key is not the certificate's.
std::shared_ptr<grpc::ServerCredentials> ServerCredentialsFromFiles(
    const std::string& cert_file, const std::string& key_file,
    std::string* error);

// A channel to `target`: TLS trusting the certificates of --tls_roots_file
// (`roots_file`) if it is given, checking the server's certificate against
// --tls_server_name (`server_name`) instead of the target's host if that is
// given; plaintext without `roots_file`. Returns nullptr and sets `*error`
// if the roots cannot be read or `server_name` comes without them.
std::shared_ptr<grpc::Channel> CreateChannelFromFiles(
    const std::string& target, const std::string& roots_file,
    const std::string& server_name, grpc::ChannelArguments arguments,
    std::string* error);

}  // namespace attendance

#endif  // PI_DEMO_TLS_CREDENTIALS_H_
