// Reading decimal digits a word at a time: ids and amounts are parsed once
// per input row, and a branch per digit mispredicts on their varying
// lengths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "base/load_bytes.h"
#include "retention/money.h"

namespace retention {

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

/// `count` (1 to 8) digit bytes in the low bytes of `word` (the rest
/// zero), moved to the high end with '0's in front, so that they read as
/// eight digits.
inline uint64_t AlignDigits(uint64_t word, unsigned count) {
  return count == 8 ? word : word << (8 * (8 - count)) | 0x3030303030303030ull >> (8 * count);
}

/// An amount of 4 to 8 bytes after an optional minus ("8.99", "-117.95",
/// "1234"), with at most kMoneyDecimals decimals, as units of
/// 1/kMoneyScale; false for anything else, which ParseMoney reads (or
/// rejects). A word at a time: amounts vary in length, and a loop per digit
/// mispredicts on every change. Inline, since every input row has one.
inline bool ReadShortDecimal(std::string_view text, int64_t* result) {
  // Static: a local array is rebuilt on the stack at every call.
  static constexpr int64_t kPowersOfTen[] = {1, 10, 100, 1000, 10000};
  static_assert(kMoneyDecimals == 4, "kPowersOfTen covers 0 to 4 decimals");
  const char* p = text.data();
  size_t size = text.size();
  const bool negative = size != 0 && *p == '-';
  p += negative;
  size -= negative;
  if (size < 4 || size > 8) return false;
  const uint64_t word = LoadShort(p, size);
  // The first '.', by the zero byte it leaves after xor (borrows only
  // disturb the bytes above it).
  const uint64_t x = word ^ 0x2E2E2E2E2E2E2E2Eull;
  const uint64_t dots = (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
  const unsigned point = dots == 0 ? static_cast<unsigned>(size) : __builtin_ctzll(dots) / 8;
  const unsigned count =
      point == size ? static_cast<unsigned>(size) : static_cast<unsigned>(size) - 1;
  const unsigned decimals = count - point;
  if (point == 0 || (point != size && (decimals == 0 || decimals > kMoneyDecimals))) return false;
  // The digits without the point, in the low `count` bytes.
  const uint64_t below = point == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * point)) - 1;
  uint64_t value;
  if (!EightDigitsValue(AlignDigits((word & below) | ((word >> 8) & ~below), count), &value)) {
    return false;  // another point, a sign, a space, a letter
  }
  const int64_t units = static_cast<int64_t>(value) * kPowersOfTen[kMoneyDecimals - decimals];
  *result = negative ? -units : units;
  return true;
}

}  // namespace retention
