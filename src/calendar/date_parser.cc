// The date column parser: ISO 8601 (with offsets) on a fast path, and
// --date-format patterns. The ISO parser runs once per input row: it is a
// byte loop that allocates only when it has to explain an error.
// It stays one file: the ISO path and the pattern reader share the field
// record, the cursor and every error's wording, which must not drift apart.
#include <algorithm>
#include <cctype>
#include <cstring>

#include "base/text.h"
#include "calendar/date_formats.h"
#include "calendar/date_text.h"
#include "retention/dates.h"
#include "retention/error.h"

namespace retention {

using calendar::AppendPadded;
using calendar::Cursor;
using calendar::DateText;
using calendar::kMonthNames;
using calendar::ReadMonthName;
using calendar::ReadOffset;

namespace {

constexpr const char* kIsoExpected = "expected a date like 2024-03-05 or 2024-03-05T14:02:11Z";

// Says which part is wrong: a row's fix is to correct that part.
std::string NotARealDate(int year, int month, int day) {
  const std::string text = DateText(year, month, day) + " is not a real date: ";
  if (month < 1 || month > 12) return text + "there is no month " + std::to_string(month);
  if (day < 1) return text + "days start at 1";
  std::string name(kMonthNames[month - 1]);
  name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return text + name + " " + std::to_string(year) + " has " +
         std::to_string(DaysInMonth(year, month)) + " days";
}

// A local time from its fields; the offset, if any, moves it to UTC first.
struct Fields {
  int year = 0;
  int month = 0;
  int day = 0;
  int day_of_year = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  bool has_offset = false;
  int64_t offset = 0;
};

}  // namespace

namespace {

// What a --date-format directive reads or checks (calendar::kDirectives).
bool IsKnownDirective(char d) { return calendar::FindDirective(d) != nullptr; }

// The format applied to 2024-12-31 14:30:00, shown in error messages.
std::string ExampleOf(std::string_view format) { return calendar::SpellFormat(format, true); }

// The two shapes most exports use, "2024-03-05" and "2024-03-05 14:02:11"
// (or with 'T'), read without the general cursor: this runs once per row.
// False for anything else, which the general reader then handles.
bool TwoDigits(std::string_view t, size_t i, int* out) {
  unsigned a = static_cast<unsigned char>(t[i]) - unsigned{'0'};
  unsigned b = static_cast<unsigned char>(t[i + 1]) - unsigned{'0'};
  *out = static_cast<int>(a * 10 + b);
  return a <= 9 && b <= 9;
}

// The day of such a text: its first 10 characters.
// "YYYY-MM-DD" at the start of `t` (a time may follow).
bool ReadIsoDayAtStart(std::string_view t, Fields* f) {
  if (t.size() < 10 || t[4] != '-' || t[7] != '-') return false;
  int century = 0, year = 0;
  if (!TwoDigits(t, 0, &century) || !TwoDigits(t, 2, &year) || !TwoDigits(t, 5, &f->month) ||
      !TwoDigits(t, 8, &f->day)) {
    return false;
  }
  f->year = century * 100 + year;
  return true;
}

bool ReadCommonIsoDay(std::string_view t, Fields* f) {
  return (t.size() == 10 || t.size() == 19) && ReadIsoDayAtStart(t, f);
}

// Its time of day (none in a 10-character text).
bool ReadCommonIsoClock(std::string_view t, Fields* f) {
  if (t.size() == 10) return true;
  return t.size() == 19 && (t[10] == ' ' || t[10] == 'T' || t[10] == 't') && t[13] == ':' &&
         t[16] == ':' && TwoDigits(t, 11, &f->hour) && TwoDigits(t, 14, &f->minute) &&
         TwoDigits(t, 17, &f->second);
}

// "...THH:MM:SSZ" and "...THH:MM:SS+02:00": the common shapes with an
// offset, read as ReadOffset reads them (a shape it would refuse is false).
bool ReadCommonIsoClockAndOffset(std::string_view t, Fields* f) {
  if ((t.size() != 20 && t.size() != 25) || !ReadCommonIsoClock(t.substr(0, 19), f)) return false;
  if (t.size() == 20) {
    if (t[19] != 'Z' && t[19] != 'z') return false;
    f->offset = 0;
  } else {
    int hours = 0, minutes = 0;
    if ((t[19] != '+' && t[19] != '-') || t[22] != ':' || !TwoDigits(t, 20, &hours) ||
        !TwoDigits(t, 23, &minutes) || hours > 23 || minutes > 59) {
      return false;
    }
    f->offset = (t[19] == '-' ? -1 : 1) * (int64_t{hours} * 3600 + int64_t{minutes} * 60);
  }
  f->has_offset = true;
  return true;
}

bool ReadCommonIso(std::string_view t, Fields* f) {
  return ReadCommonIsoDay(t, f) && ReadCommonIsoClock(t, f);
}

// The reporting time of a wall clock `local` read with or without an
// offset: without one it is in the reporting zone already, unless the
// column says its times are UTC. A date alone stays that day: its
// midnight is no instant to convert.
Time InZone(Time local, bool has_time, bool has_offset, int64_t offset, const TimeZone& zone,
            DateParser::NaiveTimes naive) {
  if (!has_offset && (naive == DateParser::NaiveTimes::kInZone || !has_time)) return local;
  return zone.FromUtc(local - (has_offset ? offset : 0));
}

// Builds the local time once the fields are known and valid.
Time LocalTime(const Fields& f, bool has_time, const TimeZone& zone, DateParser::NaiveTimes naive) {
  Time local = DaysFromCivil(CivilDate{f.year, f.month, f.day}) * kSecondsPerDay +
               int64_t{f.hour} * 3600 + int64_t{f.minute} * 60 + f.second;
  return InZone(local, has_time, f.has_offset, f.offset, zone, naive);
}

// "HH:MM" or "HH:MM:SS" with an optional fraction; the shape of the time
// part of an ISO date-time. With `short_hour`, "9:05" too.
bool ReadIsoTime(Cursor* c, Fields* f, bool short_hour = false) {
  if (!(short_hour ? c->Between(2, &f->hour) : c->Fixed(2, &f->hour)) || !c->Take(':') ||
      !c->Fixed(2, &f->minute)) {
    return false;
  }
  if (c->Take(':')) {
    if (!c->Fixed(2, &f->second)) return false;
    if (c->Peek() == '.' || c->Peek() == ',') {
      ++c->p;
      // Sub-second precision is dropped: Time counts whole seconds.
      if (c->CountDigits() == 0) return false;
      while (IsDigit(c->Peek())) ++c->p;
    }
  }
  return true;
}

// "AM" or "PM" at the cursor, any case; with `dotted` also "a.m." and, as
// Spanish writes it, "a. m." (a space or a no-break space after the
// first dot). `*pm` says which. The cursor moves only when it reads one.
bool ReadAmPm(Cursor* c, bool dotted, bool* pm) {
  const char a = ToLower(c->Peek());
  if (a != 'a' && a != 'p') return false;
  const char* q = c->p + 1;
  const bool dot = dotted && q < c->end && *q == '.';
  if (dot) {
    ++q;
    if (q < c->end && *q == ' ') {
      ++q;
    } else if (c->end - q >= 2 && q[0] == '\xC2' && q[1] == '\xA0') {
      q += 2;
    }
  }
  if (q == c->end || ToLower(*q) != 'm') return false;
  ++q;
  if (dot && q < c->end && *q == '.') ++q;
  *pm = a == 'p';
  c->p = q;
  return true;
}

// What an offset past +-24 hours gets, in the ISO path and a format's.
std::string OffsetOutOfRange(std::string_view text) {
  return "the UTC offset in \"" + InputExcerpt(text) +
         "\" is out of range; expected Z, +02:00, +0200 or +02";
}

// A time of day after a date, to the end of the text: its separator ('T',
// 't' or a space), the time as ISO 8601 writes it (the hour unpadded too,
// as spreadsheets write 2024/3/5 9:05), then an offset or not. With
// `after_pattern` (a --date-format ending at the date: "2/14/2024 13:05"
// for '%m/%d/%Y', as spreadsheets write midnight as the date alone and
// other times in full, in one column) also spaces after the separator
// and AM/PM. kBadOffset: an offset past +-24 hours. `*c` moves only when
// kRead.
enum class TimeTail { kRead, kNotATime, kBadOffset };
TimeTail ReadTimeTail(Cursor* c, Fields* f, bool after_pattern) {
  Cursor t = *c;
  if (!(t.Take('T') || t.Take('t') || t.Take(' '))) return TimeTail::kNotATime;
  if (after_pattern) {
    while (IsSpace(t.Peek())) ++t.p;
  }
  if (!ReadIsoTime(&t, f, true)) return TimeTail::kNotATime;
  while (IsSpace(t.Peek())) ++t.p;
  bool pm = false;
  if (after_pattern && ReadAmPm(&t, false, &pm)) {
    if (f->hour < 1 || f->hour > 12) return TimeTail::kNotATime;
    f->hour = f->hour % 12 + (pm ? 12 : 0);
    while (IsSpace(t.Peek())) ++t.p;
  }
  if (!t.AtEnd()) {
    bool valid = true;
    f->has_offset = ReadOffset(&t, &f->offset, &valid);
    if (f->has_offset && !valid) return TimeTail::kBadOffset;
  }
  if (!t.AtEnd()) return TimeTail::kNotATime;
  *c = t;
  return TimeTail::kRead;
}

// Whether the format from `i` on reads only a time of day (and an
// offset): a date that ends where it starts is that day's midnight.
bool OnlyTimeFrom(std::string_view format, size_t i) {
  bool time = false;
  for (; i < format.size(); ++i) {
    const char ch = format[i];
    if (ch == '%' && i + 1 < format.size()) {
      const char d = format[++i];
      if (std::string_view("HIMSfpzZT").find(d) == std::string_view::npos) return false;
      time |= d == 'H' || d == 'I' || d == 'T';
    } else if (ch != ' ' && ch != 'T' && ch != ':' && ch != '.') {
      return false;
    }
  }
  return time;
}

// For a day-first or month-first layout such as "03/05/2024", the
// --date-format that reads it. Empty when the text has another shape.
std::string SuggestFormat(std::string_view text) {
  // A month named in another language ("31 mars 2024", "31. März 2024"):
  // no format reads it, so say what does.
  bool word = false, english = false;
  for (size_t i = 0; i < text.size();) {
    size_t j = i;
    while (j < text.size() && (std::isalpha(static_cast<unsigned char>(text[j])) ||
                               static_cast<unsigned char>(text[j]) >= 0x80)) {
      ++j;
    }
    if (j - i >= 3) {
      word = true;
      std::string lower(text.substr(i, j - i));
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      // "Mar", "Sept", "March"; not "mars".
      for (std::string_view month : kMonthNames) english |= month.substr(0, lower.size()) == lower;
    }
    i = j == i ? i + 1 : j;
  }
  // ... between a day and a year, the only numbers: not "yesterday", nor
  // the zone of "2024-03-05 14:02 CET".
  int numbers = 0;
  for (size_t k = 0; k < text.size(); ++k) {
    numbers += IsDigit(text[k]) && (k == 0 || !IsDigit(text[k - 1]));
  }
  if (word && !english && (numbers == 1 || numbers == 2)) {
    return "; month names are read in English only (Mar, March): write the months as numbers "
           "(31.03.2024) or in English";
  }
  Cursor c{text.data(), text.data() + text.size()};
  int first = 0;
  int second = 0;
  int year = 0;
  if (!c.Between(2, &first)) return "";
  const bool two_digits_first = c.p - text.data() == 2;
  char sep = c.Peek();
  if (sep != '/' && sep != '-' && sep != '.') return "";
  ++c.p;
  if (!c.Between(2, &second) || !c.Take(sep)) return "";
  // A two-digit year is read only when asked for (%y): the guess would
  // have to pick the century.
  const int year_digits = static_cast<int>(c.CountDigits());
  if ((year_digits != 4 && year_digits != 2) || !c.Fixed(year_digits, &year)) return "";
  const std::string y = year_digits == 4 ? "%Y" : "%y";
  std::string time;
  if (c.Take(' ') || c.Take('T')) {
    char joiner = c.p[-1];
    Fields f;
    if (!ReadIsoTime(&c, &f)) return "";
    time = std::string(1, joiner) +
           (std::count(text.begin(), text.end(), ':') >= 2 ? "%H:%M:%S" : "%H:%M");
  }
  if (!c.AtEnd()) return "";
  std::string s(1, sep);
  std::string month_first = "%m" + s + "%d" + s + y + time;
  std::string day_first = "%d" + s + "%m" + s + y + time;
  // A day that no month of the year has (31.02.2024) reads neither way:
  // a format would not help.
  // %y reads 69 to 99 as 19xx, the others as 20xx.
  auto century = [](int yy) { return yy >= 69 ? 1900 + yy : 2000 + yy; };
  const int full_year = year_digits == 4 ? year : century(year);
  const bool day_first_real = IsValidDate(full_year, second, first);
  const bool month_first_real = IsValidDate(full_year, first, second);
  // "24/03/05" is also 2024-03-05, as Japan, Korea and China write dates
  // with a two-digit year (with dots, Europe's day first stands).
  const bool year_first_real = year_digits == 2 && two_digits_first && sep != '.' &&
                               IsValidDate(century(first), second, year);
  const std::string year_first = "'%y" + s + "%m" + s + "%d" + time + "' with the year first (24" +
                                 s + "03" + s +
                                 "05 for 2024-03-05, as Japan, Korea and China write)";
  if (!day_first_real && !month_first_real) {
    if (year_first_real) return "; use --date-format " + year_first + " for this layout";
    return "; " + std::string(kNoRealDay);
  }
  // When one reading is no day the layout is not ambiguous; dots are
  // Europe's, day first.
  std::string formats = !day_first_real ? "'" + month_first + "'"
                        : (!month_first_real || sep == '.')
                            ? "'" + day_first + "'"
                            : "'" + month_first + "' (or '" + day_first + "')";
  if (year_first_real) formats += ", or " + year_first + ",";
  return "; use --date-format " + formats + " for this layout";
}

std::string TimeText(const Fields& f) {
  std::string out;
  AppendPadded(f.hour, 2, &out);
  out.push_back(':');
  AppendPadded(f.minute, 2, &out);
  out.push_back(':');
  AppendPadded(f.second, 2, &out);
  return out;
}

}  // namespace

DateParser::DateParser(std::string format, TimeZone zone, NaiveTimes naive, Match match)
    : format_(std::move(format)),
      zone_(std::move(zone)),
      naive_(naive),
      whole_(match == Match::kWhole) {
  if (format_.empty()) return;
  bool year = false, month = false, day = false, day_of_year = false;
  bool hour12 = false, am_pm = false;
  std::string text;  // the format outside its directives
  for (size_t i = 0; i < format_.size(); ++i) {
    if (format_[i] != '%') {
      text.push_back(format_[i]);
      continue;
    }
    text.push_back('%');  // where a directive was: no word spans it
    if (i + 1 == format_.size()) {
      throw UsageError("the date format '" + format_ +
                       "' ends with a lone %; write %% for a literal percent sign");
    }
    char d = format_[++i];
    if (d == 's') {
      // An instant, with no calendar fields to combine with.
      if (format_ != "%s") {
        throw UsageError("the date format '" + format_ +
                         "' has %s with more; %s stands alone (seconds since "
                         "1970-01-01 UTC, fractions read and dropped)");
      }
      unix_seconds_ = true;
      return;
    }
    if (!IsKnownDirective(d)) {
      throw UsageError(
          "the date format '" + format_ + "' has an unknown directive %" + std::string(1, d) +
          "; use %Y %y %m %d %e %H %I %p %M %S %f %z %Z %b %B %j %T %F %s (alone) or %%");
    }
    year |= d == 'Y' || d == 'y' || d == 'F';
    month |= d == 'm' || d == 'b' || d == 'B' || d == 'F';
    day |= d == 'd' || d == 'e' || d == 'F';
    day_of_year |= d == 'j';
    hour12 |= d == 'I';
    format_has_time_ |= d == 'H' || d == 'I' || d == 'T';
    am_pm |= d == 'p';
  }
  // Matched as text, a zone would be dropped: the times read as local ones.
  for (const char* zone : {"UTC", "GMT", "Z"}) {
    if (text.find(zone) != std::string::npos) {
      throw UsageError("the date format '" + format_ + "' has " + zone +
                       " as text, which would be skipped and the times read in the reporting "
                       "time zone; write %Z for it (it reads UTC, GMT, Z and offsets)");
    }
  }
  if (!year || !((month && day) || day_of_year)) {
    throw UsageError("the date format '" + format_ +
                     "' must name the year, month and day (for example %Y-%m-%d or "
                     "%d.%m.%Y), or the year and day of year (%Y-%j)");
  }
  if (hour12 != am_pm) {
    throw UsageError("the date format '" + format_ +
                     "' must use %I (12-hour clock) together with %p (AM/PM); use %H for a "
                     "24-hour clock");
  }
  // Where a time's separator starts what is left of the format, as
  // ParseFormatted steps over it (a directive's letter is no position).
  date_alone_at_.assign(format_.size(), false);
  if (!format_has_time_ || whole_) return;
  for (size_t i = 0; i < format_.size(); ++i) {
    if (format_[i] == '%') {
      ++i;
    } else if (format_[i] == ' ' || format_[i] == 'T') {
      date_alone_at_[i] = OnlyTimeFrom(format_, i);
    }
  }
}

std::optional<Time> DateParser::Parse(std::string_view text, std::string* error) const {
  Time time = 0;
  if (!Parse(text, &time, error)) return std::nullopt;
  return time;
}

bool DateParser::Parse(std::string_view text, Time* time, std::string* error) const {
  text = TrimSpaces(text);
  if (format_.empty()) {
    // Most rows of most files: a plain, valid date or date and time.
    Fields quick;
    if (ReadCommonIso(text, &quick) && IsValidDate(quick.year, quick.month, quick.day) &&
        quick.hour <= 23 && quick.minute <= 59 && quick.second <= 59) {
      *time = LocalTime(quick, text.size() > 10, zone_, naive_);
      return true;
    }
  }
  auto parsed = format_.empty() ? ParseIso(text, error) : ParseFormatted(text, error);
  if (parsed) *time = *parsed;
  return parsed.has_value();
}

bool DateParser::Parse(std::string_view text, Time* time, std::string* error,
                       DayCache* cache) const {
  text = TrimSpaces(text);
  if (format_.empty()) {
    Fields f;
    const bool same_day = cache->valid && text.size() >= 10 &&
                          std::memcmp(text.data(), cache->day, sizeof(cache->day)) == 0;
    if (same_day || (ReadIsoDayAtStart(text, &f) && IsValidDate(f.year, f.month, f.day))) {
      if (!same_day) {
        cache->midnight = DaysFromCivil(CivilDate{f.year, f.month, f.day}) * kSecondsPerDay;
        std::memcpy(cache->day, text.data(), sizeof(cache->day));
        cache->valid = true;
      }
      // What ParseIso accepts after the day, read as it reads it: a time
      // of day, then an offset. Anything else goes the general way, which
      // says what is wrong.
      bool ok = text.size() == 10 || ReadCommonIsoClock(text, &f) ||
                ReadCommonIsoClockAndOffset(text, &f);
      if (!ok && (text[10] == 'T' || text[10] == 't' || text[10] == ' ')) {
        Cursor c{text.data() + 11, text.data() + text.size()};
        ok = ReadIsoTime(&c, &f);
        while (ok && IsSpace(c.Peek())) ++c.p;
        bool valid = true;
        f.has_offset = ok && !c.AtEnd() && ReadOffset(&c, &f.offset, &valid);
        ok = ok && valid && c.AtEnd();
      }
      if (ok && f.hour <= 23 && f.minute <= 59 && f.second <= 59) {
        // Midnight plus the time of day, then as LocalTime places it.
        const Time local =
            cache->midnight + int64_t{f.hour} * 3600 + int64_t{f.minute} * 60 + f.second;
        *time = InZone(local, text.size() > 10, f.has_offset, f.offset, zone_, naive_);
        return true;
      }
    }
  }
  return Parse(text, time, error);
}

std::optional<Time> DateParser::ParseIso(std::string_view text, std::string* error) const {
  auto fail = [&](std::string message) -> std::optional<Time> {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  };
  if (text.empty()) return fail(std::string("the date is empty; ") + kIsoExpected);

  Cursor c{text.data(), text.data() + text.size()};
  Fields f;
  bool date_ok = false;
  if (c.CountDigits() == 8) {
    // Basic format "20240305".
    date_ok = c.Fixed(4, &f.year) && c.Fixed(2, &f.month) && c.Fixed(2, &f.day);
  } else if (c.CountDigits() == 4) {
    c.Fixed(4, &f.year);
    char sep = c.Peek();
    // The year first, the month and day unpadded too: 2024/3/5 is what
    // Excel in Japan, China and Korea writes, and reads one way only.
    date_ok = (sep == '-' || sep == '/') && c.Take(sep) && c.Between(2, &f.month) && c.Take(sep) &&
              c.Between(2, &f.day);
  }
  if (date_ok && !c.AtEnd()) {
    // A time needs its separator; an offset needs a time.
    const TimeTail tail = ReadTimeTail(&c, &f, false);
    if (tail == TimeTail::kBadOffset) return fail(OffsetOutOfRange(text));
    date_ok = tail == TimeTail::kRead;
  }
  if (!date_ok) return fail(kIsoExpected + SuggestFormat(text));
  if (!IsValidDate(f.year, f.month, f.day)) return fail(NotARealDate(f.year, f.month, f.day));
  if (f.hour > 23 || f.minute > 59 || f.second > 59) {
    return fail(TimeText(f) + " is not a real time of day");
  }
  return LocalTime(f, text.size() > 10, zone_, naive_);
}

std::optional<Time> DateParser::ParseFormatted(std::string_view text, std::string* error) const {
  auto expected = [&]() -> std::optional<Time> {
    if (error != nullptr) {
      *error = "expected a date in the format '" + format_ + "', like " + ExampleOf(format_);
    }
    return std::nullopt;
  };
  auto fail = [&](std::string message) -> std::optional<Time> {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  };

  Cursor c{text.data(), text.data() + text.size()};
  if (unix_seconds_) {
    // Seconds since 1970-01-01 UTC (Stripe's API, database dumps): an
    // instant, moved into the reporting zone as one with an offset is.
    int64_t seconds = 0;
    int digits = 0;
    // At most 13 digits: seconds need 11 up to the year 5138, past any
    // date of an order, so 12 and 13 are milliseconds (JavaScript's
    // Date.now(), many APIs' exports): 2001 to 2286.
    while (IsDigit(c.Peek()) && digits < 13) {
      seconds = seconds * 10 + (*c.p++ - '0');
      ++digits;
    }
    if (digits >= 12) seconds /= 1000;
    bool fraction_ok = true;
    if (digits > 0 && c.Take('.')) {
      fraction_ok = c.CountDigits() > 0;
      while (IsDigit(c.Peek())) ++c.p;
    }
    // At least 9 digits (1973 on): "20240301" in a column of Unix seconds
    // is a date written another way, not a day of 1970.
    if (digits < 9 || !fraction_ok || !c.AtEnd()) {
      return fail(
          "expected seconds since 1970-01-01 UTC, 9 to 11 digits, or milliseconds, 12 or 13 "
          "(--date-format '%s'), like 1735655400 or 1735655400000");
    }
    return zone_.FromUtc(seconds);
  }
  Fields f;
  int hour12 = 0;
  bool pm = false;
  bool have_month_day = false;
  bool have_day_of_year = false;
  bool have_hour12 = false;
  const std::string& fmt = format_;
  bool date_alone = false;  // the text ends where the format's time starts
  for (size_t i = 0; i < fmt.size(); ++i) {
    char ch = fmt[i];
    // Only where the text ends before the time's separator: "2024-03-05T"
    // is no date alone.
    if (c.AtEnd() && date_alone_at_[i]) {
      date_alone = true;
      break;
    }
    if (ch != '%') {
      if (IsSpace(ch)) {
        // Whitespace in the format matches any run of it ("Mar  5").
        if (!IsSpace(c.Peek())) return expected();
        while (IsSpace(c.Peek())) ++c.p;
      } else if (!c.Take(ch)) {
        return expected();
      }
      continue;
    }
    // The constructor guarantees a known directive follows.
    bool ok = true;
    switch (fmt[++i]) {
      case 'Y':
        ok = c.Between(4, &f.year);
        break;
      case 'y': {
        int yy = 0;
        ok = c.Between(2, &yy);
        // POSIX: 69-99 are 1969-1999, 00-68 are 2000-2068.
        f.year = yy >= 69 ? 1900 + yy : 2000 + yy;
        break;
      }
      case 'm':
        ok = c.Between(2, &f.month);
        have_month_day = true;
        break;
      case 'e':
        c.Take(' ');
        ok = c.Between(2, &f.day);
        have_month_day = true;
        break;
      case 'd':
        ok = c.Between(2, &f.day);
        have_month_day = true;
        break;
      case 'H':
        ok = c.Between(2, &f.hour);
        break;
      case 'I':
        ok = c.Between(2, &hour12) && hour12 >= 1 && hour12 <= 12;
        have_hour12 = true;
        break;
      case 'p':
        ok = ReadAmPm(&c, true, &pm);
        break;
      case 'M':
        ok = c.Between(2, &f.minute);
        break;
      case 'S':
        ok = c.Between(2, &f.second);
        break;
      case 'f':
        // Fractions of a second are read and dropped.
        ok = c.CountDigits() > 0;
        while (IsDigit(c.Peek())) ++c.p;
        break;
      case 'z':
      case 'Z': {  // both read Z, UTC, GMT and +02:00
        bool valid = true;
        ok = ReadOffset(&c, &f.offset, &valid);
        if (ok && !valid) {
          return fail(OffsetOutOfRange(text));
        }
        f.has_offset = ok;
        break;
      }
      case 'b':
      case 'B':
        ok = ReadMonthName(&c, &f.month, calendar::MonthNameMatch::kPrefix);
        have_month_day = true;
        break;
      case 'j':
        ok = c.Between(3, &f.day_of_year);
        have_day_of_year = true;
        break;
      case 'T':
        ok = c.Between(2, &f.hour) && c.Take(':') && c.Between(2, &f.minute) && c.Take(':') &&
             c.Between(2, &f.second);
        break;
      case 'F':
        ok = c.Between(4, &f.year) && c.Take('-') && c.Between(2, &f.month) && c.Take('-') &&
             c.Between(2, &f.day);
        have_month_day = true;
        break;
      case '%':
        ok = c.Take('%');
        break;
    }
    if (!ok) return expected();
  }
  bool has_time = format_has_time_ && !date_alone;
  if (!c.AtEnd()) {
    if (format_has_time_ || whole_) return expected();
    const TimeTail tail = ReadTimeTail(&c, &f, true);
    if (tail == TimeTail::kBadOffset) return fail(OffsetOutOfRange(text));
    if (tail == TimeTail::kNotATime) return expected();
    has_time = true;
  }

  if (have_hour12 && !date_alone) f.hour = hour12 % 12 + (pm ? 12 : 0);
  if (!have_month_day && have_day_of_year) {
    int length = DaysInMonth(f.year, 2) == 29 ? 366 : 365;
    if (f.day_of_year < 1 || f.day_of_year > length) {
      return fail("day " + std::to_string(f.day_of_year) + " of " + std::to_string(f.year) +
                  " is not a real date");
    }
    CivilDate date = AddDays(CivilDate{f.year, 1, 1}, f.day_of_year - 1);
    f.month = date.month;
    f.day = date.day;
  }
  if (!IsValidDate(f.year, f.month, f.day)) return fail(NotARealDate(f.year, f.month, f.day));
  if (f.hour > 23 || f.minute > 59 || f.second > 59) {
    return fail(TimeText(f) + " is not a real time of day");
  }
  return LocalTime(f, has_time, zone_, naive_);
}

}  // namespace retention
