// A self-signed certificate for the TLS and DTLS tests, made with OpenSSL's
// C API (no openssl command line): a P-256 key and an X.509 certificate for
// CN=<name>, valid for a day, written as PEM files to the scratch directory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "udp_endpoint.hpp"

namespace turn::itest {

struct TestCertificate {
    std::filesystem::path cert;  // PEM certificate, for turnserver's cert=
    std::filesystem::path key;   // PEM private key, for pkey=
    Bytes der;                   // the certificate, to compare with what a server presents
};

// Throws std::runtime_error if OpenSSL fails.
TestCertificate make_test_certificate(const std::string& common_name, long serial);

// The config lines that make a server use `c`.
std::vector<std::string> certificate_lines(const TestCertificate& c);

}  // namespace turn::itest
