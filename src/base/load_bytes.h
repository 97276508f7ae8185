// Loading the few bytes at the end of a field into a word. A byte-by-byte
// copy into a zeroed word (what memcpy of a variable size becomes) is
// stored a byte at a time and then read back whole, which stalls the load
// on every call; whole loads that never read past the field do not.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace retention {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "bytes are loaded little-endian");

/// The `size` (4 to 8) bytes at p in the low bytes of a word, the rest
/// zero: two 4-byte loads that may overlap, never reading past p + size.
inline uint64_t LoadShort(const char* p, size_t size) {
  uint32_t head, tail;
  std::memcpy(&head, p, 4);
  std::memcpy(&tail, p + size - 4, 4);
  return head | (uint64_t{tail} << (8 * (size - 4)));
}

/// The `size` (0 to 8) bytes at p in the low bytes of a word, the rest
/// zero: what memcpy(&word, p, size) into a zeroed word gives.
inline uint64_t LoadUpTo8(const char* p, size_t size) {
  if (size >= 4) return LoadShort(p, size);
  if (size == 0) return 0;
  // 1 to 3 bytes: the first, the middle and the last cover them all.
  auto byte = [p](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
  return byte(0) | byte(size / 2) << (8 * (size / 2)) | byte(size - 1) << (8 * (size - 1));
}

}  // namespace retention
