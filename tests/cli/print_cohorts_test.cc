// The cohort printers, checked as text: JSON parses back with every field,
// CSV has one row per cell, the table shows the triangle and its blanks.
#include "cli/print/print_cohorts.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

using namespace retention;

namespace {

const ReportInfo kInfo({2024, 4, 1}, "UTC");

CohortCell Cell(int offset, CivilDate start, int64_t active, std::optional<double> retention,
                Money revenue, std::optional<double> revenue_retention,
                std::optional<Money> cumulative) {
  CohortCell c;
  c.offset = offset;
  c.period = PeriodOf(Unit::kMonth, start);
  c.customers_active = active;
  c.retention = retention;
  c.revenue = revenue;
  c.revenue_retention = revenue_retention;
  c.cumulative_revenue_per_customer = cumulative;
  return c;
}

// January to March over on April 1: a triangle of 3, 2 and 1 cells, an
// empty February-like cohort, and April with no cell yet.
std::vector<Cohort> Sample() {
  std::vector<Cohort> out(4);
  out[0].period = PeriodOf(Unit::kMonth, {2024, 1, 1});
  out[0].size = 120;
  out[0].cells = {
      Cell(0, {2024, 1, 1}, 120, 1.0, Money{12345678}, 1.0, Money{1028807}),  // 1234.5678
      Cell(1, {2024, 2, 1}, 30, 0.25, Money{123456789012}, 10000.0, Money{1029834}),
      Cell(2, {2024, 3, 1}, 0, 0.0, Money{-50000}, -0.005, Money{1029417}),
  };
  out[1].period = PeriodOf(Unit::kMonth, {2024, 2, 1});
  out[1].size = 0;
  out[1].cells = {
      Cell(0, {2024, 2, 1}, 0, std::nullopt, Money{0}, std::nullopt, std::nullopt),
      Cell(1, {2024, 3, 1}, 0, std::nullopt, Money{0}, std::nullopt, std::nullopt),
  };
  out[2].period = PeriodOf(Unit::kMonth, {2024, 3, 1});
  out[2].size = 3;
  out[2].cells = {Cell(0, {2024, 3, 1}, 3, 1.0, Money{100000}, 1.0, Money{33333})};
  out[3].period = PeriodOf(Unit::kMonth, {2024, 4, 1});
  out[3].size = 7;
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The table row starting with `label`.
std::string Row(const std::string& text, const std::string& label) {
  for (const auto& line : Lines(text)) {
    if (line.compare(0, label.size(), label) == 0) return line;
  }
  return "";
}

}  // namespace

TEST_CASE("cohort JSON has the contract's shape, exact money and nulls") {
  auto doc = nlohmann::json::parse(FormatCohortsJson(Sample(), kInfo));
  CHECK(doc["schema_version"] == 1);
  CHECK(doc["as_of"] == "2024-04-01");
  CHECK(doc["time_zone"] == "UTC");
  CHECK(doc["unit"] == "month");
  REQUIRE(doc["cohorts"].is_array());
  REQUIRE(doc["cohorts"].size() == 4);

  const auto& jan = doc["cohorts"][0];
  CHECK(jan["cohort"] == "2024-01");
  CHECK(jan["start"] == "2024-01-01");
  CHECK(jan["end"] == "2024-02-01");
  CHECK(jan["size"] == 120);
  REQUIRE(jan["cells"].size() == 3);
  const auto& c0 = jan["cells"][0];
  for (const char* field : {"offset", "start", "end", "customers_active", "retention", "revenue",
                            "revenue_retention", "cumulative_revenue_per_customer"}) {
    INFO(field);
    CHECK(c0.contains(field));
  }
  CHECK(c0["offset"] == 0);
  CHECK(c0["start"] == "2024-01-01");
  CHECK(c0["end"] == "2024-02-01");
  CHECK(c0["customers_active"] == 120);
  CHECK(c0["retention"] == 1.0);
  CHECK(c0["revenue"] == 1234.5678);
  CHECK(c0["revenue_retention"] == 1.0);
  CHECK(c0["cumulative_revenue_per_customer"] == 102.8807);
  const auto& c1 = jan["cells"][1];
  CHECK(c1["offset"] == 1);
  CHECK(c1["start"] == "2024-02-01");
  CHECK(c1["retention"] == 0.25);
  CHECK(c1["revenue_retention"] == 10000.0);
  CHECK(jan["cells"][2]["revenue"] == -5.0);
  CHECK(jan["cells"][2]["revenue_retention"] == -0.005);

  const auto& empty = doc["cohorts"][1];
  CHECK(empty["size"] == 0);
  CHECK(empty["cells"][0]["retention"].is_null());
  CHECK(empty["cells"][0]["revenue_retention"].is_null());
  CHECK(empty["cells"][0]["cumulative_revenue_per_customer"].is_null());
  CHECK(empty["cells"][0]["revenue"] == 0);

  CHECK(doc["cohorts"][3]["cells"].is_array());
  CHECK(doc["cohorts"][3]["cells"].empty());
}

TEST_CASE("cohort JSON keeps money exact in the text") {
  std::string text = FormatCohortsJson(Sample(), kInfo);
  // 12345678.9012 has more digits than a double keeps exactly after parsing
  // in many readers; the text itself must carry every one.
  CHECK(text.find("\"revenue\": 12345678.9012") != std::string::npos);
  CHECK(text.find("\"revenue\": 1234.5678") != std::string::npos);
  CHECK(text.find("\"revenue\": -5.00") != std::string::npos);
}

TEST_CASE("cohort JSON without cohorts") {
  auto doc = nlohmann::json::parse(FormatCohortsJson({}, kInfo));
  CHECK(doc["cohorts"].is_array());
  CHECK(doc["cohorts"].empty());
  CHECK(doc["unit"].is_null());
}

TEST_CASE("cohort JSON names other units") {
  std::vector<Cohort> weeks(1);
  weeks[0].period = PeriodOf(Unit::kWeek, {2024, 2, 28});
  CHECK(nlohmann::json::parse(FormatCohortsJson(weeks, kInfo))["unit"] == "week");
  weeks[0].period = PeriodOf(Unit::kQuarter, {2024, 2, 28});
  CHECK(nlohmann::json::parse(FormatCohortsJson(weeks, kInfo))["unit"] == "quarter");
  weeks[0].period = PeriodOf(Unit::kDay, {2024, 2, 28});
  CHECK(nlohmann::json::parse(FormatCohortsJson(weeks, kInfo))["unit"] == "day");
  weeks[0].period = PeriodOf(Unit::kYear, {2024, 2, 28});
  CHECK(nlohmann::json::parse(FormatCohortsJson(weeks, kInfo))["unit"] == "year");
}

TEST_CASE("cohort CSV is long: a header and one row per cell") {
  auto lines = Lines(FormatCohortsCsv(Sample(), kInfo));
  REQUIRE(lines.size() == 3 + 2 + 1 + 0 + 1);
  CHECK(lines[0] ==
        "cohort,cohort_start,cohort_end,size,offset,period_start,period_end,customers_active,"
        "retention,revenue,revenue_retention,cumulative_revenue_per_customer");
  CHECK(lines[1] ==
        "2024-01,2024-01-01,2024-02-01,120,0,2024-01-01,2024-02-01,120,1,1234.5678,1,102.8807");
  CHECK(lines[2] ==
        "2024-01,2024-01-01,2024-02-01,120,1,2024-02-01,2024-03-01,30,0.25,12345678.9012,10000,"
        "102.9834");
  CHECK(lines[4] == "2024-02,2024-02-01,2024-03-01,0,0,2024-02-01,2024-03-01,0,,0.00,,");
  CHECK(lines[6] == "2024-03,2024-03-01,2024-04-01,3,0,2024-03-01,2024-04-01,3,1,10.00,1,3.3333");
  for (const auto& line : lines) CHECK(std::count(line.begin(), line.end(), ',') == 11);
}

TEST_CASE("cohort CSV: a segment that reads as a formula is text, negative money stays a number") {
  std::vector<Cohort> cohorts = Sample();
  cohorts[0].segment = "=HYPERLINK(\"http://x\",\"y\")";
  cohorts[2].segment = "-1+2";
  ReportInfo info = kInfo;
  info.segmented = true;
  auto lines = Lines(FormatCohortsCsv(cohorts, info));
  REQUIRE(lines.size() == 7);
  CHECK(lines[3] ==
        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",2024-01,2024-01-01,2024-02-01,120,2,"
        "2024-03-01,2024-04-01,0,0,-5.00,-0.005,102.9417");
  CHECK(lines[6] ==
        "'-1+2,2024-03,2024-03-01,2024-04-01,3,0,2024-03-01,2024-04-01,3,1,10.00,1,3.3333");
  CHECK(lines[4].rfind(",2024-02,", 0) == 0);  // the total has no segment
}

TEST_CASE("cohort metric names") {
  CHECK(ParseCohortMetric("retention") == CohortMetric::kRetention);
  CHECK(ParseCohortMetric("customers") == CohortMetric::kCustomers);
  CHECK(ParseCohortMetric("revenue") == CohortMetric::kRevenue);
  CHECK(ParseCohortMetric("revenue_retention") == CohortMetric::kRevenueRetention);
  CHECK(ParseCohortMetric("clv") == CohortMetric::kCumulativeRevenuePerCustomer);
  CHECK(ParseCohortMetric("cumulative_revenue_per_customer") ==
        CohortMetric::kCumulativeRevenuePerCustomer);
  CHECK_FALSE(ParseCohortMetric("Retention"));
  CHECK_FALSE(ParseCohortMetric(""));
}

TEST_CASE("cohort table shows the triangle with blanks for what has not elapsed") {
  std::string text = FormatCohortsTable(Sample(), CohortMetric::kRetention, kInfo);
  auto lines = Lines(text);
  INFO(text);
  CHECK(lines[0].find("Retention by month cohort") != std::string::npos);
  // Title (2 lines), blank, header, 4 cohorts, blank, notes.
  REQUIRE(lines.size() >= 8);
  CHECK(lines[3] == "cohort   size      M0     M1    M2");
  CHECK(lines[4] == "2024-01   120  100.0%  25.0%  0.0%");
  CHECK(lines[5] == "2024-02     0     n/a    n/a");
  CHECK(lines[6] == "2024-03     3  100.0%");
  CHECK(lines[7] == "2024-04     7");
  CHECK(text.find("Blank cells: that month is not over on 2024-04-01") != std::string::npos);
  CHECK(text.find("n/a: the cohort has no customers.") != std::string::npos);
}

TEST_CASE("cohort table formats each metric") {
  auto cohorts = Sample();
  std::string customers = FormatCohortsTable(cohorts, CohortMetric::kCustomers, kInfo);
  CHECK(Row(customers, "2024-01") == "2024-01   120  120  30   0");
  CHECK(customers.find("Active customers by month cohort") != std::string::npos);

  std::string revenue = FormatCohortsTable(cohorts, CohortMetric::kRevenue, kInfo);
  CHECK(Row(revenue, "2024-01") == "2024-01   120  1,234.57  12,345,678.90  -5.00");
  CHECK(revenue.find("n/a") == std::string::npos);  // revenue is always defined

  std::string rr = FormatCohortsTable(cohorts, CohortMetric::kRevenueRetention, kInfo);
  CHECK(Row(rr, "2024-01") == "2024-01   120  100.0%  1000000.0%  -0.5%");
  CHECK(rr.find("no revenue in its own month") != std::string::npos);

  std::string clv = FormatCohortsTable(cohorts, CohortMetric::kCumulativeRevenuePerCustomer, kInfo);
  CHECK(Row(clv, "2024-01") == "2024-01   120  102.88  102.98  102.94");
  CHECK(clv.find("Cumulative revenue per customer by month cohort") != std::string::npos);
}

TEST_CASE("cohort table headings follow the unit") {
  std::vector<Cohort> quarters(1);
  quarters[0].period = PeriodOf(Unit::kQuarter, {2024, 1, 1});
  quarters[0].size = 1;
  CohortCell cell;
  cell.period = quarters[0].period;
  cell.customers_active = 1;
  cell.retention = 1.0;
  quarters[0].cells = {cell, cell};
  quarters[0].cells[1].offset = 1;
  std::string text = FormatCohortsTable(quarters, CohortMetric::kRetention, kInfo);
  CHECK(text.find("Retention by quarter cohort") != std::string::npos);
  CHECK(text.find("Q0") != std::string::npos);
  CHECK(text.find("Q1") != std::string::npos);
  CHECK(text.find("Blank cells") == std::string::npos);  // nothing missing

  std::vector<Cohort> weeks(1);
  weeks[0].period = PeriodOf(Unit::kWeek, {2024, 2, 28});
  weeks[0].cells = {cell};
  text = FormatCohortsTable(weeks, CohortMetric::kCustomers, kInfo);
  CHECK(text.find("2024-W09") != std::string::npos);
  CHECK(text.find("W0") != std::string::npos);

  CHECK(FormatCohortsTable({}, CohortMetric::kRetention, kInfo).find("No cohorts") !=
        std::string::npos);
}
