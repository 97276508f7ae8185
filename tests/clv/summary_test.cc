// The per-customer summary: same-day orders are one transaction, refunds
// lower the transaction they belong to, windows cut where docs/clv.md says.
#include <catch2/catch.hpp>

#include "retention/clv.h"
#include "retention/error.h"
#include "support/cdnow.h"
#include "support/fixtures.h"

using namespace retention;
using fixtures::Cents;
using fixtures::Day;

namespace {

const CustomerRfm& Find(const RfmSummary& s, const OrderTable& t, const std::string& id) {
  for (const CustomerRfm& c : s.customers) {
    if (t.customers[c.customer] == id) return c;
  }
  FAIL("no summary for " << id);
  throw 0;
}

fixtures::Orders Small() {
  fixtures::Orders o;
  o.Order("A", Day(2024, 1, 1), Cents(1000));
  o.Order("A", fixtures::At(2024, 1, 1, 18, 0, 0), Cents(500));  // same day: one transaction
  o.Order("A", Day(2024, 1, 15), Cents(2000));
  o.Order("A", Day(2024, 1, 29), Cents(3000));
  o.Amount("A", Day(2024, 1, 29), Cents(-500));  // refund on a transaction day
  o.Amount("A", Day(2024, 2, 1), Cents(-200));   // refund later: the last transaction before
  o.Order("A", Day(2024, 2, 13), Cents(700));    // holdout, two orders one day
  o.Order("A", Day(2024, 2, 13), Cents(300));
  o.Amount("A", Day(2024, 2, 14), Cents(-100));  // holdout refund
  o.Order("B", Day(2024, 2, 20), Cents(100));    // first order after the calibration end
  o.Amount("C", Day(2024, 1, 3), Cents(-100));   // refund before any transaction
  o.Order("C", Day(2024, 1, 10), Cents(900));
  return o;
}

}  // namespace

TEST_CASE("frequency, recency, age and monetary value by hand") {
  fixtures::Orders o = Small();
  RfmOptions options;
  options.calibration_end = {2024, 2, 12};
  options.holdout_end = CivilDate{2024, 2, 25};
  RfmSummary s = SummarizeRfm(o.table, options);
  REQUIRE(s.customers.size() == 2);
  const CustomerRfm& a = Find(s, o.table, "A");
  CHECK(a.frequency == 2);                 // Jan 15, Jan 29 (Jan 1 is the first)
  CHECK(a.recency == Approx(4.0));         // 28 days
  CHECK(a.age == Approx(6.0));             // Jan 1 to Feb 12: 42 days
  CHECK(a.repeat_value.units == 43'0000);  // 20 + (30 - 5 - 2)
  CHECK(a.monetary == Approx(21.5));
  CHECK(a.holdout_transactions == 1);      // two orders on Feb 13
  CHECK(a.holdout_value.units == 9'0000);  // 7 + 3 - 1
  const CustomerRfm& c = Find(s, o.table, "C");
  CHECK(c.frequency == 0);
  CHECK(c.age == Approx(33.0 / 7));
  CHECK(c.monetary == 0);
  CHECK(s.customers_after_calibration == 1);  // B
  CHECK(s.amounts_without_transaction == 1);  // C's early refund
  CHECK(s.holdout_length == Approx(13.0 / 7));
  // Weeks counted back from Feb 12: Jan 1, A's first day, is in week -5
  // (Dec 26 to Jan 1), the 1st of 7 calibration weeks; then 2 holdout weeks.
  CHECK(s.calibration_units == 7);
  REQUIRE(s.repeats_by_unit.size() == 9);
  const std::vector<int64_t> repeats = {0, 0, 1, 0, 1, 0, 0, 1, 0};
  CHECK(s.repeats_by_unit == repeats);  // Jan 15, Jan 29; Feb 13 (B is not in the model)
}

TEST_CASE("time units: days and months") {
  fixtures::Orders o = Small();
  RfmOptions options;
  options.calibration_end = {2024, 2, 12};
  options.unit = ClvTimeUnit::kDay;
  RfmSummary days = SummarizeRfm(o.table, options);
  CHECK(Find(days, o.table, "A").recency == 28);
  CHECK(Find(days, o.table, "A").age == 42);
  options.unit = ClvTimeUnit::kMonth;
  RfmSummary months = SummarizeRfm(o.table, options);
  CHECK(Find(months, o.table, "A").age == Approx(42 / 30.4375));
}

TEST_CASE("the calibration end day is included") {
  fixtures::Orders o;
  o.Order("A", Day(2024, 1, 1), Cents(100));
  o.Order("A", fixtures::At(2024, 1, 8, 23, 59, 59), Cents(100));
  o.Order("A", Day(2024, 1, 9), Cents(100));
  RfmOptions options;
  options.calibration_end = {2024, 1, 8};
  options.unit = ClvTimeUnit::kDay;
  RfmSummary s = SummarizeRfm(o.table, options);
  REQUIRE(s.customers.size() == 1);
  CHECK(s.customers[0].frequency == 1);
  CHECK(s.customers[0].recency == 7);
  CHECK(s.customers[0].age == 7);
}

TEST_CASE("bad windows are errors") {
  fixtures::Orders o = Small();
  RfmOptions options;
  options.calibration_end = {2023, 12, 31};  // before every order
  CHECK_THROWS_AS(SummarizeRfm(o.table, options), DataError);
  CHECK_THROWS_WITH(SummarizeRfm(o.table, options),
                    Catch::Contains("first order is on 2024-01-01"));
  options.calibration_end = {2024, 2, 12};
  options.holdout_end = CivilDate{2024, 2, 12};  // not after the calibration end
  CHECK_THROWS_AS(SummarizeRfm(o.table, options), UsageError);
}

TEST_CASE("CDNOW sample: 2,357 customers, ages to 1997-09-30 in weeks") {
  CDNOW_SAMPLE_OR_SKIP(table);
  RfmOptions options;
  options.calibration_end = {1997, 9, 30};
  RfmSummary s = SummarizeRfm(table, options);
  CHECK(s.customers.size() == 2357);
  int64_t repeaters = 0, repeats = 0;
  for (const CustomerRfm& c : s.customers) {
    repeaters += c.frequency > 0;
    repeats += c.frequency;
  }
  // The papers' calibration data: 1,411 customers with no repeat, 2,457
  // repeat transactions.
  CHECK(s.customers.size() - repeaters == 1411);
  CHECK(repeats == 2457);
  CHECK(s.customers[0].age == Approx(38.857).epsilon(1e-4));  // first bought 1997-01-01
}
