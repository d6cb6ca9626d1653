// Self-signed certificates for tests, made by the openssl command as the
// chapters make them: a key and a certificate in PEM files under
// TEST_TMPDIR, for a server (its names in subjectAltName) or a client (its
// identity in the subject's CN). A self-signed certificate is also the root
// that trusts it: give its file as the other side's roots.
#ifndef COMMON_TESTING_CERTIFICATES_H_
#define COMMON_TESTING_CERTIFICATES_H_

#include <string>

namespace testing_util {

struct CertificateFiles {
  std::string cert;  // path of the PEM certificate
  std::string key;   // path of its PEM private key (unencrypted)
  // The files' contents, for credentials built in memory.
  std::string cert_pem() const;
  std::string key_pem() const;
};

// A certificate named `name` in its files, with subject CN `common_name`
// and, unless empty, `subject_alt_names` ("DNS:localhost,IP:127.0.0.1").
// A test failure (and empty paths) if openssl fails.
CertificateFiles MakeCertificate(
    const std::string& name, const std::string& common_name = "localhost",
    const std::string& subject_alt_names = "DNS:localhost,IP:127.0.0.1");

}  // namespace testing_util

#endif  // COMMON_TESTING_CERTIFICATES_H_
