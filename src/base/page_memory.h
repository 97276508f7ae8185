// Memory straight from the kernel for the loader's large arrays and the
// table's columns. Freeing it gives it back at once (malloc keeps freed
// blocks of its heap for reuse), and a column grows by remapping its pages
// instead of copying them. Blocks of 2 MB and more ask for 2 MB pages,
// which a large array probed at random needs to stay clear of TLB misses.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "retention/orders.h"  // column_pages

namespace retention {

/// `bytes` of zeroed memory; throws std::bad_alloc.
void* MapPages(size_t bytes);
/// Gives back what MapPages(bytes) returned.
void UnmapPages(void* pages, size_t bytes);
/// Asks for 2 MB pages under the whole 2 MB blocks of [data, data + bytes),
/// memory from anywhere (a large reserved std::vector): one page fault per
/// 2 MB instead of per 4 KB when it is first written. Advice only.
void AdviseHugePages(const void* data, size_t bytes);

/// `v` with room for `capacity` values, that storage asked for in 2 MB
/// pages before it is first written (AdviseHugePages): for the large
/// vectors made once per run, where 4 KB page faults cost more than the
/// work on them (and growing by push_back faults in every copy).
template <typename Vector>
void ReserveInHugePages(Vector* v, size_t capacity) {
  v->reserve(capacity);
  AdviseHugePages(v->data(), capacity * sizeof(typename Vector::value_type));
}

/// `v` resized to `size` values in storage asked for in 2 MB pages.
template <typename Vector>
void ResizeInHugePages(Vector* v, size_t size) {
  ReserveInHugePages(v, size);
  v->resize(size);
}

/// Gives the kernel back the whole pages of [data, data + bytes), memory
/// from MapPages that will not be read again (it would read as zeros).
/// Advice only.
void GiveBackPages(void* data, size_t bytes);

/// A fixed-size, zero-filled array of plain values in pages of its own.
template <typename T>
class PageArray {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "PageArray holds plain values");

 public:
  PageArray() = default;
  explicit PageArray(size_t size)
      : data_(size == 0 ? nullptr : static_cast<T*>(MapPages(size * sizeof(T)))), size_(size) {}
  PageArray(PageArray&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  PageArray& operator=(PageArray&& other) noexcept {
    if (this != &other) {
      Release();
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }
  ~PageArray() { Release(); }

  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

  /// Grows to `size` values, the new ones zero, by remapping the pages
  /// (as a Column grows): what is there is neither copied nor touched.
  void Grow(size_t size) {
    if (size <= size_) return;
    data_ = static_cast<T*>(column_pages::Grow(data_, size_ * sizeof(T), size * sizeof(T)));
    size_ = size;
  }

 private:
  void Release() {
    if (data_ != nullptr) UnmapPages(data_, size_ * sizeof(T));
    data_ = nullptr;
    size_ = 0;
  }

  T* data_ = nullptr;
  size_t size_ = 0;
};

/// A vector that grows by fixed-size chunks of pages: appending never
/// copies what is there, so peak memory stays at the data's size instead
/// of twice it.
template <typename T>
class ChunkedVector {
 public:
  void push_back(const T& value) { emplace_back() = value; }
  /// A new zero-filled element, to fill in member by member (which spares
  /// the stack copy that pushing a braced struct makes).
  T& emplace_back() {
    if (size_ % kChunk == 0) chunks_.emplace_back(kChunk);
    T& value = chunks_.back()[size_ % kChunk];
    ++size_;
    return value;
  }
  T& operator[](size_t i) { return chunks_[i / kChunk][i % kChunk]; }
  const T& operator[](size_t i) const { return chunks_[i / kChunk][i % kChunk]; }
  size_t size() const { return size_; }

 private:
  // 2 MB of values (or more for big values): a chunk is one huge page.
  static constexpr size_t kChunk = std::max<size_t>((size_t{2} << 20) / sizeof(T), 1);
  std::vector<PageArray<T>> chunks_;
  size_t size_ = 0;
};

}  // namespace retention
