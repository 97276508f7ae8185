// Byte sources: plain files (mapped), stdin, gzip and UTF-16 behind one Read.
// It stays one file (about 500 lines): mapped files, streams, gzip and
// UTF-16 are four ways of one Read whose positions and errors must agree.
#include "input/byte_source.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "retention/error.h"

namespace retention {
namespace {

// Files mapped by PlainFileSource. When one is truncated while it is read,
// touching a page past its new end raises SIGBUS, which would end the
// process without a word. The handler below answers such a fault by
// putting zero pages where the file's pages were and noting it; the source
// then reports the change as a DataError (ByteSource::CheckUnchanged).
// This works on any thread, unlike jumping out of the handler.
struct MappedRange {
  std::atomic<bool> claimed{false};
  std::atomic<uintptr_t> begin{0};  // 0 while the slot is unused
  std::atomic<size_t> size{0};
  std::atomic<bool> lost{false};  // some pages were replaced by zeros
};
constexpr int kMappedRanges = 64;  // beyond that, files are read, not mapped
MappedRange g_ranges[kMappedRanges];
struct sigaction g_previous_bus;
uintptr_t g_page_size = 4096;

void OnBusError(int signal, siginfo_t* info, void* context) {
  const uintptr_t at = reinterpret_cast<uintptr_t>(info->si_addr);
  for (MappedRange& range : g_ranges) {
    const uintptr_t begin = range.begin.load(std::memory_order_acquire);
    if (begin == 0 || at < begin || at - begin >= range.size.load(std::memory_order_relaxed)) {
      continue;
    }
    // mmap is not on POSIX's list of async-signal-safe functions, but on
    // Linux it is a plain system call; the pages from the fault to the end
    // of the mapping read as zeros from now on.
    const uintptr_t page = at & ~(g_page_size - 1);
    const uintptr_t end =
        (begin + range.size.load(std::memory_order_relaxed) + g_page_size - 1) & ~(g_page_size - 1);
    const int saved_errno = errno;  // of the interrupted code
    void* zeros = mmap(reinterpret_cast<void*>(page), end - page, PROT_READ,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    errno = saved_errno;
    if (zeros != MAP_FAILED) {
      range.lost.store(true, std::memory_order_release);
      return;
    }
    break;
  }
  // Not one of ours: whoever handled SIGBUS before handles it.
  if ((g_previous_bus.sa_flags & SA_SIGINFO) != 0) {
    g_previous_bus.sa_sigaction(signal, info, context);
  } else if (g_previous_bus.sa_handler != SIG_DFL && g_previous_bus.sa_handler != SIG_IGN) {
    g_previous_bus.sa_handler(signal);
  } else {
    // Back to the default, and the faulting access runs again.
    sigaction(SIGBUS, &g_previous_bus, nullptr);
  }
}

// A slot for [begin, begin + size), or -1 when the handler cannot be
// installed or every slot is taken.
int WatchMapping(const void* begin, size_t size) {
  static const bool installed = [] {
    long page = sysconf(_SC_PAGESIZE);
    if (page > 0) g_page_size = static_cast<uintptr_t>(page);
    struct sigaction action;
    std::memset(&action, 0, sizeof action);
    action.sa_sigaction = OnBusError;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    return sigaction(SIGBUS, &action, &g_previous_bus) == 0;
  }();
  if (!installed) return -1;
  for (int i = 0; i < kMappedRanges; ++i) {
    bool free = false;
    if (g_ranges[i].claimed.compare_exchange_strong(free, true)) {
      g_ranges[i].lost.store(false);
      g_ranges[i].size.store(size, std::memory_order_relaxed);
      g_ranges[i].begin.store(reinterpret_cast<uintptr_t>(begin), std::memory_order_release);
      return i;
    }
  }
  return -1;
}

void UnwatchMapping(int slot) {
  g_ranges[slot].begin.store(0, std::memory_order_release);
  g_ranges[slot].claimed.store(false, std::memory_order_release);
}

// Reads into `buffer` until it is full or the descriptor ends.
size_t ReadFully(int fd, const std::string& name, char* buffer, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = read(fd, buffer + done, std::min<size_t>(size - done, 1u << 30));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      throw DataError(Location{name, 0, 0}, std::string("cannot read: ") + std::strerror(errno));
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

// Standard input (plain or gzip) and gzip files. Inflated here rather than
// with gzread, which ignores whatever follows the last gzip member: such
// bytes are an error. Concatenated members are read in turn, as gzip does.
class StreamSource : public ByteSource {
 public:
  StreamSource(std::string name, int fd)
      : ByteSource(std::move(name)), fd_(fd), in_(new unsigned char[kInSize]) {
    struct stat info;
    if (fstat(fd_, &info) == 0 && S_ISREG(info.st_mode))
      size_ = static_cast<uint64_t>(info.st_size);
    try {
      Fill(2);
    } catch (const DataError&) {
      close(fd_);
      throw;
    }
    gzip_ = in_size_ >= 2 && in_[0] == 0x1f && in_[1] == 0x8b;
    if (gzip_) {
      std::memset(&z_, 0, sizeof z_);
      // 16 + 15: gzip framing only, the largest window.
      if (inflateInit2(&z_, 16 + 15) != Z_OK) {
        close(fd_);
        throw DataError(Location{this->name(), 0, 0}, "cannot open: out of memory");
      }
    }
  }
  ~StreamSource() override {
    if (gzip_) inflateEnd(&z_);
    close(fd_);
  }

  // The first `n` bytes of what Read will return, read ahead.
  std::string_view Head(size_t n) {
    while (head_.size() < n) {
      char buffer[64];
      size_t got = Produce(buffer, std::min(sizeof buffer, n - head_.size()));
      if (got == 0) break;
      head_.append(buffer, got);
    }
    return std::string_view(head_).substr(0, n);
  }

  size_t Read(char* buffer, size_t size) override {
    if (head_at_ < head_.size()) {
      size_t n = std::min(size, head_.size() - head_at_);
      std::memcpy(buffer, head_.data() + head_at_, n);
      head_at_ += n;
      return n;
    }
    return Produce(buffer, size);
  }

  Progress progress() const override { return {read_ - (in_size_ - in_at_), size_}; }

 private:
  static constexpr size_t kInSize = 1 << 20;

  // Reads until `at_least` bytes are unconsumed (or the input ends); false
  // when none are.
  bool Fill(size_t at_least) {
    if (in_size_ - in_at_ >= at_least) return true;
    std::memmove(in_.get(), in_.get() + in_at_, in_size_ - in_at_);
    in_size_ -= in_at_;
    in_at_ = 0;
    while (in_size_ < at_least && !eof_) {
      size_t n =
          ReadFully(fd_, name(), reinterpret_cast<char*>(in_.get()) + in_size_, kInSize - in_size_);
      if (n == 0) eof_ = true;
      in_size_ += n;
      read_ += n;
    }
    return in_size_ > in_at_;
  }

  size_t Produce(char* buffer, size_t size) {
    if (!gzip_) {
      if (in_at_ < in_size_) {
        size_t n = std::min(size, in_size_ - in_at_);
        std::memcpy(buffer, in_.get() + in_at_, n);
        in_at_ += n;
        return n;
      }
      // Counted as Fill counts, for the progress line.
      const size_t n = ReadFully(fd_, name(), buffer, size);
      read_ += n;
      return n;
    }
    size = std::min<size_t>(size, 1u << 30);
    while (!finished_ && size > 0) {
      if (in_at_ == in_size_ && !Fill(1)) ThrowTruncated();
      z_.next_in = in_.get() + in_at_;
      z_.avail_in = static_cast<uInt>(in_size_ - in_at_);
      z_.next_out = reinterpret_cast<unsigned char*>(buffer);
      z_.avail_out = static_cast<uInt>(size);
      int code = inflate(&z_, Z_NO_FLUSH);
      in_at_ = in_size_ - z_.avail_in;
      size_t produced = size - z_.avail_out;
      if (code == Z_STREAM_END) {
        EndMember();
      } else if (code == Z_DATA_ERROR || code == Z_NEED_DICT) {
        throw DataError(Location{name(), 0, 0}, std::string("cannot read: ") +
                                                    (z_.msg ? z_.msg : "invalid data") +
                                                    " (the gzip data is corrupt)");
      } else if (code == Z_MEM_ERROR) {
        throw DataError(Location{name(), 0, 0}, "cannot read: out of memory");
      }
      if (produced > 0) return produced;
    }
    return 0;
  }

  // After a gzip member: the end of the file, or another member.
  void EndMember() {
    if (!Fill(2)) {
      finished_ = true;
      return;
    }
    if (in_size_ - in_at_ >= 2 && in_[in_at_] == 0x1f && in_[in_at_ + 1] == 0x8b) {
      inflateReset(&z_);
      return;
    }
    throw DataError(Location{name(), 0, 0},
                    "the bytes at offset " + std::to_string(read_ - (in_size_ - in_at_)) +
                        ", after the end of the gzip data, are not another gzip member; the "
                        "file is damaged or has something appended: compress it again");
  }

  [[noreturn]] void ThrowTruncated() const {
    throw DataError(Location{name(), 0, 0},
                    "the gzip data ends early (the file is truncated); export or copy it again");
  }

  int fd_;
  std::unique_ptr<unsigned char[]> in_;
  size_t in_at_ = 0, in_size_ = 0;  // unconsumed input is in_[in_at_, in_size_)
  uint64_t read_ = 0;               // bytes read from fd_
  uint64_t size_ = 0;               // of a regular file; 0 for a pipe
  bool eof_ = false;
  bool gzip_ = false;
  bool finished_ = false;  // the last gzip member ended
  z_stream z_;
  std::string head_;  // read ahead by Head()
  size_t head_at_ = 0;
};

// UTF-16 with a byte-order mark (Excel's "Unicode text"), converted to UTF-8
// as it streams, so the readers only ever see UTF-8. The mark is dropped.
class Utf16Source : public ByteSource {
 public:
  Utf16Source(std::unique_ptr<ByteSource> inner, bool big_endian)
      : ByteSource(inner->name()), inner_(std::move(inner)), big_endian_(big_endian) {}

  Progress progress() const override { return inner_->progress(); }

  size_t Read(char* out, size_t size) override {
    size_t done = 0;
    while (done < size) {
      if (carry_at_ < carry_size_) {
        out[done++] = carry_[carry_at_++];
        continue;
      }
      if (!Fill(4)) break;
      const size_t left = in_size_ - in_at_;
      if (left < 2) Fail("the file ends in the middle of a UTF-16 character");
      const uint32_t unit = Unit(in_at_);
      uint32_t code = unit;
      size_t used = 2;
      if (unit >= 0xD800 && unit <= 0xDBFF) {
        const uint32_t low = left >= 4 ? Unit(in_at_ + 2) : 0;
        if (low < 0xDC00 || low > 0xDFFF) LoneSurrogate(unit);
        code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        used = 4;
      } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
        LoneSurrogate(unit);
      }
      const bool mark = offset_ == 0 && code == 0xFEFF;
      in_at_ += used;
      offset_ += used;
      if (mark) continue;
      if (code == '\n') ++line_;
      if (code < 0x80) {
        out[done++] = static_cast<char>(code);
        continue;
      }
      // Encoded aside; what does not fit the caller's buffer waits there.
      carry_at_ = 0;
      if (code < 0x800) {
        carry_[0] = static_cast<char>(0xC0 | (code >> 6));
        carry_size_ = 1;
      } else if (code < 0x10000) {
        carry_[0] = static_cast<char>(0xE0 | (code >> 12));
        carry_[1] = static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        carry_size_ = 2;
      } else {
        carry_[0] = static_cast<char>(0xF0 | (code >> 18));
        carry_[1] = static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        carry_[2] = static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        carry_size_ = 3;
      }
      carry_[carry_size_++] = static_cast<char>(0x80 | (code & 0x3F));
    }
    return done;
  }

 private:
  uint32_t Unit(size_t at) const {
    const unsigned char a = static_cast<unsigned char>(in_[at]);
    const unsigned char b = static_cast<unsigned char>(in_[at + 1]);
    return big_endian_ ? (uint32_t{a} << 8 | b) : (uint32_t{b} << 8 | a);
  }
  // Reads until `at_least` bytes are unconverted (or the input ends); false
  // when none are.
  bool Fill(size_t at_least) {
    if (in_size_ - in_at_ >= at_least) return true;
    if (in_.empty()) in_.resize(1 << 16);
    std::memmove(&in_[0], &in_[in_at_], in_size_ - in_at_);
    in_size_ -= in_at_;
    in_at_ = 0;
    while (in_size_ < at_least && !eof_) {
      size_t n = inner_->Read(&in_[in_size_], in_.size() - in_size_);
      if (n == 0) eof_ = true;
      in_size_ += n;
    }
    return in_size_ > 0;
  }
  [[noreturn]] void LoneSurrogate(uint32_t unit) const {
    char hex[8];
    std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(unit));
    Fail(std::string("U+") + hex + " is half of a UTF-16 surrogate pair without the other half");
  }
  [[noreturn]] void Fail(const std::string& what) const {
    throw DataError(Location{name(), line_, 0},
                    "invalid UTF-16 at byte offset " + std::to_string(offset_) + ": " + what +
                        "; the file is damaged: export it again (as UTF-8 if the program offers "
                        "it)");
  }

  std::unique_ptr<ByteSource> inner_;
  bool big_endian_;
  std::string in_;
  size_t in_at_ = 0, in_size_ = 0;  // unconverted bytes are in_[in_at_, in_size_)
  bool eof_ = false;
  uint64_t offset_ = 0;  // in the UTF-16 bytes, of in_[in_at_]
  int64_t line_ = 1;
  char carry_[4];
  size_t carry_at_ = 0, carry_size_ = 0;
};

// A file that is not gzip, read straight into the caller's buffer or
// mapped: zlib would copy every byte once more through a buffer of its own.
class PlainFileSource : public ByteSource {
 public:
  PlainFileSource(std::string name, int fd) : ByteSource(std::move(name)), fd_(fd) {
    struct stat info;
    if (fstat(fd_, &info) == 0) size_ = static_cast<uint64_t>(info.st_size);
  }
  ~PlainFileSource() override {
    if (mapped_ != nullptr) {
      if (watch_ >= 0) UnwatchMapping(watch_);
      munmap(mapped_, mapped_size_);
    }
    close(fd_);
  }

  // Reading a large file in place saves copying every byte out of the page
  // cache. A file truncated meanwhile reads as zeros past its new end
  // (OnBusError), and CheckUnchanged reports it.
  std::string_view Mapping(size_t* position) override {
    *position = 0;
    struct stat info;
    off_t offset = lseek(fd_, 0, SEEK_CUR);
    if (mapped_ == nullptr && offset >= 0 && fstat(fd_, &info) == 0 && S_ISREG(info.st_mode) &&
        info.st_size > 0) {
      void* p = mmap(nullptr, static_cast<size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd_, 0);
      if (p != MAP_FAILED) {
        watch_ = WatchMapping(p, static_cast<size_t>(info.st_size));
        if (watch_ < 0) {
          munmap(p, static_cast<size_t>(info.st_size));
        } else {
          mapped_ = p;
          mapped_size_ = static_cast<size_t>(info.st_size);
        }
      }
    }
    if (mapped_ == nullptr || offset < 0 || static_cast<size_t>(offset) > mapped_size_) return {};
    *position = static_cast<size_t>(offset);
    return std::string_view(static_cast<const char*>(mapped_), mapped_size_);
  }

  void CheckUnchanged() override {
    struct stat info;
    if (fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) return;
    const bool lost = mapped_ != nullptr && g_ranges[watch_].lost.load(std::memory_order_acquire);
    // A file that shrank lost rows the run counted on; one that grew is an
    // export still being written: the rows read are part of it, the last
    // maybe cut inside its amount ("1" of "100.00"). A mapping made after
    // the size changed (past the bytes peeked at first) is of the new size.
    const uint64_t now = static_cast<uint64_t>(info.st_size);
    if (!lost && now == size_ && (mapped_ == nullptr || mapped_size_ == size_)) return;
    const uint64_t was = size_;
    throw DataError(Location{name(), 0, 0}, "changed size while it was read (was " +
                                                std::to_string(was) + " bytes, now " +
                                                std::to_string(info.st_size) +
                                                "); read it once it is complete, or copy it first");
  }

  size_t Read(char* buffer, size_t size) override {
    size_t n = ReadFully(fd_, name(), buffer, size);
    done_ += n;
    return n;
  }

  Progress progress() const override { return {done_, size_}; }
  void NoteMapped(size_t end) override { done_ = std::max<uint64_t>(done_, end); }

 private:
  int fd_;
  uint64_t size_ = 0;  // when opened
  uint64_t done_ = 0;  // bytes read or taken from the mapping
  void* mapped_ = nullptr;
  size_t mapped_size_ = 0;
  int watch_ = -1;  // the mapping's slot in g_ranges
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
  Progress progress() const override { return {offset_, bytes_.size()}; }

 private:
  std::string bytes_;
  size_t offset_ = 0;
};

}  // namespace

bool ByteSource::Stat(const std::string& path, struct stat* info) {
  return path == "-" ? fstat(STDIN_FILENO, info) == 0 : stat(path.c_str(), info) == 0;
}

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
  // A regular file shows whether it is gzip or UTF-16 without being
  // consumed; standard input may be a pipe, so it is read ahead instead.
  unsigned char magic[2] = {0, 0};
  std::unique_ptr<ByteSource> source;
  std::string_view head;
  if (path != "-" && pread(fd, magic, 2, 0) >= 0 && !(magic[0] == 0x1f && magic[1] == 0x8b)) {
    source = std::make_unique<PlainFileSource>(name, fd);
    head = std::string_view(reinterpret_cast<const char*>(magic), 2);
  } else {
    auto stream = std::make_unique<StreamSource>(name, fd);
    head = stream->Head(2);
    source = std::move(stream);
  }
  if (head == "\xFF\xFE" || head == "\xFE\xFF") {
    return std::make_unique<Utf16Source>(std::move(source), head[0] == '\xFE');
  }
  return source;
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
