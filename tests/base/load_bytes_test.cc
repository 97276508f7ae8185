// LoadUpTo8 and LoadShort: the same word as a memcpy into a zeroed word,
// for every size, without reading past the bytes given.
#include "base/load_bytes.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <vector>

using namespace retention;

TEST_CASE("LoadUpTo8 gives what memcpy into a zeroed word gives, for every size") {
  // Bytes with the high bit set too, which must not sign-extend.
  const unsigned char bytes[] = {0x41, 0xFF, 0x80, 0x00, 0x7F, 0xC3, 0xA9, 0x01, 0x9B};
  for (size_t start = 0; start + 8 <= sizeof bytes; ++start) {
    for (size_t size = 0; size <= 8; ++size) {
      // Exactly `size` bytes on the heap: reading past them is an
      // AddressSanitizer error.
      std::vector<char> field(bytes + start, bytes + start + size);
      uint64_t expected = 0;
      if (size > 0) std::memcpy(&expected, field.data(), size);
      INFO("start " << start << ", size " << size);
      CHECK(LoadUpTo8(field.data(), size) == expected);
      if (size >= 4) CHECK(LoadShort(field.data(), size) == expected);
    }
  }
}
