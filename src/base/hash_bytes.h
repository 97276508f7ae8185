// A fast, well-mixed hash of short byte strings: XXH3 from libxxhash-dev,
// inlined, as ids and rows are a few dozen bytes, too short to pay for a
// call. Every bit of the result is usable (tables take their slot from the
// low bits and their shard from the high ones).
#pragma once

#include <cstddef>
#include <cstdint>

#define XXH_INLINE_ALL
#if defined(__GNUC__) && !defined(__clang__)
// False alarms of GCC 12 inside inlined XXH3: in its own AVX-512
// intrinsics (inputs past 240 bytes on such CPUs, RETENTION_NATIVE), and on
// branches for longer inputs when a caller hashes a small array.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Warray-bounds"
#include <xxhash.h>
#pragma GCC diagnostic pop
#else
#include <xxhash.h>
#endif

namespace retention {

inline uint64_t HashBytes(const char* data, size_t size) { return XXH3_64bits(data, size); }

}  // namespace retention
