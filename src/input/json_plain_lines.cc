// The plain lines of NDJSON, read by hand (ReadPlainJsonLines).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "input/json_reader.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/text.h"
#include "base/utf8.h"

namespace retention {

namespace {

// The offsets of the quotes in [from, end), as many as `room`; false when
// the text holds a backslash or a control character, or more quotes than
// that. Up to 15 bytes after `end` are read. `*high`: whether a byte is
// not ASCII.
bool FindQuotes(const char* from, const char* end, uint32_t* quotes, size_t room, size_t* count,
                bool* high) {
  size_t n = 0;
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  uint32_t any_high = 0;
  for (const char* p = from; p < end; p += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const uint32_t valid = end - p >= 16 ? 0xFFFFu : (1u << (end - p)) - 1;
    const auto hi = static_cast<uint32_t>(_mm_movemask_epi8(x));
    // Bytes below 0x20 compare less as signed bytes, and so do those from
    // 0x80: theirs are the high bits.
    const auto below = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmplt_epi8(x, space)));
    const auto slash = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, backslash)));
    if (((below & ~hi) | slash) & valid) return false;
    any_high |= hi & valid;
    for (auto q = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, quote))) & valid;
         q != 0; q &= q - 1) {
      if (n == room) return false;
      quotes[n++] = static_cast<uint32_t>(p - from) + static_cast<uint32_t>(__builtin_ctz(q));
    }
  }
  *high = any_high != 0;
#else
  *high = false;
  for (const char* p = from; p < end; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c == '\\') return false;
    *high |= c >= 0x80;
    if (c != '"') continue;
    if (n == room) return false;
    quotes[n++] = static_cast<uint32_t>(p - from);
  }
#endif
  *count = n;
  return true;
}

// One plain line, [p, end) without its line break and CR, into `record`;
// false when it is not plain (see ReadPlainJsonLines).
bool ReadPlainLine(const char* p, const char* end, JsonRecord* record) {
  constexpr size_t kRoom = 256;
  uint32_t quotes[kRoom];
  size_t count = 0;
  bool high = false;
  const char* const from = p;
  if (!FindQuotes(p, end, quotes, kRoom, &count, &high)) return false;
  if (high &&
      InvalidUtf8At(std::string_view(p, static_cast<size_t>(end - p))) != std::string_view::npos) {
    return false;
  }
  size_t next = 0;  // the next quote, which opens a string
  // The string whose opening quote is at p, p then after its closing one.
  auto string = [&](std::string_view* out) {
    if (next + 1 >= count || from + quotes[next] != p) return false;
    const char* const close = from + quotes[next + 1];
    *out = std::string_view(p + 1, static_cast<size_t>(close - p - 1));
    p = close + 1;
    next += 2;
    return true;
  };
  auto skip_spaces = [&] {
    while (p < end && *p == ' ') ++p;
  };
  record->fields.clear();
  record->scratch.clear();
  skip_spaces();
  if (p == end || *p != '{') return false;
  ++p;
  skip_spaces();
  for (;;) {
    std::string_view key;
    if (p == end || *p != '"' || !string(&key)) return false;  // {} too
    skip_spaces();
    if (p == end || *p != ':') return false;
    ++p;
    skip_spaces();
    if (p == end) return false;
    JsonRecord::Field& field = record->fields.emplace_back();
    field.key = key;
    field.at = p;
    if (*p == '"') {
      if (!string(&field.value)) return false;
    } else {
      // A number, true, false or null, up to what ends it.
      const char* const token_start = p;
      while (p < end && *p != ',' && *p != '}' && *p != ' ') ++p;
      const std::string_view token(token_start, static_cast<size_t>(p - token_start));
      if (token == "true" || token == "false") {
        field.value = token;
      } else if (token != "null") {
        // An exponent is expanded, and what is no number named, by the
        // reading through simdjson.
        if (!IsJsonNumber(token) || token.find_first_of("eE") != std::string_view::npos) {
          return false;
        }
        field.number = true;
        field.value = token;
      }
    }
    skip_spaces();
    if (p == end) return false;
    if (*p == '}') break;
    if (*p != ',') return false;
    ++p;
    skip_spaces();
  }
  ++p;
  skip_spaces();
  return p == end && next == count;
}

}  // namespace

size_t ReadPlainJsonLines(std::string_view bytes, int64_t* line, size_t max_line,
                          JsonRecord* record,
                          const std::function<void(const JsonRecord&)>& on_record) {
  const char* const text = bytes.data();
  size_t done = 0;  // the start of the first line not read
  while (done < bytes.size()) {
    const char* const start = text + done;
    const char* newline = static_cast<const char*>(std::memchr(start, '\n', bytes.size() - done));
    const char* end = newline ? newline : text + bytes.size();
    if (static_cast<size_t>(end - start) >= max_line) return done;
    if (end > start && end[-1] == '\r') --end;
    if (std::all_of(start, end, [](char c) { return c == ' '; })) {
      ++*line;  // a blank line
    } else {
      if (!ReadPlainLine(start, end, record)) return done;
      record->line = *line;
      on_record(*record);
      ++*line;
    }
    done = newline ? static_cast<size_t>(newline - text) + 1 : bytes.size();
  }
  return done;
}

}  // namespace retention
