// The fits and predictions on many customers: the same figures on one
// thread and on several, and the terms shared by customers with equal
// (x, T) equal to each customer's own formula.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <string>

#include "retention/clv.h"
#include "retention/error.h"
#include "support/many_customers.h"

using namespace retention;

namespace {

ClvModel Model(const fixtures::Orders& o, int threads) {
  RfmOptions rfm;
  rfm.calibration_end = {2024, 9, 30};
  rfm.holdout_end = CivilDate{2024, 12, 31};
  ClvOptions options;
  options.horizon_days = 182;  // 26 weeks
  options.annual_discount_rate = 0.1;
  options.threads = threads;
  return ComputeClv(o.table, rfm, options);
}

}  // namespace

TEST_CASE("fits and predictions are the same on one thread and on three") {
  fixtures::Orders o = fixtures::ManyCustomers(120000);
  // Refunds apart from their orders, some of them before the customer's
  // first order and some in the holdout: the summary adds them by
  // customer on every thread.
  for (int c = 0; c < 120000; c += 7) {
    o.Amount("cus_" + std::to_string(c), fixtures::Day(2023, 1, 1) + (c % 700) * 86400,
             fixtures::Cents(-(100 + c % 400)));
  }
  const ClvModel one = Model(o, 1), three = Model(o, 3);
  CHECK(one.rfm.amounts_without_transaction > 0);
  CHECK(one.rfm.amounts_without_transaction == three.rfm.amounts_without_transaction);
  REQUIRE(one.rfm.customers.size() == three.rfm.customers.size());
  size_t summaries_differ = 0;
  for (size_t i = 0; i < one.rfm.customers.size(); ++i) {
    const CustomerRfm &a = one.rfm.customers[i], &b = three.rfm.customers[i];
    summaries_differ +=
        a.customer != b.customer || a.frequency != b.frequency || a.first_day != b.first_day ||
        a.last_day != b.last_day || a.repeat_value != b.repeat_value || a.monetary != b.monetary ||
        a.holdout_transactions != b.holdout_transactions || a.holdout_value != b.holdout_value;
  }
  CHECK(summaries_differ == 0);
  // Several chunks (16,384 summaries each) for both fits, so the threads
  // really share the work.
  REQUIRE(one.bgnbd.distinct_summaries > 3 * 16384);
  REQUIRE(one.gamma_gamma.customers_used > 2 * 16384);
  const BgNbdParams &p1 = one.bgnbd.params, &p3 = three.bgnbd.params;
  CHECK(p1.r == p3.r);
  CHECK(p1.alpha == p3.alpha);
  CHECK(p1.a == p3.a);
  CHECK(p1.b == p3.b);
  CHECK(one.bgnbd.fit.log_likelihood == three.bgnbd.fit.log_likelihood);
  CHECK(one.bgnbd.fit.iterations == three.bgnbd.fit.iterations);
  const GammaGammaParams &g1 = one.gamma_gamma.params, &g3 = three.gamma_gamma.params;
  CHECK(g1.p == g3.p);
  CHECK(g1.q == g3.q);
  CHECK(g1.v == g3.v);
  CHECK(one.gamma_gamma.fit.log_likelihood == three.gamma_gamma.fit.log_likelihood);
  REQUIRE(one.customers.size() == three.customers.size());
  size_t differ = 0;
  for (size_t i = 0; i < one.customers.size(); ++i) {
    const CustomerClv &a = one.customers[i], &b = three.customers[i];
    differ += a.customer != b.customer || a.p_alive != b.p_alive ||
              a.expected_transactions != b.expected_transactions ||
              a.expected_spend != b.expected_spend || a.clv != b.clv;
  }
  CHECK(differ == 0);
  CHECK(one.totals.clv == three.totals.clv);
  CHECK(one.totals.expected_revenue == three.totals.expected_revenue);
  REQUIRE(one.holdout);
  REQUIRE(three.holdout);
  CHECK(one.holdout->transactions.predicted_total == three.holdout->transactions.predicted_total);
}

namespace {

// Each customer's predictions against the formulas for that customer alone.
void CheckEachCustomer(const ClvModel& m) {
  const BgNbdParams& q = m.bgnbd.params;
  const double horizon = 26, per_unit = std::pow(1.1, 7 / 365.25) - 1;
  int checked = 0;
  for (size_t i = 0; i < m.customers.size(); i += 41) {
    const CustomerRfm& c = m.rfm.customers[i];
    const CustomerClv& p = m.customers[i];
    const double x = static_cast<double>(c.frequency);
    CHECK(p.p_alive == Approx(BgNbdProbabilityAlive(q, x, c.recency, c.age)).epsilon(1e-13));
    double previous = 0, discounted = 0;
    for (int k = 1; k <= 26; ++k) {
      double e = BgNbdExpectedTransactions(q, x, c.recency, c.age, k);
      discounted += (e - previous) / std::pow(1 + per_unit, k);
      previous = e;
    }
    CHECK(p.expected_transactions ==
          Approx(BgNbdExpectedTransactions(q, x, c.recency, c.age, horizon)).epsilon(1e-12));
    CHECK(p.clv == Approx(p.expected_spend * discounted).epsilon(1e-12));
    ++checked;
  }
  CHECK(checked > 400);
}

}  // namespace

TEST_CASE("predictions shared by equal (x, T) are each customer's own") {
  CheckEachCustomer(Model(fixtures::ManyCustomers(20000, 5), 0));
}

TEST_CASE("first days a century apart, or before 1970: the same formulas, unshared") {
  // Over 2^15 days of first days, predictions are made summary by summary.
  RfmOptions rfm;
  rfm.calibration_end = {2024, 9, 30};
  ClvOptions options;
  options.horizon_days = 182;
  options.annual_discount_rate = 0.1;
  const fixtures::Orders century =
      fixtures::ManyCustomers(20000, 6, fixtures::Day(1920, 1, 1), 38000);
  const ClvModel spread = ComputeClv(century.table, rfm, options);
  CheckEachCustomer(spread);
  // Days before 1970 are negative numbers.
  rfm.calibration_end = {1881, 9, 30};
  const fixtures::Orders old = fixtures::ManyCustomers(20000, 7, fixtures::Day(1880, 1, 1), 600);
  CheckEachCustomer(ComputeClv(old.table, rfm, options));
}

TEST_CASE("a discounted horizon of centuries stops where later weeks add nothing") {
  // Discounted at 10% a year, weeks past a few centuries are worth under
  // 1e-13 of the sum: stopping there gives the sum over every week.
  RfmSummary rfm;
  rfm.options.calibration_end = {2024, 9, 30};
  for (int64_t x : {0, 2, 40}) {
    CustomerRfm c;
    c.customer = static_cast<CustomerIndex>(rfm.customers.size());
    c.frequency = x;
    c.first_day = 19000;
    c.last_day = 19000 + 10 * x;
    c.recency = static_cast<double>(c.last_day - c.first_day) / 7;
    c.age = 60;
    c.repeat_value = Money{x * 100000};
    c.monetary = 10;
    rfm.customers.push_back(c);
  }
  BgNbdFit bgnbd;
  bgnbd.params = {0.2426, 4.4136, 0.7929, 2.4259};
  GammaGammaFit gamma_gamma;
  gamma_gamma.params = {6.25, 3.74, 15.44};
  ClvOptions options;
  options.horizon_days = 1000 * 365.25;
  options.annual_discount_rate = 0.1;
  ClvTotals totals;
  const std::vector<CustomerClv> got = PredictClv(rfm, bgnbd, gamma_gamma, options, &totals);
  const double per_unit = std::pow(1.1, 7 / 365.25) - 1;
  const int weeks = static_cast<int>(std::ceil(options.horizon_days / 7));
  REQUIRE(got.size() == 3);
  for (size_t i = 0; i < got.size(); ++i) {
    const CustomerRfm& c = rfm.customers[i];
    const double x = static_cast<double>(c.frequency);
    double previous = 0, discounted = 0;
    for (int k = 1; k <= weeks; ++k) {
      const double e = BgNbdExpectedTransactions(bgnbd.params, x, c.recency, c.age,
                                                 std::min<double>(k, options.horizon_days / 7));
      discounted += (e - previous) / std::pow(1 + per_unit, k);
      previous = e;
    }
    CHECK(std::isfinite(got[i].clv));
    CHECK(got[i].clv == Approx(got[i].expected_spend * discounted).epsilon(1e-11));
  }
}

TEST_CASE("a sum past exact money names the same customer on one thread and on three") {
  // Two customers' spends overflow; the one a single thread meets first
  // is named however many threads share the work: in the amounts apart
  // from orders (the threads split them by customer), the first amount
  // that overflows; in the repeat spend (chunks of 65,536 customers), the
  // first customer, the last of the first chunk, which a thread reaches
  // after another has met the first of the next.
  for (bool amounts : {false, true}) {
    INFO("amounts apart from orders: " << amounts);
    fixtures::Orders o = fixtures::ManyCustomers(100000);
    const Money huge = Money{INT64_MAX / 2 + 1};
    for (const char* id : {"cus_80000", "cus_65535", "cus_65536"}) {
      o.Order(id, fixtures::Day(2023, 1, 1), fixtures::Cents(100));  // the first transaction
      if (amounts) {
        // Both on one day: added to the same transaction.
        o.Amount(id, fixtures::Day(2024, 9, 1), huge);
        o.Amount(id, fixtures::Day(2024, 9, 1), huge);
      } else {
        o.Order(id, fixtures::Day(2024, 9, 1), huge);
        o.Order(id, fixtures::Day(2024, 9, 2), huge);
      }
    }
    const std::string first = amounts ? "cus_80000" : "cus_65535";
    for (int threads : {1, 3}) {
      INFO("threads: " << threads);
      try {
        Model(o, threads);
        FAIL("no error");
      } catch (const DataError& e) {
        CHECK_THAT(e.message(), Catch::Contains("customer \"" + first + "\""));
      }
    }
  }
}
