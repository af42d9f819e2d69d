#include "server/uring_batch.hpp"

#include <cerrno>
#include <cstring>

namespace turn::server {

Result<std::unique_ptr<UringBatch>, std::string> UringBatch::create(unsigned entries) {
    std::unique_ptr<UringBatch> b(new UringBatch);
    int r = io_uring_queue_init(entries, &b->ring_, IORING_SETUP_SINGLE_ISSUER);
    if (r == -EINVAL) r = io_uring_queue_init(entries, &b->ring_, 0);  // kernels before 6.0
    if (r < 0) return unexpected(std::string("io_uring: ") + std::strerror(-r));
    return b;
}

UringBatch::~UringBatch() { io_uring_queue_exit(&ring_); }

bool UringBatch::add_sendmsg(int fd, const msghdr* msg, std::uint64_t tag) {
    io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
    if (sqe == nullptr) return false;
    io_uring_prep_sendmsg(sqe, fd, msg, MSG_DONTWAIT);
    io_uring_sqe_set_data64(sqe, tag);
    ++queued_;
    return true;
}

void UringBatch::complete(FunctionRef<void(std::uint64_t tag, int result)> done) {
    unsigned left = queued_;
    queued_ = 0;
    while (left > 0) {
        const int r = io_uring_submit_and_wait(&ring_, left);
        if (r < 0 && r != -EINTR && r != -EAGAIN && r != -EBUSY) {
            // The ring itself failed: whatever did not complete is reported lost.
            while (left-- > 0) done(UINT64_MAX, r);
            return;
        }
        io_uring_cqe* cqe = nullptr;
        unsigned head = 0;
        unsigned seen = 0;
        io_uring_for_each_cqe(&ring_, head, cqe) {
            done(io_uring_cqe_get_data64(cqe), cqe->res);
            ++seen;
        }
        io_uring_cq_advance(&ring_, seen);
        left -= seen;
    }
}

}  // namespace turn::server
