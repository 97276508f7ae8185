// Calendar arithmetic, the reporting time zone and the date column parser.
// The ISO parser runs once per input row: it is a byte loop that allocates
// only when it has to explain an error.
#include "retention/dates.h"

// The Debian build of the date library reads the system tz database; the
// time_zone layout depends on this, so match it even without CMake's flags.
#ifndef USE_OS_TZDB
#define USE_OS_TZDB 1
#endif
#ifndef HAS_STRING_VIEW
#define HAS_STRING_VIEW 1
#endif
#ifndef ONLY_C_LOCALE
#define ONLY_C_LOCALE 1
#endif
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <exception>

#include "retention/error.h"

namespace retention {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

void AppendPadded(int64_t v, int width, std::string* out) {
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

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLower(a[i]) != ToLower(b[i])) return false;
  }
  return true;
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
bool ReadOffset(Cursor* c, int64_t* offset, bool* valid) {
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
std::optional<int64_t> ParseOffsetText(std::string_view text) {
  if (text.empty() || (text.front() != '+' && text.front() != '-')) return std::nullopt;
  Cursor c{text.data(), text.data() + text.size()};
  int64_t offset = 0;
  bool valid = false;
  if (!ReadOffset(&c, &offset, &valid) || !c.AtEnd() || !valid) return std::nullopt;
  return offset;
}

std::string DateText(int year, int month, int day) {
  std::string out;
  AppendPadded(year, 4, &out);
  out.push_back('-');
  AppendPadded(month, 2, &out);
  out.push_back('-');
  AppendPadded(day, 2, &out);
  return out;
}

std::string NotARealDate(int year, int month, int day) {
  return DateText(year, month, day) + " is not a real date";
}

constexpr const char* kIsoExpected = "expected a date like 2024-03-05 or 2024-03-05T14:02:11Z";

constexpr std::string_view kMonthNames[] = {"january",   "february", "march",    "april",
                                            "may",       "june",     "july",     "august",
                                            "september", "october",  "november", "december"};

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

int64_t DaysFromCivil(CivilDate date) {
  // Howard Hinnant's days_from_civil: count from 0000-03-01 in 400-year eras
  // so the leap day falls at the end of each counted year.
  int64_t y = int64_t{date.year} - (date.month <= 2 ? 1 : 0);
  int64_t m = date.month;
  int64_t d = date.day;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;                                    // [0, 399]
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;                                       // [0, 146096]
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
  int64_t mp = (5 * doy + 2) / 153;                       // [0, 11]
  int64_t d = doy - (153 * mp + 2) / 5 + 1;               // [1, 31]
  int64_t m = mp < 10 ? mp + 3 : mp - 9;                  // [1, 12]
  CivilDate out;
  out.year = static_cast<int>(y + (m <= 2 ? 1 : 0));
  out.month = static_cast<int>(m);
  out.day = static_cast<int>(d);
  return out;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

bool IsValidDate(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

CivilDate DateFromTime(Time t) { return CivilFromDays(FloorDiv(t, kSecondsPerDay)); }

CivilDate AddDays(CivilDate date, int64_t days) {
  return CivilFromDays(DaysFromCivil(date) + days);
}

CivilDate AddMonths(CivilDate date, int64_t months) {
  int64_t total = int64_t{date.year} * 12 + (date.month - 1) + months;
  CivilDate out;
  out.year = static_cast<int>(FloorDiv(total, 12));
  out.month = static_cast<int>(total - int64_t{out.year} * 12) + 1;
  int last = DaysInMonth(out.year, out.month);
  out.day = date.day > last ? last : date.day;
  return out;
}

int IsoWeekday(CivilDate date) {
  // 1970-01-01 was a Thursday (4).
  int64_t days = DaysFromCivil(date);
  return static_cast<int>(((days + 3) % 7 + 7) % 7) + 1;
}

std::string FormatDate(CivilDate date) { return DateText(date.year, date.month, date.day); }

std::string FormatTime(Time t) {
  int64_t days = FloorDiv(t, kSecondsPerDay);
  int64_t seconds = t - days * kSecondsPerDay;
  std::string out = FormatDate(CivilFromDays(days));
  out.push_back('T');
  AppendPadded(seconds / 3600, 2, &out);
  out.push_back(':');
  AppendPadded(seconds / 60 % 60, 2, &out);
  out.push_back(':');
  AppendPadded(seconds % 60, 2, &out);
  return out;
}

std::optional<CivilDate> ParseIsoDate(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  Cursor c{text.data(), text.data() + text.size()};
  CivilDate date;
  if (!c.Fixed(4, &date.year) || !c.Take('-') || !c.Fixed(2, &date.month) || !c.Take('-') ||
      !c.Fixed(2, &date.day)) {
    return std::nullopt;
  }
  if (!IsValidDate(date.year, date.month, date.day)) return std::nullopt;
  return date;
}

// ---------------------------------------------------------------------------
// TimeZone

TimeZone TimeZone::Parse(std::string_view name) {
  TimeZone zone;
  zone.name_ = std::string(name);
  if (EqualsIgnoreCase(name, "UTC") || EqualsIgnoreCase(name, "Z") ||
      EqualsIgnoreCase(name, "GMT")) {
    return zone;
  }
  if (auto offset = ParseOffsetText(name)) {
    zone.fixed_offset_ = *offset;
    return zone;
  }
  auto unknown = [&] {
    return UsageError("unknown time zone \"" + std::string(name) +
                      "\"; use UTC, an offset like +02:00, or a name like Europe/Berlin");
  };
  // Only names shaped like tz database entries reach the library, so odd
  // text ("../x", "") never becomes a file lookup.
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) {
    throw unknown();
  }
  for (char ch : name) {
    bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || IsDigit(ch) || ch == '/' ||
              ch == '_' || ch == '-' || ch == '+';
    if (!ok) throw unknown();
  }
  try {
    zone.zone_ = date::locate_zone(std::string(name));
  } catch (const std::exception&) {
    throw unknown();
  }
  if (zone.zone_ == nullptr) throw unknown();
  return zone;
}

TimeZone TimeZone::System() {
  try {
    const date::time_zone* zone = date::current_zone();
    if (zone != nullptr) {
      TimeZone out;
      out.name_ = zone->name();
      out.zone_ = zone;
      return out;
    }
  } catch (const std::exception&) {
  }
  // No /etc/localtime: the C library takes the time as UTC then too.
  return TimeZone();
}

Time TimeZone::FromUtc(int64_t utc_seconds) const {
  if (zone_ == nullptr) return utc_seconds + fixed_offset_;
  auto info = zone_->get_info(date::sys_seconds{std::chrono::seconds{utc_seconds}});
  return utc_seconds + std::chrono::duration_cast<std::chrono::seconds>(info.offset).count();
}

// ---------------------------------------------------------------------------
// DateParser

namespace {

// What a --date-format directive reads or checks. Shared by validation,
// parsing and the example text so they cannot disagree.
bool IsKnownDirective(char d) {
  switch (d) {
    case 'Y':
    case 'y':
    case 'm':
    case 'd':
    case 'e':
    case 'H':
    case 'I':
    case 'p':
    case 'M':
    case 'S':
    case 'f':
    case 'z':
    case 'b':
    case 'B':
    case 'j':
    case 'T':
    case 'F':
    case '%':
      return true;
    default:
      return false;
  }
}

// The format applied to 2024-12-31 14:30:00, shown in error messages.
std::string ExampleOf(std::string_view format) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      out.push_back(format[i]);
      continue;
    }
    switch (format[++i]) {
      case 'Y':
        out += "2024";
        break;
      case 'y':
        out += "24";
        break;
      case 'm':
        out += "12";
        break;
      case 'd':
      case 'e':
        out += "31";
        break;
      case 'H':
        out += "14";
        break;
      case 'I':
        out += "02";
        break;
      case 'p':
        out += "PM";
        break;
      case 'M':
        out += "30";
        break;
      case 'S':
        out += "00";
        break;
      case 'f':
        out += "000";
        break;
      case 'z':
        out += "+00:00";
        break;
      case 'b':
        out += "Dec";
        break;
      case 'B':
        out += "December";
        break;
      case 'j':
        out += "366";
        break;
      case 'T':
        out += "14:30:00";
        break;
      case 'F':
        out += "2024-12-31";
        break;
      case '%':
        out += "%";
        break;
      default:
        out.push_back('%');
        out.push_back(format[i]);
    }
  }
  return out;
}

// Reads an English month name, full or abbreviated, any case.
bool ReadMonthName(Cursor* c, int* month) {
  size_t available = static_cast<size_t>(c->end - c->p);
  for (int i = 0; i < 12; ++i) {
    std::string_view name = kMonthNames[i];
    if (available >= name.size() && EqualsIgnoreCase(std::string_view(c->p, name.size()), name)) {
      c->p += name.size();
      *month = i + 1;
      return true;
    }
  }
  for (int i = 0; i < 12; ++i) {
    std::string_view name = kMonthNames[i].substr(0, 3);
    if (available >= 3 && EqualsIgnoreCase(std::string_view(c->p, 3), name)) {
      c->p += 3;
      *month = i + 1;
      return true;
    }
  }
  return false;
}

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
bool ReadCommonIsoDay(std::string_view t, Fields* f) {
  if ((t.size() != 10 && t.size() != 19) || t[4] != '-' || t[7] != '-') return false;
  int century = 0, year = 0;
  if (!TwoDigits(t, 0, &century) || !TwoDigits(t, 2, &year) || !TwoDigits(t, 5, &f->month) ||
      !TwoDigits(t, 8, &f->day)) {
    return false;
  }
  f->year = century * 100 + year;
  return true;
}

// Its time of day (none in a 10-character text).
bool ReadCommonIsoClock(std::string_view t, Fields* f) {
  if (t.size() == 10) return true;
  return t.size() == 19 && (t[10] == ' ' || t[10] == 'T' || t[10] == 't') && t[13] == ':' &&
         t[16] == ':' && TwoDigits(t, 11, &f->hour) && TwoDigits(t, 14, &f->minute) &&
         TwoDigits(t, 17, &f->second);
}

bool ReadCommonIso(std::string_view t, Fields* f) {
  return ReadCommonIsoDay(t, f) && ReadCommonIsoClock(t, f);
}

// Builds the local time once the fields are known and valid.
Time LocalTime(const Fields& f, const TimeZone& zone) {
  Time local = DaysFromCivil(CivilDate{f.year, f.month, f.day}) * kSecondsPerDay +
               int64_t{f.hour} * 3600 + int64_t{f.minute} * 60 + f.second;
  if (!f.has_offset) return local;
  return zone.FromUtc(local - f.offset);
}

// "HH:MM" or "HH:MM:SS" with an optional fraction; the shape of the time
// part of an ISO date-time.
bool ReadIsoTime(Cursor* c, Fields* f) {
  if (!c->Fixed(2, &f->hour) || !c->Take(':') || !c->Fixed(2, &f->minute)) return false;
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

// For a day-first or month-first layout such as "03/05/2024", the
// --date-format that reads it. Empty when the text has another shape.
std::string SuggestFormat(std::string_view text) {
  Cursor c{text.data(), text.data() + text.size()};
  int first = 0;
  int second = 0;
  int year = 0;
  if (!c.Between(2, &first)) return "";
  char sep = c.Peek();
  if (sep != '/' && sep != '-' && sep != '.') return "";
  ++c.p;
  if (!c.Between(2, &second) || !c.Take(sep) || c.CountDigits() != 4 || !c.Fixed(4, &year)) {
    return "";
  }
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
  std::string month_first = "%m" + s + "%d" + s + "%Y" + time;
  std::string day_first = "%d" + s + "%m" + s + "%Y" + time;
  // When one number cannot be a month the layout is not ambiguous.
  if (first > 12 || sep == '.') return "; use --date-format '" + day_first + "' for this layout";
  if (second > 12) return "; use --date-format '" + month_first + "' for this layout";
  return "; use --date-format '" + month_first + "' (or '" + day_first + "') for this layout";
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

DateParser::DateParser(std::string format, TimeZone zone)
    : format_(std::move(format)), zone_(std::move(zone)) {
  if (format_.empty()) return;
  bool year = false, month = false, day = false, day_of_year = false;
  bool hour12 = false, am_pm = false;
  for (size_t i = 0; i < format_.size(); ++i) {
    if (format_[i] != '%') continue;
    if (i + 1 == format_.size()) {
      throw UsageError("the date format '" + format_ +
                       "' ends with a lone %; write %% for a literal percent sign");
    }
    char d = format_[++i];
    if (!IsKnownDirective(d)) {
      throw UsageError("the date format '" + format_ + "' has an unknown directive %" +
                       std::string(1, d) +
                       "; use %Y %y %m %d %e %H %I %p %M %S %f %z %b %B %j %T %F or %%");
    }
    year |= d == 'Y' || d == 'y' || d == 'F';
    month |= d == 'm' || d == 'b' || d == 'B' || d == 'F';
    day |= d == 'd' || d == 'e' || d == 'F';
    day_of_year |= d == 'j';
    hour12 |= d == 'I';
    am_pm |= d == 'p';
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
      *time = LocalTime(quick, zone_);
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
    const bool same_day = cache->valid && (text.size() == 10 || text.size() == 19) &&
                          std::memcmp(text.data(), cache->day, sizeof(cache->day)) == 0;
    if ((same_day || (ReadCommonIsoDay(text, &f) && IsValidDate(f.year, f.month, f.day))) &&
        ReadCommonIsoClock(text, &f) && f.hour <= 23 && f.minute <= 59 && f.second <= 59) {
      if (!same_day) {
        // Without an offset the time is read in the reporting zone as it
        // stands (see LocalTime): midnight plus the time of day.
        cache->midnight = DaysFromCivil(CivilDate{f.year, f.month, f.day}) * kSecondsPerDay;
        std::memcpy(cache->day, text.data(), sizeof(cache->day));
        cache->valid = true;
      }
      *time = cache->midnight + int64_t{f.hour} * 3600 + int64_t{f.minute} * 60 + f.second;
      return true;
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
    date_ok = (sep == '-' || sep == '/') && c.Take(sep) && c.Fixed(2, &f.month) && c.Take(sep) &&
              c.Fixed(2, &f.day);
  }
  if (date_ok && !c.AtEnd()) {
    // A time needs its separator; an offset needs a time.
    Cursor time = c;
    bool time_ok = (time.Take('T') || time.Take('t') || time.Take(' ')) && ReadIsoTime(&time, &f);
    if (time_ok) {
      while (IsSpace(time.Peek())) ++time.p;
      bool offset_valid = true;
      if (!time.AtEnd()) {
        f.has_offset = ReadOffset(&time, &f.offset, &offset_valid);
        if (f.has_offset && !offset_valid) {
          return fail("the UTC offset in \"" + InputExcerpt(text) +
                      "\" is out of range; expected Z, +02:00, +0200 or +02");
        }
      }
      time_ok = time.AtEnd();
    }
    date_ok = time_ok;
  }
  if (!date_ok) return fail(kIsoExpected + SuggestFormat(text));
  if (!IsValidDate(f.year, f.month, f.day)) return fail(NotARealDate(f.year, f.month, f.day));
  if (f.hour > 23 || f.minute > 59 || f.second > 59) {
    return fail(TimeText(f) + " is not a real time of day");
  }
  return LocalTime(f, zone_);
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
  Fields f;
  int hour12 = 0;
  bool pm = false;
  bool have_month_day = false;
  bool have_day_of_year = false;
  bool have_hour12 = false;
  const std::string& fmt = format_;
  for (size_t i = 0; i < fmt.size(); ++i) {
    char ch = fmt[i];
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
      case 'p': {
        char a = ToLower(c.Peek());
        ok = (a == 'a' || a == 'p') && c.end - c.p >= 2 && ToLower(c.p[1]) == 'm';
        if (ok) {
          pm = a == 'p';
          c.p += 2;
        }
        break;
      }
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
      case 'z': {
        bool valid = true;
        ok = ReadOffset(&c, &f.offset, &valid);
        if (ok && !valid) {
          return fail("the UTC offset in \"" + InputExcerpt(text) +
                      "\" is out of range; expected Z, +02:00, +0200 or +02");
        }
        f.has_offset = ok;
        break;
      }
      case 'b':
      case 'B':
        ok = ReadMonthName(&c, &f.month);
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
  if (!c.AtEnd()) return expected();

  if (have_hour12) f.hour = hour12 % 12 + (pm ? 12 : 0);
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
  return LocalTime(f, zone_);
}

}  // namespace retention
