// Calendar arithmetic: civil dates and days since 1970, months and weeks,
// and the ISO text of dates and times.
#include "base/text.h"
#include "calendar/date_text.h"
#include "retention/dates.h"

namespace retention {

using calendar::AppendPadded;
using calendar::Cursor;
using calendar::DateText;

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

}  // namespace retention
