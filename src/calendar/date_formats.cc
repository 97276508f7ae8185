#include "calendar/date_formats.h"

#include <algorithm>

#include "base/text.h"
#include "calendar/date_text.h"
#include "retention/dates.h"

namespace retention {
namespace {

// Times of day after a date, as exports write them; the first that reads
// a value is its shape.
constexpr const char* kTimesOfDay[] = {
    "",          " %H:%M",   " %H:%M:%S",    " %H:%M:%S.%f", "T%H:%M",    "T%H:%M:%S",
    " %I:%M %p", " %I:%M%p", " %I:%M:%S %p", " %H:%M:%S %z", " %H:%M %z", "T%H:%M:%S%z"};

// Dates with an English month name: one reading each.
constexpr const char* kNamedMonthDates[] = {"%d %b %Y", "%d-%b-%Y", "%b %d, %Y", "%b %d %Y"};

// Whether `format` reads `text` with a four-digit year: %Y also takes one
// to three digits, so "31-Dec-24" would be the year 24, not 2024.
bool Reads(const std::string& format, std::string_view text) {
  std::string error;
  Time time = 0;
  return DateParser(format).Parse(text, &time, &error) && DateFromTime(time).year >= 1000;
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

}  // namespace

std::vector<std::string> DateFormatCandidates(std::string_view text) {
  text = TrimSpaces(text);
  // Ten digits, a fraction or not: seconds since 1970 (2001-09-09 to
  // 2286), as Stripe's API and database dumps write times. No calendar
  // date is written so.
  const size_t point = std::min(text.find('.'), text.size());
  if (point == 10 && std::all_of(text.begin(), text.begin() + 10, IsDigit) &&
      (point == text.size() ||
       (text.size() > 11 && std::all_of(text.begin() + 11, text.end(), IsDigit)))) {
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
  for (const char* date : {"%Y.%m.%d"}) {
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

std::string DescribeDateFormat(std::string_view format) {
  return calendar::SpellFormat(format, false);
}

}  // namespace retention
