// A throwaway self-signed certificate and key (PEM files in the scratch
// directory) for a turnserver under test that serves TLS. Clients do not
// verify it: the tests check the relay, not the PKI.
#pragma once

#include <filesystem>

namespace turn::itest {

struct TestCertificate {
    std::filesystem::path cert;
    std::filesystem::path key;
};

// Throws std::runtime_error if OpenSSL cannot make one.
TestCertificate make_test_certificate();

}  // namespace turn::itest
