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

// Whether `format` reads `text` as the shape of all of it: a parser
// reads a time after a date-only format too, and a date alone with a
// format's time left out, which the '#' after both stops here.
bool ReadsExactly(const std::string& format, std::string_view text, Time* time) {
  std::string error;
  return DateParser(format + "#").Parse(std::string(text) + "#", time, &error);
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

std::string DescribeDateFormat(std::string_view format) {
  return calendar::SpellFormat(format, false);
}

}  // namespace retention
