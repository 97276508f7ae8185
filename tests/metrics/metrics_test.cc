// Pins every definition of docs/metrics.md on small fixtures whose
// figures are worked out by hand in the comments.
//
// Notation: a period is [t0, t1); W is the activity window; a customer is
// active at t when they have an order in [t - W, t). With the default window
// (one period) "active at the start of March" means "ordered in February".
// One file for the contract: each test pins one definition, in the order
// of docs/metrics.md, so the whole of it reads in one place.
#include "retention/metrics.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "retention/dates.h"
#include "retention/error.h"
#include "retention/money.h"
#include "retention/orders.h"
#include "retention/period.h"
#include "support/fixtures.h"

using retention::CheckMetricsOptions;
using retention::CivilDate;
using retention::ComputeMetrics;
using retention::CustomerIndex;
using retention::DateFromTime;
using retention::MetricsOptions;
using retention::Money;
using retention::OrderTable;
using retention::Period;
using retention::PeriodMetrics;
using retention::Time;
using retention::TimeFromDate;
using retention::Unit;
using retention::UsageError;
using retention::Window;

namespace {

using fixtures::At;
using fixtures::Cents;
using fixtures::Day;
using fixtures::Month;
using fixtures::Rate;
using fixtures::Show;
using fixtures::Units;
using Table = fixtures::Orders;

MetricsOptions Options() {
  MetricsOptions options;
  options.as_of = CivilDate{2030, 1, 1};  // every test period is over
  return options;
}

PeriodMetrics One(const OrderTable& table, const Period& period,
                  const MetricsOptions& options = Options()) {
  std::vector<PeriodMetrics> result = ComputeMetrics(table, {period}, options);
  REQUIRE(result.size() == 1);
  return result[0];
}

// Every field of two PeriodMetrics is the same.
void CheckSame(const PeriodMetrics& a, const PeriodMetrics& b) {
  INFO("period " << a.period.label << " vs " << b.period.label);
  CHECK(a.period.start == b.period.start);
  CHECK(a.period.end == b.period.end);
  CHECK(a.period.label == b.period.label);
  CHECK(a.window == b.window);
  CHECK(a.partial == b.partial);
  CHECK(a.customers_start == b.customers_start);
  CHECK(a.customers_end == b.customers_end);
  CHECK(a.customers_new == b.customers_new);
  CHECK(a.customers_lost == b.customers_lost);
  CHECK(a.customers_reactivated == b.customers_reactivated);
  CHECK(a.customers_active == b.customers_active);
  CHECK(a.orders == b.orders);
  CHECK(a.revenue.units == b.revenue.units);
  CHECK(a.customers_repeat == b.customers_repeat);
  CHECK(a.customers_returning == b.customers_returning);
  CHECK(Show(a.churn_rate) == Show(b.churn_rate));
  CHECK(Show(a.retention_rate) == Show(b.retention_rate));
  CHECK(Show(a.repeat_rate) == Show(b.repeat_rate));
  CHECK(Show(a.returning_rate) == Show(b.returning_rate));
  CHECK(Show(a.purchase_frequency) == Show(b.purchase_frequency));
  CHECK(Show(a.aov) == Show(b.aov));
  CHECK(Show(a.clv) == Show(b.clv));
  CHECK(Show(a.lifespan) == Show(b.lifespan));
}

// S - L + N + R, which equals E when W is at least one period long.
int64_t Flow(const PeriodMetrics& m) {
  return m.customers_start - m.customers_lost + m.customers_new + m.customers_reactivated;
}

}  // namespace

TEST_CASE("Worked example: S=10, N=4, L=2, E=12 over a quarter") {
  // Q1 2024 with the default window (one quarter): active at t0 means an
  // order in Q4 2023, active at t1 an order in Q1 2024.
  // c0..c9 ordered in Q4 2023 -> S = 10. c0..c7 order again in Q1, c8 and c9
  // do not -> L = 2. n0..n3 first order in Q1 -> N = 4.
  // E = c0..c7 + n0..n3 = 12 = 10 - 2 + 4 + 0.
  // retention = (12 - 4) / 10 = 0.8, churn = 2 / 10 = 0.2.
  // Every order is 10.00: 12 orders in Q1 -> revenue 120.00, aov 10.00,
  // frequency 12 / 12 = 1, lifespan 1 / 0.2 = 5, clv 10 x 1 x 1 x 5 = 50.00.
  Table t;
  for (int i = 0; i < 10; ++i) t.Order("c" + std::to_string(i), Day(2023, 11, 15), Cents(1000));
  for (int i = 0; i < 8; ++i) t.Order("c" + std::to_string(i), Day(2024, 2, 10), Cents(1000));
  for (int i = 0; i < 4; ++i) t.Order("n" + std::to_string(i), Day(2024, 3, 1), Cents(1000));

  Period q1{CivilDate{2024, 1, 1}, CivilDate{2024, 4, 1}, "2024-Q1"};
  PeriodMetrics m = One(t.table, q1);
  CHECK(m.window == Window{Unit::kQuarter, 1});
  CHECK(m.customers_start == 10);
  CHECK(m.customers_new == 4);
  CHECK(m.customers_lost == 2);
  CHECK(m.customers_reactivated == 0);
  CHECK(m.customers_end == 12);
  CHECK(m.customers_active == 12);
  CHECK(m.orders == 12);
  CHECK(m.revenue.units == 1200000);
  CHECK(Rate(m.retention_rate) == Approx(0.8));
  CHECK(Rate(m.churn_rate) == Approx(0.2));
  CHECK(m.customers_returning == 8);
  CHECK(Rate(m.returning_rate) == Approx(8.0 / 12.0));
  CHECK(m.customers_repeat == 0);
  CHECK(Rate(m.repeat_rate) == Approx(0.0));
  CHECK(Rate(m.purchase_frequency) == Approx(1.0));
  CHECK(Units(m.aov) == 100000);
  CHECK(Rate(m.lifespan) == Approx(5.0));
  CHECK(Units(m.clv) == 500000);
}

TEST_CASE("options out of range are usage errors, not figures") {
  Table t;
  t.Order("a", Day(2024, 2, 10), Cents(1000));
  Period feb{CivilDate{2024, 2, 1}, CivilDate{2024, 3, 1}, "2024-02"};
  auto with = [](auto change) {
    MetricsOptions o = Options();
    change(&o);
    return o;
  };
  const MetricsOptions bad[] = {with([](MetricsOptions* o) { o->margin = 5; }),
                                with([](MetricsOptions* o) { o->margin = 0; }),
                                with([](MetricsOptions* o) { o->margin = std::nan(""); }),
                                with([](MetricsOptions* o) { o->lifespan = -1; }),
                                with([](MetricsOptions* o) {
                                  o->window = Window{Unit::kMonth, 0};
                                }),
                                with([](MetricsOptions* o) {
                                  o->window = Window{Unit::kDay, -30};
                                })};
  for (const MetricsOptions& o : bad) {
    CHECK_THROWS_AS(ComputeMetrics(t.table, {feb}, o), UsageError);
    CHECK_THROWS_AS(CheckMetricsOptions(o), UsageError);
  }
  CHECK_NOTHROW(CheckMetricsOptions(Options()));
}

TEST_CASE("Refunds lower revenue but are neither orders nor activity") {
  // March 2024, default window (a month).
  // A: order Feb 10 (50.00), refund Mar 5 (-20.00) -> S; only a refund in
  //    March, so not active at t1 -> L, and not in C.
  // B: first order Mar 10 (30.00), refund Mar 12 (-5.00) -> N, C, E.
  //    A refund on Apr 2 (-3.00) is after t1 and ignored.
  // D: a refund Mar 20 (-1.00) and no order ever -> not N, not C.
  // F: order Jan 15 (not active at t0), refund Mar 25 (-2.00) -> not R.
  // S=1 E=1 N=1 L=1 R=0 C=1 O=1,
  // revenue = -20 + 30 - 5 - 1 - 2 = 2.00 (A's Feb order is not in March).
  Table t;
  t.Order("A", Day(2024, 2, 10), Cents(5000));
  t.Amount("A", Day(2024, 3, 5), Cents(-2000));
  t.Order("B", Day(2024, 3, 10), Cents(3000));
  t.Amount("B", Day(2024, 3, 12), Cents(-500));
  t.Amount("B", Day(2024, 4, 2), Cents(-300));
  t.Amount("D", Day(2024, 3, 20), Cents(-100));
  t.Order("F", Day(2024, 1, 15), Cents(700));
  t.Amount("F", Day(2024, 3, 25), Cents(-200));

  PeriodMetrics m = One(t.table, Month(2024, 3));
  CHECK(m.customers_start == 1);
  CHECK(m.customers_end == 1);
  CHECK(m.customers_new == 1);
  CHECK(m.customers_lost == 1);
  CHECK(m.customers_reactivated == 0);
  CHECK(m.customers_active == 1);
  CHECK(m.orders == 1);
  CHECK(m.revenue.units == 20000);
  CHECK(Units(m.aov) == 20000);  // 2.00 / 1
  CHECK(m.customers_returning == 0);
  CHECK(Rate(m.churn_rate) == Approx(1.0));
  CHECK(Rate(m.retention_rate) == Approx(0.0));  // (1 - 1) / 1

  // February: A's 50.00 order; March's refund is not in it.
  PeriodMetrics feb = One(t.table, Month(2024, 2));
  CHECK(feb.orders == 1);
  CHECK(feb.revenue.units == 500000);
}

TEST_CASE("Orders are counted per order and amounts sum exactly") {
  // March 2024. Lines of one order are merged by the loader; a line booked at
  // another time stays a separate amount of the same order.
  // A: order 1 at Mar 2 10:00 with lines 0.10 (10:00) and 0.20 (11:00);
  //    order 2 at Mar 15 with 0.05.
  // B: order at Mar 31 23:00 with a line 1.00 then, and a line 2.00 booked
  //    Apr 1 01:00 (the order counts in March, the 2.00 in April's revenue).
  // March: O = 3, C = 2, repeat = A -> 1/2, frequency 3/2,
  //   revenue = 0.10 + 0.20 + 0.05 + 1.00 = 1.35 exactly, aov 1.35 / 3 = 0.45.
  // April: no orders; revenue 2.00; S = A, B (ordered in March), E = 0, L = 2.
  Table t;
  t.Order("A", At(2024, 3, 2, 10, 0, 0), Cents(10));
  t.Amount("A", At(2024, 3, 2, 11, 0, 0), Cents(20));
  t.Order("A", Day(2024, 3, 15), Cents(5));
  t.Order("B", At(2024, 3, 31, 23, 0, 0), Cents(100));
  t.Amount("B", At(2024, 4, 1, 1, 0, 0), Cents(200));

  std::vector<PeriodMetrics> ms =
      ComputeMetrics(t.table, {Month(2024, 3), Month(2024, 4)}, Options());
  REQUIRE(ms.size() == 2);
  const PeriodMetrics& mar = ms[0];
  CHECK(mar.period.label == "2024-03");
  CHECK(mar.orders == 3);
  CHECK(mar.customers_active == 2);
  CHECK(mar.customers_repeat == 1);
  CHECK(Rate(mar.repeat_rate) == Approx(0.5));
  CHECK(Rate(mar.purchase_frequency) == Approx(1.5));
  CHECK(mar.revenue.units == 13500);
  CHECK(Units(mar.aov) == 4500);

  const PeriodMetrics& apr = ms[1];
  CHECK(apr.period.label == "2024-04");
  CHECK(apr.orders == 0);
  CHECK(apr.customers_active == 0);
  CHECK(apr.revenue.units == 20000);
  CHECK_FALSE(apr.aov.has_value());
  CHECK_FALSE(apr.purchase_frequency.has_value());
  CHECK_FALSE(apr.repeat_rate.has_value());
  CHECK(apr.customers_start == 2);
  CHECK(apr.customers_end == 0);
  CHECK(apr.customers_lost == 2);

  // 0.10 + 0.20 == 0.30, not 0.30000000000000004.
  Table u;
  u.Order("X", Day(2024, 3, 1), Cents(10));
  u.Amount("X", Day(2024, 3, 2), Cents(20));
  CHECK(One(u.table, Month(2024, 3)).revenue.units == 3000);
  // One order whose 1000 lines of 0.10 were booked at 1000 different times:
  // exactly 100.00, one order.
  Table v;
  v.Order("Y", Day(2024, 3, 1), Cents(10));
  for (int i = 1; i < 1000; ++i) v.Amount("Y", Day(2024, 3, 1) + i, Cents(10));
  PeriodMetrics big = One(v.table, Month(2024, 3));
  CHECK(big.revenue.units == 1000000);
  CHECK(big.orders == 1);
  CHECK(big.customers_active == 1);
}

TEST_CASE("Reactivated customers: E = S - L + N + R and retention above 1") {
  // March 2024, default window.
  // A: Feb 10 and Mar 10 -> S, E.       B: Feb 12 only -> S, L.
  // R1..R3: first order Dec 5 2023, nothing in Feb, an order in March -> R.
  // X: Dec 20 2023 only -> nowhere.
  // S=2, L=1, N=0, R=3, E = A + R1..R3 = 4 = 2 - 1 + 0 + 3.
  // retention = (4 - 0) / 2 = 2.0; churn = 1/2; 1 - churn = 0.5, and
  // retention - (1 - churn) = 1.5 = R / S.
  Table t;
  t.Order("A", Day(2024, 2, 10), Cents(100));
  t.Order("A", Day(2024, 3, 10), Cents(100));
  t.Order("B", Day(2024, 2, 12), Cents(100));
  for (int i = 1; i <= 3; ++i) {
    t.Order("R" + std::to_string(i), Day(2023, 12, 5), Cents(100));
    t.Order("R" + std::to_string(i), Day(2024, 3, 5 + 10 * (i - 1)), Cents(100));
  }
  t.Order("X", Day(2023, 12, 20), Cents(100));

  PeriodMetrics m = One(t.table, Month(2024, 3));
  CHECK(m.window == Window{Unit::kMonth, 1});
  CHECK(m.customers_start == 2);
  CHECK(m.customers_lost == 1);
  CHECK(m.customers_new == 0);
  CHECK(m.customers_reactivated == 3);
  CHECK(m.customers_end == 4);
  CHECK(Flow(m) == m.customers_end);
  CHECK(m.customers_active == 4);
  CHECK(m.customers_returning == 4);
  CHECK(Rate(m.returning_rate) == Approx(1.0));
  CHECK(Rate(m.churn_rate) == Approx(0.5));
  CHECK(Rate(m.retention_rate) == Approx(2.0));
  CHECK(Rate(m.retention_rate) - (1.0 - Rate(m.churn_rate)) == Approx(3.0 / 2.0));
}

TEST_CASE("A period without any data has zero counts and null rates") {
  auto check_empty = [](const PeriodMetrics& m) {
    CHECK(m.customers_start == 0);
    CHECK(m.customers_end == 0);
    CHECK(m.customers_new == 0);
    CHECK(m.customers_lost == 0);
    CHECK(m.customers_reactivated == 0);
    CHECK(m.customers_active == 0);
    CHECK(m.orders == 0);
    CHECK(m.revenue.units == 0);
    CHECK(m.customers_repeat == 0);
    CHECK(m.customers_returning == 0);
    CHECK_FALSE(m.churn_rate.has_value());
    CHECK_FALSE(m.retention_rate.has_value());
    CHECK_FALSE(m.repeat_rate.has_value());
    CHECK_FALSE(m.returning_rate.has_value());
    CHECK_FALSE(m.purchase_frequency.has_value());
    CHECK_FALSE(m.aov.has_value());
    CHECK_FALSE(m.clv.has_value());
    CHECK_FALSE(m.lifespan.has_value());
  };
  SECTION("empty table") { check_empty(One(OrderTable{}, Month(2024, 3))); }
  SECTION("data only after the period") {
    Table t;
    t.Order("A", Day(2024, 4, 1), Cents(1000));
    t.Amount("A", Day(2024, 4, 2), Cents(-500));
    check_empty(One(t.table, Month(2024, 3)));
  }
}

TEST_CASE("A 90-day window keeps customers active across the period") {
  // March 2024 with W = 90d.
  // Active at t0 = Mar 1: an order in [2023-12-02, 2024-03-01).
  // Active at t1 = Apr 1: an order in [2024-01-02, 2024-04-01).
  // A: Jan 1 (60 days before t0)   -> S, not E (Jan 1 < Jan 2) -> L.
  // B: Feb 15 only                 -> S and E without buying in March.
  // D: Nov 1 2023, Mar 10          -> not S (Nov 1 < Dec 2), E -> R.
  // F: first order Mar 20          -> N, E.
  // G: Dec 1 2023 only             -> nowhere (one day before the window).
  // H: Dec 2 2023 only             -> S (window start is included), L.
  // S = A,B,H = 3; E = B,D,F = 3; L = A,H = 2; N = 1; R = 1;
  // 3 - 2 + 1 + 1 = 3 = E. C = D,F = 2, O = 2.
  Table t;
  t.Order("A", Day(2024, 1, 1), Cents(100));
  t.Order("B", Day(2024, 2, 15), Cents(100));
  t.Order("D", Day(2023, 11, 1), Cents(100));
  t.Order("D", Day(2024, 3, 10), Cents(100));
  t.Order("F", Day(2024, 3, 20), Cents(100));
  t.Order("G", Day(2023, 12, 1), Cents(100));
  t.Order("H", Day(2023, 12, 2), Cents(100));

  MetricsOptions options = Options();
  options.window = Window{Unit::kDay, 90};
  PeriodMetrics m = One(t.table, Month(2024, 3), options);
  CHECK(m.window == Window{Unit::kDay, 90});
  CHECK(m.customers_start == 3);
  CHECK(m.customers_end == 3);
  CHECK(m.customers_lost == 2);
  CHECK(m.customers_new == 1);
  CHECK(m.customers_reactivated == 1);
  CHECK(Flow(m) == m.customers_end);
  CHECK(m.customers_active == 2);
  CHECK(m.orders == 2);
  CHECK(Rate(m.churn_rate) == Approx(2.0 / 3.0));
  CHECK(Rate(m.retention_rate) == Approx(2.0 / 3.0));  // (3 - 1) / 3
}

TEST_CASE("A window shorter than the period breaks E = S - L + N + R") {
  // March 2024 with W = 7d.
  // Active at t0 = Mar 1: an order in [Feb 23, Mar 1).
  // Active at t1 = Apr 1: an order in [Mar 25, Apr 1).
  // A: first order Mar 3 only     -> N and C, lapsed again by t1: not E.
  // B: first order Mar 28         -> N, C, E.
  // D: Feb 26, Mar 10             -> S, C, returning, not E -> L.
  // F: Feb 26, Mar 30             -> S, C, returning, E.
  // G: Jan 10, Mar 5              -> C, returning; not S, not E, so not R.
  // S = 2, E = 2, N = 2, L = 1, R = 0, C = 5, O = 5 (the Feb and Jan orders
  // of D, F, G are outside March).
  // S - L + N + R = 2 - 1 + 2 + 0 = 3 != E = 2 (A arrived and lapsed).
  Table t;
  t.Order("A", Day(2024, 3, 3), Cents(100));
  t.Order("B", Day(2024, 3, 28), Cents(100));
  t.Order("D", Day(2024, 2, 26), Cents(100));
  t.Order("D", Day(2024, 3, 10), Cents(100));
  t.Order("F", Day(2024, 2, 26), Cents(100));
  t.Order("F", Day(2024, 3, 30), Cents(100));
  t.Order("G", Day(2024, 1, 10), Cents(100));
  t.Order("G", Day(2024, 3, 5), Cents(100));

  MetricsOptions options = Options();
  options.window = Window{Unit::kDay, 7};
  PeriodMetrics m = One(t.table, Month(2024, 3), options);
  CHECK(m.customers_start == 2);
  CHECK(m.customers_end == 2);
  CHECK(m.customers_new == 2);
  CHECK(m.customers_lost == 1);
  CHECK(m.customers_reactivated == 0);
  CHECK(m.customers_active == 5);
  CHECK(m.orders == 5);
  CHECK(Flow(m) == 3);
  CHECK(Flow(m) != m.customers_end);
  CHECK(m.customers_returning == 3);
  CHECK(Rate(m.returning_rate) == Approx(0.6));
  CHECK(Rate(m.retention_rate) == Approx(0.0));  // (2 - 2) / 2
  CHECK(Rate(m.churn_rate) == Approx(0.5));
}

TEST_CASE("A series equals the periods computed one by one") {
  // 30 customers, orders from mid-2023 to early 2025, some refunds; a simple
  // LCG keeps it deterministic. Expected orders, revenue and new customers per
  // month of 2024 are tallied while generating.
  uint64_t state = 20240301;
  auto next = [&state](int64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int64_t>((state >> 33) % static_cast<uint64_t>(n));
  };
  Table t;
  int64_t orders[12] = {}, revenue[12] = {}, fresh[12] = {};
  auto month_of = [](Time time) {  // 0..11 for 2024, -1 otherwise
    CivilDate d = retention::DateFromTime(time);
    return d.year == 2024 ? d.month - 1 : -1;
  };
  for (int c = 0; c < 30; ++c) {
    std::string id = "cust" + std::to_string(c);
    Time time = Day(2023, 6, 1) + next(500) * retention::kSecondsPerDay;
    if (month_of(time) >= 0) ++fresh[month_of(time)];
    while (time < Day(2025, 2, 1)) {
      Money amount = Cents(1 + next(20000));
      t.Order(id, time, amount);
      if (month_of(time) >= 0) {
        ++orders[month_of(time)];
        revenue[month_of(time)] += amount.units;
      }
      if (next(6) == 0) {  // a partial refund a few days later
        Time when = time + (1 + next(10)) * retention::kSecondsPerDay;
        Money refund{-amount.units / 2};
        t.Amount(id, when, refund);
        if (month_of(when) >= 0) revenue[month_of(when)] += refund.units;
      }
      time += (1 + next(80)) * retention::kSecondsPerDay + next(86400);
    }
  }
  // Rows exactly on month boundaries belong to the month they start.
  t.Order("edge", Day(2024, 5, 1), Cents(1234));
  ++orders[4];
  ++fresh[4];
  revenue[4] += Cents(1234).units;
  t.Amount("edge", Day(2024, 8, 1), Cents(-99));
  revenue[7] -= 9900;

  std::vector<Period> months;
  for (int m = 1; m <= 12; ++m) months.push_back(Month(2024, m));

  // One period is counted apart from a series (one pass over the orders
  // instead of each customer's sorted times): both must agree, also when
  // rows after a day are left out (known_through).
  for (int variant = 0; variant < 3; ++variant) {
    MetricsOptions options = Options();
    if (variant == 1) options.window = Window{Unit::kDay, 90};
    if (variant == 2) options.known_through = CivilDate{2024, 9, 10};
    options.as_of = CivilDate{2024, 7, 15};  // July and later are partial
    INFO("variant " << variant);
    std::vector<PeriodMetrics> series = ComputeMetrics(t.table, months, options);
    REQUIRE(series.size() == 12);
    for (int i = 0; i < 12; ++i) {
      CHECK(series[i].period.label == months[i].label);
      if (variant < 2 || i < 8) {
        CHECK(series[i].orders == orders[i]);
        CHECK(series[i].revenue.units == revenue[i]);
        CHECK(series[i].customers_new == fresh[i]);
      } else if (i > 8) {  // after known_through
        CHECK(series[i].orders == 0);
        CHECK(series[i].revenue.units == 0);
        CHECK(series[i].customers_end == 0);
      } else {
        CHECK(series[i].orders > 0);
        CHECK(series[i].orders < orders[i]);
      }
      CHECK(series[i].partial == (i >= 6));
      CheckSame(series[i], One(t.table, months[i], options));
    }
    // Reversed order, and an overlapping quarter thrown in: each on its own terms.
    std::vector<Period> shuffled(months.rbegin(), months.rend());
    shuffled.push_back(Period{CivilDate{2024, 1, 1}, CivilDate{2024, 4, 1}, "2024-Q1"});
    std::vector<PeriodMetrics> again = ComputeMetrics(t.table, shuffled, options);
    REQUIRE(again.size() == 13);
    for (int i = 0; i < 12; ++i) CheckSame(again[i], series[11 - i]);
    CheckSame(again[12], One(t.table, shuffled[12], options));
    CHECK(again[12].orders == orders[0] + orders[1] + orders[2]);
  }
}

TEST_CASE("Rates: repeat, returning, frequency, aov and clv") {
  // March 2024, default window.
  // A: Feb 5; Mar 2 (5.00), Mar 9 (15.00)    -> S, E, C, repeat, returning.
  // B: first Mar 3, 4, 5 (10.00 each)       -> N, E, C, repeat.
  // D: Feb 10 only                          -> S, L.
  // F: first Mar 20 (12.00)                 -> N, E, C.
  // G: Feb 20; Mar 25 (8.00)                -> S, E, C, returning.
  // S=3 E=4 N=2 L=1 R=0 (3 - 1 + 2 + 0 = 4), C=4, O=7, revenue 70.00.
  // churn 1/3, retention (4 - 2)/3, repeat 2/4, returning 2/4,
  // frequency 7/4 = 1.75, aov 70.00 / 7 = 10.00, lifespan 1 / (1/3) = 3,
  // clv = 10.00 x 1.75 x 1 x 3 = 52.50.
  Table t;
  t.Order("A", Day(2024, 2, 5), Cents(9900));
  t.Order("A", Day(2024, 3, 2), Cents(500));
  t.Order("A", Day(2024, 3, 9), Cents(1500));
  for (int d = 3; d <= 5; ++d) t.Order("B", Day(2024, 3, d), Cents(1000));
  t.Order("D", Day(2024, 2, 10), Cents(10000));
  t.Order("F", Day(2024, 3, 20), Cents(1200));
  t.Order("G", Day(2024, 2, 20), Cents(4200));
  t.Order("G", Day(2024, 3, 25), Cents(800));

  MetricsOptions options = Options();
  PeriodMetrics m = One(t.table, Month(2024, 3), options);
  CHECK(m.customers_start == 3);
  CHECK(m.customers_end == 4);
  CHECK(m.customers_new == 2);
  CHECK(m.customers_lost == 1);
  CHECK(m.customers_active == 4);
  CHECK(m.orders == 7);
  CHECK(m.revenue.units == 700000);
  CHECK(m.customers_repeat == 2);
  CHECK(m.customers_returning == 2);
  CHECK(Rate(m.churn_rate) == Approx(1.0 / 3.0));
  CHECK(Rate(m.retention_rate) == Approx(2.0 / 3.0));
  CHECK(Rate(m.repeat_rate) == Approx(0.5));
  CHECK(Rate(m.returning_rate) == Approx(0.5));
  CHECK(Rate(m.purchase_frequency) == Approx(1.75));
  CHECK(Units(m.aov) == 100000);
  CHECK(Rate(m.lifespan) == Approx(3.0));
  CHECK(Units(m.clv) == 525000);

  SECTION("margin 0.3: 10.00 x 1.75 x 0.3 x 3 = 15.75") {
    options.margin = 0.3;
    CHECK(Units(One(t.table, Month(2024, 3), options).clv) == 157500);
  }
  SECTION("margin 0.3 and lifespan 5: 10.00 x 1.75 x 0.3 x 5 = 26.25") {
    options.margin = 0.3;
    options.lifespan = 5.0;
    PeriodMetrics o = One(t.table, Month(2024, 3), options);
    CHECK(Rate(o.lifespan) == Approx(5.0));
    CHECK(Units(o.clv) == 262500);
  }
}

TEST_CASE("clv is the exact product rounded, half away from zero") {
  // March 2024: A..E ordered in February (S = 5); only A orders in March,
  // 12.35 (C = 1, L = 4, lifespan 5 / 4 = 1.25). Products of doubles land
  // just below each half below (46312, 108062).
  Table t;
  for (const char* id : {"A", "B", "C", "D", "E"}) t.Order(id, Day(2024, 2, 10), Cents(100));
  t.Order("A", Day(2024, 3, 10), Cents(1235));
  MetricsOptions options = Options();
  options.margin = 0.3;
  SECTION("12.35 x 0.3 x 5 / 4 = 4.63125 -> 4.6313") {
    PeriodMetrics m = One(t.table, Month(2024, 3), options);
    REQUIRE(m.customers_start == 5);
    REQUIRE(m.customers_lost == 4);
    CHECK(Units(m.clv) == 46313);
  }
  SECTION("a given lifespan: 12.35 x 0.35 x 2.5 = 10.80625 -> 10.8063") {
    options.margin = 0.35;
    options.lifespan = 2.5;
    CHECK(Units(One(t.table, Month(2024, 3), options).clv) == 108063);
  }
  SECTION("a margin of more decimals than 128 bits hold falls back to long double") {
    options.margin = 1e-40;  // 40 decimals: the fraction's denominator would overflow
    CHECK(Units(One(t.table, Month(2024, 3), options).clv) == 0);
    options.margin = 0.123456789012345678;
    CHECK(Units(One(t.table, Month(2024, 3), options).clv) == 19059);  // 12.35 x 1.25 x m
  }
  SECTION("refunds: -12.35 x 0.3 x 5 / 4 = -4.63125 -> -4.6313") {
    t.Order("A", Day(2024, 3, 11), Cents(-2470));
    CHECK(Units(One(t.table, Month(2024, 3), options).clv) == -46313);
  }
}

TEST_CASE("aov is rounded to 1/10000 and clv needs a finite lifespan") {
  // One customer, active in February and March, so S = 1, L = 0: churn 0.
  Table t;
  t.Order("A", Day(2024, 2, 1), Cents(100));
  SECTION("10.00 over 3 orders -> 3.3333; 20.00 over 3 -> 6.6667") {
    for (int d = 1; d <= 3; ++d) t.Order("A", Day(2024, 3, d), Cents(d == 3 ? 334 : 333));
    PeriodMetrics m = One(t.table, Month(2024, 3));
    CHECK(m.revenue.units == 100000);
    CHECK(Units(m.aov) == 33333);
    t.Order("B", Day(2024, 4, 1), Cents(500));  // April: B alone, 20.00 / 3
    t.Order("B", Day(2024, 4, 2), Cents(500));
    t.Order("B", Day(2024, 4, 3), Cents(1000));
    CHECK(Units(One(t.table, Month(2024, 4)).aov) == 66667);
  }
  SECTION("churn 0: lifespan infinite, clv null unless a lifespan is given") {
    // March: S = 1 (A ordered in Feb), A orders again -> L = 0, churn 0.
    // aov 4.00, frequency 1, lifespan 5 -> clv 20.00.
    t.Order("A", Day(2024, 3, 10), Cents(400));
    MetricsOptions options = Options();
    PeriodMetrics m = One(t.table, Month(2024, 3), options);
    CHECK(Rate(m.churn_rate) == Approx(0.0));
    CHECK_FALSE(m.clv.has_value());
    CHECK_FALSE(m.lifespan.has_value());  // 1 / 0 is not a lifespan
    options.lifespan = 5.0;
    CHECK(Units(One(t.table, Month(2024, 3), options).clv) == 200000);
  }
  SECTION("S = 0: churn and lifespan unknown, clv null unless given") {
    // January: no one active at t0; B is new with one order of 6.00.
    t.Order("B", Day(2024, 1, 10), Cents(600));
    MetricsOptions options = Options();
    PeriodMetrics m = One(t.table, Month(2024, 1), options);
    CHECK(m.customers_new == 1);
    CHECK_FALSE(m.churn_rate.has_value());
    CHECK_FALSE(m.retention_rate.has_value());
    CHECK_FALSE(m.lifespan.has_value());
    CHECK_FALSE(m.clv.has_value());
    CHECK(Units(m.aov) == 60000);
    options.lifespan = 2.0;  // 6.00 x 1 x 1 x 2
    CHECK(Units(One(t.table, Month(2024, 1), options).clv) == 120000);
  }
}

TEST_CASE("A period not over on as_of is partial") {
  Table t;
  t.Order("A", Day(2024, 3, 10), Cents(100));
  MetricsOptions options = Options();
  options.as_of = CivilDate{2024, 3, 31};  // March ends Apr 1, after as_of
  std::vector<PeriodMetrics> ms =
      ComputeMetrics(t.table, {Month(2024, 2), Month(2024, 3)}, options);
  REQUIRE(ms.size() == 2);
  CHECK_FALSE(ms[0].partial);
  CHECK(ms[1].partial);
  options.as_of = CivilDate{2024, 3, 1};  // the first day of March
  CHECK(One(t.table, Month(2024, 3), options).partial);
  options.as_of = CivilDate{2024, 4, 1};  // March ends on as_of: complete
  CHECK_FALSE(One(t.table, Month(2024, 3), options).partial);
  // Partial changes no figure.
  CHECK(One(t.table, Month(2024, 3), options).orders == 1);
}

TEST_CASE("Rows after the period are ignored, history before it is not") {
  // March 2024. A: first order Jan 10, Mar 5 -> C, returning, not new.
  // B: first order Mar 15 -> N. Later rows (A in April and May, B in April,
  // a new customer Z in April, refunds in April) change nothing for March.
  Table t;
  t.Order("A", Day(2024, 1, 10), Cents(100));
  t.Order("A", Day(2024, 3, 5), Cents(200));
  t.Order("B", Day(2024, 3, 15), Cents(300));
  PeriodMetrics before = One(t.table, Month(2024, 3));
  CHECK(before.customers_new == 1);
  CHECK(before.customers_returning == 1);
  CHECK(before.customers_active == 2);
  CHECK(before.orders == 2);
  CHECK(before.revenue.units == 50000);
  CHECK(before.customers_end == 2);

  t.Order("A", Day(2024, 4, 10), Cents(1000));
  t.Order("A", Day(2024, 5, 10), Cents(1000));
  t.Order("B", Day(2024, 4, 1), Cents(1000));  // exactly t1: not in March
  t.Amount("B", Day(2024, 4, 3), Cents(-300));
  t.Order("Z", Day(2024, 4, 2), Cents(1000));
  CheckSame(One(t.table, Month(2024, 3)), before);
}

TEST_CASE("Times within a day and the window boundary") {
  SECTION("23:59:59 on Mar 31 is March, 00:00:00 on Apr 1 is April") {
    Table t;
    t.Order("A", At(2024, 3, 31, 23, 59, 59), Cents(100));
    t.Order("B", At(2024, 4, 1, 0, 0, 0), Cents(200));
    std::vector<PeriodMetrics> ms =
        ComputeMetrics(t.table, {Month(2024, 3), Month(2024, 4)}, Options());
    REQUIRE(ms.size() == 2);
    CHECK(ms[0].orders == 1);
    CHECK(ms[0].customers_active == 1);
    CHECK(ms[0].revenue.units == 10000);
    CHECK(ms[1].orders == 1);
    CHECK(ms[1].customers_new == 1);
    CHECK(ms[1].revenue.units == 20000);
    CHECK(ms[1].customers_start == 1);  // A ordered in March
  }
  SECTION("a 1-month window at Mar 1 reaches back to Feb 1 00:00:00 exactly") {
    // Active at t0 = Mar 1: an order in [Feb 1 00:00:00, Mar 1 00:00:00).
    // P: Feb 1 00:00:00 -> active at t0 (t0 - W = Feb 1 is included); no order
    //    in March -> L.
    // Q: Jan 31 23:59:59 -> not active at t0.
    // V: first order Mar 1 00:00:00 -> not active at t0 (t0 excluded), N, E.
    // U: Mar 31 23:59:59 first order -> N, E (active at Apr 1).
    // S = 1, E = 2, N = 2, L = 1, R = 0.
    Table t;
    t.Order("P", At(2024, 2, 1, 0, 0, 0), Cents(100));
    t.Order("Q", At(2024, 1, 31, 23, 59, 59), Cents(100));
    t.Order("V", At(2024, 3, 1, 0, 0, 0), Cents(100));
    t.Order("U", At(2024, 3, 31, 23, 59, 59), Cents(100));
    PeriodMetrics m = One(t.table, Month(2024, 3));
    CHECK(m.customers_start == 1);
    CHECK(m.customers_end == 2);
    CHECK(m.customers_new == 2);
    CHECK(m.customers_lost == 1);
    CHECK(m.customers_reactivated == 0);
    CHECK(Flow(m) == m.customers_end);
    // February: P is new and ordered in February, so it is active at Mar 1.
    PeriodMetrics feb = One(t.table, Month(2024, 2));
    CHECK(feb.customers_end == 1);
    CHECK(feb.customers_start == 1);  // Q, on Jan 31, is active at Feb 1
  }
}

TEST_CASE("a table large enough to count in ranges gives the sum of its parts") {
  // 600,000 customers are counted in ranges of customers, on separate
  // threads when the machine has more than one core; three tables of
  // 200,000 each are counted in one pass. Every count of the whole must be the sum of the
  // counts of the parts, period by period.
  constexpr int kCustomers = 600000, kParts = 3;
  std::vector<OrderTable> parts(kParts);
  OrderTable whole;
  // Revenue by month from January 2023, summed here: the reference for
  // the parallel sums.
  std::vector<int64_t> expected_revenue(40, 0);
  auto MonthIndex = [](Time t) {
    CivilDate d = DateFromTime(t);
    return static_cast<size_t>((d.year - 2023) * 12 + d.month - 1);
  };
  uint64_t state = 7;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  for (int c = 0; c < kCustomers; ++c) {
    OrderTable& part = parts[static_cast<size_t>(c / (kCustomers / kParts))];
    auto local = static_cast<CustomerIndex>(part.customers.size());
    part.customers.push_back(std::to_string(c));
    whole.customers.push_back(std::to_string(c));
    int orders = 1 + static_cast<int>(next() % 4);
    for (int o = 0; o < orders; ++o) {
      Time t = Day(2023, 1, 1) + static_cast<Time>(next() % (730 * 86400));
      Money value = Cents(100 + static_cast<int64_t>(next() % 900));
      for (OrderTable* table : {&part, &whole}) {
        CustomerIndex who = table == &whole ? static_cast<CustomerIndex>(c) : local;
        table->order_customer.push_back(who);
        table->order_time.push_back(t);
        table->order_value.push_back(value);
      }
      expected_revenue[MonthIndex(t)] += value.units;
      if (next() % 8 == 0) {  // a refund, dated later
        Time refund = t + static_cast<Time>(next() % (60 * 86400));
        for (OrderTable* table : {&part, &whole}) {
          CustomerIndex who = table == &whole ? static_cast<CustomerIndex>(c) : local;
          table->amount_customer.push_back(who);
          table->amount_time.push_back(refund);
          table->amount_value.push_back(Cents(-100));
        }
        expected_revenue[MonthIndex(refund)] -= 10000;
      }
    }
  }
  std::vector<Period> months;
  for (int m = 1; m <= 12; ++m) months.push_back(Month(2024, m));
  std::vector<PeriodMetrics> total = ComputeMetrics(whole, months, Options());
  std::vector<PeriodMetrics> sum(months.size());
  for (const OrderTable& part : parts) {
    std::vector<PeriodMetrics> counted = ComputeMetrics(part, months, Options());
    for (size_t p = 0; p < months.size(); ++p) {
      sum[p].customers_start += counted[p].customers_start;
      sum[p].customers_end += counted[p].customers_end;
      sum[p].customers_new += counted[p].customers_new;
      sum[p].customers_lost += counted[p].customers_lost;
      sum[p].customers_reactivated += counted[p].customers_reactivated;
      sum[p].customers_active += counted[p].customers_active;
      sum[p].customers_repeat += counted[p].customers_repeat;
      sum[p].customers_returning += counted[p].customers_returning;
      sum[p].orders += counted[p].orders;
      sum[p].revenue.units += counted[p].revenue.units;
    }
  }
  for (size_t p = 0; p < months.size(); ++p) {
    INFO(months[p].label);
    CHECK(total[p].customers_start == sum[p].customers_start);
    CHECK(total[p].customers_end == sum[p].customers_end);
    CHECK(total[p].customers_new == sum[p].customers_new);
    CHECK(total[p].customers_lost == sum[p].customers_lost);
    CHECK(total[p].customers_reactivated == sum[p].customers_reactivated);
    CHECK(total[p].customers_active == sum[p].customers_active);
    CHECK(total[p].customers_repeat == sum[p].customers_repeat);
    CHECK(total[p].customers_returning == sum[p].customers_returning);
    CHECK(total[p].orders == sum[p].orders);
    CHECK(total[p].revenue.units == sum[p].revenue.units);
    CHECK(total[p].revenue.units == expected_revenue[12 + p]);  // 2024
    CHECK(total[p].customers_start > 10000);                    // the fixture is not empty
    // Counted alone, the month takes the one-pass path; customers' orders
    // come in no particular order of time here.
    CheckSame(total[p], ComputeMetrics(whole, {months[p]}, Options())[0]);
  }
}
