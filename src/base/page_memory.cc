#include "base/page_memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <new>

#include "retention/orders.h"

namespace retention {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

size_t PageSize() {
  static const size_t size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

size_t RoundUp(size_t bytes, size_t unit) { return (bytes + unit - 1) / unit * unit; }

// What MapPages really maps for `bytes`.
size_t Mapped(size_t bytes) {
  size_t pages = RoundUp(bytes, PageSize());
  return pages >= kHugePage ? RoundUp(bytes, kHugePage) : pages;
}

}  // namespace

void* MapPages(size_t bytes) {
  const size_t size = Mapped(bytes);
  // A large block asks for one huge page more and trims, so that it starts
  // on a 2 MB boundary.
  const size_t padded = size >= kHugePage ? size + kHugePage : size;
  void* p = mmap(nullptr, padded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  if (padded == size) return p;
  auto start = reinterpret_cast<uintptr_t>(p);
  uintptr_t aligned = RoundUp(start, kHugePage);
  if (aligned > start) munmap(p, aligned - start);
  if (size_t tail = start + padded - (aligned + size); tail > 0) {
    munmap(reinterpret_cast<void*>(aligned + size), tail);
  }
  p = reinterpret_cast<void*>(aligned);
  // Advice only: without transparent huge pages this is ordinary memory.
  madvise(p, size, MADV_HUGEPAGE);
  return p;
}

void AdviseHugePages(const void* data, size_t bytes) {
  auto begin = RoundUp(reinterpret_cast<uintptr_t>(data), kHugePage);
  uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) / kHugePage * kHugePage;
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

void GiveBackPages(void* data, size_t bytes) {
  auto begin = RoundUp(reinterpret_cast<uintptr_t>(data), PageSize());
  uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) / PageSize() * PageSize();
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

void UnmapPages(void* pages, size_t bytes) {
  if (pages != nullptr) munmap(pages, Mapped(bytes));
}

namespace column_pages {

void* Grow(void* data, size_t old_bytes, size_t new_bytes) {
  if (data == nullptr) return MapPages(new_bytes);
#ifdef MREMAP_MAYMOVE
  void* p = mremap(data, Mapped(old_bytes), Mapped(new_bytes), MREMAP_MAYMOVE);
  if (p != MAP_FAILED) {
    // Advice for the whole block, not just its whole 2 MB pages (wherever
    // it now starts): advice on part of a mapping splits it in two, and
    // mremap fails on a range that spans two mappings.
    if (Mapped(new_bytes) >= kHugePage) madvise(p, Mapped(new_bytes), MADV_HUGEPAGE);
    return p;
  }
#endif
  // No remapping here (or it failed): copy.
  void* copy = MapPages(new_bytes);
  std::memcpy(copy, data, old_bytes);
  UnmapPages(data, old_bytes);
  return copy;
}

void Free(void* data, size_t bytes) { UnmapPages(data, bytes); }

}  // namespace column_pages

}  // namespace retention
