#include "byte_source.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "retention/error.h"

namespace retention {
namespace {

// zlib reads plain files as they are and inflates gzip (also concatenated
// members), so one path serves both and ".gz" needs no special casing.
class GzipFileSource : public ByteSource {
 public:
  GzipFileSource(std::string name, gzFile file) : ByteSource(std::move(name)), file_(file) {
    gzbuffer(file_, 1 << 20);
  }
  ~GzipFileSource() override { gzclose(file_); }

  size_t Read(char* buffer, size_t size) override {
    size = std::min<size_t>(size, 1u << 30);
    int n = gzread(file_, buffer, static_cast<unsigned>(size));
    if (n < 0) {
      int code = 0;
      const char* message = gzerror(file_, &code);
      if (code == Z_BUF_ERROR) ThrowTruncated();
      throw DataError(Location{name(), 0, 0},
                      std::string("cannot read: ") +
                          (code == Z_ERRNO ? std::strerror(errno) : message) +
                          (code == Z_DATA_ERROR ? " (the gzip data is corrupt)" : ""));
    }
    if (n == 0 && size > 0) {
      int code = 0;
      gzerror(file_, &code);
      // A truncated gzip stream ends with Z_BUF_ERROR instead of data.
      if (code == Z_BUF_ERROR) ThrowTruncated();
    }
    return static_cast<size_t>(n);
  }

 private:
  [[noreturn]] void ThrowTruncated() const {
    throw DataError(Location{name(), 0, 0},
                    "the gzip data ends early (the file is truncated); export or copy it again");
  }
  gzFile file_;
};

// A file that is not gzip, read straight into the caller's buffer: zlib
// would copy every byte once more through a buffer of its own.
class PlainFileSource : public ByteSource {
 public:
  PlainFileSource(std::string name, int fd) : ByteSource(std::move(name)), fd_(fd) {}
  ~PlainFileSource() override {
    if (mapped_ != nullptr) munmap(mapped_, mapped_size_);
    close(fd_);
  }

  // Reading a large file in place saves copying every byte out of the page
  // cache. (Like every program that maps its input, this one would stop
  // with SIGBUS if the file were truncated while being read.)
  std::string_view Mapping(size_t* position) override {
    *position = 0;
    struct stat info;
    off_t offset = lseek(fd_, 0, SEEK_CUR);
    if (mapped_ == nullptr && offset >= 0 && fstat(fd_, &info) == 0 && S_ISREG(info.st_mode) &&
        info.st_size > 0) {
      void* p = mmap(nullptr, static_cast<size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd_, 0);
      if (p != MAP_FAILED) {
        mapped_ = p;
        mapped_size_ = static_cast<size_t>(info.st_size);
      }
    }
    if (mapped_ == nullptr || offset < 0 || static_cast<size_t>(offset) > mapped_size_) return {};
    *position = static_cast<size_t>(offset);
    return std::string_view(static_cast<const char*>(mapped_), mapped_size_);
  }

  size_t Read(char* buffer, size_t size) override {
    size_t done = 0;
    while (done < size) {
      ssize_t n = read(fd_, buffer + done, std::min<size_t>(size - done, 1u << 30));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        throw DataError(Location{name(), 0, 0},
                        std::string("cannot read: ") + std::strerror(errno));
      }
      if (n == 0) break;
      done += static_cast<size_t>(n);
    }
    return done;
  }

 private:
  int fd_;
  void* mapped_ = nullptr;
  size_t mapped_size_ = 0;
};

class StringSource : public ByteSource {
 public:
  StringSource(std::string name, std::string bytes)
      : ByteSource(std::move(name)), bytes_(std::move(bytes)) {}
  size_t Read(char* buffer, size_t size) override {
    size_t n = std::min(size, bytes_.size() - offset_);
    std::memcpy(buffer, bytes_.data() + offset_, n);
    offset_ += n;
    return n;
  }

 private:
  std::string bytes_;
  size_t offset_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> ByteSource::Open(const std::string& path) {
  const std::string name = path == "-" ? "<stdin>" : path;
  Location where{name, 0, 0};
  int fd = 0;
  if (path == "-") {
    fd = dup(STDIN_FILENO);
    if (fd < 0)
      throw DataError(where, std::string("cannot read standard input: ") + std::strerror(errno));
  } else {
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      int err = errno;
      std::string hint = err == ENOENT   ? "; check the path"
                         : err == EACCES ? "; check the file's permissions"
                                         : "";
      throw DataError(where, std::string("cannot open: ") + std::strerror(err) + hint);
    }
    struct stat info;
    if (fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
      close(fd);
      throw DataError(where, "is a directory; name the order files inside it (e.g. dir/*.csv)");
    }
  }
  // A regular file shows whether it is gzip without being consumed;
  // standard input may be a pipe, so zlib reads it (plain or not).
  unsigned char magic[2] = {0, 0};
  if (path != "-" && pread(fd, magic, 2, 0) >= 0 && !(magic[0] == 0x1f && magic[1] == 0x8b)) {
    return std::make_unique<PlainFileSource>(name, fd);
  }
  gzFile file = gzdopen(fd, "rb");
  if (file == nullptr) {
    close(fd);
    throw DataError(where, "cannot open: out of memory");
  }
  return std::make_unique<GzipFileSource>(name, file);
}

std::unique_ptr<ByteSource> ByteSource::FromString(std::string name, std::string bytes) {
  return std::make_unique<StringSource>(std::move(name), std::move(bytes));
}

std::string ReadAll(ByteSource* source) {
  std::string data;
  size_t used = 0;
  for (;;) {
    if (data.size() - used < (1u << 20)) data.resize(std::max<size_t>(data.size() * 2, 1u << 20));
    size_t n = source->Read(&data[used], data.size() - used);
    if (n == 0) break;
    used += n;
  }
  data.resize(used);
  return data;
}

void FailRecordTooLong(const std::string& file, std::string_view record, int64_t line,
                       size_t max_bytes, bool csv) {
  // Only on this error path: where the limit falls, in lines and columns.
  size_t past = std::min(max_bytes, record.size());
  size_t line_start = 0;
  for (size_t i = 0; i < past; ++i) {
    if (record[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  bool quotes = csv && record.substr(0, past).find('"') != std::string_view::npos;
  throw DataError(Location{file, line, static_cast<int64_t>(past - line_start) + 1},
                  "a record longer than " + std::to_string(max_bytes) +
                      " bytes; check that the file is CSV or NDJSON text, not binary" +
                      (quotes ? " (or a quote left open)" : "") +
                      ", or raise the limit with --max-line-length BYTES");
}

}  // namespace retention
