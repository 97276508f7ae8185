#include "calendar/date_formats.h"

#include <algorithm>

#include "base/text.h"
#include "calendar/date_text.h"
#include "retention/dates.h"

namespace retention {
namespace {

// Times of day after a date, as exports write them; the first that reads
// a value is its shape. An offset right after the time (a day-first date
// from a shop in São Paulo); hours and minutes parted by a dot, as
// Finland and Denmark write them.
constexpr const char* kTimesOfDay[] = {
    "",          " %H:%M",      " %H:%M:%S",       " %H:%M:%S.%f", "T%H:%M",
    "T%H:%M:%S", " %I:%M %p",   " %I:%M%p",        " %I:%M:%S %p", " %H:%M:%S %z",
    " %H:%M %z", "T%H:%M:%S%z", " %H:%M:%S%z",     " %H:%M%z",     "T%H:%M%z",
    " %H.%M",    " %H.%M.%S",   " %I:%M:%S %p %z", " %I:%M %p %z"};

// Dates with an English month name: one reading each.
constexpr const char* kNamedMonthDates[] = {"%d %b %Y", "%d-%b-%Y", "%b %d, %Y", "%b %d %Y",
                                            "%Y-%b-%d", "%d/%b/%Y", "%d.%b.%Y",  "%b-%d-%Y"};

// Dates with a two-digit year (Oracle's 31-DEC-23, 31.12.23, eBay's
// Mar-05-24), never read without --date-format (which century?):
// suggested in messages only.
constexpr const char* kTwoDigitYearDates[] = {"%d-%b-%y", "%d %b %y", "%b %d, %y", "%b-%d-%y",
                                              "%d.%m.%y", "%d/%m/%y", "%m/%d/%y",  "%d-%m-%y"};

// Whether `format` reads `text` as the shape of all of it: a column's
// parser would read a time after a date-only format too, and a date alone
// with the format's time left out.
bool ReadsExactly(const std::string& format, std::string_view text, Time* time) {
  std::string error;
  return DateParser(format, TimeZone(), DateParser::NaiveTimes::kInZone, DateParser::Match::kWhole)
      .Parse(text, time, &error);
}

// The same, with a four-digit year: %Y also takes one to three digits, so
// "31-Dec-24" would be the year 24, not 2024.
bool Reads(const std::string& format, std::string_view text) {
  Time time = 0;
  return ReadsExactly(format, text, &time) && DateFromTime(time).year >= 1000;
}

// The separator of "D?D<s>D?D<s>YYYY", or 0.
char DayMonthYearSeparator(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && i < 2 && IsDigit(t[i])) ++i;
  if (i == 0 || i == t.size()) return 0;
  char s = t[i];
  if (s != '/' && s != '.' && s != '-') return 0;
  size_t j = ++i;
  while (i < t.size() && i - j < 2 && IsDigit(t[i])) ++i;
  if (i == j || i == t.size() || t[i] != s) return 0;
  size_t k = ++i;
  while (i < t.size() && IsDigit(t[i])) ++i;
  return i - k == 4 ? s : 0;
}

// A day and a month, loosely: no year says how long the month is.
bool DayAndMonth(int day, int month) { return month >= 1 && month <= 12 && day >= 1 && day <= 31; }

bool DayAndMonthEitherWay(int a, int b) { return DayAndMonth(a, b) || DayAndMonth(b, a); }

// How a column writes "no date" (StartsWithDate); a negative year is one
// not known (two digits).
bool IsNoDate(int year, int month, int day) {
  return year >= 0 && (year < 1900 || year == 9999 || (year == 1970 && month == 1 && day == 1));
}

// One or two of ' ', '-', '/' and '.' (with `comma`, a ',' before them
// too): what parts a date with a month's name.
bool SkipDateSeparator(calendar::Cursor* c, bool comma) {
  const char* from = c->p;
  if (comma) c->Take(',');
  while (!c->AtEnd() && std::string_view(" -/.").find(*c->p) != std::string_view::npos) ++c->p;
  return c->p > from && c->p - from <= 2;
}

// A date written with its month's name at the cursor: "01-Jan-1970",
// "1 January 1970", "Jan 1, 1970", "1970-Jan-01"; its year (-1 if of two
// digits), month and day. Past it, the cursor.
bool ReadDateWithMonthName(calendar::Cursor* c, int* year, int* month, int* day) {
  const int first_digits = c->CountDigits();
  if (first_digits == 0) {  // Jan 1, 1970
    if (!calendar::ReadMonthName(c, month, calendar::MonthNameMatch::kWord) ||
        !SkipDateSeparator(c, false)) {
      return false;
    }
    const int day_digits = c->CountDigits();
    if (day_digits == 0 || day_digits > 2 || !c->Fixed(day_digits, day) ||
        !SkipDateSeparator(c, true) || c->CountDigits() != 4 || !c->Fixed(4, year)) {
      return false;
    }
  } else {
    int first = 0;
    if (first_digits > 4 || first_digits == 3 || !c->Fixed(first_digits, &first) ||
        !SkipDateSeparator(c, false) ||
        !calendar::ReadMonthName(c, month, calendar::MonthNameMatch::kWord) ||
        !SkipDateSeparator(c, true)) {
      return false;
    }
    const int last_digits = c->CountDigits();
    int last = 0;
    if (last_digits == 0 || last_digits > 4 || !c->Fixed(last_digits, &last)) return false;
    if (first_digits == 4 && last_digits <= 2) {  // 1970-Jan-01
      *year = first;
      *day = last;
    } else if (first_digits <= 2 && (last_digits == 4 || last_digits == 2)) {  // 01-Jan-1970
      *day = first;
      *year = last_digits == 4 ? last : -1;
    } else {
      return false;
    }
  }
  return *day >= 1 && *day <= 31;
}

}  // namespace

std::vector<std::string> DateFormatCandidates(std::string_view text) {
  text = TrimSpaces(text);
  // Ten digits, a fraction or not: seconds since 1970 (2001-09-09 to
  // 2286), as Stripe's API and database dumps write times; thirteen:
  // milliseconds, as JavaScript writes them. No calendar date is written
  // so.
  const size_t point = std::min(text.find('.'), text.size());
  if ((point == 10 || point == 13) &&
      std::all_of(text.begin(), text.begin() + static_cast<ptrdiff_t>(point), IsDigit) &&
      (point == text.size() ||
       (text.size() > point + 1 &&
        std::all_of(text.begin() + static_cast<ptrdiff_t>(point) + 1, text.end(), IsDigit)))) {
    return {"%s"};
  }
  if (char s = DayMonthYearSeparator(text); s != 0) {
    const std::string sep(1, s);
    for (const char* time : kTimesOfDay) {
      std::string day_first = "%d" + sep + "%m" + sep + "%Y" + time;
      std::string month_first = "%m" + sep + "%d" + sep + "%Y" + time;
      if (Reads(day_first, text) || Reads(month_first, text)) return {day_first, month_first};
    }
    return {};
  }
  // Year first with dots, as Hungary writes it too: 2024.12.31. and
  // 2024. 12. 31.
  for (const char* date : {"%Y.%m.%d", "%Y.%m.%d.", "%Y. %m. %d.", "%Y. %m. %d"}) {
    for (const char* time : kTimesOfDay) {
      std::string format = std::string(date) + time;
      if (Reads(format, text)) return {format};
    }
  }
  for (const char* date : kNamedMonthDates) {
    for (const char* time : kTimesOfDay) {
      std::string format = std::string(date) + time;
      if (Reads(format, text)) return {format};
    }
  }
  return {};
}

std::string SuggestDateFormat(std::string_view text) {
  text = TrimSpaces(text);
  // A spreadsheet's day number (days since 1899-12-30): 20000 is 1954,
  // 80000 is 2119.
  const size_t point = std::min(text.find('.'), text.size());
  if (point == 5 && std::all_of(text.begin(), text.begin() + 5, IsDigit) && text[0] >= '2' &&
      text[0] <= '7') {
    return "; this looks like a spreadsheet's day number (" + std::string(text.substr(0, 5)) +
           " days after 1899-12-30): format the column as a date before saving";
  }
  // The first that reads it: 2/14/2024 is month first only.
  for (const std::string& format : DateFormatCandidates(text)) {
    if (Reads(format, text)) return "; --date-format '" + format + "' reads it";
  }
  if (const std::string format = TwoDigitYearFormat(text); !format.empty()) {
    // 3/5/24: day first and month first both read it; say both.
    std::string other;
    if (format.rfind("%d/%m/%y", 0) == 0) {
      const std::string month_first = "%m/%d/%y" + format.substr(8);
      Time read = 0;
      if (ReadsExactly(month_first, text, &read)) other = month_first;
    }
    if (!other.empty()) {
      return "; a two-digit year: --date-format '" + other + "' (month first) or '" + format +
             "' (day first) reads it (years 69 to 99 as 19xx, the others as 20xx)";
    }
    return "; a two-digit year: --date-format '" + format +
           "' reads it (years 69 to 99 as 19xx, the others as 20xx)";
  }
  return "";
}

std::string TwoDigitYearFormat(std::string_view text) {
  text = TrimSpaces(text);
  for (const char* date : kTwoDigitYearDates) {
    for (const char* time : kTimesOfDay) {
      const std::string format = std::string(date) + time;
      Time read = 0;
      if (ReadsExactly(format, text, &read)) return format;
    }
  }
  return "";
}

bool NoRealDayEitherWay(std::string_view text) {
  text = TrimSpaces(text);
  const char sep = DayMonthYearSeparator(text);
  if (sep == 0) return false;
  // DayMonthYearSeparator read 1-2 digits, sep, 1-2 digits, sep, 4 digits.
  int numbers[3] = {0, 0, 0};
  size_t i = 0;
  for (int& n : numbers) {
    while (i < text.size() && IsDigit(text[i])) n = n * 10 + (text[i++] - '0');
    ++i;  // the separator
  }
  return !IsValidDate(numbers[2], numbers[1], numbers[0]) &&
         !IsValidDate(numbers[2], numbers[0], numbers[1]);
}

bool StartsWithDate(std::string_view value, bool* unset) {
  const calendar::Cursor start{value.data(), value.data() + value.size()};
  // Where the two shapes below the first may end.
  auto ends_there = [](const calendar::Cursor& c) {
    return c.AtEnd() || *c.p == ' ' || *c.p == 'T' || *c.p == ',';
  };
  int year = -1, month = 0, day = 0;
  calendar::Cursor c = start;
  if (ReadDateWithMonthName(&c, &year, &month, &day) && ends_there(c)) {
    *unset = IsNoDate(year, month, day);
    return true;
  }
  // Eight digits: a year, a month and a day (19700101), or a day and a
  // month either way round and a year (01011970, 03152024); 00000000.
  c = start;
  int number = 0;
  if (c.Fixed(8, &number) && ends_there(c)) {
    if (number == 0) return *unset = true;
    if (number / 10000 >= 1000 && DayAndMonth(number % 100, number / 100 % 100)) {
      *unset = IsNoDate(number / 10000, number / 100 % 100, number % 100);
      return true;
    }
    const int a = number / 1000000, b = number / 10000 % 100, last = number % 10000;
    if (last >= 1900 && DayAndMonthEitherWay(a, b)) {
      *unset = IsNoDate(last, a, b);
      return true;
    }
    return false;  // a reference number, not a date
  }
  c = start;
  int groups[3] = {0, 0, 0}, widths[3] = {0, 0, 0};
  char separator = 0;
  for (int g = 0; g < 3; ++g) {
    widths[g] = c.CountDigits();
    if (widths[g] == 0 || widths[g] > 4) return false;
    c.Fixed(widths[g], &groups[g]);
    if (g == 2) break;
    const char s = c.Peek();
    if ((s != '-' && s != '/' && s != '.') || (separator != 0 && s != separator)) return false;
    separator = s;
    ++c.p;
  }
  if (!c.AtEnd() && *c.p != ' ' && *c.p != 'T') return false;
  if (std::max({widths[0], widths[1], widths[2]}) < 2) return false;
  // The year is the group of four digits, first or last; else unknown.
  year = widths[0] == 4 ? groups[0] : widths[2] == 4 ? groups[2] : -1;
  const int a = widths[0] == 4 ? groups[1] : groups[0];
  const int b = widths[0] == 4 ? groups[2] : groups[1];
  *unset = (groups[0] == 0 && groups[1] == 0 && groups[2] == 0) || IsNoDate(year, a, b);
  // A day and a month, either way round ("12-34-56", "1.000.00" are none).
  return *unset || DayAndMonthEitherWay(a, b);
}

std::string DescribeDateFormat(std::string_view format) {
  return calendar::SpellFormat(format, false);
}

}  // namespace retention
