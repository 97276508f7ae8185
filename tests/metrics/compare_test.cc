// --compare: which period each is compared with, the cut-off for a
// partial period, and figures equal to a report of the compared period.
#include "retention/compare.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "retention/metrics.h"
#include "retention/period.h"
#include "support/fixtures.h"

using retention::CivilDate;
using retention::ComparedThrough;
using retention::CompareWith;
using retention::ComparisonPeriod;
using retention::ComputeCompared;
using retention::ComputeMetrics;
using retention::MetricsOptions;
using retention::ParseCompareWith;
using retention::ParsePeriod;
using retention::Period;
using retention::PeriodMetrics;
using retention::Unit;
using retention::Window;

namespace {

using fixtures::Cents;
using fixtures::Day;

const CivilDate kToday{2030, 1, 1};

std::string Previous(const std::string& period) {
  Period p = ComparisonPeriod(ParsePeriod(period, kToday), CompareWith::kPreviousPeriod);
  return p.label + " " + FormatDate(p.start) + " " + FormatDate(p.end);
}

std::string YearEarlier(const std::string& period) {
  Period p = ComparisonPeriod(ParsePeriod(period, kToday), CompareWith::kYearEarlier);
  return p.label + " " + FormatDate(p.start) + " " + FormatDate(p.end);
}

}  // namespace

TEST_CASE("compare: the names --compare takes") {
  CHECK(ParseCompareWith("previous") == CompareWith::kPreviousPeriod);
  CHECK(ParseCompareWith("year") == CompareWith::kYearEarlier);
  CHECK(ParseCompareWith("yoy") == CompareWith::kYearEarlier);
  CHECK_FALSE(ParseCompareWith("month"));
  CHECK_FALSE(ParseCompareWith(""));
}

TEST_CASE("compare: the previous period keeps the kind of the period") {
  CHECK(Previous("2024-03") == "2024-02 2024-02-01 2024-03-01");
  CHECK(Previous("2024-01") == "2023-12 2023-12-01 2024-01-01");
  CHECK(Previous("2024-Q1") == "2023-Q4 2023-10-01 2024-01-01");
  CHECK(Previous("2024") == "2023 2023-01-01 2024-01-01");
  CHECK(Previous("2024-W01") == "2023-W52 2023-12-25 2024-01-01");
  CHECK(Previous("2024-03-01") == "2024-02-29 2024-02-29 2024-03-01");
}

TEST_CASE("compare: a range is compared with as many days just before it") {
  // 2024-03-01..2024-03-15 is 15 days; the 15 days before are Feb 15..29.
  Period range = retention::ParseRange("2024-03-01", "2024-03-15", kToday);
  Period p = ComparisonPeriod(range, CompareWith::kPreviousPeriod);
  CHECK(FormatDate(p.start) == "2024-02-15");
  CHECK(FormatDate(p.end) == "2024-03-01");
  CHECK(p.label == "2024-02-15..2024-02-29");
  // A year earlier: the same dates.
  Period y = ComparisonPeriod(range, CompareWith::kYearEarlier);
  CHECK(y.label == "2023-03-01..2023-03-15");
}

TEST_CASE("compare: a to-date period is compared with as many days from the unit's start") {
  auto compared = [](const char* name, CivilDate as_of, CompareWith with) {
    Period p = ComparisonPeriod(ParsePeriod(name, as_of), with);
    return p.label + " " + FormatDate(p.end);
  };
  const CivilDate march_10{2024, 3, 10}, march_30{2024, 3, 30}, wednesday{2024, 3, 6};
  const CompareWith previous = CompareWith::kPreviousPeriod, year = CompareWith::kYearEarlier;
  // Not the 10 days just before (Feb 20..29): the first 10 of February.
  CHECK(compared("month-to-date", march_10, previous) == "2024-02-01..2024-02-10 2024-02-11");
  // 70 days of the quarter, of the year: 70 days of the one before.
  CHECK(compared("quarter-to-date", march_10, previous) == "2023-10-01..2023-12-09 2023-12-10");
  CHECK(compared("year-to-date", march_10, previous) == "2023-01-01..2023-03-11 2023-03-12");
  // A year earlier: the same dates; a week's, 52 weeks back.
  CHECK(compared("year-to-date", march_10, year) == "2023-01-01..2023-03-10 2023-03-11");
  CHECK(compared("month-to-date", march_10, year) == "2023-03-01..2023-03-10 2023-03-11");
  CHECK(compared("week-to-date", wednesday, previous) == "2024-02-26..2024-02-28 2024-02-29");
  CHECK(compared("week-to-date", wednesday, year) == "2023-03-06..2023-03-08 2023-03-09");
  // No further than the whole unit before: 30 days of March, all of February.
  CHECK(compared("month-to-date", march_30, previous) == "2024-02-01..2024-02-29 2024-03-01");
  // Spans that happen to be a whole smaller unit are still to-date: a day
  // on the 1st, an ISO week, a month, a quarter.
  CHECK(compared("month-to-date", CivilDate{2024, 3, 1}, previous) ==
        "2024-02-01..2024-02-01 2024-02-02");
  CHECK(compared("month-to-date", CivilDate{2024, 1, 7}, previous) ==
        "2023-12-01..2023-12-07 2023-12-08");
  CHECK(compared("year-to-date", CivilDate{2024, 1, 31}, previous) ==
        "2023-01-01..2023-01-31 2023-02-01");
  CHECK(compared("quarter-to-date", CivilDate{2024, 4, 30}, previous) ==
        "2024-01-01..2024-01-30 2024-01-31");
  CHECK(compared("year-to-date", CivilDate{2024, 3, 31}, year) ==
        "2023-01-01..2023-03-31 2023-04-01");
  CHECK(compared("week-to-date", CivilDate{2024, 3, 4}, year) ==
        "2023-03-06..2023-03-06 2023-03-07");
  // All of its unit: the whole unit before.
  CHECK(compared("month-to-date", CivilDate{2024, 3, 31}, previous) == "2024-02 2024-03-01");
  CHECK(compared("year-to-date", CivilDate{2024, 12, 31}, year) == "2023 2024-01-01");
  // A range of the same days keeps its meaning: the days just before it.
  CHECK(
      ComparisonPeriod(retention::ParseRange("2024-03-01", "2024-03-10", kToday), previous).label ==
      "2024-02-20..2024-02-29");
}

TEST_CASE("compare: a year earlier, weeks go back 52 weeks to keep their weekdays") {
  CHECK(YearEarlier("2024-03") == "2023-03 2023-03-01 2023-04-01");
  CHECK(YearEarlier("2024-Q2") == "2023-Q2 2023-04-01 2023-07-01");
  CHECK(YearEarlier("2024") == "2023 2023-01-01 2024-01-01");
  // 2024-W10 starts Monday 2024-03-04; 364 days earlier is Monday 2023-03-06 (W10).
  CHECK(YearEarlier("2024-W10") == "2023-W10 2023-03-06 2023-03-13");
  // The leap day has no twin: the 28th.
  CHECK(YearEarlier("2024-02-29") == "2023-02-28 2023-02-28 2023-03-01");
}

TEST_CASE("compare: a partial period is compared with the same days of the other") {
  PeriodMetrics march;
  march.period = ParsePeriod("2024-03", kToday);
  // As of March 10th, ten days of March are known: Feb 1..10 compare.
  CHECK(FormatDate(ComparedThrough(march, CompareWith::kPreviousPeriod, CivilDate{2024, 3, 10})) ==
        "2024-02-10");
  // As of March 31st, all of February (29 days) is the match.
  CHECK(FormatDate(ComparedThrough(march, CompareWith::kPreviousPeriod, CivilDate{2024, 3, 31})) ==
        "2024-02-29");
  // A finished period compares with the whole other one.
  CHECK(FormatDate(ComparedThrough(march, CompareWith::kPreviousPeriod, CivilDate{2024, 6, 1})) ==
        "2024-02-29");
  CHECK(FormatDate(ComparedThrough(march, CompareWith::kYearEarlier, CivilDate{2024, 3, 10})) ==
        "2023-03-10");
}

TEST_CASE("compare: the figures equal a report of the compared period") {
  // A ordered in Jan and Feb, B in Jan only, C new in Feb, D in Jan and March.
  fixtures::Orders t;
  t.Order("A", Day(2024, 1, 5), Cents(1000));
  t.Order("A", Day(2024, 2, 5), Cents(2000));
  t.Order("B", Day(2024, 1, 20), Cents(500));
  t.Order("C", Day(2024, 2, 20), Cents(700));
  t.Order("D", Day(2024, 1, 7), Cents(300));
  t.Order("D", Day(2024, 3, 7), Cents(900));
  MetricsOptions options;
  options.as_of = kToday;
  std::vector<PeriodMetrics> march =
      ComputeMetrics(t.table, {ParsePeriod("2024-03", kToday)}, options);
  auto compute = [&](const std::vector<Period>& ps, const MetricsOptions& o) {
    return ComputeMetrics(t.table, ps, o);
  };
  std::vector<PeriodMetrics> before =
      ComputeCompared(march, CompareWith::kPreviousPeriod, options, compute);
  REQUIRE(before.size() == 1);
  // February by hand: S = {A, B, D} (ordered in Jan), E = {A, C}, N = {C},
  // L = {B, D}, C = {A, C}, O = 2, revenue 27.00, churn 2/3.
  CHECK(before[0].period.label == "2024-02");
  CHECK(before[0].customers_start == 3);
  CHECK(before[0].customers_end == 2);
  CHECK(before[0].customers_new == 1);
  CHECK(before[0].customers_lost == 2);
  CHECK(before[0].orders == 2);
  CHECK(before[0].revenue.units == 270000);
  CHECK(*before[0].churn_rate == Approx(2.0 / 3));
  // And exactly what a report of February says.
  PeriodMetrics february = ComputeMetrics(t.table, {ParsePeriod("2024-02", kToday)}, options)[0];
  CHECK(before[0].customers_reactivated == february.customers_reactivated);
  CHECK(before[0].aov == february.aov);
  CHECK(before[0].clv == february.clv);
}

TEST_CASE("compare: a partial month counts the other month's orders only as far in") {
  fixtures::Orders t;
  t.Order("A", Day(2024, 1, 15), Cents(1000));
  t.Order("A", Day(2024, 2, 3), Cents(1000));   // within Feb 1..10
  t.Order("B", Day(2024, 2, 25), Cents(4000));  // after Feb 10: not counted
  t.Order("A", Day(2024, 3, 2), Cents(1000));
  MetricsOptions options;
  options.as_of = CivilDate{2024, 3, 10};
  options.known_through = options.as_of;
  std::vector<PeriodMetrics> march =
      ComputeMetrics(t.table, {ParsePeriod("2024-03", options.as_of)}, options);
  REQUIRE(march[0].partial);
  std::vector<PeriodMetrics> before =
      ComputeCompared(march, CompareWith::kPreviousPeriod, options,
                      [&](const std::vector<Period>& ps, const MetricsOptions& o) {
                        return ComputeMetrics(t.table, ps, o);
                      });
  CHECK(before[0].period.label == "2024-02");
  CHECK(before[0].orders == 1);
  CHECK(before[0].revenue.units == 100000);
  CHECK(before[0].customers_new == 0);  // B's first order is after Feb 10
  // The month's window, not the ten days': A (January) is active at Feb 1.
  CHECK(before[0].window == Window{Unit::kMonth, 1});
  CHECK(before[0].customers_start == 1);
}
