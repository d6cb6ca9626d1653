#include "common/testing/certificates.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "common/testing/child_process.h"

namespace testing_util {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

std::string CertificateFiles::cert_pem() const { return ReadFile(cert); }
std::string CertificateFiles::key_pem() const { return ReadFile(key); }

CertificateFiles MakeCertificate(const std::string& name,
                                 const std::string& common_name,
                                 const std::string& subject_alt_names) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = tmp != nullptr ? tmp : "/tmp";
  CertificateFiles made{dir + "/" + name + "_cert.pem",
                        dir + "/" + name + "_key.pem"};
  std::vector<std::string> argv = {"/usr/bin/openssl",
                                   "req",
                                   "-x509",
                                   "-newkey",
                                   "rsa:2048",
                                   "-nodes",
                                   "-keyout",
                                   made.key,
                                   "-out",
                                   made.cert,
                                   "-days",
                                   "1",
                                   "-subj",
                                   "/CN=" + common_name};
  if (!subject_alt_names.empty()) {
    argv.insert(argv.end(), {"-addext", "subjectAltName=" + subject_alt_names});
  }
  ChildProcess openssl(argv);
  const int exit_code = openssl.WaitForExit();
  EXPECT_EQ(exit_code, 0) << openssl.output();
  if (exit_code != 0) return {};
  return made;
}

}  // namespace testing_util
