#include "server/dtls_bio.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <stdexcept>

namespace turn::server {

namespace {

int create(BIO* bio) {
    auto* l = new (std::nothrow) DatagramLink;
    if (l == nullptr) return 0;
    BIO_set_data(bio, l);
    BIO_set_init(bio, 1);
    return 1;
}

int destroy(BIO* bio) {
    delete static_cast<DatagramLink*>(BIO_get_data(bio));
    BIO_set_data(bio, nullptr);
    return 1;
}

int read(BIO* bio, char* out, int size) {
    DatagramLink& l = DatagramBio::link(bio);
    BIO_clear_retry_flags(bio);
    if (l.inbound.empty() || size <= 0) {
        BIO_set_retry_read(bio);
        return -1;
    }
    const std::size_t n = std::min(l.inbound.size(), static_cast<std::size_t>(size));
    std::memcpy(out, l.inbound.data(), n);
    l.inbound = {};  // the rest of a datagram longer than `size` is lost, as with recvfrom
    return static_cast<int>(n);
}

int write(BIO* bio, const char* data, int size) {
    DatagramLink& l = DatagramBio::link(bio);
    BIO_clear_retry_flags(bio);
    if (size <= 0) return 0;
    const ssize_t n = ::sendto(l.fd, data, static_cast<std::size_t>(size), 0, l.peer.get(), l.peer.length);
    ++l.sent;
    if (l.counters != nullptr) ++(n < 0 ? l.counters->send_drops : l.counters->datagrams_out);
    return size;
}

long control(BIO* bio, int cmd, long, void*) {
    switch (cmd) {
        case BIO_CTRL_FLUSH: return 1;  // nothing is ever held back
        case BIO_CTRL_PENDING: return static_cast<long>(DatagramBio::link(bio).inbound.size());
        case BIO_CTRL_DGRAM_QUERY_MTU:
        case BIO_CTRL_DGRAM_GET_FALLBACK_MTU: return DatagramBio::kMtu;
        default: return 0;  // unsupported, which OpenSSL tolerates for these BIOs
    }
}

}  // namespace

DatagramBio::DatagramBio() : method_(BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "turn datagram")) {
    if (method_ == nullptr || BIO_meth_set_create(method_, &create) != 1 ||
        BIO_meth_set_destroy(method_, &destroy) != 1 || BIO_meth_set_read(method_, &read) != 1 ||
        BIO_meth_set_write(method_, &write) != 1 || BIO_meth_set_ctrl(method_, &control) != 1) {
        BIO_meth_free(method_);
        throw std::runtime_error("cannot create the DTLS datagram BIO method");
    }
}

DatagramBio::~DatagramBio() { BIO_meth_free(method_); }

BIO* DatagramBio::make() const { return BIO_new(method_); }

DatagramLink& DatagramBio::link(BIO* bio) { return *static_cast<DatagramLink*>(BIO_get_data(bio)); }

}  // namespace turn::server
