// Reporting periods, their names, and activity windows on the calendar.
#include "retention/period.h"

#include <algorithm>
#include <string>
#include <vector>

#include "base/closest_name.h"
#include "base/text.h"
#include "calendar/date_text.h"
#include "retention/error.h"

namespace retention {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToLower(c);
  return out;
}

// Exactly `n` digits at `s[pos]`.
bool Digits(std::string_view s, size_t pos, size_t n, int* value) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  *value = v;
  return true;
}

using calendar::AppendPadded;

// Monday of ISO week 1 of `iso_year`: the week holding January 4th.
CivilDate IsoWeekOneStart(int iso_year) { return StartOf(Unit::kWeek, CivilDate{iso_year, 1, 4}); }

int IsoWeeksIn(int iso_year) {
  return static_cast<int>(
      (DaysFromCivil(IsoWeekOneStart(iso_year + 1)) - DaysFromCivil(IsoWeekOneStart(iso_year))) /
      7);
}

std::string Label(Unit unit, CivilDate start) {
  std::string out;
  switch (unit) {
    case Unit::kDay:
      return FormatDate(start);
    case Unit::kWeek: {
      // The ISO year is the year of the week's Thursday.
      CivilDate thursday = AddDays(start, 4 - IsoWeekday(start));
      int week = static_cast<int>(
          (DaysFromCivil(thursday) - DaysFromCivil(CivilDate{thursday.year, 1, 1})) / 7 + 1);
      AppendPadded(thursday.year, 4, &out);
      out += "-W";
      AppendPadded(week, 2, &out);
      return out;
    }
    case Unit::kMonth:
      AppendPadded(start.year, 4, &out);
      out += '-';
      AppendPadded(start.month, 2, &out);
      return out;
    case Unit::kQuarter:
      AppendPadded(start.year, 4, &out);
      out += "-Q";
      out += static_cast<char>('0' + (start.month - 1) / 3 + 1);
      return out;
    case Unit::kYear:
      AppendPadded(start.year, 4, &out);
      return out;
  }
  return out;
}

constexpr const char* kPeriodForms =
    "use a day 2024-03-15, a week 2024-W09, a month 2024-03, a quarter 2024-Q1, a year 2024, "
    "or today, yesterday, this-week, last-week, this-month, last-month, this-quarter, "
    "last-quarter, this-year, last-year, week-to-date, month-to-date, quarter-to-date, "
    "year-to-date";

// The units relative periods name: this-week, last-month, year-to-date.
constexpr std::pair<std::string_view, Unit> kRelativeUnits[] = {{"week", Unit::kWeek},
                                                                {"month", Unit::kMonth},
                                                                {"quarter", Unit::kQuarter},
                                                                {"year", Unit::kYear}};

// The month `text` names the way people write one ("03/2024", "2024/3",
// "March 2024", "mar-2024"), as 2024-03; "" when it names none.
std::string GuessMonth(std::string_view text) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : text) {
    if (c == '/' || c == '.' || c == '-' || c == '_' || c == ' ' || c == ',') {
      if (!part.empty()) parts.push_back(part);
      part.clear();
    } else {
      part.push_back(ToLower(c));
    }
  }
  if (!part.empty()) parts.push_back(part);
  if (parts.size() != 2) return "";
  auto month_of = [&](const std::string& p) {
    if (p.size() <= 2 && std::all_of(p.begin(), p.end(), [](char c) { return IsDigit(c); })) {
      const int m = std::stoi(p);
      return m >= 1 && m <= 12 ? m : 0;
    }
    for (int m = 1; m <= 12; ++m) {
      if (p.size() >= 3 && calendar::kMonthNames[m - 1].substr(0, p.size()) == p) return m;
    }
    return 0;
  };
  auto year_of = [](const std::string& p) {
    return p.size() == 4 && std::all_of(p.begin(), p.end(), [](char c) { return IsDigit(c); })
               ? std::stoi(p)
               : 0;
  };
  for (int first = 0; first < 2; ++first) {
    const int year = year_of(parts[first]), month = month_of(parts[1 - first]);
    if (year > 0 && month > 0) {
      return std::to_string(year) + "-" + (month < 10 ? "0" : "") + std::to_string(month);
    }
  }
  return "";
}

[[noreturn]] void UnknownPeriod(std::string_view text, const std::string& why = "") {
  std::string meant;
  if (const std::string month = GuessMonth(text); why.empty() && !month.empty()) {
    meant = "; did you mean '" + month + "'?";
  } else if (why.empty()) {
    // Every name ParseRelative reads.
    std::vector<std::string> names = {"today", "yesterday"};
    for (const auto& [name, unit] : kRelativeUnits) {
      names.push_back("this-" + std::string(name));
      names.push_back("last-" + std::string(name));
      names.push_back(std::string(name) + "-to-date");
    }
    meant = DidYouMean(std::string(text), names);
  }
  throw UsageError("unknown period \"" + std::string(text) + "\"" + why + "; " + kPeriodForms +
                   meant);
}

// A relative period name: which unit, and which one relative to as_of.
enum class Relation { kThis, kLast, kToDate };
struct RelativeName {
  Unit unit;
  Relation relation;
};

std::optional<RelativeName> ParseRelative(const std::string& lower) {
  if (lower == "today") return RelativeName{Unit::kDay, Relation::kThis};
  if (lower == "yesterday") return RelativeName{Unit::kDay, Relation::kLast};
  for (const auto& [name, unit] : kRelativeUnits) {
    if (lower == "this-" + std::string(name)) return RelativeName{unit, Relation::kThis};
    if (lower == "last-" + std::string(name)) return RelativeName{unit, Relation::kLast};
    if (lower == std::string(name) + "-to-date") return RelativeName{unit, Relation::kToDate};
  }
  return std::nullopt;
}

// The unit an absolute period text has by its shape alone.
std::optional<Unit> ShapeUnit(std::string_view s) {
  int v = 0;
  if (s.size() == 4 && Digits(s, 0, 4, &v)) return Unit::kYear;
  if (!Digits(s, 0, 4, &v) || s.size() < 6 || s[4] != '-') return std::nullopt;
  if (s.size() == 7 && Digits(s, 5, 2, &v)) return Unit::kMonth;
  if (s.size() == 10 && Digits(s, 5, 2, &v) && s[7] == '-' && Digits(s, 8, 2, &v)) {
    return Unit::kDay;
  }
  char kind = ToLower(s[5]);
  if (kind == 'q' && s.size() == 7 && IsDigit(s[6])) return Unit::kQuarter;
  if (kind == 'w' && (s.size() == 7 || s.size() == 8) && Digits(s, 6, s.size() - 6, &v)) {
    return Unit::kWeek;
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> UnitNames() {
  std::vector<std::string> names;
  for (Unit unit : {Unit::kDay, Unit::kWeek, Unit::kMonth, Unit::kQuarter, Unit::kYear}) {
    names.emplace_back(UnitName(unit));
  }
  return names;
}

std::string_view UnitName(Unit unit) {
  switch (unit) {
    case Unit::kDay:
      return "day";
    case Unit::kWeek:
      return "week";
    case Unit::kMonth:
      return "month";
    case Unit::kQuarter:
      return "quarter";
    case Unit::kYear:
      return "year";
  }
  return "unknown";
}

std::optional<Unit> ParseUnit(std::string_view text) {
  std::string s = Lower(TrimSpaces(text));
  if (s == "day" || s == "daily") return Unit::kDay;
  if (s == "week" || s == "weekly") return Unit::kWeek;
  if (s == "month" || s == "monthly") return Unit::kMonth;
  if (s == "quarter" || s == "quarterly") return Unit::kQuarter;
  if (s == "year" || s == "yearly") return Unit::kYear;
  return std::nullopt;
}

CivilDate StartOf(Unit unit, CivilDate date) {
  switch (unit) {
    case Unit::kDay:
      return date;
    case Unit::kWeek:
      return AddDays(date, 1 - IsoWeekday(date));
    case Unit::kMonth:
      return CivilDate{date.year, date.month, 1};
    case Unit::kQuarter:
      return CivilDate{date.year, (date.month - 1) / 3 * 3 + 1, 1};
    case Unit::kYear:
      return CivilDate{date.year, 1, 1};
  }
  return date;
}

CivilDate AddUnits(Unit unit, CivilDate date, int64_t n) {
  switch (unit) {
    case Unit::kDay:
      return AddDays(date, n);
    case Unit::kWeek:
      return AddDays(date, 7 * n);
    case Unit::kMonth:
      return AddMonths(date, n);
    case Unit::kQuarter:
      return AddMonths(date, 3 * n);
    case Unit::kYear:
      return AddMonths(date, 12 * n);
  }
  return date;
}

Period PeriodOf(Unit unit, CivilDate date) {
  CivilDate start = StartOf(unit, date);
  return Period{start, AddUnits(unit, start, 1), Label(unit, start)};
}

std::optional<Unit> WholeUnit(const Period& p) {
  for (Unit unit : {Unit::kYear, Unit::kQuarter, Unit::kMonth, Unit::kWeek, Unit::kDay}) {
    if (StartOf(unit, p.start) == p.start && AddUnits(unit, p.start, 1) == p.end) return unit;
  }
  return std::nullopt;
}

std::optional<Unit> ToDateUnit(const Period& period) {
  auto relative = ParseRelative(period.label);
  if (!relative || relative->relation != Relation::kToDate) return std::nullopt;
  if (StartOf(relative->unit, period.start) != period.start) return std::nullopt;
  return relative->unit;
}

std::string LabelOfRow(const Period& period) {
  const std::optional<Unit> unit = ToDateUnit(period);
  return unit ? period.label + " of " + PeriodOf(*unit, period.start).label : period.label;
}

Period ParsePeriod(std::string_view text, CivilDate as_of) {
  std::string_view s = TrimSpaces(text);
  std::string lower = Lower(s);
  if (auto relative = ParseRelative(lower)) {
    switch (relative->relation) {
      case Relation::kThis:
        return PeriodOf(relative->unit, as_of);
      case Relation::kLast:
        return PeriodOf(relative->unit,
                        AddUnits(relative->unit, StartOf(relative->unit, as_of), -1));
      case Relation::kToDate:
        // Through the whole as_of day, so "month-to-date" on the 15th has 15 days.
        return Period{StartOf(relative->unit, as_of), AddDays(as_of, 1), lower};
    }
  }
  auto unit = ShapeUnit(s);
  if (!unit) UnknownPeriod(text);
  int year = 0;
  Digits(s, 0, 4, &year);
  // Year 0000 exists in ISO 8601, but no order data: a comparison with the
  // year before would print "-0001".
  if (year < 1) {
    throw UsageError("the period \"" + std::string(text) +
                     "\" is in year 0000; years start at 0001");
  }
  switch (*unit) {
    case Unit::kYear:
      return PeriodOf(Unit::kYear, CivilDate{year, 1, 1});
    case Unit::kMonth: {
      int month = 0;
      Digits(s, 5, 2, &month);
      if (month < 1 || month > 12) UnknownPeriod(text, " (months run from 01 to 12)");
      return PeriodOf(Unit::kMonth, CivilDate{year, month, 1});
    }
    case Unit::kDay: {
      int month = 0, day = 0;
      Digits(s, 5, 2, &month);
      Digits(s, 8, 2, &day);
      if (!IsValidDate(year, month, day)) {
        throw UsageError("the period \"" + std::string(text) + "\" is not a real date; " +
                         kPeriodForms);
      }
      return PeriodOf(Unit::kDay, CivilDate{year, month, day});
    }
    case Unit::kQuarter: {
      int quarter = s[6] - '0';
      if (quarter < 1 || quarter > 4) UnknownPeriod(text, " (quarters run from Q1 to Q4)");
      return PeriodOf(Unit::kQuarter, CivilDate{year, (quarter - 1) * 3 + 1, 1});
    }
    case Unit::kWeek: {
      int week = 0;
      Digits(s, 6, s.size() - 6, &week);
      int weeks = IsoWeeksIn(year);
      if (week < 1 || week > weeks) {
        UnknownPeriod(text, " (" + std::to_string(year) + " has ISO weeks W01 to W" +
                                std::to_string(weeks) + ")");
      }
      return PeriodOf(Unit::kWeek, AddDays(IsoWeekOneStart(year), 7 * int64_t{week - 1}));
    }
  }
  UnknownPeriod(text);
}

std::optional<Unit> UnitOfPeriodText(std::string_view text, CivilDate as_of) {
  (void)as_of;  // Relative names name their unit regardless of the date.
  std::string_view s = TrimSpaces(text);
  if (auto relative = ParseRelative(Lower(s))) return relative->unit;
  return ShapeUnit(s);
}

Period ParseRange(std::string_view from, std::string_view to, CivilDate as_of) {
  Period first = ParsePeriod(from, as_of);
  Period last = ParsePeriod(to, as_of);
  if (!(first.start < last.end)) {
    throw UsageError("the range --from " + std::string(from) + " --to " + std::string(to) +
                     " is empty: " + FormatDate(last.start) + ".." + FormatDate(last.end) +
                     " ends before " + FormatDate(first.start) +
                     "; give the earlier period with --from");
  }
  // Named by what the ends are on as_of (last-month is 2024-02), so the
  // label says which days it holds after as_of has moved on; a to-date end
  // by its day.
  auto named = [](const Period& p, CivilDate day) {
    const bool to_date =
        p.label.size() > 8 && p.label.compare(p.label.size() - 8, 8, "-to-date") == 0;
    return to_date ? FormatDate(day) : p.label;
  };
  return Period{first.start, last.end,
                named(first, first.start) + ".." + named(last, AddDays(last.end, -1))};
}

namespace {

// ", or a coarser --every (...)": the units longer than `unit`, if any.
std::string Coarser(Unit unit) {
  std::string longer;
  for (Unit u : {Unit::kWeek, Unit::kMonth, Unit::kQuarter, Unit::kYear}) {
    if (u > unit) longer += (longer.empty() ? "" : ", ") + std::string(UnitName(u));
  }
  return longer.empty() ? "" : " or a coarser --every (" + longer + ")";
}

}  // namespace

std::vector<Period> SplitPeriod(const Period& span, Unit unit) {
  // Counted before anything is allocated: a series over all of 0000-9999
  // in days would take gigabytes of figures and of output.
  int64_t count = 0;
  for (CivilDate start = StartOf(unit, span.start); start < span.end && count <= kMaxSeriesPeriods;
       start = AddUnits(unit, start, 1)) {
    ++count;
  }
  if (count > kMaxSeriesPeriods) {
    throw UsageError("a series from " + FormatDate(span.start) + " to " +
                     FormatDate(AddDays(span.end, -1)) + " has more than " +
                     std::to_string(kMaxSeriesPeriods) + " " + std::string(UnitName(unit)) +
                     "s; use a shorter range" + Coarser(unit));
  }
  std::vector<Period> out;
  out.reserve(static_cast<size_t>(count));
  for (CivilDate start = StartOf(unit, span.start); start < span.end;
       start = AddUnits(unit, start, 1)) {
    out.push_back(PeriodOf(unit, start));
  }
  return out;
}

bool IsPartial(const Period& period, CivilDate as_of) {
  return TimeFromDate(period.end) > TimeFromDate(as_of);
}

Window ParseWindow(std::string_view text) {
  std::string_view s = TrimSpaces(text);
  auto bad = [&](const std::string& why) {
    return UsageError("invalid window \"" + std::string(text) + "\"" + why +
                      "; use a count and a unit like 90d, 12w, 3m, 1q or 1y (or 90 days, "
                      "3 months)");
  };
  size_t digits = 0;
  while (digits < s.size() && IsDigit(s[digits])) ++digits;
  if (digits == 0) throw bad("");
  // More than five digits is beyond the limit anyway; stop before overflow.
  if (digits > 5) throw bad(" (the count must be 1 to 10000)");
  int count = 0;
  Digits(s, 0, digits, &count);
  std::string unit_text = Lower(TrimSpaces(s.substr(digits)));
  Window window;
  if (unit_text == "d" || unit_text == "day" || unit_text == "days") {
    window.unit = Unit::kDay;
  } else if (unit_text == "w" || unit_text == "week" || unit_text == "weeks") {
    window.unit = Unit::kWeek;
  } else if (unit_text == "m" || unit_text == "month" || unit_text == "months") {
    window.unit = Unit::kMonth;
  } else if (unit_text == "q" || unit_text == "quarter" || unit_text == "quarters") {
    window.unit = Unit::kQuarter;
  } else if (unit_text == "y" || unit_text == "year" || unit_text == "years") {
    window.unit = Unit::kYear;
  } else {
    throw bad(unit_text.empty() ? " (the unit is missing)" : "");
  }
  if (count < 1 || count > Window::kMaxCount) {
    throw bad(" (the count must be 1 to " + std::to_string(Window::kMaxCount) + ")");
  }
  window.count = count;
  return window;
}

std::string FormatWindow(Window window) {
  static constexpr char kLetters[] = {'d', 'w', 'm', 'q', 'y'};
  return std::to_string(window.count) + kLetters[static_cast<int>(window.unit)];
}

Window WindowOfPeriod(const Period& period) {
  for (Unit unit : {Unit::kDay, Unit::kWeek, Unit::kMonth, Unit::kQuarter, Unit::kYear}) {
    Period whole = PeriodOf(unit, period.start);
    if (whole.start == period.start && whole.end == period.end) return Window{unit, 1};
  }
  if (period.start.day == 1 && period.end.day == 1) {
    int64_t months = (int64_t{period.end.year} * 12 + period.end.month) -
                     (int64_t{period.start.year} * 12 + period.start.month);
    if (months >= 1 && months <= 10000) return Window{Unit::kMonth, static_cast<int>(months)};
  }
  int64_t days = DaysFromCivil(period.end) - DaysFromCivil(period.start);
  return Window{Unit::kDay, static_cast<int>(std::clamp<int64_t>(days, 1, 1 << 30))};
}

namespace {

int64_t WindowMonths(Window window) {
  switch (window.unit) {
    case Unit::kQuarter:
      return 3 * int64_t{window.count};
    case Unit::kYear:
      return 12 * int64_t{window.count};
    default:
      return window.count;
  }
}

}  // namespace

Time SubtractWindow(Time t, Window window) {
  if (window.unit == Unit::kDay) return t - int64_t{window.count} * kSecondsPerDay;
  if (window.unit == Unit::kWeek) return t - int64_t{window.count} * 7 * kSecondsPerDay;
  CivilDate date = DateFromTime(t);
  Time time_of_day = t - TimeFromDate(date);
  return TimeFromDate(AddMonths(date, -WindowMonths(window))) + time_of_day;
}

Time ActiveUntil(Time order_time, Window window) {
  if (window.unit == Unit::kDay || window.unit == Unit::kWeek) {
    int64_t days = int64_t{window.count} * (window.unit == Unit::kWeek ? 7 : 1);
    return order_time + days * kSecondsPerDay + 1;
  }
  CivilDate date = DateFromTime(order_time);
  Time time_of_day = order_time - TimeFromDate(date);
  // The target month, without clamping the day.
  CivilDate target = AddMonths(CivilDate{date.year, date.month, 1}, WindowMonths(window));
  Time next_month = TimeFromDate(AddMonths(target, 1));
  if (date.day <= DaysInMonth(target.year, target.month)) {
    target.day = date.day;
    Time candidate = TimeFromDate(target) + time_of_day + 1;
    // An order at 23:59:59 on the last day of a short month: the candidate
    // is the next day's midnight, which clamps back to that last day's
    // midnight, and so does the rest of the target month.
    if (SubtractWindow(candidate, window) > order_time) return candidate;
    return next_month;
  }
  // Every later day of the target month clamps back to a day before the
  // order's, so the first instant past it is the next month's start.
  return next_month;
}

std::vector<Period> ResolvePeriods(const PeriodRequest& request, CivilDate as_of,
                                   std::optional<CivilDate> data_first,
                                   std::optional<CivilDate> data_last) {
  const PeriodRequest& f = request;
  if (!f.period.empty() && (!f.from.empty() || !f.to.empty())) {
    throw UsageError("give either --period or --from/--to, not both");
  }
  std::optional<Unit> every;
  if (!f.every.empty()) {
    every = ParseUnit(f.every);
    if (!every) {
      throw UsageError("--every takes day, week, month, quarter or year; got \"" + f.every + "\"" +
                       DidYouMean(f.every, UnitNames()));
    }
  }
  Period span;
  if (!f.period.empty()) {
    span = ParsePeriod(f.period, as_of);
  } else if (!f.from.empty() || !f.to.empty()) {
    if (f.from.empty() && !data_first) {
      throw UsageError("--to without --from needs data to start from; give --from too");
    }
    std::string from = f.from.empty() ? FormatDate(*data_first) : f.from;
    std::string to = f.to.empty() ? FormatDate(as_of) : f.to;
    span = ParseRange(from, to, as_of);
  } else {
    if (!data_first || !data_last) {
      throw DataError(Location{},
                      "the input holds no orders; name a period with --period to "
                      "report on it anyway");
    }
    Unit unit = every.value_or(Unit::kMonth);
    CivilDate last = *data_last;
    if (as_of < last) last = as_of;  // rows after --as-of are not counted
    span = Period{StartOf(unit, *data_first), AddUnits(unit, StartOf(unit, last), 1), ""};
    return SplitPeriod(span, unit);
  }
  if (every) return SplitPeriod(span, *every);
  return {span};
}

}  // namespace retention
