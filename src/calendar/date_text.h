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

// The English month names, in lower case: dates ("5 Mar 2024") and
// periods ("March 2024", in a did-you-mean) read them.
inline constexpr std::string_view kMonthNames[] = {"january",   "february", "march",    "april",
                                                   "may",       "june",     "july",     "august",
                                                   "september", "october",  "november", "december"};

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

// How ReadMonthName matches a month's English name, in any case.
enum class MonthNameMatch {
  // The whole run of letters at the cursor is the full name, its first
  // three letters or "Sept" (values such as "5 Sept 2024").
  kWord,
  // The text starts with the full name, else its first three letters,
  // and letters may follow: what %b and %B read ("Sept" reads as "Sep"
  // then "t", so the format decides).
  kPrefix,
};

// The month (1-12) a name at the cursor names; false, the cursor unmoved,
// when there is none.
inline bool ReadMonthName(Cursor* c, int* month, MonthNameMatch match) {
  const size_t available = static_cast<size_t>(c->end - c->p);
  if (match == MonthNameMatch::kWord) {
    size_t n = 0;
    while (n < available && ToLower(c->p[n]) >= 'a' && ToLower(c->p[n]) <= 'z') ++n;
    const std::string_view word(c->p, n);
    for (int m = 1; m <= 12; ++m) {
      const std::string_view name = kMonthNames[m - 1];
      if (EqualsIgnoreCase(word, name) || EqualsIgnoreCase(word, name.substr(0, 3)) ||
          (m == 9 && EqualsIgnoreCase(word, "sept"))) {
        c->p += n;
        *month = m;
        return true;
      }
    }
    return false;
  }
  for (bool full : {true, false}) {
    for (int m = 1; m <= 12; ++m) {
      const std::string_view name = full ? kMonthNames[m - 1] : kMonthNames[m - 1].substr(0, 3);
      if (available >= name.size() && EqualsIgnoreCase(std::string_view(c->p, name.size()), name)) {
        c->p += name.size();
        *month = m;
        return true;
      }
    }
  }
  return false;
}

// "Z", "+02:00", "+0200" or "+02"; seconds east of UTC. `*valid` is false
// when the shape is an offset but the numbers are not. "UTC" and "GMT"
// (BigQuery's "2024-03-05 14:02:11 UTC"), alone or before an offset
// ("GMT+0100"), are read too.
inline bool ReadOffset(Cursor* c, int64_t* offset, bool* valid) {
  *valid = true;
  if (c->end - c->p >= 3 &&
      (std::string_view(c->p, 3) == "UTC" || std::string_view(c->p, 3) == "GMT")) {
    c->p += 3;
    *offset = 0;
    Cursor after = *c;
    if ((after.Peek() == '+' || after.Peek() == '-') && ReadOffset(&after, offset, valid)) {
      *c = after;
    }
    return true;
  }
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

/// A --date-format directive: how people write what it reads, and its text
/// on 2024-12-31 14:30:00, for examples in messages. One table, so the
/// parser's checks, the descriptions and the examples cannot disagree.
struct Directive {
  char letter;
  const char* pattern;
  const char* example;
};
inline constexpr Directive kDirectives[] = {
    {'Y', "YYYY", "2024"},
    {'y', "YY", "24"},
    {'m', "MM", "12"},
    {'d', "DD", "31"},
    {'e', "D", "31"},
    {'H', "hh", "14"},
    {'I', "hh", "02"},
    {'p', "AM/PM", "PM"},
    {'M', "mm", "30"},
    {'S', "ss", "00"},
    {'f', "fff", "000"},
    {'z', "+hhmm", "+00:00"},
    {'Z', "UTC", "UTC"},
    {'b', "Mon", "Dec"},
    {'B', "Month", "December"},
    {'j', "DDD", "366"},
    {'T', "hh:mm:ss", "14:30:00"},
    {'F', "YYYY-MM-DD", "2024-12-31"},
    {'s', "Unix time (seconds, or milliseconds in 13 digits)", "1735655400"},
    {'%', "%", "%"},
};

/// The directive %`letter`, or null when there is none.
inline const Directive* FindDirective(char letter) {
  for (const Directive& d : kDirectives) {
    if (d.letter == letter) return &d;
  }
  return nullptr;
}

/// `format` with every directive written as its pattern ("DD.MM.YYYY") or,
/// with `example`, as its example ("31.12.2024"); unknown ones as they are.
inline std::string SpellFormat(std::string_view format, bool example) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      out.push_back(format[i]);
      continue;
    }
    const Directive* d = FindDirective(format[++i]);
    if (d == nullptr) {
      out.push_back('%');
      out.push_back(format[i]);
    } else {
      out += example ? d->example : d->pattern;
    }
  }
  return out;
}

}  // namespace calendar
}  // namespace retention
