#include "common/grpc/tls_credentials.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <optional>

#include "common/files/read_file.h"

namespace common {
namespace {

// The whole file, or nullopt with "<flag>: cannot read <path>" in `*error`.
std::optional<std::string> ReadFile(const std::string& flag,
                                    const std::string& path,
                                    std::string* error) {
  std::string ignored;
  std::optional<std::string> contents = ReadWholeFile(path, &ignored);
  if (!contents || contents->empty()) {
    *error = flag + ": cannot read " + path;
    return std::nullopt;
  }
  return contents;
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

// The checked contents of --tls_cert_file and --tls_key_file (both given):
// a certificate and the unencrypted key that belongs to it.
std::optional<grpc::SslServerCredentialsOptions::PemKeyCertPair> ReadKeyPair(
    const std::string& cert_file, const std::string& key_file,
    std::string* error) {
  std::optional<std::string> cert =
      ReadFile("--tls_cert_file", cert_file, error);
  if (!cert) return std::nullopt;
  std::optional<std::string> key = ReadFile("--tls_key_file", key_file, error);
  if (!key) return std::nullopt;
  // gRPC would accept a broken pair here and fail every handshake later;
  // check it now, while the error can name the file.
  auto certificate = FirstCertificate(*cert);
  if (certificate == nullptr) {
    *error = "--tls_cert_file: " + cert_file + " holds no PEM certificate";
    return std::nullopt;
  }
  Bio key_bio = MemoryBio(*key);
  std::unique_ptr<EVP_PKEY, KeyDeleter> private_key(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, NoPassphrase, nullptr));
  if (private_key == nullptr) {
    *error = "--tls_key_file: " + key_file +
             " holds no PEM private key (without a passphrase)";
    return std::nullopt;
  }
  if (X509_check_private_key(certificate.get(), private_key.get()) != 1) {
    *error = "--tls_key_file: " + key_file +
             " is not the key of the certificate in " + cert_file;
    return std::nullopt;
  }
  return grpc::SslServerCredentialsOptions::PemKeyCertPair{*key, *cert};
}

// The certificates of a roots file (flag `flag`), checked to hold one.
std::optional<std::string> ReadRoots(const std::string& flag,
                                     const std::string& roots_file,
                                     std::string* error) {
  std::optional<std::string> roots = ReadFile(flag, roots_file, error);
  if (roots && FirstCertificate(*roots) == nullptr) {
    *error = flag + ": " + roots_file + " holds no PEM certificate";
    return std::nullopt;
  }
  return roots;
}

}  // namespace

std::optional<grpc::SslServerCredentialsOptions> ServerTlsOptionsFromFiles(
    const std::string& cert_file, const std::string& key_file,
    const std::string& client_roots_file, std::string* error) {
  if (cert_file.empty() && key_file.empty()) {
    *error = "--tls_cert_file and --tls_key_file: required (TLS only)";
    return std::nullopt;
  }
  if (cert_file.empty() || key_file.empty()) {
    *error = cert_file.empty()
                 ? "--tls_key_file needs --tls_cert_file (TLS needs both)"
                 : "--tls_cert_file needs --tls_key_file (TLS needs both)";
    return std::nullopt;
  }
  auto pair = ReadKeyPair(cert_file, key_file, error);
  if (!pair) return std::nullopt;
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back(*pair);
  if (!client_roots_file.empty()) {
    std::optional<std::string> roots =
        ReadRoots("--tls_client_roots_file", client_roots_file, error);
    if (!roots) return std::nullopt;
    // [START require_client_certificate]
    // Mutual TLS: no connection without a client certificate these roots
    // trust.
    options.pem_root_certs = *roots;
    options.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
    // [END require_client_certificate]
  }
  return options;
}

std::shared_ptr<grpc::ServerCredentials> ServerCredentialsFromFiles(
    const std::string& cert_file, const std::string& key_file,
    std::string* error) {
  if (cert_file.empty() && key_file.empty()) {
    return grpc::InsecureServerCredentials();
  }
  auto options = ServerTlsOptionsFromFiles(cert_file, key_file, "", error);
  if (!options) return nullptr;
  return grpc::SslServerCredentials(*options);
}

std::optional<grpc::SslCredentialsOptions> ClientTlsOptionsFromFiles(
    const std::string& roots_file, const std::string& cert_file,
    const std::string& key_file, std::string* error) {
  std::optional<std::string> roots =
      ReadRoots("--tls_roots_file", roots_file, error);
  if (!roots) return std::nullopt;
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = *roots;
  if (!cert_file.empty() || !key_file.empty()) {
    if (cert_file.empty() || key_file.empty()) {
      *error =
          "--tls_cert_file and --tls_key_file go together (a client "
          "certificate needs both)";
      return std::nullopt;
    }
    auto pair = ReadKeyPair(cert_file, key_file, error);
    if (!pair) return std::nullopt;
    options.pem_private_key = pair->private_key;
    options.pem_cert_chain = pair->cert_chain;
  }
  return options;
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
  // Only the certificates of the roots file are trusted, not the system's: a
  // self-signed certificate on a LAN, or the CA that signed the server's.
  std::optional<grpc::SslCredentialsOptions> options =
      ClientTlsOptionsFromFiles(roots_file, "", "", error);
  if (!options) return nullptr;
  // The certificate must name the host of the target, or this name if set
  // (for a certificate made for "localhost" and used by IP address, say).
  if (!server_name.empty()) arguments->SetSslTargetNameOverride(server_name);
  return grpc::SslCredentials(*options);
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
