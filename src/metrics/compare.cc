#include "retention/compare.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <tuple>

namespace retention {
namespace {

Period Range(CivilDate start, CivilDate end) {
  return Period{start, end, FormatDate(start) + ".." + FormatDate(AddDays(end, -1))};
}

}  // namespace

std::optional<CompareWith> ParseCompareWith(std::string_view text) {
  if (text == "previous" || text == "previous-period" || text == "prev") {
    return CompareWith::kPreviousPeriod;
  }
  if (text == "year" || text == "year-over-year" || text == "yoy" || text == "previous-year") {
    return CompareWith::kYearEarlier;
  }
  return std::nullopt;
}

std::string_view CompareWithName(CompareWith with) {
  return with == CompareWith::kPreviousPeriod ? "previous" : "year";
}

Period ComparisonPeriod(const Period& period, CompareWith with) {
  // "month-to-date" on the 10th: the first 10 days of the month before (or
  // of the same month a year earlier), not the 10 days just before it. It
  // compares as a whole unit only when it is all of its unit: on the 1st
  // it is one day, in the first week of January a whole ISO week, and
  // still a month's first days.
  const std::optional<Unit> to_date = ToDateUnit(period);
  std::optional<Unit> unit = WholeUnit(period);
  if (to_date && unit != to_date) unit = std::nullopt;
  const int64_t days = DaysFromCivil(period.end) - DaysFromCivil(period.start);
  if (with == CompareWith::kPreviousPeriod) {
    if (unit) return PeriodOf(*unit, AddUnits(*unit, period.start, -1));
    if (to_date) {
      const CivilDate start = AddUnits(*to_date, period.start, -1);
      return Range(start, std::min(AddDays(start, days), period.start));
    }
    return Range(AddDays(period.start, -days), period.start);
  }
  // A week a year back is 52 weeks back, so Mondays compare with Mondays.
  if (unit == Unit::kWeek) return PeriodOf(Unit::kWeek, AddDays(period.start, -364));
  if (to_date == Unit::kWeek) return Range(AddDays(period.start, -364), AddDays(period.end, -364));
  if (unit) return PeriodOf(*unit, AddMonths(period.start, -12));
  return Range(AddMonths(period.start, -12), AddMonths(period.end, -12));
}

CivilDate ComparedThrough(const PeriodMetrics& current, CompareWith with, CivilDate as_of) {
  Period compared = ComparisonPeriod(current.period, with);
  CivilDate last = AddDays(compared.end, -1);
  if (!IsPartial(current.period, as_of) || as_of < current.period.start) return last;
  CivilDate through =
      AddDays(compared.start, DaysFromCivil(as_of) - DaysFromCivil(current.period.start));
  return std::min(through, last);
}

double RateChange(double current, double previous) {
  const double change = std::round((current - previous) * 1e12) / 1e12;
  return change == 0 ? 0.0 : change;
}

std::vector<PeriodMetrics> ComputeCompared(const std::vector<PeriodMetrics>& current,
                                           CompareWith with, const MetricsOptions& options,
                                           const ComputeFigures& compute) {
  // Records sharing a window and a cut-off day are computed in one call
  // (one pass over the orders); a series has one group, or two when its
  // last period is partial.
  // A whole comparison period is computed as a report of it would be;
  // only a partial record's comparison is cut short.
  using Key = std::tuple<int, int, bool, int64_t>;
  std::map<Key, std::vector<size_t>> groups;
  for (size_t i = 0; i < current.size(); ++i) {
    const PeriodMetrics& m = current[i];
    const bool cut = IsPartial(m.period, options.as_of) && !(options.as_of < m.period.start);
    int64_t through = cut ? DaysFromCivil(ComparedThrough(m, with, options.as_of)) : 0;
    groups[Key{static_cast<int>(m.window.unit), m.window.count, cut, through}].push_back(i);
  }
  std::vector<PeriodMetrics> out(current.size());
  for (const auto& [key, indices] : groups) {
    const PeriodMetrics& first = current[indices.front()];
    MetricsOptions compared_options = options;
    // Contracts define activity themselves and take no window.
    if (first.activity == ActivitySource::kOrders) compared_options.window = first.window;
    CivilDate through = CivilFromDays(std::get<3>(key));
    if (std::get<2>(key) &&
        (!compared_options.known_through || through < *compared_options.known_through)) {
      compared_options.known_through = through;
    }
    std::vector<Period> periods;
    for (size_t i : indices) periods.push_back(ComparisonPeriod(current[i].period, with));
    std::vector<PeriodMetrics> figures = compute(periods, compared_options);
    for (size_t k = 0; k < indices.size(); ++k) out[indices[k]] = std::move(figures[k]);
  }
  return out;
}

}  // namespace retention
