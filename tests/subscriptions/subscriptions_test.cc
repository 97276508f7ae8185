// Subscriptions: loading contracts (customer, start, optional end), merging
// them into continuous relationships, and the contractual definition of
// activity in ComputeSubscriptionMetrics.
//
// Notation: a period is [t0, t1); a customer is active at t when one of
// their contracts has start <= t < end (the end is exclusive: a contract
// ending on 2024-04-01 no longer counts at 2024-04-01 00:00).
// One file for the subscription contract, loading to figures.
#include "retention/subscriptions.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "retention/error.h"
#include "retention/metrics.h"
#include "support/fixtures.h"
#include "support/temp_file.h"

using namespace retention;

namespace {

SubscriptionTable LoadText(const std::string& name, const std::string& content,
                           const SubscriptionColumns& columns = SubscriptionColumns(),
                           LoadOptions options = LoadOptions()) {
  TempFile file(name, content);
  return LoadSubscriptions({file.path()}, options, columns);
}

// The error LoadSubscriptions throws (file name without its folder), or
// "no error".
DataError LoadError(const std::string& name, const std::string& content,
                    const SubscriptionColumns& columns = SubscriptionColumns(),
                    LoadOptions options = LoadOptions()) {
  TempFile file(name, content);
  try {
    LoadSubscriptions({file.path()}, options, columns);
  } catch (const DataError& e) {
    return DataError(Location{name, e.where().line, e.where().column}, e.message());
  }
  return DataError(Location{}, "no error");
}

using fixtures::Cents;
using fixtures::Contracts;
using fixtures::Day;
using fixtures::Month;
using fixtures::Orders;
using fixtures::Rate;
using fixtures::Show;
using fixtures::Units;

const Period kQ1{CivilDate{2024, 1, 1}, CivilDate{2024, 4, 1}, "2024-Q1"};

MetricsOptions Options() {
  MetricsOptions options;
  options.as_of = CivilDate{2030, 1, 1};  // every test period is over
  return options;
}

PeriodMetrics One(const SubscriptionTable& contracts, const Period& period,
                  const OrderTable* orders = nullptr, const MetricsOptions& options = Options()) {
  std::vector<PeriodMetrics> result =
      ComputeSubscriptionMetrics(contracts, orders, {period}, options);
  REQUIRE(result.size() == 1);
  return result[0];
}

// S - L + N + R.
int64_t Flow(const PeriodMetrics& m) {
  return m.customers_start - m.customers_lost + m.customers_new + m.customers_reactivated;
}

// The merged intervals of one customer, as (start, end) pairs.
std::vector<std::pair<Time, Time>> Merged(const ActivityIntervals& a, CustomerIndex c) {
  std::vector<std::pair<Time, Time>> out;
  for (size_t i = a.offsets[c]; i < a.offsets[c + 1]; ++i) out.emplace_back(a.start[i], a.end[i]);
  return out;
}

}  // namespace

TEST_CASE("Subscriptions worked example from a CSV file: S=10, N=4, L=2, E=12") {
  // 2024-Q1 = [2024-01-01, 2024-04-01).
  // s01..s10 signed in 2023 and are running on 2024-01-01 -> S = 10.
  // s09 ends 2024-02-15 and s10 ends 2024-04-01 (the end is exclusive, so
  // s10 is no longer active at t1 = 2024-04-01 00:00) -> L = 2.
  // s08 ends 2024-04-02: still running at t1, not lost.
  // n1..n4 sign during Q1 -> N = 4 (n4 starts on the last day).
  // E = s01..s08 + n1..n4 = 12; retention (12 - 4) / 10 = 0.8; churn 0.2.
  const std::string csv =
      "customer_id,plan,start_date,end_date\n"
      "s01,basic,2023-01-10,\n"
      "s02,pro,2023-02-01,\n"
      "s03,basic,2023-03-15,\n"
      "s04,team,2023-04-01,\n"
      "s05,pro,2023-05-20,\n"
      "s06,basic,2023-06-30,\n"
      "s07,basic,2023-08-01,\n"
      "s08,pro,2023-09-12,2024-04-02\n"
      "s09,basic,2023-10-05,2024-02-15\n"
      "s10,team,2023-12-31,2024-04-01\n"
      "n1,basic,2024-01-01,\n"
      "n2,pro,2024-02-14T09:30:00Z,\n"
      "n3,basic,2024-03-03,\n"
      "n4,team,2024-03-31,\n";
  SubscriptionTable contracts = LoadText("subscriptions.csv", csv);
  CHECK(contracts.customers.size() == 14);
  CHECK(contracts.stats.rows == 14);
  CHECK(contracts.stats.contracts == 14);
  CHECK(contracts.stats.open_contracts == 11);

  PeriodMetrics m = One(contracts, kQ1);
  CHECK(m.activity == ActivitySource::kSubscriptions);
  CHECK(m.customers_start == 10);
  CHECK(m.customers_new == 4);
  CHECK(m.customers_lost == 2);
  CHECK(m.customers_reactivated == 0);
  CHECK(m.customers_end == 12);
  CHECK(Rate(m.retention_rate) == Approx(0.8));
  CHECK(Rate(m.churn_rate) == Approx(0.2));
  CHECK(Flow(m) == m.customers_end);
  // Lifespan from contract churn; CLV needs order data.
  CHECK(Rate(m.lifespan) == Approx(5.0));
  CHECK(!m.clv);
}

TEST_CASE("Overlapping and back-to-back contracts are one relationship") {
  Contracts k;
  // a: back-to-back [Jan, Feb) [Feb, Mar), given out of order -> [Jan, Mar).
  k.Add("a", Day(2024, 2, 1), Day(2024, 3, 1));
  k.Add("a", Day(2024, 1, 1), Day(2024, 2, 1));
  // b: overlapping [Jan 1, Mar 1) and [Feb 1, Apr 1), plus one inside.
  k.Add("b", Day(2024, 1, 1), Day(2024, 3, 1));
  k.Add("b", Day(2024, 2, 1), Day(2024, 4, 1));
  k.Add("b", Day(2024, 1, 5), Day(2024, 1, 9));
  // c: a one-day gap keeps two intervals.
  k.Add("c", Day(2024, 1, 1), Day(2024, 2, 1));
  k.Add("c", Day(2024, 2, 2), kOpenEnded);
  // d: an open contract swallows a later closed one.
  k.Add("d", Day(2023, 5, 1), kOpenEnded);
  k.Add("d", Day(2024, 1, 1), Day(2024, 6, 1));

  ActivityIntervals a = MergeContracts(k.table);
  REQUIRE(a.customer_count() == 4);
  using Span = std::vector<std::pair<Time, Time>>;
  CHECK(Merged(a, k.index["a"]) == Span{{Day(2024, 1, 1), Day(2024, 3, 1)}});
  CHECK(Merged(a, k.index["b"]) == Span{{Day(2024, 1, 1), Day(2024, 4, 1)}});
  CHECK(Merged(a, k.index["c"]) ==
        Span{{Day(2024, 1, 1), Day(2024, 2, 1)}, {Day(2024, 2, 2), kOpenEnded}});
  CHECK(Merged(a, k.index["d"]) == Span{{Day(2023, 5, 1), kOpenEnded}});

  // February: a renews on Feb 1 exactly, so it is active at t0 and stays
  // until Mar 1 (= t1, exclusive): S, L; not lost at the renewal and not
  // reactivated. b runs through t1: S, E. c lapses on Feb 1 (not active at
  // t0) and is back at t1: R. d: S, E.
  PeriodMetrics feb = One(k.table, Month(2024, 2));
  CHECK(feb.customers_start == 3);        // a, b, d
  CHECK(feb.customers_end == 3);          // b, c, d
  CHECK(feb.customers_lost == 1);         // a
  CHECK(feb.customers_reactivated == 1);  // c
  CHECK(feb.customers_new == 0);
  // January: a is active at the start and at the end despite the renewal.
  PeriodMetrics jan = One(k.table, Month(2024, 1));
  CHECK(jan.customers_start == 1);  // d
  CHECK(jan.customers_new == 3);    // a, b, c start on Jan 1 = t0
  CHECK(jan.customers_end == 3);    // a, b, d; c's first contract ends Feb 1
  CHECK(jan.customers_lost == 0);
}

TEST_CASE("A contract starting exactly at a period boundary belongs to the period it starts") {
  // Active at t means start < t < end, so the first instant of a contract
  // belongs to the period it starts in, as an order's does.
  // n signs at t0 = 2024-03-01: new in March, not also at its start.
  // p signs at t1 = 2024-04-01: not in March at all.
  // g had a contract, a gap, and comes back at t1: reactivated in April,
  // not in March.
  Contracts k;
  k.Add("n", Day(2024, 3, 1));
  k.Add("p", Day(2024, 4, 1));
  k.Add("g", Day(2023, 1, 1), Day(2023, 6, 1));
  k.Add("g", Day(2024, 4, 1));
  std::vector<PeriodMetrics> s =
      ComputeSubscriptionMetrics(k.table, nullptr, {Month(2024, 3), Month(2024, 4)}, Options());
  CHECK(s[0].customers_start == 0);
  CHECK(s[0].customers_new == 1);
  CHECK(s[0].customers_end == 1);
  CHECK(s[0].customers_reactivated == 0);
  CHECK(Flow(s[0]) == s[0].customers_end);
  CHECK(s[1].customers_start == 1);        // n
  CHECK(s[1].customers_new == 1);          // p
  CHECK(s[1].customers_reactivated == 1);  // g
  CHECK(s[1].customers_end == 3);
  // E of one period is S of the next.
  CHECK(s[0].customers_end == s[1].customers_start);
}

TEST_CASE("A gap between contracts makes a reactivation") {
  Contracts k;
  k.Add("r", Day(2023, 6, 1), Day(2024, 1, 15));
  k.Add("r", Day(2024, 2, 10), kOpenEnded);
  // January: active at t0, gone at t1 -> lost.
  PeriodMetrics jan = One(k.table, Month(2024, 1));
  CHECK(jan.customers_start == 1);
  CHECK(jan.customers_lost == 1);
  CHECK(jan.customers_end == 0);
  // February: first start long before, not active at t0, active at t1.
  PeriodMetrics feb = One(k.table, Month(2024, 2));
  CHECK(feb.customers_start == 0);
  CHECK(feb.customers_new == 0);
  CHECK(feb.customers_reactivated == 1);
  CHECK(feb.customers_end == 1);
  CHECK(!feb.churn_rate);  // S = 0: null, never 0
  CHECK(!feb.retention_rate);
  CHECK(Flow(feb) == feb.customers_end);
}

TEST_CASE("A contract that starts and ends inside the period breaks E = S - L + N + R") {
  // March 2024: x runs [Mar 5, Mar 20). x is new (first start in March) but
  // not active at t1, and was not active at t0, so not lost either.
  // y runs all the time: S, E.
  Contracts k;
  k.Add("x", Day(2024, 3, 5), Day(2024, 3, 20));
  k.Add("y", Day(2023, 1, 1), kOpenEnded);
  PeriodMetrics m = One(k.table, Month(2024, 3));
  CHECK(m.customers_start == 1);
  CHECK(m.customers_new == 1);
  CHECK(m.customers_lost == 0);
  CHECK(m.customers_reactivated == 0);
  CHECK(m.customers_end == 1);
  CHECK(Flow(m) == 2);  // S - L + N + R = 1 - 0 + 1 + 0
  CHECK(Flow(m) != m.customers_end);
  // retention = (E - N) / S = 0: y is counted in E, but so is nobody new.
  CHECK(Rate(m.retention_rate) == Approx(0.0));
  CHECK(Rate(m.churn_rate) == Approx(0.0));
}

TEST_CASE("Open-ended contracts stay active, later periods see them") {
  const std::string csv =
      "account_id;started_at;cancelled_at\n"
      "A1;2023-01-01;\n"
      "A2;2023-07-15;   \n"
      "A3;2024-05-01;2024-06-01\n";
  SubscriptionTable k = LoadText("subs.txt", csv);
  CHECK(k.stats.open_contracts == 2);
  CHECK(k.end[0] == kOpenEnded);
  CHECK(k.end[1] == kOpenEnded);
  PeriodMetrics m = One(k, Period{CivilDate{2030, 1, 1}, CivilDate{2031, 1, 1}, "2030"});
  CHECK(m.customers_start == 2);
  CHECK(m.customers_end == 2);
  CHECK(m.customers_lost == 0);
  CHECK(Rate(m.churn_rate) == Approx(0.0));
  CHECK(!m.lifespan);  // no churn: infinite lifespan, so no CLV either
  CHECK(!m.clv);
  // Before anyone signed: nothing.
  PeriodMetrics before = One(k, Month(2022, 12));
  CHECK(before.customers_start + before.customers_end + before.customers_new == 0);
}

TEST_CASE("A contract ending on its start day never ran and is left out") {
  const std::string csv =
      "customer_id,start_date,end_date\n"
      "e,2024-03-10,2024-03-10\n"
      "f,2024-03-10,2024-03-11\n";
  SubscriptionTable k = LoadText("subscriptions.csv", csv);
  CHECK(k.stats.rows == 2);
  CHECK(k.stats.empty_contracts == 1);
  CHECK(k.stats.contracts == 1);
  CHECK(k.contract_count() == 1);
  // e is not new: an empty contract is no first start. f is new and gone.
  PeriodMetrics m = One(k, Month(2024, 3));
  CHECK(m.customers_new == 1);
  CHECK(m.customers_end == 0);
}

TEST_CASE("An end before its start is an error with line and column") {
  const std::string csv =
      "customer_id,plan,start_date,end_date\n"
      "a,basic,2023-01-01,2023-06-01\n"
      "b,pro,2024-03-01,2024-01-01\n";
  DataError e = LoadError("subscriptions.csv", csv);
  CHECK(e.where().ToString() == "subscriptions.csv:3:18");
  CHECK(e.message() ==
        "the contract ends (2024-01-01) before it starts (2024-03-01); swap the columns or fix "
        "the dates");
}

TEST_CASE("Bad subscription values and missing columns name the fix") {
  SECTION("no end column") {
    DataError e = LoadError("subscriptions.csv",
                            "customer_id,plan,start_date\n"
                            "a,basic,2024-01-01\n");
    CHECK(e.where().ToString() == "subscriptions.csv:1");
    CHECK(e.message() ==
          "no end date column found in the subscriptions file; the header has: customer_id, "
          "plan, start_date; name the column with --end-col NAME (an empty end means the "
          "contract is still running)");
  }
  SECTION("no start column") {
    DataError e = LoadError("subscriptions.csv", "customer_id,when,end_date\na,2024-01-01,\n");
    CHECK(e.message() ==
          "no start date column found in the subscriptions file; the header has: customer_id, "
          "when, end_date; name the column with --start-col NAME");
  }
  SECTION("a named column that is not there") {
    SubscriptionColumns columns;
    columns.start = "signup";
    DataError e =
        LoadError("subscriptions.csv", "customer_id,start_date,end_date\na,2024-01-01,\n", columns);
    CHECK(e.message() ==
          "no column named \"signup\" for --start-col; the header has: customer_id, start_date, "
          "end_date");
  }
  SECTION("an unreadable date") {
    DataError e = LoadError("subscriptions.csv",
                            "customer_id,start_date,end_date\n"
                            "a,2024-01-01,\n"
                            "b,2024-13-01,\n");
    CHECK(e.where().ToString() == "subscriptions.csv:3:3");
    CHECK(e.message().rfind("cannot read the start date \"2024-13-01\" in column 'start_date': ",
                            0) == 0);
  }
  SECTION("an empty start") {
    DataError e = LoadError("subscriptions.csv", "customer_id,start_date,end_date\na,,\n");
    CHECK(e.where().ToString() == "subscriptions.csv:2:3");
    CHECK(e.message() ==
          "empty start date in column 'start_date'; every contract needs the day it began");
  }
  SECTION("an empty customer is left out, or an error with --strict") {
    const std::string csv = "customer_id,start_date,end_date\n,2024-01-01,\nb,2024-01-01,\n";
    SubscriptionTable k = LoadText("subscriptions.csv", csv);
    CHECK(k.stats.rows_without_customer == 1);
    CHECK(k.stats.first_row_without_customer.line == 2);
    CHECK(k.contract_count() == 1);
    LoadOptions strict;
    strict.strict = true;
    DataError e = LoadError("subscriptions.csv", csv, SubscriptionColumns(), strict);
    CHECK(e.where().ToString() == "subscriptions.csv:2:1");
  }
  SECTION("a file without a header needs column numbers") {
    LoadOptions options;
    options.header = false;
    DataError e = LoadError("subscriptions.csv", "a,2024-01-01,\n", SubscriptionColumns(), options);
    CHECK(e.message() ==
          "the subscriptions file has no header; say which column holds the customer id with "
          "--subscription-customer-col N (1 = first column)");
    SubscriptionColumns numbers{"1", "2", "3"};
    SubscriptionTable k =
        LoadText("subscriptions.csv", "a,2024-01-01,\nb,2024-02-01,2024-03-01\n", numbers, options);
    CHECK(k.contract_count() == 2);
    CHECK(k.end[1] == Day(2024, 3, 1));
  }
}

TEST_CASE("Subscriptions load from NDJSON, where a missing end is an open contract") {
  const std::string ndjson =
      "{\"subscriber_id\": \"u1\", \"subscription_start\": \"2024-01-01\", \"plan\": \"pro\"}\n"
      "{\"subscriber_id\": \"u2\", \"subscription_start\": \"2024-01-01\", "
      "\"subscription_end\": \"2024-02-01\"}\n"
      "{\"subscriber_id\": \"u3\", \"subscription_start\": \"2024-01-01\", "
      "\"subscription_end\": null}\n";
  SubscriptionTable k = LoadText("subscriptions.ndjson", ndjson);
  REQUIRE(k.contract_count() == 3);
  CHECK(k.end[0] == kOpenEnded);
  CHECK(k.end[1] == Day(2024, 2, 1));
  CHECK(k.end[2] == kOpenEnded);
  DataError e = LoadError("subscriptions.ndjson", "{\"subscriber_id\": \"u1\"}\n");
  CHECK(e.where().ToString() == "subscriptions.ndjson:1");
  CHECK(e.message() ==
        "this object has no start date (its keys: subscriber_id); name the key with --start-col");
}

TEST_CASE("A subscriber held in an object is read by its path, and the message gives it") {
  const std::string ndjson =
      "{\"customer\": {\"email\": \"a@x.com\", \"id\": \"cus_1\"}, "
      "\"start_date\": \"2024-01-05\"}\n";
  DataError e = LoadError("subscriptions.ndjson", ndjson);
  CHECK(e.where().ToString() == "subscriptions.ndjson:1");
  // Its id, though another value inside comes first.
  CHECK(e.message() ==
        "the value of \"customer\" is an object; expected a string or number: name the value "
        "inside it to read with --subscription-customer-col (--subscription-customer-col "
        "customer.id)");
  SubscriptionColumns columns;
  columns.customer = "customer.id";
  SubscriptionTable k = LoadText("subscriptions.ndjson", ndjson, columns);
  REQUIRE(k.contract_count() == 1);
  CHECK(k.customers[k.customer[0]] == "cus_1");
  e = LoadError("subscriptions.ndjson",
                "{\"customer\": [\"cus_1\"], \"start_date\": \"2024-01-05\"}\n");
  CHECK(e.message() ==
        "the value of \"customer\" is an array; expected a string or number: name a key with "
        "plain values with --subscription-customer-col (values inside arrays are not read)");
}

TEST_CASE("With orders: aov, frequency and revenue from orders, churn from contracts") {
  // March 2024. Contracts: a and b run through; c ends Mar 15 -> S = 3,
  // L = 1, E = 2, churn 1/3, lifespan 3.
  Contracts k;
  k.Add("a", Day(2023, 1, 1));
  k.Add("b", Day(2023, 6, 1));
  k.Add("c", Day(2023, 9, 1), Day(2024, 3, 15));
  // Orders, interned in another order than the contracts. In March:
  // b: 2 orders (20.00, 30.00), first order in February -> repeat, returning.
  // c: 1 order (10.00), its first -> not returning.
  // w: a walk-in buyer without a contract, 1 order (40.00).
  // a orders only in January: not in C.
  Orders o;
  o.Order("w", Day(2024, 3, 2), Cents(4000));
  o.Order("b", Day(2024, 2, 20), Cents(500));
  o.Order("b", Day(2024, 3, 3), Cents(2000));
  o.Order("b", Day(2024, 3, 9), Cents(3000));
  o.Order("c", Day(2024, 3, 10), Cents(1000));
  o.Order("a", Day(2024, 1, 10), Cents(999));

  PeriodMetrics m = One(k.table, Month(2024, 3), &o.table);
  CHECK(m.has_orders);
  CHECK(m.customers_start == 3);
  CHECK(m.customers_lost == 1);
  CHECK(m.customers_end == 2);
  CHECK(m.customers_new == 0);  // w has no contract: never new, never in S or E
  CHECK(Rate(m.churn_rate) == Approx(1.0 / 3.0));
  CHECK(Rate(m.retention_rate) == Approx(2.0 / 3.0));
  // Order-based: C = b, c, w; O = 4; revenue 100.00.
  CHECK(m.customers_active == 3);
  CHECK(m.orders == 4);
  CHECK(m.revenue.units == Cents(10000).units);
  CHECK(m.customers_repeat == 1);
  CHECK(m.customers_returning == 1);
  CHECK(Rate(m.purchase_frequency) == Approx(4.0 / 3.0));
  CHECK(Units(m.aov) == Cents(2500).units);
  // clv = revenue / C x lifespan = 100.00 / 3 x 3 = 100.00.
  CHECK(Rate(m.lifespan) == Approx(3.0));
  CHECK(Units(m.clv) == Cents(10000).units);

  // The order-based figures are exactly those of an orders-only report.
  PeriodMetrics by_orders = ComputeMetrics(o.table, {Month(2024, 3)}, Options())[0];
  CHECK(m.customers_active == by_orders.customers_active);
  CHECK(m.orders == by_orders.orders);
  CHECK(m.revenue.units == by_orders.revenue.units);
  CHECK(m.customers_repeat == by_orders.customers_repeat);
  CHECK(m.customers_returning == by_orders.customers_returning);
  CHECK(Show(m.aov) == Show(by_orders.aov));
  CHECK(Show(m.purchase_frequency) == Show(by_orders.purchase_frequency));
  // ... while activity differs: by orders, a (no March order) is lost.
  CHECK(by_orders.activity == ActivitySource::kOrders);
  CHECK(by_orders.customers_lost != m.customers_lost);
}

TEST_CASE("Without orders the order-based figures are null") {
  Contracts k;
  k.Add("a", Day(2023, 1, 1));
  k.Add("b", Day(2024, 3, 5));
  PeriodMetrics m = One(k.table, Month(2024, 3));
  CHECK(!m.has_orders);
  CHECK(m.customers_start == 1);
  CHECK(m.customers_new == 1);
  CHECK(m.customers_end == 2);
  CHECK(Rate(m.churn_rate) == Approx(0.0));
  CHECK(Rate(m.retention_rate) == Approx(1.0));
  CHECK(m.customers_active == 0);
  CHECK(m.orders == 0);
  CHECK(m.revenue.units == 0);
  CHECK(m.customers_repeat == 0);
  CHECK(m.customers_returning == 0);
  CHECK(!m.repeat_rate);
  CHECK(!m.returning_rate);
  CHECK(!m.purchase_frequency);
  CHECK(!m.aov);
  CHECK(!m.clv);
}

TEST_CASE("A monthly series of subscriptions equals single-period calls") {
  Contracts k;
  k.Add("a", Day(2023, 11, 3), Day(2024, 2, 1));
  k.Add("a", Day(2024, 2, 1), Day(2024, 5, 17));   // renewal, back to back
  k.Add("b", Day(2024, 1, 20), Day(2024, 1, 25));  // in and out in January
  k.Add("c", Day(2023, 12, 31), Day(2024, 3, 1));
  k.Add("c", Day(2024, 4, 10));  // back after a gap
  k.Add("d", Day(2024, 3, 1));
  Orders o;
  o.Order("a", Day(2024, 1, 5), Cents(1500));
  o.Order("c", Day(2024, 4, 12), Cents(2500));
  o.Order("c", Day(2024, 4, 13), Cents(500));
  o.Order("z", Day(2024, 2, 29), Cents(700));

  std::vector<Period> months;
  for (int m = 1; m <= 6; ++m) months.push_back(Month(2024, m));
  const OrderTable* with_orders = &o.table;
  for (const OrderTable* orders : {static_cast<const OrderTable*>(nullptr), with_orders}) {
    std::vector<PeriodMetrics> series =
        ComputeSubscriptionMetrics(k.table, orders, months, Options());
    REQUIRE(series.size() == months.size());
    for (size_t i = 0; i < months.size(); ++i) {
      PeriodMetrics one = One(k.table, months[i], orders);
      const PeriodMetrics& s = series[i];
      INFO(months[i].label << (orders ? " with orders" : " without orders"));
      CHECK(s.customers_start == one.customers_start);
      CHECK(s.customers_end == one.customers_end);
      CHECK(s.customers_new == one.customers_new);
      CHECK(s.customers_lost == one.customers_lost);
      CHECK(s.customers_reactivated == one.customers_reactivated);
      CHECK(s.customers_active == one.customers_active);
      CHECK(s.orders == one.orders);
      CHECK(s.revenue.units == one.revenue.units);
      CHECK(Show(s.churn_rate) == Show(one.churn_rate));
      CHECK(Show(s.retention_rate) == Show(one.retention_rate));
      CHECK(Show(s.aov) == Show(one.aov));
      CHECK(Show(s.clv) == Show(one.clv));
      CHECK(s.has_orders == (orders != nullptr));
    }
  }
  // Spot checks, by hand.
  std::vector<PeriodMetrics> s = ComputeSubscriptionMetrics(k.table, nullptr, months, Options());
  // Jan: S = a, c; N = b (in and out); E = a, c.
  CHECK(s[0].customers_start == 2);
  CHECK(s[0].customers_new == 1);
  CHECK(s[0].customers_end == 2);
  // Mar: c ends Mar 1 (= t0, exclusive), so not active at t0; d starts at t0.
  CHECK(s[2].customers_start == 1);
  CHECK(s[2].customers_new == 1);
  // Apr: c comes back -> R = 1.
  CHECK(s[3].customers_reactivated == 1);
  // May: a ends May 17 -> L = 1.
  CHECK(s[4].customers_lost == 1);
}

TEST_CASE("Subscriptions: known_through leaves out later contracts, a window is refused") {
  Contracts k;
  k.Add("a", Day(2024, 1, 1));
  k.Add("b", Day(2024, 3, 20));
  MetricsOptions options = Options();
  options.known_through = CivilDate{2024, 3, 10};
  PeriodMetrics m = One(k.table, Month(2024, 3), nullptr, options);
  CHECK(m.customers_new == 0);
  CHECK(m.customers_end == 1);

  options = Options();
  options.window = Window{Unit::kDay, 90};
  CHECK_THROWS_AS(One(k.table, Month(2024, 3), nullptr, options), UsageError);
}

TEST_CASE("Subscriptions: an end after known_through was not known: the contract runs") {
  // On March 10, A's end on the 20th had not happened: A is active at the
  // end of March as known that day; C's end on the 5th had.
  Contracts k;
  k.Add("A", Day(2024, 1, 1), Day(2024, 3, 20));
  k.Add("B", Day(2024, 3, 15));
  k.Add("C", Day(2024, 2, 1), Day(2024, 3, 5));
  MetricsOptions options = Options();
  options.as_of = CivilDate{2024, 3, 10};
  options.known_through = options.as_of;
  PeriodMetrics m = One(k.table, Month(2024, 3), nullptr, options);
  CHECK(m.customers_start == 2);
  CHECK(m.customers_end == 1);
  CHECK(m.customers_new == 0);
  CHECK(m.customers_lost == 1);
  CHECK(*m.churn_rate == 0.5);
  // Without a day the figures are known through, A's end counts.
  PeriodMetrics all = One(k.table, Month(2024, 3));
  CHECK(all.customers_end == 1);  // B
  CHECK(all.customers_lost == 2);
}

#ifdef RETENTION_SOURCE_DIR
TEST_CASE("The sample subscriptions file gives the figures docs/metrics.md quotes") {
  SubscriptionTable k =
      LoadSubscriptions({std::string(RETENTION_SOURCE_DIR) + "/data/subscriptions.csv"},
                        LoadOptions(), SubscriptionColumns());
  CHECK(k.customers.size() == 40);
  CHECK(k.stats.empty_contracts == 1);
  // May 2024: C00025 signs on the 6th and cancels on the 27th.
  PeriodMetrics may = One(k, Month(2024, 5));
  CHECK(may.customers_start == 19);
  CHECK(may.customers_lost == 0);
  CHECK(may.customers_new == 3);
  CHECK(may.customers_reactivated == 0);
  CHECK(may.customers_end == 21);
  CHECK(Flow(may) == 22);
}
#endif

TEST_CASE("a Stripe subscriptions export: Customer ID, Start, Ended At, incomplete ones left out") {
  const std::string header =
      "id,Customer ID,Customer Email,Plan,Status,Created (UTC),Start (UTC),Current Period End "
      "(UTC),Canceled At (UTC),Ended At (UTC),Cancel At Period End\n";
  std::vector<std::string> notes;
  LoadOptions options;
  options.notice = [&](const std::string& note) { notes.push_back(note); };
  SubscriptionTable t = LoadText(
      "subscriptions.csv",
      header +
          "sub_1,cus_1,a@example.com,price_1,active,2024-01-05 10:00,2024-01-05 10:00,"
          "2024-04-05 10:00,,,false\n"
          // Asked to cancel on Feb 25, ended with its period on Mar 20.
          "sub_2,cus_2,b@example.com,price_1,canceled,2024-01-20 09:00,2024-01-20 09:00,"
          "2024-03-20 09:00,2024-02-25 12:00,2024-03-20 09:00,false\n"
          "sub_3,cus_3,c@example.com,price_1,incomplete_expired,2024-02-02 08:00,2024-02-02 "
          "08:00,2024-03-02 08:00,,2024-02-03 08:00,false\n"
          "sub_4,cus_4,d@example.com,price_1,incomplete,2024-02-02 08:00,2024-02-02 08:00,,,,"
          "false\n",
      {}, options);
  CHECK(t.customers == std::vector<std::string>{"cus_1", "cus_2"});
  CHECK(t.end[0] == kOpenEnded);
  CHECK(t.end[1] == TimeFromDate({2024, 3, 20}) + 9 * 3600);
  CHECK(t.stats.never_started == 2);
  // Its "(UTC)" times are UTC in any reporting zone: 09:00 UTC is 10:00 in
  // Berlin's winter, 23:00 on 31 July is 01:00 on 1 August there.
  LoadOptions berlin;
  berlin.time_zone = TimeZone::Parse("Europe/Berlin");
  SubscriptionTable local =
      LoadText("subscriptions.csv",
               header +
                   "sub_2,cus_2,b@example.com,price_1,canceled,2024-01-20 09:00,2024-01-20 09:00,"
                   "2024-03-20 09:00,2024-02-25 12:00,2024-07-31 23:00,false\n",
               {}, berlin);
  CHECK(local.start[0] == TimeFromDate({2024, 1, 20}) + 10 * 3600);
  CHECK(local.end[0] == TimeFromDate({2024, 8, 1}) + 1 * 3600);
  REQUIRE(notes.size() == 1);
  CHECK_THAT(notes[0], Catch::Contains("read as a Stripe subscriptions export: customers by "
                                       "Customer ID, starts from Start (UTC), ends from Ended "
                                       "At (UTC)"));
  // --layout none: columns by their usual names ("Start (UTC)" is a
  // start), the export's rules not applied: the incomplete ones count.
  options.layout = "none";
  const SubscriptionTable plain = LoadText(
      "subscriptions.csv",
      header +
          "sub_3,cus_3,c@example.com,price_1,incomplete_expired,2024-02-02 08:00,2024-02-02 "
          "08:00,2024-03-02 08:00,,2024-02-03 08:00,false\n",
      {}, options);
  CHECK(plain.customers == std::vector<std::string>{"cus_3"});
  CHECK(plain.end[0] == TimeFromDate({2024, 2, 3}) + 8 * 3600);
  CHECK(plain.stats.never_started == 0);
}
