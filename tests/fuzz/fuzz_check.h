// Shared helpers for the libFuzzer targets in this directory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "input/byte_source.h"

// An invariant of the code under test. Unlike assert() it stays on in
// release builds; a failure aborts so libFuzzer saves the input as a crash.
#define FUZZ_CHECK(cond, ...)                                                                \
  do {                                                                                       \
    if (!(cond)) {                                                                           \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s\n  ", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                                     \
      std::fprintf(stderr, "\n");                                                            \
      std::abort();                                                                          \
    }                                                                                        \
  } while (0)

namespace retention_fuzz {

// Hands out its bytes at most `chunk` at a time, like a pipe delivering
// partial reads, so readers have to resume a record across refills.
class ChunkedSource : public retention::ByteSource {
 public:
  ChunkedSource(std::string name, std::string bytes, size_t chunk)
      : ByteSource(std::move(name)), bytes_(std::move(bytes)), chunk_(chunk ? chunk : 1) {}
  size_t Read(char* buffer, size_t size) override {
    size_t n = bytes_.size() - offset_;
    if (n > size) n = size;
    if (n > chunk_) n = chunk_;
    for (size_t i = 0; i < n; ++i) buffer[i] = bytes_[offset_ + i];
    offset_ += n;
    return n;
  }

 private:
  std::string bytes_;
  size_t chunk_;
  size_t offset_ = 0;
};

// Physical lines in `text`: 1 + the number of line ends (\n, \r\n, lone \r).
inline int64_t CountLines(const std::string& text) {
  int64_t lines = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++lines;
    } else if (text[i] == '\r') {
      ++lines;
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    }
  }
  return lines;
}

// Reads every byte of `s`, so AddressSanitizer sees a dangling view.
inline uint64_t Touch(const char* p, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<unsigned char>(p[i])) * 1099511628211ull;
  return h;
}

}  // namespace retention_fuzz
