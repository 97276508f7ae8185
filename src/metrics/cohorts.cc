// Cohort counting. Every order and every amount is placed in its cell by
// arithmetic on calendar unit numbers (no search over periods), so the work
// is O(orders + amounts + customers + cells).
#include "retention/cohorts.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>

#include "base/text.h"
#include "retention/error.h"

namespace retention {
namespace {

// The writers take about 500 bytes a cell: at ten million cells (day
// cohorts to an --as-of decades ahead) that was 5 GB. A million is day
// cohorts over about four years, or week cohorts over 27; more is a
// mistake, not a report.
constexpr int64_t kMaxCohortsAndCells = 1'000'000;

// No first order: refund-only customers (and customers with nothing at all).
constexpr Time kNoOrder = std::numeric_limits<Time>::max();

// A running number of the `unit` holding `date`: consecutive periods have
// consecutive numbers, so the distance between two periods is a
// subtraction.
int64_t UnitNumber(Unit unit, CivilDate date) {
  switch (unit) {
    case Unit::kDay:
      return DaysFromCivil(date);
    case Unit::kWeek:
      // Day 0 (1970-01-01) is a Thursday; day -3 is the Monday starting
      // week number 0.
      return FloorDiv(DaysFromCivil(date) + 3, 7);
    case Unit::kMonth:
      return int64_t{date.year} * 12 + (date.month - 1);
    case Unit::kQuarter:
      return int64_t{date.year} * 4 + (date.month - 1) / 3;
    case Unit::kYear:
      return date.year;
  }
  return 0;
}

int64_t UnitNumberOfTime(Unit unit, Time t) { return UnitNumber(unit, DateFromTime(t)); }

bool FitsInt64(__int128 v) {
  return v >= std::numeric_limits<int64_t>::min() && v <= std::numeric_limits<int64_t>::max();
}

}  // namespace

std::vector<Cohort> ComputeCohorts(const OrderTable& table, const CohortOptions& options) {
  const Unit unit = options.unit;
  const size_t customer_count = table.customers.size();

  // A customer's cohort is the period of their first order; refunds are not
  // orders, so refund-only customers keep kNoOrder and join no cohort.
  // Orders after as_of were not known that day: nobody joins a cohort by
  // one (the cells they fall in are not over yet anyway).
  std::vector<Time> first_order(customer_count, kNoOrder);
  Time earliest = kNoOrder;
  const Time known_until = TimeFromDate(AddDays(options.as_of, 1));
  for (size_t i = 0; i < table.order_count(); ++i) {
    if (table.order_time[i] >= known_until) continue;
    Time& first = first_order[table.order_customer[i]];
    first = std::min(first, table.order_time[i]);
    earliest = std::min(earliest, table.order_time[i]);
  }

  // The range of cohorts, as unit numbers [from, to].
  CivilDate from_date;
  if (options.from) {
    from_date = *options.from;
  } else if (earliest != kNoOrder) {
    from_date = DateFromTime(earliest);
  } else {
    return {};  // no orders and no explicit start: nothing to follow
  }
  const CivilDate first_start = StartOf(unit, from_date);
  const int64_t from = UnitNumber(unit, from_date);
  const int64_t to = UnitNumber(unit, options.to ? *options.to : options.as_of);
  if (to < from) {
    if (options.from && options.to) {
      throw UsageError("the cohort range ends (" + FormatDate(*options.to) +
                       ") before it starts (" + FormatDate(*options.from) + ")");
    }
    return {};  // e.g. the data starts after as_of
  }
  // The unit holding as_of ends after as_of, so the last period that is over
  // is the one before it: a cell exists when its unit number < as_of's.
  const int64_t as_of = UnitNumber(unit, options.as_of);

  const int64_t cohort_count = to - from + 1;
  if (cohort_count > kMaxCohortsAndCells) {
    throw UsageError(std::to_string(cohort_count) + " " + std::string(UnitName(unit)) +
                     " cohorts are too many; use a longer unit or a shorter range");
  }
  // Cells of cohort k are [cell_base[k], cell_base[k + 1]).
  std::vector<int64_t> cell_base(static_cast<size_t>(cohort_count) + 1, 0);
  for (int64_t k = 0; k < cohort_count; ++k) {
    int64_t cells = std::max<int64_t>(0, as_of - (from + k));
    cell_base[k + 1] = cell_base[k] + cells;
    if (cell_base[k + 1] + cohort_count > kMaxCohortsAndCells) {
      throw UsageError(
          std::string(UnitName(unit)) +
          " cohorts over this range have more than a million cells; use a longer unit or "
          "a shorter range");
    }
  }
  const auto total_cells = static_cast<size_t>(cell_base.back());

  // Per customer: the unit number of the first order, and the cohort index
  // (-1 for no cohort in range).
  std::vector<int64_t> first_unit(customer_count, 0);
  std::vector<int64_t> cohort_of(customer_count, -1);
  std::vector<int64_t> size(static_cast<size_t>(cohort_count), 0);
  for (size_t c = 0; c < customer_count; ++c) {
    if (first_order[c] == kNoOrder) continue;
    first_unit[c] = UnitNumberOfTime(unit, first_order[c]);
    int64_t k = first_unit[c] - from;
    if (k < 0 || k >= cohort_count) continue;
    cohort_of[c] = k;
    ++size[static_cast<size_t>(k)];
  }

  // The cell an event of customer c at time t falls in, or -1 when it has
  // none: no cohort in range, a period before the first order (only odd data
  // has amounts there), or a period not over on as_of.
  auto cell_of = [&](CustomerIndex c, Time t) -> int64_t {
    int64_t k = cohort_of[c];
    if (k < 0) return -1;
    int64_t offset = UnitNumberOfTime(unit, t) - first_unit[c];
    if (offset < 0 || offset >= cell_base[k + 1] - cell_base[k]) return -1;
    return cell_base[k] + offset;
  };

  // customers_active: distinct customers per cell. Orders are grouped by
  // customer (a counting sort), so "already counted here" is one stamp per
  // cell holding the last customer that counted in it.
  std::vector<size_t> order_offsets(customer_count + 1, 0);
  for (CustomerIndex c : table.order_customer) ++order_offsets[c + 1];
  std::partial_sum(order_offsets.begin(), order_offsets.end(), order_offsets.begin());
  std::vector<size_t> orders_by_customer(table.order_count());
  {
    std::vector<size_t> next(order_offsets.begin(), order_offsets.end() - 1);
    for (size_t i = 0; i < table.order_count(); ++i) {
      orders_by_customer[next[table.order_customer[i]]++] = i;
    }
  }
  std::vector<int64_t> active(total_cells, 0);
  std::vector<uint64_t> stamp(total_cells, 0);  // customer index + 1; 0 = nobody
  for (size_t c = 0; c < customer_count; ++c) {
    if (cohort_of[c] < 0) continue;
    for (size_t o = order_offsets[c]; o < order_offsets[c + 1]; ++o) {
      int64_t cell =
          cell_of(static_cast<CustomerIndex>(c), table.order_time[orders_by_customer[o]]);
      if (cell < 0) continue;
      auto& s = stamp[static_cast<size_t>(cell)];
      if (s == c + 1) continue;  // a second order of the same customer
      s = c + 1;
      ++active[static_cast<size_t>(cell)];
    }
  }

  // Revenue: every amount, purchases and refunds alike, summed in 128 bits
  // so no data set overflows silently.
  std::vector<__int128> revenue(total_cells, 0);
  auto add = [&](CustomerIndex c, Time t, Money value) {
    int64_t cell = cell_of(c, t);
    if (cell >= 0) revenue[static_cast<size_t>(cell)] += value.units;
  };
  for (size_t i = 0; i < table.order_count(); ++i) {
    add(table.order_customer[i], table.order_time[i], table.order_value[i]);
  }
  // Every amount dated in a cell's period counts there (docs/cli.md), also
  // one earlier in that period than the first order, as report counts it
  // in the period's revenue; one in a period before the cohort's has no
  // cell.
  for (size_t i = 0; i < table.amount_count(); ++i) {
    add(table.amount_customer[i], table.amount_time[i], table.amount_value[i]);
  }

  std::vector<Cohort> result(static_cast<size_t>(cohort_count));
  for (int64_t k = 0; k < cohort_count; ++k) {
    Cohort& cohort = result[static_cast<size_t>(k)];
    CivilDate start = AddUnits(unit, first_start, k);
    cohort.period = PeriodOf(unit, start);
    cohort.size = size[static_cast<size_t>(k)];
    const int64_t cells = cell_base[k + 1] - cell_base[k];
    cohort.cells.resize(static_cast<size_t>(cells));
    const __int128 revenue0 = cells > 0 ? revenue[static_cast<size_t>(cell_base[k])] : 0;
    __int128 cumulative = 0;
    for (int64_t j = 0; j < cells; ++j) {
      const auto index = static_cast<size_t>(cell_base[k] + j);
      CohortCell& cell = cohort.cells[static_cast<size_t>(j)];
      cell.offset = static_cast<int>(j);
      cell.period = PeriodOf(unit, AddUnits(unit, start, j));
      cell.customers_active = active[index];
      cumulative += revenue[index];
      if (!FitsInt64(revenue[index]) || !FitsInt64(cumulative)) {
        throw DataError(Location{}, "the revenue of cohort " + cohort.period.label + " in " +
                                        cell.period.label +
                                        " is too large to represent exactly (beyond ±9.2e14); "
                                        "check the amount column's unit (cents read as whole "
                                        "units?)");
      }
      cell.revenue = Money{static_cast<int64_t>(revenue[index])};
      // A rate of nothing is null, never 0.
      if (cohort.size > 0) {
        cell.retention =
            static_cast<double>(cell.customers_active) / static_cast<double>(cohort.size);
        cell.cumulative_revenue_per_customer =
            DivideMoney(Money{static_cast<int64_t>(cumulative)}, cohort.size);
      }
      if (revenue0 != 0) {
        // Nothing over a negative start is 0, not the -0 a division gives.
        cell.revenue_retention = revenue[index] == 0 ? 0.0
                                                     : static_cast<double>(revenue[index]) /
                                                           static_cast<double>(revenue0);
      }
    }
  }
  return result;
}

}  // namespace retention
