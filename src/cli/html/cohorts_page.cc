// The cohorts page: heatmaps of --metric, retention and cumulative
// revenue per customer, for all customers, then for each segment.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "cli/html/heatmap.h"
#include "cli/html/page.h"
#include "cli/html/print_html.h"
#include "cli/print/text_format.h"

namespace retention {

// The parts of the page, from src/cli/html.
using html::Count;
using html::Esc;
using html::Heatmap;
using html::MetaItem;
using html::PageEnd;
using html::PageStart;

namespace {

// A heatmap's heading and the sentence under it ({0}: the unit's name,
// {1}: its letter), and the prefix of its element ids.
struct Section {
  const char* id;
  const char* heading;
  const char* sub;
};

const Section& SectionOf(CohortMetric metric) {
  static const Section kRetention{
      "retention-", "Retention",
      "Share of each cohort's customers with an order in each {0}. {1}0 is the cohort's own {0}, "
      "{1}1 the {0} after it."};
  static const Section kCustomers{
      "customers-", "Active customers",
      "The cohort's customers with an order in each {0}. {1}0 is the cohort's own {0}, {1}1 the "
      "{0} after it."};
  static const Section kRevenue{
      "revenue-", "Revenue",
      "Purchases minus refunds of the cohort's customers in each {0}. {1}0 is the cohort's own "
      "{0}, {1}1 the {0} after it."};
  static const Section kRevenueRetention{
      "revenue-retention-", "Revenue retention",
      "Each {0}'s revenue as a share of the cohort's revenue in its own {0} ({1}0)."};
  static const Section kClv{
      "clv-", "Cumulative revenue per customer",
      "The cohort's revenue up to and including each {0}, divided by its size: the observed "
      "lifetime value."};
  switch (metric) {
    case CohortMetric::kRetention:
      return kRetention;
    case CohortMetric::kCustomers:
      return kCustomers;
    case CohortMetric::kRevenue:
      return kRevenue;
    case CohortMetric::kRevenueRetention:
      return kRevenueRetention;
    case CohortMetric::kCumulativeRevenuePerCustomer:
      break;
  }
  return kClv;
}

}  // namespace

std::string FormatCohortsHtml(const std::vector<Cohort>& cohorts, const ReportInfo& info,
                              const std::string& title, CohortMetric metric) {
  // --metric's heatmap first, then retention and cumulative revenue, the
  // page's own.
  std::vector<CohortMetric> shown = {metric};
  for (CohortMetric m : {CohortMetric::kRetention, CohortMetric::kCumulativeRevenuePerCustomer}) {
    if (m != metric) shown.push_back(m);
  }
  std::string page_title = title.empty() ? "Customer cohorts" : title;
  std::string out = PageStart(page_title);
  std::optional<Unit> unit_opt;
  if (!cohorts.empty()) unit_opt = UnitOfPeriodText(cohorts.front().period.label, info.as_of);
  Unit unit = unit_opt.value_or(Unit::kMonth);
  std::string unit_name(UnitName(unit));
  char letter = UnitLetter(unit);

  // Groups of cohorts: all customers first, then each segment.
  std::vector<std::vector<Cohort>> groups;
  for (const Cohort& c : cohorts) {
    if (groups.empty() || groups.back().front().segment != c.segment) groups.emplace_back();
    groups.back().push_back(c);
  }

  out += "<header>\n<h1>" + Esc(page_title) + "</h1>\n";
  if (cohorts.empty()) {
    out += "<p class=\"sub\">No cohorts in the range.</p>\n</header>\n";
    return out + PageEnd(info);
  }
  const auto& main = groups.front();
  int64_t customers = 0;
  for (const Cohort& c : main) customers += c.size;
  std::string span = main.front().period.label + " to " + main.back().period.label;
  out += fmt::format(
      "<p class=\"sub\">{} {} cohorts, {} &middot; {} customers grouped by the {} of their "
      "first order</p>\n",
      main.size(), Esc(unit_name), Esc(span), Esc(Count(customers)), Esc(unit_name));
  out += "<dl class=\"meta\">" + MetaItem("Cohorts", span) +
         MetaItem("As of", FormatDate(info.as_of)) + MetaItem("Time zone", info.time_zone) +
         MetaItem("Step", "1 " + unit_name);
  if (info.segmented) {
    out += MetaItem("Segments by", info.segment_column.empty() ? "segment" : info.segment_column);
  }
  out += "</dl>\n</header>\n<main>\n";

  for (size_t g = 0; g < groups.size(); ++g) {
    std::string suffix;
    if (info.segmented) {
      std::string by = info.segment_column.empty() ? "segment" : info.segment_column;
      suffix = groups[g].front().segment ? ", " + by + " = " + *groups[g].front().segment
                                         : ", all customers";
    }
    for (size_t k = 0; k < shown.size(); ++k) {
      const Section& section = SectionOf(shown[k]);
      const std::string id = section.id + std::to_string(g);
      out += "<section aria-labelledby=\"" + id + "-h\">\n<h2 id=\"" + id + "-h\">" +
             section.heading + Esc(suffix) + "</h2>\n<p class=\"sub\">" +
             fmt::format(fmt::runtime(section.sub), Esc(unit_name), letter) + "</p>\n" +
             Heatmap(groups[g], shown[k], unit, id) + "</section>\n";
    }
  }
  bool blanks = false;
  for (const Cohort& c : cohorts) {
    size_t columns = 0;
    for (const Cohort& d : cohorts) columns = std::max(columns, d.cells.size());
    blanks |= c.cells.size() < columns || c.cells.empty();
  }
  out += "<section class=\"notes\" aria-label=\"Notes\">\n";
  if (blanks) {
    out += "<p><b>Blank cells:</b> that " + Esc(unit_name) + " is not over on " +
           Esc(FormatDate(info.as_of)) + " (--as-of), so it has no figures yet.</p>\n";
  }
  out +=
      "<p><b>All cohorts:</b> over the cohorts that have the cell: shares and revenue per "
      "customer averaged, weighted by cohort size; active customers and revenue summed. "
      "Revenue includes refunds; n/a means the cohort has no customers" +
      std::string(metric == CohortMetric::kRevenueRetention
                      ? ", or for revenue retention no revenue in its own " + unit_name
                      : "") +
      ".</p>\n"
      "</section>\n</main>\n";
  return out + PageEnd(info);
}

}  // namespace retention
