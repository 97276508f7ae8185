// The HTML pages, checked as text: one self-contained, valid-looking file,
// escaped labels, the figures on the cards, one chart per trend, heatmap
// rows and blank cells.
#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>
#include <string>

#include "cli/html/print_html.h"

using namespace retention;

namespace {

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// "2024-03".
std::string Label(int month) { return (month < 10 ? "2024-0" : "2024-") + std::to_string(month); }

PeriodMetrics Month(int month, int64_t start, int64_t end, int64_t new_customers, int64_t lost,
                    int64_t cents) {
  PeriodMetrics m;
  int next_year = month == 12 ? 2025 : 2024;
  int next_month = month == 12 ? 1 : month + 1;
  m.period = Period{{2024, month, 1}, {next_year, next_month, 1}, Label(month)};
  m.window = Window{Unit::kMonth, 1};
  m.customers_start = start;
  m.customers_end = end;
  m.customers_new = new_customers;
  m.customers_lost = lost;
  m.customers_reactivated = end - (start - lost) - new_customers;
  m.customers_active = end;
  m.customers_repeat = end / 10;
  m.customers_returning = end - new_customers;
  m.orders = end + end / 10;
  m.revenue = Money{cents * 100};
  if (start > 0) {
    m.churn_rate = static_cast<double>(lost) / static_cast<double>(start);
    m.retention_rate = static_cast<double>(end - new_customers) / static_cast<double>(start);
  }
  if (end > 0) {
    m.repeat_rate = static_cast<double>(m.customers_repeat) / static_cast<double>(end);
    m.returning_rate = static_cast<double>(m.customers_returning) / static_cast<double>(end);
    m.purchase_frequency = static_cast<double>(m.orders) / static_cast<double>(end);
  }
  if (m.orders > 0) m.aov = DivideMoney(m.revenue, m.orders);
  if (m.churn_rate && *m.churn_rate > 0) {
    m.lifespan = 1 / *m.churn_rate;
    m.clv = Money{static_cast<int64_t>(static_cast<double>(m.revenue.units) /
                                       static_cast<double>(end) * *m.lifespan)};
  }
  return m;
}

const ReportInfo kInfo({2024, 12, 15}, "Europe/Berlin");

std::vector<PeriodMetrics> Series() {
  // November: S 127, L 104 -> churn 81.9%; December partial.
  std::vector<PeriodMetrics> ps = {Month(10, 184, 127, 59, 147, 767047),
                                   Month(11, 127, 101, 45, 104, 713108),
                                   Month(12, 101, 118, 58, 82, 12345678)};
  ps.back().partial = true;
  return ps;
}

void CheckSelfContained(const std::string& html) {
  CHECK(html.rfind("<!doctype html>", 0) == 0);
  CHECK(html.find("<html lang=\"en\">") != std::string::npos);
  CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(html.find("<title>") != std::string::npos);
  CHECK(html.find("</html>") != std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<script src") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
}

}  // namespace

TEST_CASE("HTML report: one self-contained file") {
  CheckSelfContained(FormatReportHtml(Series(), kInfo, "Retention"));
  CheckSelfContained(FormatReportHtml({Series()[1]}, kInfo, "Retention"));
  CheckSelfContained(FormatReportHtml({}, kInfo, "Retention"));
}

TEST_CASE("HTML report escapes every text from the data") {
  std::vector<PeriodMetrics> ps = Series();
  ps[2].period.label = "Q<&>\"'";
  std::string html = FormatReportHtml(ps, kInfo, "Shop <&> \"1\"");
  CHECK(html.find("<title>Shop &lt;&amp;&gt; &quot;1&quot;</title>") != std::string::npos);
  CHECK(html.find("Q&lt;&amp;&gt;&quot;&#39;") != std::string::npos);
  CHECK(html.find("Q<&>") == std::string::npos);
  CHECK(html.find("Shop <&>") == std::string::npos);

  ReportInfo info = kInfo;
  info.time_zone = "<b>zone</b>";
  CHECK(FormatReportHtml(ps, info, "t").find("<b>zone") == std::string::npos);
}

TEST_CASE("HTML report cards show the latest period's figures and changes") {
  std::string html = FormatReportHtml(Series(), kInfo, "Retention");
  // 2024-12: S 101, E 118, N 58, L 82, R 41, revenue 123,456.78.
  CHECK(html.find("<span data-metric=\"customers_start\">101</span>") != std::string::npos);
  CHECK(html.find("<span data-metric=\"customers_end\">118</span>") != std::string::npos);
  CHECK(html.find("<span data-metric=\"customers_new\">58</span>") != std::string::npos);
  CHECK(html.find("<span data-metric=\"customers_lost\">82</span>") != std::string::npos);
  CHECK(html.find("<span data-metric=\"customers_reactivated\">41</span>") != std::string::npos);
  CHECK(html.find("<span data-metric=\"churn_rate\">81.2%</span>") != std::string::npos);
  CHECK(html.find("<span data-metric=\"retention_rate\">59.4%</span>") != std::string::npos);
  CHECK(html.find("<span data-metric=\"revenue\">123,456.78</span>") != std::string::npos);
  CHECK(html.find("data-metric=\"repeat_rate\"") != std::string::npos);
  CHECK(html.find("data-metric=\"orders\"") != std::string::npos);
  CHECK(html.find("data-metric=\"aov\"") != std::string::npos);
  CHECK(html.find("data-metric=\"clv\"") != std::string::npos);
  // Churn went from 81.9% to 81.2%: down 0.7 points, which is better, said
  // in words as well as in colour.
  CHECK(html.find("&#9660;</span> -0.7 <abbr title=\"percentage points\">pp</abbr> &middot; "
                  "<span class=\"judge\">better</span>") != std::string::npos);
  CHECK(html.find("2024-11: 81.9%") != std::string::npos);
  // Meta: range, as-of, time zone, window; partial marked.
  CHECK(html.find("2024-10 to 2024-12") != std::string::npos);
  CHECK(html.find("2024-12-15") != std::string::npos);
  CHECK(html.find("Europe/Berlin") != std::string::npos);
  CHECK(html.find("1 month") != std::string::npos);
  CHECK(html.find("data-partial") != std::string::npos);
  CHECK(html.find("2024-12*") != std::string::npos);
  // Money with thousands separators and two decimals in the tables too.
  CHECK(html.find("7,670.47") != std::string::npos);
}

TEST_CASE("HTML report: one SVG chart per trend for a series, none for one period") {
  std::string series = FormatReportHtml(Series(), kInfo, "Retention");
  CHECK(Occurrences(series, "<svg") == 4);
  CHECK(Occurrences(series, "</svg>") == 4);
  CHECK(Occurrences(series, "<figure>") == 4);
  // Each chart is followed by a table of its numbers.
  CHECK(Occurrences(series, "</svg>\n<div class=\"tablewrap\"><table class=\"data\">") == 4);
  // Axis titles.
  CHECK(series.find(">Period (month), * partial</text>") != std::string::npos);
  CHECK(series.find(">% of customers at start</text>") != std::string::npos);

  std::string single = FormatReportHtml({Series()[1]}, kInfo, "Retention");
  CHECK(single.find("<svg") == std::string::npos);
  CHECK(single.find("<span data-metric=\"churn_rate\">81.9%</span>") != std::string::npos);
  CHECK(single.find("&#9650;") == std::string::npos);  // no change arrows
  // The full table of every figure.
  for (const char* field : {"customers_active", "customers_repeat", "customers_returning",
                            "returning_rate", "purchase_frequency", "clv_lifespan"}) {
    CHECK(single.find(std::string("data-field=\"") + field + "\"") != std::string::npos);
  }
}

TEST_CASE("HTML report: nulls read n/a and the retention note appears above 100%") {
  std::vector<PeriodMetrics> ps = Series();
  ps[1].churn_rate.reset();
  ps[1].aov.reset();
  std::string html = FormatReportHtml(ps, kInfo, "Retention");
  CHECK(html.find("n/a") != std::string::npos);
  CHECK(html.find("counts reactivated customers") == std::string::npos);

  ps[2].retention_rate = 1.15;
  html = FormatReportHtml(ps, kInfo, "Retention");
  CHECK(html.find("<span data-metric=\"retention_rate\">115.0%</span>") != std::string::npos);
  CHECK(html.find("counts reactivated customers (R) as retained") != std::string::npos);
}

TEST_CASE("HTML report by segment: each segment's trend, notes naming what they refer to") {
  std::vector<PeriodMetrics> ps = Series();
  for (const char* segment : {"email", "paid"}) {
    for (PeriodMetrics m : Series()) {
      m.segment = segment;
      ps.push_back(m);
    }
  }
  // An earlier month of one segment, shown only in that segment's trend.
  ps[4].retention_rate = 1.25;
  ReportInfo info = kInfo;
  info.segmented = true;
  info.segment_column = "channel";
  info.currency = "EUR";
  std::string html = FormatReportHtml(ps, info, "Retention");
  CHECK(html.find("<h3 data-segment>channel = email</h3>") != std::string::npos);
  CHECK(html.find("<h3 data-segment>channel = paid</h3>") != std::string::npos);
  // email's 2024-11 is on the page, in its trend, and the note says where.
  CHECK(html.find("<span data-metric=\"retention_rate\">") != std::string::npos);
  CHECK(html.find("<b>Retention above 100%</b> (2024-11 (email))") != std::string::npos);
  CHECK(html.find("125.0%") != std::string::npos);
  CHECK(html.find("<dt>Money in</dt><dd>EUR</dd>") != std::string::npos);
}

TEST_CASE("HTML report: --compare puts the compared period on the cards") {
  std::vector<PeriodMetrics> ps = {Series()[2]};
  ReportInfo info = kInfo;
  info.compare = CompareWith::kYearEarlier;
  PeriodMetrics before = Series()[1];
  before.period = Period{{2023, 12, 1}, {2024, 1, 1}, "2023-12"};
  info.compared = {before};
  std::string html = FormatReportHtml(ps, info, "Retention");
  CHECK(html.find("change vs 2023-12") != std::string::npos);
  CHECK(html.find("<p class=\"was\">2023-12: 127</p>") != std::string::npos);
}

TEST_CASE("HTML report is deterministic") {
  CHECK(FormatReportHtml(Series(), kInfo, "x") == FormatReportHtml(Series(), kInfo, "x"));
}

namespace {

// Three monthly cohorts as of 2024-03-15: January has M0 and M1, February
// M0, March none.
std::vector<Cohort> Cohorts() {
  std::vector<Cohort> out;
  for (int k = 0; k < 3; ++k) {
    Cohort c;
    c.period = Period{{2024, 1 + k, 1}, {2024, 2 + k, 1}, Label(1 + k)};
    c.size = 10 * (k + 1);
    int64_t running = 0;
    for (int j = 0; j < 2 - k; ++j) {
      CohortCell cell;
      cell.offset = j;
      cell.period = Period{{2024, 1 + k + j, 1}, {2024, 2 + k + j, 1}, Label(1 + k + j)};
      cell.customers_active = j == 0 ? c.size : 3;
      cell.retention = static_cast<double>(cell.customers_active) / static_cast<double>(c.size);
      cell.revenue = Money{(j == 0 ? 150000 : 25000) * 10000};
      running += cell.revenue.units;
      cell.cumulative_revenue_per_customer = DivideMoney(Money{running}, c.size);
      c.cells.push_back(cell);
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

TEST_CASE("HTML cohorts: a heatmap row per cohort, blank cells not yet elapsed") {
  ReportInfo info({2024, 3, 15}, "UTC");
  std::string html = FormatCohortsHtml(Cohorts(), info, "Cohorts <&>");
  CheckSelfContained(html);
  CHECK(html.find("<title>Cohorts &lt;&amp;&gt;</title>") != std::string::npos);
  // Two heatmaps (retention, cumulative revenue per customer), each with a
  // row per cohort.
  CHECK(Occurrences(html, "<table class=\"heat\"") == 2);
  CHECK(Occurrences(html, "<tr data-cohort=\"2024-01\">") == 2);
  CHECK(Occurrences(html, "<tr data-cohort=") == 6);
  // Columns M0, M1; January full, February one blank, March two.
  CHECK(html.find(">M1</th>") != std::string::npos);
  CHECK(html.find(">M2</th>") == std::string::npos);
  CHECK(Occurrences(html, "<td class=\"blank\"></td>") == 2 * 3);
  // Values are written in the shaded cells; size column present.
  CHECK(html.find(">30.0%</td>") != std::string::npos);      // January M1: 3 of 10
  CHECK(html.find(">15,000.00</td>") != std::string::npos);  // January M0 per customer
  CHECK(html.find(">17,500.00</td>") != std::string::npos);  // January M0+M1 per customer
  CHECK(html.find("<td class=\"size\">30</td>") != std::string::npos);
  CHECK(html.find("style=\"background:#") != std::string::npos);
  CHECK(html.find("not over on 2024-03-15") != std::string::npos);
}

TEST_CASE("HTML cohorts: --metric's heatmap comes first, beside the page's two") {
  ReportInfo info({2024, 3, 15}, "UTC");
  std::string html = FormatCohortsHtml(Cohorts(), info, "t", CohortMetric::kRevenue);
  CheckSelfContained(html);
  CHECK(Occurrences(html, "<table class=\"heat\"") == 3);
  const size_t revenue = html.find(">Revenue</h2>");
  REQUIRE(revenue != std::string::npos);
  CHECK(revenue < html.find(">Retention</h2>"));
  // The revenue of January's and February's M0 summed; M1 January's alone.
  const std::string foot = html.substr(html.find("<tfoot>", revenue));
  CHECK(foot.find("summed over the cohorts") != std::string::npos);
  CHECK(foot.find("<td>300,000.00</td><td>25,000.00</td>") != std::string::npos);

  html = FormatCohortsHtml(Cohorts(), info, "t", CohortMetric::kCustomers);
  const size_t customers = html.find(">Active customers</h2>");
  REQUIRE(customers != std::string::npos);
  CHECK(html.substr(html.find("<tfoot>", customers)).find("<td>30</td><td>3</td>") !=
        std::string::npos);
  // Retention is the page's own: shown once.
  html = FormatCohortsHtml(Cohorts(), info, "t", CohortMetric::kRetention);
  CHECK(Occurrences(html, "<table class=\"heat\"") == 2);
  CHECK(Occurrences(html, ">Retention</h2>") == 1);
}

TEST_CASE("HTML cohorts: escaping of labels and segments, and no cohorts") {
  std::vector<Cohort> cohorts = Cohorts();
  cohorts[0].period.label = "<&>\"";
  for (Cohort& c : cohorts) c.segment = "a<b>";
  ReportInfo info({2024, 3, 15}, "UTC");
  info.segmented = true;
  info.segment_column = "chan\"nel";
  std::string html = FormatCohortsHtml(cohorts, info, "t");
  CHECK(html.find("&lt;&amp;&gt;&quot;") != std::string::npos);
  CHECK(html.find("a&lt;b&gt;") != std::string::npos);
  CHECK(html.find("<b>\"") == std::string::npos);
  CHECK(html.find("a<b>") == std::string::npos);
  CHECK(html.find("chan&quot;nel") != std::string::npos);

  std::string empty = FormatCohortsHtml({}, info, "t");
  CheckSelfContained(empty);
  CHECK(empty.find("No cohorts") != std::string::npos);
}

// Segment names and file names come from the input: a byte a terminal acts
// on (ESC, a C1 control) is shown escaped, as the tables show it, and the
// page carries none of them.
TEST_CASE("HTML pages show control bytes from the data escaped") {
  std::vector<PeriodMetrics> ps = Series();
  for (PeriodMetrics m : Series()) {
    m.segment = "x\x1b[31mred\xc2\x9b";
    ps.push_back(m);
  }
  ReportInfo info = kInfo;
  info.segmented = true;
  info.segment_column = "chan\x07nel";
  std::string html = FormatReportHtml(ps, info, "orders\x1b]0;t\x07.csv");
  std::string cohorts_html = FormatCohortsHtml(
      [] {
        std::vector<Cohort> cohorts = Cohorts();
        for (Cohort& c : cohorts) c.segment = "x\x1b[31mred";
        return cohorts;
      }(),
      info, "t\x1b");
  for (const std::string* page : {&html, &cohorts_html}) {
    auto control = std::find_if(page->begin(), page->end(), [](char c) {
      auto b = static_cast<unsigned char>(c);
      return (b < 0x20 && b != '\n') || b == 0x7f;
    });
    CHECK(control == page->end());
    CHECK(page->find("x\\x1b[31mred") != std::string::npos);
    CHECK(page->find("\xc2\x9b") == std::string::npos);
    CHECK(page->find("chan\\x07nel") != std::string::npos);
  }
  CHECK(html.find("x\\x1b[31mred\\u009b") != std::string::npos);
  CHECK(html.find("<title>orders\\x1b]0;t\\x07.csv</title>") != std::string::npos);
}
