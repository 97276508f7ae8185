// Reporting periods and activity windows.
//
// A period is half-open, [start, end): "2024-03" is [2024-03-01, 2024-04-01).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retention/dates.h"

namespace retention {

/// Calendar units that periods, series steps and windows are made of.
enum class Unit { kDay, kWeek, kMonth, kQuarter, kYear };

/// "day", "week", "month", "quarter", "year".
std::string_view UnitName(Unit unit);
/// Every unit's UnitName, the shortest unit first (for messages).
std::vector<std::string> UnitNames();
/// Inverse of UnitName (also accepts "daily", "weekly", "monthly",
/// "quarterly", "yearly"); nullopt for anything else.
std::optional<Unit> ParseUnit(std::string_view text);

/// A reporting period [start, end).
struct Period {
  /// First day in the period.
  CivilDate start;
  /// First day after the period (exclusive).
  CivilDate end;
  /// How the period is named in output: "2024-03", "2024-Q1", "2024-W09",
  /// "2024", "2024-03-15", or "FROM..TO" for a range.
  std::string label;
};

/// Start of the `unit` holding `date` (ISO weeks start on Monday).
CivilDate StartOf(Unit unit, CivilDate date);
/// `date` moved by `n` units (n may be negative).
CivilDate AddUnits(Unit unit, CivilDate date, int64_t n);
/// The whole `unit` holding `date`, labelled in that unit's notation.
Period PeriodOf(Unit unit, CivilDate date);

/// Parses one period:
///   "2024-03-15" (day), "2024-W09" (ISO week), "2024-03" (month),
///   "2024-Q1" (quarter), "2024" (year), or a relative name resolved
///   against `as_of`: "today", "yesterday", "this-week", "last-week",
///   "this-month", "last-month", "this-quarter", "last-quarter",
///   "this-year", "last-year", "week-to-date", "month-to-date",
///   "quarter-to-date", "year-to-date". The "to-date" periods run from the
///   start of the unit through the whole `as_of` day.
/// Throws UsageError listing the accepted forms.
Period ParsePeriod(std::string_view text, CivilDate as_of);

/// The largest calendar unit the period is exactly one of (2024-01-01 to
/// 2024-02-01 is a month; a one-day period is a day, not a week); none for
/// a span that is no whole unit.
std::optional<Unit> WholeUnit(const Period& period);

/// The unit of a "to-date" period ParsePeriod made ("month-to-date" ->
/// month), which it runs from the start of; none for any other period.
std::optional<Unit> ToDateUnit(const Period& period);
/// The label, with the calendar period a to-date one is part of:
/// "month-to-date of 2024-06", "2024-03". For messages about rows of
/// several runs, whose "month-to-date" names no month.
std::string LabelOfRow(const Period& period);

/// The unit a period text names ("2024-03" -> month), if it names one.
std::optional<Unit> UnitOfPeriodText(std::string_view text, CivilDate as_of);

/// The span of `--from A --to B`: from the start of period A to the end of
/// period B, so B is included whole ("--from 2023-01 --to 2023-12" is all
/// of 2023; "--to 2023-12-31" includes that day). Throws UsageError when B
/// ends before A starts.
Period ParseRange(std::string_view from, std::string_view to, CivilDate as_of);

/// The most periods a series may have (27 years of days).
constexpr int64_t kMaxSeriesPeriods = 10000;

/// Consecutive `unit` periods covering `span`: the first starts at the start
/// of the unit holding span.start, the last is the unit holding the last
/// day of span. Throws UsageError, before allocating, when that is more
/// than kMaxSeriesPeriods periods.
std::vector<Period> SplitPeriod(const Period& span, Unit unit);

/// What a report asks for, as the user wrote it: one period, or a range,
/// optionally split into a series. Empty strings are "not given".
struct PeriodRequest {
  std::string period;  ///< --period: one period ("2024-03", "last-month", ...)
  std::string from;    ///< --from: first period of a range
  std::string to;      ///< --to: last period of a range, included whole
  std::string every;   ///< --every: split into periods of this unit
};

/// The periods a report covers. Without a period or range, the span of the
/// data: every `every` unit (month by default) from the first dated row to
/// the last (or `as_of`, if earlier); `data_first`/`data_last` are those
/// rows' days, none when the input has no dated rows. A range without
/// `from` starts at the data's first day; without `to` it ends on `as_of`.
/// Throws UsageError for requests that contradict each other and DataError
/// when the span must come from data that holds none.
std::vector<Period> ResolvePeriods(const PeriodRequest& request, CivilDate as_of,
                                   std::optional<CivilDate> data_first,
                                   std::optional<CivilDate> data_last);

/// True when the period is not over on `as_of`, i.e. it ends after the
/// start of that day (a period ending on as_of itself is complete).
bool IsPartial(const Period& period, CivilDate as_of);

/// How far back an order keeps a customer active: "90d", "12w", "3m",
/// "1q", "1y".
struct Window {
  Unit unit = Unit::kMonth;
  /// 1 to kMaxCount units.
  int count = 1;
  static constexpr int kMaxCount = 10000;

  friend bool operator==(const Window& a, const Window& b) {
    return a.unit == b.unit && a.count == b.count;
  }
};

/// Parses "90d", "12w", "3m", "1q", "1y" (also "90 days", "3 months").
/// Throws UsageError.
Window ParseWindow(std::string_view text);
/// "90d", "3m", ...
std::string FormatWindow(Window window);
/// One period long: a month for a month, the number of days for a range.
Window WindowOfPeriod(const Period& period);
/// t - W, on the calendar (months clamp to the month's length).
Time SubtractWindow(Time t, Window window);
/// The first instant t > order_time at which an order at `order_time` no
/// longer makes its customer active, i.e. the smallest t > order_time with
/// SubtractWindow(t, window) > order_time. A customer is active at t when
/// an order satisfies order_time < t < ActiveUntil(order_time, window).
Time ActiveUntil(Time order_time, Window window);

}  // namespace retention
