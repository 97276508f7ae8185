// Predictions over a horizon (CLV, discounting) and the holdout check:
// small cases by hand and the papers' holdout on CDNOW.
#include <catch2/catch.hpp>
#include <cmath>

#include "retention/clv.h"
#include "retention/error.h"
#include "support/cdnow.h"
#include "support/fixtures.h"

using namespace retention;
using fixtures::Cents;
using fixtures::Day;

namespace {

// Two customers who repeat and two who do not; enough for both fits.
fixtures::Orders Small() {
  fixtures::Orders o;
  const int days[][4] = {{0, 10, 30, 50}, {3, 40, 0, 0}, {5, 0, 0, 0}, {8, 0, 0, 0},
                         {1, 7, 60, 0},   {2, 20, 0, 0}, {4, 0, 0, 0}};
  for (int c = 0; c < 7; ++c) {
    std::string id = "C" + std::to_string(c);
    for (int k = 0; k < 4; ++k) {
      if (k > 0 && days[c][k] == 0) break;
      o.Order(id, Day(2024, 1, 1) + days[c][k] * 86400, Cents(1000 + 250 * c + 100 * k));
    }
  }
  o.Order("C0", Day(2024, 3, 20), Cents(1500));  // holdout
  o.Order("C1", Day(2024, 4, 2), Cents(800));
  return o;
}

}  // namespace

TEST_CASE("CLV is margin x expected spend x discounted expected transactions") {
  fixtures::Orders o = Small();
  RfmOptions rfm;
  rfm.calibration_end = {2024, 3, 10};
  ClvOptions options;
  options.horizon_days = 70;  // ten weeks
  options.margin = 0.3;
  ClvModel m = ComputeClv(o.table, rfm, options);
  REQUIRE(m.customers.size() == 7);
  const BgNbdParams& q = m.bgnbd.params;
  for (size_t i = 0; i < m.customers.size(); ++i) {
    const CustomerRfm& c = m.rfm.customers[i];
    const CustomerClv& p = m.customers[i];
    double x = static_cast<double>(c.frequency);
    CHECK(p.p_alive == Approx(BgNbdProbabilityAlive(q, x, c.recency, c.age)));
    double e = BgNbdExpectedTransactions(q, x, c.recency, c.age, 10);
    CHECK(p.expected_transactions == Approx(e));
    // No discounting: CLV is margin x spend x transactions.
    CHECK(p.clv == Approx(0.3 * p.expected_spend * e));
  }
  CHECK(m.totals.customers == 7);
  CHECK_FALSE(m.holdout);

  // 10% a year, weekly steps: transactions of week k weigh 1.1^(-7k/365.25).
  options.annual_discount_rate = 0.1;
  ClvModel d = ComputeClv(o.table, rfm, options);
  const CustomerRfm& c = d.rfm.customers[0];
  double x = static_cast<double>(c.frequency), det = 0, previous = 0;
  for (int k = 1; k <= 10; ++k) {
    double e = BgNbdExpectedTransactions(d.bgnbd.params, x, c.recency, c.age, k);
    det += (e - previous) * std::pow(1.1, -7.0 * k / 365.25);
    previous = e;
  }
  CHECK(d.customers[0].clv == Approx(0.3 * d.customers[0].expected_spend * det));
  CHECK(d.customers[0].clv < m.customers[0].clv);

  options.horizon_days = 0;
  CHECK_THROWS_AS(ComputeClv(o.table, rfm, options), UsageError);
}

TEST_CASE("the holdout check adds up what it compares") {
  fixtures::Orders o = Small();
  RfmOptions rfm;
  rfm.calibration_end = {2024, 3, 10};
  rfm.holdout_end = CivilDate{2024, 4, 7};  // four weeks
  ClvModel m = ComputeClv(o.table, rfm, ClvOptions{});
  REQUIRE(m.holdout);
  const HoldoutCheck& h = *m.holdout;
  CHECK(h.length == Approx(4));
  CHECK(h.transactions.actual_total == 2);
  CHECK(h.spend.actual_total == Approx(23));
  // Ten calibration weeks back from Mar 10 reach Jan 1, the first day;
  // then the four holdout weeks.
  REQUIRE(h.tracking.size() == 14);
  CHECK(h.tracking[0].units == -9);
  CHECK(h.tracking[9].units == 0);
  CHECK(h.tracking[13].units == 4);
  // Repeats on days 7 and 10 (week -8), 20 (-7), 30 (-5), 40 (-4), 50 (-2),
  // 60 (-1); Mar 20 is in holdout week 2, Apr 2 in week 4.
  const int64_t actual[] = {0, 2, 3, 3, 4, 5, 5, 6, 7, 7, 7, 8, 8, 9};
  for (size_t i = 0; i < 14; ++i) CHECK(h.tracking[i].actual == actual[i]);
  // Predicted: E[X(t)] summed over the customers, t since their first day.
  for (size_t i : {size_t{0}, size_t{4}, size_t{9}, size_t{13}}) {
    const double at = 69 + 7 * h.tracking[i].units;  // days since Jan 1
    double expected = 0;
    for (const CustomerRfm& c : m.rfm.customers) {
      const double t = at - static_cast<double>(c.first_day - m.rfm.customers[0].first_day);
      if (t > 0) expected += BgNbdExpectedTransactionsNew(m.bgnbd.params, t / 7);
    }
    INFO("point " << i);
    CHECK(h.tracking[i].predicted == Approx(expected));
  }
  // At the calibration end that is each customer's E[X(T)].
  double at_end = 0;
  for (const CustomerRfm& c : m.rfm.customers) {
    at_end += BgNbdExpectedTransactionsNew(m.bgnbd.params, c.age);
  }
  CHECK(h.tracking[9].predicted == Approx(at_end));
  double predicted = 0;
  int64_t customers = 0;
  for (const HoldoutFrequencyRow& row : h.by_frequency) {
    if (row.customers == 0) {  // a mean of nobody: none
      CHECK(std::isnan(row.predicted));
      CHECK(std::isnan(row.actual_spend));
      continue;
    }
    predicted += row.predicted * static_cast<double>(row.customers);
    customers += row.customers;
  }
  CHECK(customers == 7);
  CHECK(predicted == Approx(h.transactions.predicted_total));
  CHECK(h.by_frequency.size() == 8);
  CHECK(h.by_frequency[7].or_more);
}

TEST_CASE("CDNOW sample: holdout to 1998-06-30 as in the paper") {
  CDNOW_SAMPLE_OR_SKIP(table);
  RfmOptions rfm;
  rfm.calibration_end = {1997, 9, 30};
  rfm.holdout_end = CivilDate{1998, 6, 30};
  ClvModel m = ComputeClv(table, rfm, ClvOptions{});
  REQUIRE(m.holdout);
  const HoldoutCheck& h = *m.holdout;
  CHECK(h.length == Approx(39));
  // Customers with no repeat in calibration: about 0.23 predicted and
  // actual repeat transactions each over the 39 weeks.
  CHECK(h.by_frequency[0].customers == 1411);
  CHECK(h.by_frequency[0].predicted == Approx(0.23).margin(0.01));
  CHECK(h.by_frequency[0].actual == Approx(0.23).margin(0.01));
  // Every frequency within about a third of a transaction per customer.
  for (const HoldoutFrequencyRow& row : h.by_frequency) {
    INFO("frequency " << row.frequency);
    CHECK(std::abs(row.predicted - row.actual) < 0.5 + 0.1 * row.actual);
  }
  // The paper's figure 4: 0.225 predicted, 0.237 actual at x = 0; the
  // model under-predicts the light repeaters (x = 1, 2) the most.
  CHECK(h.by_frequency[0].predicted == Approx(0.225).margin(5e-4));
  CHECK(h.by_frequency[0].actual == Approx(0.2367).margin(5e-4));
  CHECK(h.transactions.actual_total == 1882);
  CHECK(h.transactions.predicted_total == Approx(1882).epsilon(0.15));
  REQUIRE(h.transactions.correlation);
  CHECK(*h.transactions.correlation > 0.5);
  // The paper's Figure 2: 78 weeks, the first 39 of calibration (the
  // first purchases span 1997's first 12 weeks), the model tracking the
  // actual cumulative repeat transactions through both.
  REQUIRE(h.tracking.size() == 78);
  CHECK(h.tracking[38].units == 0);
  int64_t repeats = 0;
  for (const CustomerRfm& c : m.rfm.customers) repeats += c.frequency;
  CHECK(h.tracking[38].actual == repeats);
  CHECK(h.tracking[77].actual == repeats + 1882);
  CHECK(repeats == 2457);
  // Within 2% at the calibration end, 4% short at week 78 (docs/clv.md).
  CHECK(h.tracking[38].predicted == Approx(2494.0).margin(0.5));
  CHECK(h.tracking[77].predicted == Approx(4160.6).margin(0.5));
  for (size_t i = 1; i < h.tracking.size(); ++i) {
    CHECK(h.tracking[i].predicted >= h.tracking[i - 1].predicted);
    CHECK(h.tracking[i].actual >= h.tracking[i - 1].actual);
  }
}
