// The cohorts page: a retention heatmap and a cumulative revenue heatmap
// for all customers, then for each segment.
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
using html::HeatMetric;
using html::MetaItem;
using html::PageEnd;
using html::PageStart;

std::string FormatCohortsHtml(const std::vector<Cohort>& cohorts, const ReportInfo& info,
                              const std::string& title) {
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
    std::string n = std::to_string(g);
    out += "<section aria-labelledby=\"ret-h" + n + "\">\n<h2 id=\"ret-h" + n + "\">Retention" +
           Esc(suffix) +
           fmt::format(
               "</h2>\n<p class=\"sub\">Share of each cohort's customers with an order in "
               "each {0}. {1}0 is the cohort's own {0}, {1}1 the {0} after it.</p>\n",
               Esc(unit_name), letter) +
           Heatmap(groups[g], HeatMetric::kRetention, unit, "retention-" + n) + "</section>\n";
    out += "<section aria-labelledby=\"clv-h" + n + "\">\n<h2 id=\"clv-h" + n +
           "\">Cumulative revenue per customer" + Esc(suffix) +
           fmt::format(
               "</h2>\n<p class=\"sub\">The cohort's revenue up to and including each {}, "
               "divided by its size: the observed lifetime value.</p>\n",
               Esc(unit_name)) +
           Heatmap(groups[g], HeatMetric::kClv, unit, "clv-" + n) + "</section>\n";
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
      "<p><b>All cohorts:</b> the average over the cohorts that have the cell, weighted by "
      "cohort size. Revenue includes refunds; n/a means the cohort has no customers.</p>\n"
      "</section>\n</main>\n";
  return out + PageEnd(info);
}

}  // namespace retention
