#include "common/grpc/tls_credentials.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "common/files/user_path.h"

namespace common {
namespace {

// The whole file, or nullopt with "<flag>: cannot read <path>" in `*error`.
std::optional<std::string> ReadFile(const std::string& flag,
                                    const std::string& path,
                                    std::string* error) {
  std::ifstream in(UserPath(path), std::ios::binary);
  std::ostringstream contents;
  if (in) contents << in.rdbuf();
  if (!in || contents.str().empty()) {
    *error = flag + ": cannot read " + path;
    return std::nullopt;
  }
  return contents.str();
}

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Deleter {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Bio = std::unique_ptr<BIO, BioDeleter>;

Bio MemoryBio(const std::string& pem) {
  return Bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// The first certificate of a PEM text, or nullptr.
std::unique_ptr<X509, X509Deleter> FirstCertificate(const std::string& pem) {
  Bio bio = MemoryBio(pem);
  return std::unique_ptr<X509, X509Deleter>(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

// OpenSSL asks for a passphrase on the terminal by default; a server started
// by systemd has none to type, so an encrypted key is refused instead.
int NoPassphrase(char*, int, int, void*) { return 0; }

}  // namespace

std::shared_ptr<grpc::ServerCredentials> ServerCredentialsFromFiles(
    const std::string& cert_file, const std::string& key_file,
    std::string* error) {
  if (cert_file.empty() && key_file.empty()) {
    return grpc::InsecureServerCredentials();
  }
  if (cert_file.empty() || key_file.empty()) {
    *error = cert_file.empty()
                 ? "--tls_key_file needs --tls_cert_file (TLS needs both)"
                 : "--tls_cert_file needs --tls_key_file (TLS needs both)";
    return nullptr;
  }
  std::optional<std::string> cert =
      ReadFile("--tls_cert_file", cert_file, error);
  if (!cert) return nullptr;
  std::optional<std::string> key = ReadFile("--tls_key_file", key_file, error);
  if (!key) return nullptr;
  // gRPC would accept a broken pair here and fail every handshake later;
  // check it now, while the error can name the file.
  auto certificate = FirstCertificate(*cert);
  if (certificate == nullptr) {
    *error = "--tls_cert_file: " + cert_file + " holds no PEM certificate";
    return nullptr;
  }
  Bio key_bio = MemoryBio(*key);
  std::unique_ptr<EVP_PKEY, KeyDeleter> private_key(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, NoPassphrase, nullptr));
  if (private_key == nullptr) {
    *error = "--tls_key_file: " + key_file +
             " holds no PEM private key (without a passphrase)";
    return nullptr;
  }
  if (X509_check_private_key(certificate.get(), private_key.get()) != 1) {
    *error = "--tls_key_file: " + key_file +
             " is not the key of the certificate in " + cert_file;
    return nullptr;
  }
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(options);
}

// [START channel_credentials]
std::shared_ptr<grpc::ChannelCredentials> ChannelCredentialsFromFiles(
    const std::string& roots_file, const std::string& server_name,
    grpc::ChannelArguments* arguments, std::string* error) {
  if (roots_file.empty()) {
    if (!server_name.empty()) {
      *error = "--tls_server_name needs --tls_roots_file";
      return nullptr;
    }
    return grpc::InsecureChannelCredentials();
  }
  std::optional<std::string> roots =
      ReadFile("--tls_roots_file", roots_file, error);
  if (!roots) return nullptr;
  if (FirstCertificate(*roots) == nullptr) {
    *error = "--tls_roots_file: " + roots_file + " holds no PEM certificate";
    return nullptr;
  }
  grpc::SslCredentialsOptions options;
  // Only these certificates are trusted, not the system's: a self-signed
  // certificate on a LAN, or the CA that signed the server's.
  options.pem_root_certs = *roots;
  // The certificate must name the host of the target, or this name if set
  // (for a certificate made for "localhost" and used by IP address, say).
  if (!server_name.empty()) arguments->SetSslTargetNameOverride(server_name);
  return grpc::SslCredentials(options);
}
// [END channel_credentials]

std::shared_ptr<grpc::Channel> CreateChannelFromFiles(
    const std::string& target, const std::string& roots_file,
    const std::string& server_name, grpc::ChannelArguments arguments,
    std::string* error) {
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      ChannelCredentialsFromFiles(roots_file, server_name, &arguments, error);
  if (credentials == nullptr) return nullptr;
  return grpc::CreateCustomChannel(target, credentials, arguments);
}

}  // namespace common
