#include "string_interner.h"

#include <sys/mman.h>

#include <new>
#include <utility>

namespace retention {
namespace {
constexpr size_t kHugePage = size_t{2} << 20;
}

WordArray::WordArray(size_t size) : size_(size) {
  if (size == 0) return;
  bytes_ = (size * sizeof(uint64_t) + kHugePage - 1) / kHugePage * kHugePage;
  // Ask for one page more and trim, so the array starts on a 2 MB boundary.
  size_t padded = bytes_ + (bytes_ >= kHugePage ? kHugePage : 0);
  void* p = mmap(nullptr, padded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  if (padded > bytes_) {
    auto start = reinterpret_cast<uintptr_t>(p);
    uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
    if (aligned > start) munmap(p, aligned - start);
    if (size_t tail = start + padded - (aligned + bytes_); tail > 0) {
      munmap(reinterpret_cast<void*>(aligned + bytes_), tail);
    }
    p = reinterpret_cast<void*>(aligned);
    // Advice only: without transparent huge pages this is ordinary memory.
    madvise(p, bytes_, MADV_HUGEPAGE);
  }
  words_ = static_cast<uint64_t*>(p);  // mmap hands out zeroed pages
}

WordArray& WordArray::operator=(WordArray&& other) noexcept {
  if (this != &other) {
    this->~WordArray();
    words_ = std::exchange(other.words_, nullptr);
    size_ = std::exchange(other.size_, 0);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

WordArray::~WordArray() {
  if (words_ != nullptr) munmap(words_, bytes_);
  words_ = nullptr;
}

}  // namespace retention
