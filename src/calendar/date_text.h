// Text helpers the calendar's files share: fixed-width numbers, a cursor
// over the text being parsed, UTC offsets. Internal to src/calendar.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/text.h"

namespace retention {
namespace calendar {

inline void AppendPadded(int64_t v, int width, std::string* out) {
  if (v < 0) {
    out->push_back('-');
    v = -v;
  }
  char buffer[24];
  int n = 0;
  do {
    buffer[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  for (int i = n; i < width; ++i) out->push_back('0');
  while (n > 0) out->push_back(buffer[--n]);
}

// A cursor over the text being parsed. Every reader leaves the position
// unchanged when it fails, so callers can try alternatives.
struct Cursor {
  const char* p;
  const char* end;

  bool AtEnd() const { return p == end; }
  char Peek() const { return p == end ? '\0' : *p; }
  bool Take(char c) {
    if (p == end || *p != c) return false;
    ++p;
    return true;
  }
  // Exactly `n` digits.
  bool Fixed(int n, int* value) {
    if (end - p < n) return false;
    int v = 0;
    for (int i = 0; i < n; ++i) {
      if (!IsDigit(p[i])) return false;
      v = v * 10 + (p[i] - '0');
    }
    p += n;
    *value = v;
    return true;
  }
  // 1..max_digits digits, greedy.
  bool Between(int max_digits, int* value) {
    int v = 0;
    int n = 0;
    while (n < max_digits && p + n != end && IsDigit(p[n])) {
      v = v * 10 + (p[n] - '0');
      ++n;
    }
    if (n == 0) return false;
    p += n;
    *value = v;
    return true;
  }
  int CountDigits() const {
    int n = 0;
    while (p + n != end && IsDigit(p[n])) ++n;
    return n;
  }
};

// "Z", "+02:00", "+0200" or "+02"; seconds east of UTC. `*valid` is false
// when the shape is an offset but the numbers are not.
inline bool ReadOffset(Cursor* c, int64_t* offset, bool* valid) {
  *valid = true;
  if (c->Take('Z') || c->Take('z')) {
    *offset = 0;
    return true;
  }
  Cursor save = *c;
  char sign = c->Peek();
  if (sign != '+' && sign != '-') return false;
  ++c->p;
  int hours = 0;
  int minutes = 0;
  if (!c->Fixed(2, &hours)) {
    *c = save;
    return false;
  }
  if (c->Take(':')) {
    if (!c->Fixed(2, &minutes)) {
      *c = save;
      return false;
    }
  } else {
    c->Fixed(2, &minutes);  // optional in "+0200" / "+02"
  }
  if (hours > 23 || minutes > 59) *valid = false;
  *offset = (sign == '-' ? -1 : 1) * (int64_t{hours} * 3600 + int64_t{minutes} * 60);
  return true;
}

// Offset text for TimeZone::Parse; the whole string must be an offset.
inline std::optional<int64_t> ParseOffsetText(std::string_view text) {
  if (text.empty() || (text.front() != '+' && text.front() != '-')) return std::nullopt;
  Cursor c{text.data(), text.data() + text.size()};
  int64_t offset = 0;
  bool valid = false;
  if (!ReadOffset(&c, &offset, &valid) || !c.AtEnd() || !valid) return std::nullopt;
  return offset;
}

inline std::string DateText(int year, int month, int day) {
  std::string out;
  AppendPadded(year, 4, &out);
  out.push_back('-');
  AppendPadded(month, 2, &out);
  out.push_back('-');
  AppendPadded(day, 2, &out);
  return out;
}

}  // namespace calendar
}  // namespace retention
