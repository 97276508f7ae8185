// Retention figures for periods: the definitions of METRICS.md in code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "retention/money.h"
#include "retention/orders.h"
#include "retention/period.h"

namespace retention {

/// What to compute besides the periods themselves.
struct MetricsOptions {
  /// The activity window W. Unset: one period long (active at the start of
  /// March means "ordered in February").
  std::optional<Window> window;
  /// Gross margin as a fraction, for CLV.
  double margin = 1.0;
  /// Expected customer lifespan in periods, for CLV. Unset: 1 / churn_rate.
  std::optional<double> lifespan;
  /// "Today", to mark periods that are not over yet.
  CivilDate as_of;
  /// When set, only orders and amounts dated on or before this day count:
  /// the figures as they were known that day, so a report with a past
  /// --as-of gives the same numbers whatever was added to the data since.
  std::optional<CivilDate> known_through;
};

/// Every figure of one period [start, end).
///
/// A customer is *active at t* when they have an order in [t - W, t).
struct PeriodMetrics {
  /// The period.
  Period period;
  /// The activity window used.
  Window window;
  /// The period is not over on `as_of`.
  bool partial = false;
  /// The segment these figures are for (--by); unset for all customers.
  std::optional<std::string> segment;

  /// S: active at start.
  int64_t customers_start = 0;
  /// E: active at end.
  int64_t customers_end = 0;
  /// N: first order ever falls in the period.
  int64_t customers_new = 0;
  /// L: active at start, not active at end.
  int64_t customers_lost = 0;
  /// R: first order before the period, not active at start, active at end.
  int64_t customers_reactivated = 0;
  /// C: at least one order in the period.
  int64_t customers_active = 0;
  /// O: orders whose time falls in the period.
  int64_t orders = 0;
  /// Sum of every amount (purchases and refunds) dated in the period.
  Money revenue;
  /// Customers with two or more orders in the period.
  int64_t customers_repeat = 0;
  /// Customers with an order in the period whose first order was before it.
  int64_t customers_returning = 0;

  /// L / S.
  std::optional<double> churn_rate;
  /// (E - N) / S. Counts reactivated customers as retained, so it can
  /// differ from 1 - churn_rate by R / S and exceed 1.
  std::optional<double> retention_rate;
  /// customers_repeat / C.
  std::optional<double> repeat_rate;
  /// customers_returning / C.
  std::optional<double> returning_rate;
  /// O / C.
  std::optional<double> purchase_frequency;
  /// revenue / O, rounded to 1/10000.
  std::optional<Money> aov;
  /// aov x purchase_frequency x margin x lifespan; null when the lifespan
  /// is unknown or infinite (no churn and no --lifespan).
  std::optional<Money> clv;
  /// The lifespan CLV used, in periods.
  std::optional<double> lifespan;
};

/// Figures for each period, in one pass over the table. Periods may be
/// given in any order and may overlap; each is computed on its own terms
/// and equals what a single-period call would return.
std::vector<PeriodMetrics> ComputeMetrics(const OrderTable& table,
                                          const std::vector<Period>& periods,
                                          const MetricsOptions& options);

}  // namespace retention
