// Pins the "Cohorts" definitions of docs/metrics.md on small
// fixtures worked out by hand in the comments, and cross-checks every cell
// of generated data against a naive recomputation.
#include "retention/cohorts.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "retention/dates.h"
#include "retention/error.h"
#include "retention/money.h"
#include "retention/orders.h"
#include "retention/period.h"
#include "support/fixtures.h"

using retention::CivilDate;
using retention::Cohort;
using retention::CohortCell;
using retention::CohortOptions;
using retention::ComputeCohorts;
using retention::CustomerIndex;
using retention::DivideMoney;
using retention::Money;
using retention::OrderTable;
using retention::Period;
using retention::PeriodOf;
using retention::Time;
using retention::TimeFromDate;
using retention::Unit;

namespace {

using fixtures::At;
using fixtures::Cents;
using fixtures::Day;
using Table = fixtures::Orders;

CohortOptions Options(Unit unit, CivilDate as_of) {
  CohortOptions o;
  o.unit = unit;
  o.as_of = as_of;
  return o;
}

// Four months of a small shop, reported on 2024-05-01 (April just over).
//
//   a: order Jan 5 (60.00, plus a 40.00 line of the same order on Jan 6),
//      order Jan 20 (20.00), order Mar 3 (50.00), refund Mar 10 (-10.00)
//   b: order Jan 31 23:59:59 (30.00), order Feb 1 (25.00), refund Apr 2 (-5.00)
//   c: order Feb 14 (80.00), order Apr 30 (20.00), order May 2 (999.00)
//   d: refund Feb 10 (-15.00) only: no order, no cohort
//   e: order Mar 5 (10.00), refund Mar 6 (-10.00), order Apr 10 (12.00)
//   f: refund Jan 15 (-7.00) before their first order Feb 20 (40.00)
//   g: order May 1 (5.00): the May cohort, whose month is not over
Table Shop() {
  Table t;
  t.Order("a", At(2024, 1, 5, 10, 0, 0), Cents(6000));
  t.Amount("a", At(2024, 1, 6, 9, 0, 0), Cents(4000));
  t.Order("a", Day(2024, 1, 20), Cents(2000));
  t.Order("a", Day(2024, 3, 3), Cents(5000));
  t.Amount("a", Day(2024, 3, 10), Cents(-1000));
  t.Order("b", At(2024, 1, 31, 23, 59, 59), Cents(3000));
  t.Order("b", Day(2024, 2, 1), Cents(2500));
  t.Amount("b", Day(2024, 4, 2), Cents(-500));
  t.Order("c", Day(2024, 2, 14), Cents(8000));
  t.Order("c", Day(2024, 4, 30), Cents(2000));
  t.Order("c", Day(2024, 5, 2), Cents(99900));
  t.Amount("d", Day(2024, 2, 10), Cents(-1500));
  t.Order("e", Day(2024, 3, 5), Cents(1000));
  t.Amount("e", Day(2024, 3, 6), Cents(-1000));
  t.Order("e", Day(2024, 4, 10), Cents(1200));
  t.Amount("f", Day(2024, 1, 15), Cents(-700));
  t.Order("f", Day(2024, 2, 20), Cents(4000));
  t.Order("g", Day(2024, 5, 1), Cents(500));
  return t;
}

void CheckCell(const CohortCell& cell, int offset, const std::string& label, int64_t active,
               std::optional<double> retention, Money revenue,
               std::optional<double> revenue_retention, std::optional<Money> cumulative) {
  INFO("cell " << offset << " (" << label << ")");
  CHECK(cell.offset == offset);
  CHECK(cell.period.label == label);
  CHECK(cell.customers_active == active);
  REQUIRE(cell.retention.has_value() == retention.has_value());
  if (retention) CHECK(*cell.retention == Approx(*retention));
  CHECK(cell.revenue == revenue);
  REQUIRE(cell.revenue_retention.has_value() == revenue_retention.has_value());
  if (revenue_retention) CHECK(*cell.revenue_retention == Approx(*revenue_retention));
  REQUIRE(cell.cumulative_revenue_per_customer.has_value() == cumulative.has_value());
  if (cumulative) CHECK(*cell.cumulative_revenue_per_customer == *cumulative);
}

}  // namespace

TEST_CASE("cohorts: the hand-worked shop, month by month") {
  auto cohorts = ComputeCohorts(Shop().table, Options(Unit::kMonth, {2024, 5, 1}));
  // From the first order (January) through the month holding as_of (May).
  REQUIRE(cohorts.size() == 5);

  SECTION("January: a and b") {
    const Cohort& jan = cohorts[0];
    CHECK(jan.period.label == "2024-01");
    CHECK(jan.period.start == CivilDate{2024, 1, 1});
    CHECK(jan.period.end == CivilDate{2024, 2, 1});
    CHECK(jan.size == 2);
    // Jan to Apr are over on May 1; May is not.
    REQUIRE(jan.cells.size() == 4);
    // M0: a (two orders, one of them in two lines: counted once) and b.
    // Revenue 60 + 40 + 20 + 30 = 150.00; per customer 75.00.
    CheckCell(jan.cells[0], 0, "2024-01", 2, 1.0, Cents(15000), 1.0, Cents(7500));
    // M1: b ordered Feb 1. Revenue 25.00; cumulative 175 / 2 = 87.50.
    CheckCell(jan.cells[1], 1, "2024-02", 1, 0.5, Cents(2500), 25.0 / 150, Cents(8750));
    // M2: a ordered Mar 3; the refund lowers revenue: 50 - 10 = 40.00.
    CheckCell(jan.cells[2], 2, "2024-03", 1, 0.5, Cents(4000), 40.0 / 150, Cents(10750));
    // M3: only b's refund: not activity, but revenue -5.00.
    CheckCell(jan.cells[3], 3, "2024-04", 0, 0.0, Cents(-500), -5.0 / 150, Cents(10500));
  }
  SECTION("February: c and f; f's earlier refund and c's May order have no cell") {
    const Cohort& feb = cohorts[1];
    CHECK(feb.period.label == "2024-02");
    CHECK(feb.size == 2);
    REQUIRE(feb.cells.size() == 3);
    CheckCell(feb.cells[0], 0, "2024-02", 2, 1.0, Cents(12000), 1.0, Cents(6000));
    CheckCell(feb.cells[1], 1, "2024-03", 0, 0.0, Cents(0), 0.0, Cents(6000));
    CheckCell(feb.cells[2], 2, "2024-04", 1, 0.5, Cents(2000), 20.0 / 120, Cents(7000));
  }
  SECTION("March: e, whose first month nets to 0, so revenue retention is null") {
    const Cohort& mar = cohorts[2];
    CHECK(mar.size == 1);
    REQUIRE(mar.cells.size() == 2);
    CheckCell(mar.cells[0], 0, "2024-03", 1, 1.0, Cents(0), std::nullopt, Cents(0));
    CheckCell(mar.cells[1], 1, "2024-04", 1, 1.0, Cents(1200), std::nullopt, Cents(1200));
  }
  SECTION("April: nobody new, still listed with its cell; rates of nobody are null") {
    const Cohort& apr = cohorts[3];
    CHECK(apr.period.label == "2024-04");
    CHECK(apr.size == 0);
    REQUIRE(apr.cells.size() == 1);
    CheckCell(apr.cells[0], 0, "2024-04", 0, std::nullopt, Cents(0), std::nullopt, std::nullopt);
  }
  SECTION("May: g joined, but May is not over, so no cell yet") {
    const Cohort& may = cohorts[4];
    CHECK(may.period.label == "2024-05");
    CHECK(may.size == 1);
    CHECK(may.cells.empty());
  }
  SECTION("the refund-only customer d is in no cohort") {
    int64_t customers = 0;
    for (const Cohort& c : cohorts) customers += c.size;
    CHECK(customers == 6);  // a b c e f g
  }
}

TEST_CASE("cohorts: only periods over on as_of get a cell") {
  // April 30: April is not over, so every cohort loses its April cell.
  auto cohorts = ComputeCohorts(Shop().table, Options(Unit::kMonth, {2024, 4, 30}));
  REQUIRE(cohorts.size() == 4);  // Jan..Apr: the month holding as_of is the last
  CHECK(cohorts[0].cells.size() == 3);
  CHECK(cohorts[1].cells.size() == 2);
  CHECK(cohorts[2].cells.size() == 1);
  CHECK(cohorts[3].cells.empty());
  CHECK(cohorts[3].size == 0);  // g's May order is after as_of's month
  for (const Cohort& c : cohorts) {
    for (const CohortCell& cell : c.cells) {
      CHECK(TimeFromDate(cell.period.end) <= TimeFromDate(CivilDate{2024, 4, 30}));
    }
  }
  // A period ending on as_of itself is over.
  auto may1 = ComputeCohorts(Shop().table, Options(Unit::kMonth, {2024, 5, 1}));
  CHECK(may1[0].cells.back().period.end == CivilDate{2024, 5, 1});
}

TEST_CASE("cohorts: a customer whose first order is after as_of joins no cohort") {
  // As of January 10th, B (first order on the 20th) was not yet known.
  Table t;
  t.Order("A", Day(2024, 1, 5), Cents(1000));
  t.Order("B", Day(2024, 1, 20), Cents(3000));
  t.Order("A", Day(2024, 2, 5), Cents(1000));
  auto cohorts = ComputeCohorts(t.table, Options(Unit::kMonth, {2024, 1, 10}));
  REQUIRE(cohorts.size() == 1);
  CHECK(cohorts[0].size == 1);
  // With --to past as_of, the later months' cohorts are empty too.
  CohortOptions later = Options(Unit::kMonth, {2024, 1, 31});
  later.to = CivilDate{2024, 2, 29};
  t.Order("C", Day(2024, 2, 10), Cents(500));
  cohorts = ComputeCohorts(t.table, later);
  REQUIRE(cohorts.size() == 2);
  CHECK(cohorts[0].size == 2);  // A and B
  CHECK(cohorts[1].size == 0);  // C's first order is after January 31st
}

TEST_CASE("cohorts: an amount counts in its period's cell, before the first order too") {
  // docs/cli.md: a cell's revenue is every amount dated in its period, as
  // report's revenue of that period is; a period before the cohort's has
  // no cell.
  Table t;
  t.Order("A", At(2024, 1, 10, 12, 0, 0), Cents(5000));
  t.Amount("A", Day(2024, 1, 10), Cents(-1000));  // the same day, before noon
  t.Amount("A", Day(2024, 1, 5), Cents(-500));    // earlier in January
  t.Amount("A", Day(2024, 1, 20), Cents(-200));
  t.Amount("A", Day(2023, 12, 20), Cents(-700));  // December: no cell
  auto cohorts = ComputeCohorts(t.table, Options(Unit::kMonth, {2024, 3, 1}));
  REQUIRE(cohorts.size() == 3);
  REQUIRE(cohorts[0].cells.size() == 2);
  CHECK(cohorts[0].cells[0].revenue.units == Cents(3300).units);
  CHECK(cohorts[0].cells[1].cumulative_revenue_per_customer->units == Cents(3300).units);
}

TEST_CASE("cohorts: cumulative revenue per customer rounds half away from zero") {
  Table t;
  // Three customers in January: 10.00 + 0 + 0; February 10.00 more.
  t.Order("x", Day(2024, 1, 2), Cents(1000));
  t.Order("y", Day(2024, 1, 3), Cents(0));
  t.Order("z", Day(2024, 1, 4), Cents(0));
  t.Order("x", Day(2024, 2, 2), Cents(1000));
  // March: a refund of 20.0001, leaving -0.0001 / 3, which rounds to 0.
  t.Amount("y", Day(2024, 3, 2), Money{-200001});
  auto cohorts = ComputeCohorts(t.table, Options(Unit::kMonth, {2024, 4, 1}));
  REQUIRE(cohorts.size() == 4);
  const auto& cells = cohorts[0].cells;
  REQUIRE(cells.size() == 3);
  CHECK(cells[0].cumulative_revenue_per_customer == Money{33333});  // 3.33333 -> 3.3333
  CHECK(cells[1].cumulative_revenue_per_customer == Money{66667});  // 6.66667 -> 6.6667
  CHECK(cells[2].cumulative_revenue_per_customer == Money{0});      // -0.0000333 -> 0
  CHECK(cells[2].revenue == Money{-200001});
  CHECK(cells[1].customers_active == 1);
  CHECK(*cells[1].retention == Approx(1.0 / 3));

  // Exactly half a unit: 0.0001 / 2 rounds away from zero both ways.
  Table h;
  h.Order("p", Day(2024, 1, 2), Money{1});
  h.Order("q", Day(2024, 1, 2), Money{0});
  h.Amount("p", Day(2024, 2, 2), Money{-2});
  auto half = ComputeCohorts(h.table, Options(Unit::kMonth, {2024, 3, 1}));
  REQUIRE(half[0].cells.size() == 2);
  CHECK(half[0].cells[0].cumulative_revenue_per_customer == Money{1});
  CHECK(half[0].cells[1].cumulative_revenue_per_customer == Money{-1});
}

TEST_CASE("cohorts: quarters") {
  Table t;
  t.Order("p", Day(2024, 2, 10), Cents(1000));
  t.Order("p", Day(2024, 5, 20), Cents(2000));
  t.Order("q", At(2024, 3, 31, 23, 0, 0), Cents(3000));
  t.Order("q", Day(2024, 7, 1), Cents(4000));  // Q3: not over on July 1
  auto cohorts = ComputeCohorts(t.table, Options(Unit::kQuarter, {2024, 7, 1}));
  REQUIRE(cohorts.size() == 3);
  CHECK(cohorts[0].period.label == "2024-Q1");
  CHECK(cohorts[0].size == 2);
  REQUIRE(cohorts[0].cells.size() == 2);
  CheckCell(cohorts[0].cells[0], 0, "2024-Q1", 2, 1.0, Cents(4000), 1.0, Cents(2000));
  CheckCell(cohorts[0].cells[1], 1, "2024-Q2", 1, 0.5, Cents(2000), 0.5, Cents(3000));
  CHECK(cohorts[0].cells[1].period.start == CivilDate{2024, 4, 1});
  CHECK(cohorts[0].cells[1].period.end == CivilDate{2024, 7, 1});
  CHECK(cohorts[1].period.label == "2024-Q2");
  CHECK(cohorts[1].size == 0);
  CHECK(cohorts[1].cells.size() == 1);
  CHECK(cohorts[2].period.label == "2024-Q3");
  CHECK(cohorts[2].cells.empty());
}

TEST_CASE("cohorts: ISO weeks across a year boundary") {
  Table t;
  t.Order("w1", Day(2024, 12, 29), Cents(1000));  // Sunday: 2024-W52
  t.Order("w1", Day(2024, 12, 30), Cents(1000));  // Monday: 2025-W01
  t.Order("w1", Day(2025, 1, 7), Cents(1000));    // 2025-W02: not over
  t.Order("w2", Day(2024, 12, 31), Cents(500));   // 2025-W01
  auto cohorts = ComputeCohorts(t.table, Options(Unit::kWeek, {2025, 1, 8}));
  REQUIRE(cohorts.size() == 3);
  CHECK(cohorts[0].period.label == "2024-W52");
  CHECK(cohorts[0].period.start == CivilDate{2024, 12, 23});
  CHECK(cohorts[0].size == 1);
  REQUIRE(cohorts[0].cells.size() == 2);
  CheckCell(cohorts[0].cells[0], 0, "2024-W52", 1, 1.0, Cents(1000), 1.0, Cents(1000));
  CheckCell(cohorts[0].cells[1], 1, "2025-W01", 1, 1.0, Cents(1000), 1.0, Cents(2000));
  CHECK(cohorts[1].period.label == "2025-W01");
  CHECK(cohorts[1].size == 1);
  REQUIRE(cohorts[1].cells.size() == 1);
  CheckCell(cohorts[1].cells[0], 0, "2025-W01", 1, 1.0, Cents(500), 1.0, Cents(500));
  CHECK(cohorts[2].period.label == "2025-W02");
  CHECK(cohorts[2].cells.empty());
}

TEST_CASE("cohorts: from and to pick the cohorts, not the cells") {
  Table shop = Shop();
  SECTION("a range inside the data") {
    CohortOptions o = Options(Unit::kMonth, {2024, 5, 1});
    o.from = CivilDate{2024, 2, 15};  // the month holding it: February
    o.to = CivilDate{2024, 3, 1};
    auto cohorts = ComputeCohorts(shop.table, o);
    REQUIRE(cohorts.size() == 2);
    CHECK(cohorts[0].period.label == "2024-02");
    CHECK(cohorts[1].period.label == "2024-03");
    // The February cohort is followed to the end, and January's customers
    // (active in February) are not in it.
    CHECK(cohorts[0].size == 2);
    CHECK(cohorts[0].cells.size() == 3);
    CHECK(cohorts[0].cells[0].customers_active == 2);
    CHECK(cohorts[0].cells[0].revenue == Cents(12000));
  }
  SECTION("a start before the data lists the empty months with cells") {
    CohortOptions o = Options(Unit::kMonth, {2024, 5, 1});
    o.from = CivilDate{2023, 11, 20};
    auto cohorts = ComputeCohorts(shop.table, o);
    REQUIRE(cohorts.size() == 7);  // 2023-11 .. 2024-05
    CHECK(cohorts[0].period.label == "2023-11");
    CHECK(cohorts[0].size == 0);
    REQUIRE(cohorts[0].cells.size() == 6);  // Nov .. Apr
    for (const CohortCell& cell : cohorts[0].cells) {
      CHECK(cell.customers_active == 0);
      CHECK(cell.revenue == Money{0});
      CHECK_FALSE(cell.retention);
      CHECK_FALSE(cell.revenue_retention);
      CHECK_FALSE(cell.cumulative_revenue_per_customer);
    }
    CHECK(cohorts[2].period.label == "2024-01");
    CHECK(cohorts[2].size == 2);
  }
  SECTION("an end after as_of lists cohorts without cells") {
    CohortOptions o = Options(Unit::kMonth, {2024, 5, 1});
    o.to = CivilDate{2024, 7, 31};
    auto cohorts = ComputeCohorts(shop.table, o);
    REQUIRE(cohorts.size() == 7);  // 2024-01 .. 2024-07
    CHECK(cohorts[5].cells.empty());
    CHECK(cohorts[6].period.label == "2024-07");
    CHECK(cohorts[6].size == 0);
  }
  SECTION("an end before the start is a usage error") {
    CohortOptions o = Options(Unit::kMonth, {2024, 5, 1});
    o.from = CivilDate{2024, 3, 1};
    o.to = CivilDate{2024, 2, 29};
    CHECK_THROWS_AS(ComputeCohorts(shop.table, o), retention::UsageError);
    o.to = CivilDate{2024, 3, 31};  // the same month is fine
    CHECK(ComputeCohorts(shop.table, o).size() == 1);
  }
}

TEST_CASE("cohorts: no orders, no cohorts") {
  Table empty;
  CHECK(ComputeCohorts(empty.table, Options(Unit::kMonth, {2024, 5, 1})).empty());
  Table refunds;
  refunds.Amount("r", Day(2024, 1, 5), Cents(-100));
  CHECK(ComputeCohorts(refunds.table, Options(Unit::kMonth, {2024, 5, 1})).empty());
  // Data that starts after as_of.
  Table future;
  future.Order("f", Day(2024, 9, 1), Cents(100));
  CHECK(ComputeCohorts(future.table, Options(Unit::kMonth, {2024, 5, 1})).empty());
}

TEST_CASE("cohorts: an absurd range is refused, not allocated") {
  Table shop = Shop();
  CohortOptions o = Options(Unit::kDay, {2024, 5, 1});
  o.from = CivilDate{1900, 1, 1};
  CHECK_THROWS_AS(ComputeCohorts(shop.table, o), retention::UsageError);
}

// ---- brute force ----

namespace {

// Deterministic pseudo-random numbers (a 64-bit LCG).
struct Lcg {
  uint64_t state;
  uint32_t Next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33);
  }
  int64_t Between(int64_t lo, int64_t hi) {  // inclusive
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
};

// About 50 customers over `days` days from 2023-11-01: orders (some with
// extra lines later), refunds (some before the customer's first order),
// and refund-only customers.
OrderTable Generate(uint64_t seed, int days) {
  Lcg rng{seed};
  Table t;
  const Time start = Day(2023, 11, 1);
  auto random_time = [&] { return start + rng.Between(0, int64_t{days} * 86400 - 1); };
  for (int c = 0; c < 50; ++c) {
    std::string id = "c" + std::to_string(c);
    int kind = static_cast<int>(rng.Between(0, 9));
    if (kind == 0) {  // refund-only
      t.Amount(id, random_time(), Money{-rng.Between(1, 500000)});
      continue;
    }
    int orders = static_cast<int>(rng.Between(1, 6));
    for (int o = 0; o < orders; ++o) {
      Time when = random_time();
      t.Order(id, when, Money{rng.Between(0, 2000000)});
      if (rng.Between(0, 3) == 0) {  // a later line of the same order
        t.Amount(id, when + rng.Between(1, 5 * 86400), Money{rng.Between(0, 300000)});
      }
    }
    int refunds = static_cast<int>(rng.Between(0, 2));
    for (int r = 0; r < refunds; ++r) {
      t.Amount(id, random_time(), Money{-rng.Between(1, 1500000)});
    }
  }
  return t.table;
}

// The definitions, literally: for every cohort period and every offset,
// scan all orders and amounts.
std::vector<Cohort> Naive(const OrderTable& table, const CohortOptions& o) {
  std::vector<Cohort> out;
  std::vector<std::optional<Time>> first(table.customers.size());
  std::optional<Time> earliest;
  for (size_t i = 0; i < table.order_count(); ++i) {
    // Orders after as_of were not known that day.
    if (table.order_time[i] >= TimeFromDate(retention::AddDays(o.as_of, 1))) continue;
    auto& f = first[table.order_customer[i]];
    if (!f || table.order_time[i] < *f) f = table.order_time[i];
    if (!earliest || table.order_time[i] < *earliest) earliest = table.order_time[i];
  }
  if (!o.from && !earliest) return out;
  CivilDate from = o.from ? *o.from : retention::DateFromTime(*earliest);
  CivilDate to = o.to ? *o.to : o.as_of;
  for (Period p = PeriodOf(o.unit, from); p.start <= to; p = PeriodOf(o.unit, p.end)) {
    Cohort cohort;
    cohort.period = p;
    std::vector<bool> member(table.customers.size(), false);
    for (size_t c = 0; c < table.customers.size(); ++c) {
      member[c] = first[c] && *first[c] >= TimeFromDate(p.start) && *first[c] < TimeFromDate(p.end);
      cohort.size += member[c];
    }
    int64_t revenue0 = 0, cumulative = 0;
    Period cell_period = p;
    for (int j = 0; TimeFromDate(cell_period.end) <= TimeFromDate(o.as_of);
         ++j, cell_period = PeriodOf(o.unit, cell_period.end)) {
      Time t0 = TimeFromDate(cell_period.start), t1 = TimeFromDate(cell_period.end);
      CohortCell cell;
      cell.offset = j;
      cell.period = cell_period;
      for (size_t c = 0; c < table.customers.size(); ++c) {
        if (!member[c]) continue;
        bool active = false;
        for (size_t i = 0; i < table.order_count(); ++i) {
          active |=
              table.order_customer[i] == c && table.order_time[i] >= t0 && table.order_time[i] < t1;
        }
        cell.customers_active += active;
      }
      for (size_t i = 0; i < table.order_count(); ++i) {
        if (member[table.order_customer[i]] && table.order_time[i] >= t0 &&
            table.order_time[i] < t1) {
          cell.revenue.units += table.order_value[i].units;
        }
      }
      for (size_t i = 0; i < table.amount_count(); ++i) {
        // In the cell's period, before the first order too.
        if (member[table.amount_customer[i]] && table.amount_time[i] >= t0 &&
            table.amount_time[i] < t1) {
          cell.revenue.units += table.amount_value[i].units;
        }
      }
      if (j == 0) revenue0 = cell.revenue.units;
      cumulative += cell.revenue.units;
      if (cohort.size > 0) {
        cell.retention = static_cast<double>(cell.customers_active) / cohort.size;
        cell.cumulative_revenue_per_customer = DivideMoney(Money{cumulative}, cohort.size);
      }
      if (revenue0 != 0) {
        cell.revenue_retention = static_cast<double>(cell.revenue.units) / revenue0;
      }
      cohort.cells.push_back(cell);
    }
    out.push_back(cohort);
  }
  return out;
}

}  // namespace

TEST_CASE("cohorts: every cell of generated data matches a naive recomputation") {
  struct Case {
    Unit unit;
    int days;
    CivilDate as_of;
  };
  const Case cases[] = {
      {Unit::kMonth, 430, {2025, 1, 1}},     {Unit::kMonth, 430, {2024, 7, 17}},
      {Unit::kWeek, 200, {2024, 5, 13}},     {Unit::kWeek, 200, {2024, 3, 7}},
      {Unit::kQuarter, 430, {2024, 12, 31}}, {Unit::kYear, 800, {2026, 1, 1}},
      {Unit::kDay, 40, {2023, 12, 5}},
  };
  for (uint64_t seed : {1u, 7u, 42u}) {
    for (const Case& k : cases) {
      OrderTable table = Generate(seed, k.days);
      std::vector<CohortOptions> variants(2, Options(k.unit, k.as_of));
      variants[1].from = CivilDate{2023, 12, 10};
      variants[1].to = CivilDate{2024, 2, 20};
      for (const CohortOptions& o : variants) {
        INFO("seed " << seed << ", unit " << retention::UnitName(k.unit) << ", as_of "
                     << retention::FormatDate(k.as_of) << ", range " << (o.from ? "set" : "unset"));
        auto fast = ComputeCohorts(table, o);
        auto slow = Naive(table, o);
        REQUIRE(fast.size() == slow.size());
        int64_t members = 0;
        for (size_t k2 = 0; k2 < fast.size(); ++k2) {
          const Cohort& f = fast[k2];
          const Cohort& s = slow[k2];
          INFO("cohort " << s.period.label);
          members += f.size;
          CHECK(f.period.label == s.period.label);
          CHECK(f.period.start == s.period.start);
          CHECK(f.period.end == s.period.end);
          CHECK(f.size == s.size);
          REQUIRE(f.cells.size() == s.cells.size());
          for (size_t j = 0; j < f.cells.size(); ++j) {
            const CohortCell& a = f.cells[j];
            const CohortCell& b = s.cells[j];
            INFO("offset " << j);
            CHECK(a.offset == b.offset);
            CHECK(a.period.label == b.period.label);
            CHECK(a.period.start == b.period.start);
            CHECK(a.customers_active == b.customers_active);
            CHECK(a.retention == b.retention);
            CHECK(a.revenue == b.revenue);
            CHECK(a.revenue_retention == b.revenue_retention);
            CHECK(a.cumulative_revenue_per_customer == b.cumulative_revenue_per_customer);
          }
        }
        if (!o.from) CHECK(members > 0);
      }
    }
  }
}
