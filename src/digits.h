// Reading decimal digits a word at a time: ids and amounts are parsed once
// per input row, and a branch per digit mispredicts on their varying
// lengths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace retention {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "digits are read little-endian");

/// Whether the eight bytes of `word` (the first digit in its lowest byte,
/// as loaded from memory on a little-endian machine) are all '0'..'9', and
/// the number they spell.
inline bool EightDigitsValue(uint64_t word, uint64_t* value) {
  // Each byte in '0'..'9': high nibble 3, and adding 6 keeps it 3.
  if (((word & 0xF0F0F0F0F0F0F0F0ull) |
       (((word + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) >> 4)) != 0x3333333333333333ull) {
    return false;
  }
  word = (word & 0x0F0F0F0F0F0F0F0Full) * 2561 >> 8;      // pairs of digits
  word = (word & 0x00FF00FF00FF00FFull) * 6553601 >> 16;  // groups of four
  *value = (word & 0x0000FFFF0000FFFFull) * 42949672960001ull >> 32;
  return true;
}

/// The `size` (4 to 8) bytes at p in the low bytes of a word, the rest
/// zero: two 4-byte loads that may overlap, never reading past p + size.
inline uint64_t LoadShort(const char* p, size_t size) {
  uint32_t head, tail;
  std::memcpy(&head, p, 4);
  std::memcpy(&tail, p + size - 4, 4);
  return head | (uint64_t{tail} << (8 * (size - 4)));
}

/// `count` (1 to 8) digit bytes in the low bytes of `word` (the rest
/// zero), moved to the high end with '0's in front, so that they read as
/// eight digits.
inline uint64_t AlignDigits(uint64_t word, unsigned count) {
  return count == 8 ? word : word << (8 * (8 - count)) | 0x3030303030303030ull >> (8 * count);
}

}  // namespace retention
