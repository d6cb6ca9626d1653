// TLS from PEM files named on the command line: a server's certificate and
// key, and the certificates a client trusts. Without the files everything
// stays plaintext, as on loopback. The errors name the flags
// (--tls_cert_file, --tls_key_file, --tls_roots_file, --tls_server_name) and
// the files, and come before the first call: gRPC itself would accept a bad
// file and fail every handshake later.
#ifndef COMMON_GRPC_TLS_CREDENTIALS_H_
#define COMMON_GRPC_TLS_CREDENTIALS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <optional>
#include <string>

namespace common {

// The credentials of --tls_cert_file and --tls_key_file: TLS with both,
// plaintext with neither. Returns nullptr and sets `*error` (naming the flag
// or the file) if only one is given, a file cannot be read, holds no PEM
// certificate or key, or the key is not the certificate's.
std::shared_ptr<grpc::ServerCredentials> ServerCredentialsFromFiles(
    const std::string& cert_file, const std::string& key_file,
    std::string* error);

// The TLS options behind ServerCredentialsFromFiles(), both files required,
// for a server that adds to them: with `client_roots_file`
// (--tls_client_roots_file), clients must present a certificate those roots
// trust (mutual TLS). nullopt and `*error` (naming the flag or the file) as
// there.
std::optional<grpc::SslServerCredentialsOptions> ServerTlsOptionsFromFiles(
    const std::string& cert_file, const std::string& key_file,
    const std::string& client_roots_file, std::string* error);

// A client's TLS options: trusting only the certificates of `roots_file`
// (--tls_roots_file, required), and with `cert_file` and `key_file`
// (--tls_cert_file, --tls_key_file, both or neither) presenting that
// client certificate, for mutual TLS. nullopt and `*error` as above.
std::optional<grpc::SslCredentialsOptions> ClientTlsOptionsFromFiles(
    const std::string& roots_file, const std::string& cert_file,
    const std::string& key_file, std::string* error);

// A client's credentials: TLS trusting only the certificates of
// --tls_roots_file (`roots_file`) if it is given, plaintext if not. With TLS
// and a --tls_server_name (`server_name`), the server's certificate must
// carry that name instead of the target's host: the name goes into
// `arguments`, with which the channel must be made. Returns nullptr and sets
// `*error` if the roots cannot be read or `server_name` comes without them.
// Read once at start, the credentials serve every channel a program makes,
// even after the file has gone.
std::shared_ptr<grpc::ChannelCredentials> ChannelCredentialsFromFiles(
    const std::string& roots_file, const std::string& server_name,
    grpc::ChannelArguments* arguments, std::string* error);

// A channel to `target` with ChannelCredentialsFromFiles(); nullptr and
// `*error` as there.
std::shared_ptr<grpc::Channel> CreateChannelFromFiles(
    const std::string& target, const std::string& roots_file,
    const std::string& server_name, grpc::ChannelArguments arguments,
    std::string* error);

}  // namespace common

#endif  // COMMON_GRPC_TLS_CREDENTIALS_H_
