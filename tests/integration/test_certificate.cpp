#include "test_certificate.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

#include "scratch.hpp"

namespace turn::itest {
namespace {

constexpr long kValiditySeconds = 24 * 60 * 60;

template <class T, void (*Free)(T*)>
struct Freer {
    void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Freer<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Freer<X509, X509_free>>;

void require(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("test certificate: ") + what + " failed");
}

CertPtr self_signed(EVP_PKEY* key, const std::string& common_name, long serial) {
    CertPtr cert(X509_new());
    require(cert != nullptr, "X509_new");
    require(X509_set_version(cert.get(), 2) == 1, "X509_set_version");  // v3
    require(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial) == 1, "serial");
    require(X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0) != nullptr, "notBefore");
    require(X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValiditySeconds) != nullptr, "notAfter");
    X509_NAME* name = X509_get_subject_name(cert.get());
    require(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                       reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) == 1,
            "subject");
    require(X509_set_issuer_name(cert.get(), name) == 1, "issuer");  // self-signed: issuer is subject
    require(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");
    require(X509_sign(cert.get(), key, EVP_sha256()) > 0, "X509_sign");
    return cert;
}

template <class Write>
void write_pem(const std::filesystem::path& path, Write&& write) {
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "w"), &std::fclose);
    require(f != nullptr, "opening a PEM file");
    require(write(f.get()) == 1, "writing a PEM file");
}

}  // namespace

TestCertificate make_test_certificate(const std::string& common_name, long serial) {
    KeyPtr key(EVP_EC_gen("P-256"));
    require(key != nullptr, "EVP_EC_gen");
    const CertPtr cert = self_signed(key.get(), common_name, serial);
    TestCertificate out{new_scratch_file(common_name, "-cert.pem"), new_scratch_file(common_name, "-key.pem"), {}};
    write_pem(out.cert, [&](FILE* f) { return PEM_write_X509(f, cert.get()); });
    write_pem(out.key, [&](FILE* f) {
        return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    unsigned char* der = nullptr;
    const int len = i2d_X509(cert.get(), &der);
    require(len > 0, "i2d_X509");
    out.der.assign(der, der + len);
    OPENSSL_free(der);
    return out;
}

std::vector<std::string> certificate_lines(const TestCertificate& c) {
    return {"cert=" + c.cert.string(), "pkey=" + c.key.string()};
}

}  // namespace turn::itest
