// The report's other formats and choices: TSV, Markdown and NDJSON carry
// the CSV's values; --columns cuts and orders; --compare adds each
// figure's previous value and its change, worked out here by hand.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/print/printers.h"
#include "cli/print/report_fields.h"

using namespace retention;

namespace {

PeriodMetrics March() {
  PeriodMetrics m;
  m.period = Period{{2024, 3, 1}, {2024, 4, 1}, "2024-03"};
  m.window = Window{Unit::kMonth, 1};
  m.customers_start = 10;
  m.customers_end = 12;
  m.customers_new = 4;
  m.customers_lost = 2;
  m.customers_active = 9;
  m.orders = 14;
  m.revenue = Money{12345678};  // 1234.5678
  m.churn_rate = 0.3;
  m.retention_rate = 0.8;
  m.purchase_frequency = 14.0 / 9;
  m.aov = Money{881834};
  return m;
}

PeriodMetrics February() {
  PeriodMetrics m;
  m.period = Period{{2024, 2, 1}, {2024, 3, 1}, "2024-02"};
  m.window = Window{Unit::kMonth, 1};
  m.customers_start = 8;
  m.customers_end = 10;
  m.customers_lost = 3;
  m.orders = 20;
  m.revenue = Money{15000000};  // 1500.00
  m.churn_rate = 0.1;
  m.retention_rate = std::nullopt;
  m.purchase_frequency = 1.25;
  m.aov = Money{750000};
  return m;
}

ReportInfo Compared() {
  ReportInfo info({2024, 6, 1}, "UTC");
  info.compare = CompareWith::kPreviousPeriod;
  info.compared = {February()};
  return info;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("compare: each figure's previous value and the change, by hand") {
  Fields f = ComparisonFields(March(), February(), CivilDate{2024, 2, 29});
  CHECK(FieldNamed(f, "previous_period").text == "2024-02");
  CHECK(FieldNamed(f, "previous_through").text == "2024-02-29");
  CHECK(FieldNamed(f, "customers_start_previous").text == "8");
  CHECK(FieldNamed(f, "customers_start_change").text == "2");  // 10 - 8
  CHECK(FieldNamed(f, "customers_lost_change").text == "-1");  // 2 - 3
  CHECK(FieldNamed(f, "revenue_change").text == "-265.4322");  // 1234.5678 - 1500
  CHECK(FieldNamed(f, "aov_change").text == "13.1834");        // 88.1834 - 75
  // 0.3 - 0.1 is 0.19999999999999998 in doubles; the change reads 0.2.
  CHECK(FieldNamed(f, "churn_rate_change").text == "0.2");
  // A null on either side: no change.
  CHECK(FieldNamed(f, "retention_rate_previous").is_null);
  CHECK(FieldNamed(f, "retention_rate_change").is_null);
  CHECK(FieldNamed(f, "clv_change").is_null);
  // For people: signed, rates in points.
  CHECK(TextForPeople(FieldNamed(f, "churn_rate_change")) == "+20.0 pts");
  CHECK(TextForPeople(FieldNamed(f, "customers_lost_change")) == "-1");
  CHECK(TextForPeople(FieldNamed(f, "revenue_change")) == "-265.43");
  CHECK(TextForPeople(FieldNamed(f, "purchase_frequency_change")) == "+0.31");
}

TEST_CASE("compare: CSV and JSON carry the comparison columns after the figures") {
  ReportInfo info = Compared();
  std::vector<std::string> csv = Lines(FormatCsv({March()}, info));
  REQUIRE(csv.size() == 2);
  CHECK(csv[0].find(",clv_lifespan,previous_period,previous_start,previous_end,previous_through,"
                    "customers_start_previous,customers_start_change,") != std::string::npos);
  auto json = nlohmann::json::parse(FormatJson({March()}, info));
  CHECK(json["periods"][0]["orders_change"] == -6);
  CHECK(json["periods"][0]["churn_rate_change"] == 0.2);
  CHECK(json["periods"][0]["retention_rate_change"].is_null());
}

TEST_CASE("compare: the table shows the period, the compared one and the change") {
  std::string table = FormatTable({March()}, Compared());
  CHECK(table.find("2024-03   2024-02") != std::string::npos);
  CHECK(table.find("Churn rate                  30.0%     10.0%  +20.0 pts") != std::string::npos);
}

TEST_CASE("columns: only the chosen columns, in the chosen order, in every format") {
  ReportInfo info({2024, 6, 1}, "UTC");
  info.columns = {"aov", "period", "churn_rate"};
  CHECK(FormatCsv({March()}, info) == "aov,period,churn_rate\n88.1834,2024-03,0.3\n");
  CHECK(FormatTsv({March()}, info) == "aov\tperiod\tchurn_rate\n88.1834\t2024-03\t0.3\n");
  CHECK(FormatNdjson({March()}, info) ==
        "{\"aov\":88.1834,\"period\":\"2024-03\",\"churn_rate\":0.3}\n");
  CHECK(FormatMarkdown({March()}, info) ==
        "| aov | period | churn_rate |\n| ---: | --- | ---: |\n| 88.1834 | 2024-03 | 0.3 |\n");
  CHECK(FormatTable({March()}, info) == "aov     period  churn_rate\n88.18  2024-03       30.0%\n");
  auto json = nlohmann::json::parse(FormatJson({March()}, info));
  CHECK(json["periods"][0].size() == 3);
  CHECK(FormatOpenMetrics({March()}, info).find("retention_orders") == std::string::npos);
  CHECK(FormatOpenMetrics({March()}, info).find("retention_churn_rate{") != std::string::npos);
}

TEST_CASE("TSV escapes tabs and line breaks, Markdown escapes pipes and markup") {
  PeriodMetrics m = March();
  m.segment = "a\tb|c\nd";
  ReportInfo info({2024, 6, 1}, "UTC");
  info.segmented = true;
  info.columns = {"segment", "orders"};
  CHECK(FormatTsv({m}, info) == "segment\torders\na\\tb|c\\nd\t14\n");
  CHECK(FormatMarkdown({m}, info) ==
        "| segment | orders |\n| --- | ---: |\n| a\\\\x09b\\|c\\\\x0ad | 14 |\n");
  // A segment named as markup stays text where the table is shown.
  m.segment = "<img src=x onerror=f()> **b** [l](u) a_b `c` &amp; ~d~";
  CHECK(FormatMarkdown({m}, info) ==
        "| segment | orders |\n| --- | ---: |\n| \\<img src=x onerror=f()\\> \\*\\*b\\*\\* "
        "\\[l\\](u) a_b \\`c\\` \\&amp; \\~d\\~ | 14 |\n");
  // A value a spreadsheet would run as a formula is quoted, as in the CSV.
  m.segment = "=1+1";
  CHECK(FormatTsv({m}, info) == "segment\torders\n'=1+1\t14\n");
}

TEST_CASE("NDJSON: one self-contained object per record, as the JSON's periods") {
  ReportInfo info({2024, 6, 1}, "UTC");
  std::vector<std::string> lines = Lines(FormatNdjson({February(), March()}, info));
  REQUIRE(lines.size() == 2);
  auto json = nlohmann::json::parse(FormatJson({February(), March()}, info));
  for (size_t i = 0; i < 2; ++i) {
    auto line = nlohmann::json::parse(lines[i]);
    CHECK(line["as_of"] == "2024-06-01");
    for (auto& [key, value] : json["periods"][i].items()) CHECK(line[key] == value);
  }
}
