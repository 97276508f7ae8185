// Acquisition cohorts: customers grouped by the period of their first order,
// followed period by period. The cohort figures of docs/cli.md ("retention
// cohorts") in code.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "retention/dates.h"
#include "retention/money.h"
#include "retention/orders.h"
#include "retention/period.h"

namespace retention {

/// Which cohorts to build and how far to follow them.
struct CohortOptions {
  /// Length of a cohort and of each step after it: week, month or quarter
  /// usually; day and year work the same way.
  Unit unit = Unit::kMonth;
  /// First cohort to list: the `unit` holding this day. Unset: the unit
  /// holding the first order in the data.
  std::optional<CivilDate> from;
  /// Last cohort to list: the `unit` holding this day, inclusive. Unset: the
  /// unit holding `as_of`, so this period's new customers are counted even
  /// though none of their cells is complete yet.
  std::optional<CivilDate> to;
  /// "Today": only periods over on this day get a cell, so no cell shows a
  /// figure that will still change; orders and amounts dated after it are
  /// left out. Set it: the default is 1970-01-01, not today (the CLI's
  /// default).
  CivilDate as_of;
};

/// One cohort followed into one period: cohort start + `offset` units.
struct CohortCell {
  /// j = 0 is the cohort's own period, j = 1 the next one, ...
  int offset = 0;
  /// The cell's period.
  Period period;
  /// Cohort customers with at least one order (refunds are not orders) in
  /// the cell's period.
  int64_t customers_active = 0;
  /// customers_active / size; null for an empty cohort.
  std::optional<double> retention;
  /// Sum of all amounts (purchases and refunds) of cohort customers dated in
  /// the cell's period.
  Money revenue;
  /// revenue / the cohort's revenue at offset 0; null when that is 0.
  std::optional<double> revenue_retention;
  /// The cohort's revenue from offset 0 through this one, divided by size,
  /// rounded half away from zero to 1/10000; null for an empty cohort.
  std::optional<Money> cumulative_revenue_per_customer;
};

/// The customers acquired in one period, and what they did afterwards.
struct Cohort {
  /// The acquisition period, labelled in the unit's notation: "2024-01",
  /// "2024-Q1", "2024-W09".
  Period period;
  /// Customers whose first order ever falls in `period`. May be 0: every
  /// period of the range is listed, so the rows of a report line up.
  int64_t size = 0;
  /// The segment (--by) the cohort is drawn from; unset for all customers.
  std::optional<std::string> segment;
  /// Offsets 0, 1, ... for as long as the cell's period is over on as_of
  /// (cell.period.end <= as_of). A cohort whose own period is not over yet
  /// has no cells.
  std::vector<CohortCell> cells;
};

/// Every cohort of the range, oldest first, one per `unit` period (empty
/// ones included), in one pass over orders and amounts.
///
/// A customer's cohort is the period of their first order; customers with
/// refunds only have no first order and belong to no cohort. Amounts dated
/// in a period before their customer's first order (a refund booked before
/// the purchase, which only odd data has) have no cell and are left out.
///
/// Returns nothing when the range is empty (no orders and no `from`, or
/// first order after `to`). Throws UsageError when both `from` and `to` are
/// given and `to` lies in a period before `from`'s, or when the cohorts and
/// their cells number more than a million (day cohorts over about four
/// years); DataError when a money sum is too large to represent exactly.
std::vector<Cohort> ComputeCohorts(const OrderTable& table, const CohortOptions& options);

}  // namespace retention
