// Writing a text as it is produced (file_writer.h).
#include "cli/file_writer.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <string_view>
#include <system_error>
#include <thread>

namespace retention {

namespace {

// Writes everything to an open descriptor; false with errno set on failure.
bool WriteAll(int fd, std::string_view content) {
  const char* data = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    data += n;
    left -= static_cast<size_t>(n);
  }
  return true;
}

// Flushes a file to disk on a thread of its own while it is being
// written, each 16 MB: the fsync before the rename then waits for the last
// few megabytes, not for all of them (a quarter of a second for a 340 MB
// customer list, that the disk can take while the rest is being written;
// at 64 MB a 70 MB list still waited 0.05 s of its 0.55).
std::atomic<int64_t> flushes_behind{0};

class FlushBehind {
 public:
  explicit FlushBehind(int fd) : fd_(fd) {}
  ~FlushBehind() { Wait(); }
  FlushBehind(const FlushBehind&) = delete;
  FlushBehind& operator=(const FlushBehind&) = delete;

  // Counts `bytes` written; the errno of a flush that failed, else 0.
  int Wrote(size_t bytes) {
    unflushed_ += bytes;
    if (unflushed_ < kEvery) return 0;
    if (const int failed = Wait(); failed != 0) return failed;
    unflushed_ = 0;
    try {
      thread_ = std::thread([this] {
        if (fdatasync(fd_) != 0) error_ = errno;
        ++flushes_behind;
      });
    } catch (const std::system_error&) {
      // No thread to spare: the fsync at the end does it all.
    }
    return 0;
  }

  // The errno of a flush that failed (a failed writeback is reported to
  // one flush only, so the final fsync may not see it), else 0.
  int Wait() {
    if (thread_.joinable()) thread_.join();
    return error_;
  }

 private:
  static constexpr size_t kEvery = size_t{16} << 20;
  int fd_;
  size_t unflushed_ = 0;
  std::thread thread_;
  int error_ = 0;
};

}  // namespace

bool WriteProduced(int fd, const std::function<void(const TextSink&)>& produce,
                   std::exception_ptr* thrown, bool new_file) {
  int error = 0;
  FlushBehind flusher(fd);
  try {
    produce([&](std::string_view piece) {
      if (error != 0) return;
      if (!WriteAll(fd, piece)) error = errno;
      // A failed flush ends the writing, as a failed write does.
      if (new_file && error == 0) error = flusher.Wrote(piece.size());
    });
  } catch (...) {
    *thrown = std::current_exception();
    errno = EIO;
    return false;
  }
  if (const int flush_error = flusher.Wait(); error == 0) error = flush_error;
  errno = error;
  return error == 0;
}

int64_t FlushesBehind() { return flushes_behind.load(); }

}  // namespace retention
