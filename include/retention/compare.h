// "vs previous period": the period each reported period is compared with,
// and its figures computed on the same terms.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "retention/metrics.h"
#include "retention/period.h"

namespace retention {

/// What a period is compared with (--compare).
enum class CompareWith {
  /// The period just before, of the same kind: 2024-02 for 2024-03,
  /// 2024-W08 for 2024-W09; for a range of N days, the N days before it.
  kPreviousPeriod,
  /// The same period a year earlier: 2023-03 for 2024-03; for a week, the
  /// week 52 weeks earlier (same weekdays); for a range, its dates a year
  /// earlier.
  kYearEarlier,
};

/// "previous" or "year" (also "previous-period", "year-over-year", "yoy");
/// nullopt for anything else.
std::optional<CompareWith> ParseCompareWith(std::string_view text);

/// "previous" or "year".
std::string_view CompareWithName(CompareWith with);

/// The period `period` is compared with. A whole day, ISO week, month,
/// quarter or year keeps its kind and label; anything else is a range
/// labelled "FIRST..LAST" (both days included).
Period ComparisonPeriod(const Period& period, CompareWith with);

/// The last day whose orders count in the comparison of `current`: the
/// comparison period's last day, or, when `current` is partial on `as_of`,
/// the day as far into the comparison period as `as_of` is into the
/// current one, so that a month not over yet is compared with the same
/// days of the month before, not the whole of it.
CivilDate ComparedThrough(const PeriodMetrics& current, CompareWith with, CivilDate as_of);

/// Computes figures for periods with options: ComputeMetrics or
/// ComputeSubscriptionMetrics bound to their tables.
using ComputeFigures =
    std::function<std::vector<PeriodMetrics>(const std::vector<Period>&, const MetricsOptions&)>;

/// current - previous of a rate or ratio, as every output and --fail-if
/// give it: rounded to 12 decimals, since a difference of two doubles
/// carries their rounding noise in its last digits (0.3 - 0.1 is
/// 0.19999999999999998), far below any figure's meaning; never -0.
double RateChange(double current, double previous);

/// The figures each record of `current` is compared with, in the same
/// order: computed by `compute` for ComparisonPeriod, with the current
/// record's activity window and, for a partial record, only the orders
/// through ComparedThrough. `options` are the current run's.
std::vector<PeriodMetrics> ComputeCompared(const std::vector<PeriodMetrics>& current,
                                           CompareWith with, const MetricsOptions& options,
                                           const ComputeFigures& compute);

}  // namespace retention
