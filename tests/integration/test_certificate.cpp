#include "test_certificate.hpp"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <stdexcept>

#include "scratch.hpp"

namespace turn::itest {
namespace {

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

constexpr long kValidSeconds = 24 * 3600;

void require(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("test certificate: ") + what + " failed");
}

CertPtr self_signed(EVP_PKEY* key, const std::string& common_name, long serial) {
    CertPtr cert(X509_new(), &X509_free);
    require(cert != nullptr, "X509_new");
    require(X509_set_version(cert.get(), 2) == 1, "X509_set_version");  // v3
    require(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial) == 1, "serial number");
    // A minute of slack behind, for clocks that differ a little.
    require(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60) != nullptr, "notBefore");
    require(X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValidSeconds) != nullptr, "notAfter");
    X509_NAME* name = X509_get_subject_name(cert.get());
    require(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) == 1,
            "subject name");
    require(X509_set_issuer_name(cert.get(), name) == 1, "issuer name");
    require(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");
    require(X509_sign(cert.get(), key, EVP_sha256()) > 0, "X509_sign");
    return cert;
}

template <class Write>
void write_pem(const std::filesystem::path& path, Write&& write) {
    BioPtr out(BIO_new_file(path.c_str(), "w"), &BIO_free);
    require(out != nullptr, "opening a PEM file");
    require(write(out.get()) == 1, "writing a PEM file");
}

}  // namespace

TestCertificate make_test_certificate(const std::string& common_name, long serial) {
    KeyPtr key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
    require(key != nullptr, "EVP_EC_gen");
    const CertPtr cert = self_signed(key.get(), common_name, serial);
    TestCertificate out{new_scratch_file("cert", ".pem"), new_scratch_file("key", ".pem"), {}};
    write_pem(out.cert, [&](BIO* b) { return PEM_write_bio_X509(b, cert.get()); });
    write_pem(out.key, [&](BIO* b) {
        return PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    const int size = i2d_X509(cert.get(), nullptr);
    require(size > 0, "i2d_X509");
    out.der.resize(static_cast<std::size_t>(size));
    unsigned char* p = out.der.data();
    require(i2d_X509(cert.get(), &p) == size, "i2d_X509");
    return out;
}

std::vector<std::string> certificate_lines(const TestCertificate& c) {
    return {"cert=" + c.cert.string(), "pkey=" + c.key.string()};
}

}  // namespace turn::itest
