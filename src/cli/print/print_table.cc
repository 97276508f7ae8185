#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <initializer_list>
#include <string_view>

#include "cli/print/printers.h"
#include "cli/print/report_fields.h"
#include "cli/print/text_format.h"
#include "retention/error.h"

namespace retention {
namespace {

std::string Count(int64_t n) { return std::to_string(n); }

std::string Notes(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  std::string out;
  // With --columns, only the notes on figures shown.
  auto shown = [&](std::initializer_list<std::string_view> names) {
    if (info.columns.empty()) return true;
    return std::any_of(names.begin(), names.end(), [&](std::string_view name) {
      return std::find(info.columns.begin(), info.columns.end(), name) != info.columns.end();
    });
  };
  bool above_100 = false;
  if (shown({"retention_rate"})) {
    for (const auto& m : periods) above_100 |= m.retention_rate && *m.retention_rate > 1.0;
  }
  if (const std::string note = PartialNote(periods, info); !note.empty() && shown({"period"})) {
    out += "* partial: " + note + "\n";
  }
  if (above_100) {
    out +=
        "Note: retention = (E - N) / S counts reactivated customers (R) as retained, so it\n"
        "exceeds 100% when more lapsed customers return than active ones leave.";
    // With contracts there is no window to lengthen.
    out += periods.front().activity == ActivitySource::kOrders
               ? " A longer\nactivity window (e.g. --window 90d) gives a steadier picture.\n"
               : "\n";
  }
  // Settings that change the figures, when not the defaults: the same
  // file gives other numbers in another zone or at another margin.
  if (!TimeZone::IsUtcName(info.time_zone)) {
    out += "Days and periods are in " + EscapeControls(info.time_zone) + " time (--tz).\n";
  }
  if (!info.currency.empty() && shown({"revenue", "aov", "clv"})) {
    out += "Money in " + EscapeControls(info.currency) + ".\n";
  }
  // A row per record: each row's CLV has its own lifespan (the single
  // period's table says it under the figure).
  const bool rows = periods.size() > 1 || info.segmented;
  if (rows && shown({"clv", "clv_lifespan"}) &&
      std::any_of(periods.begin(), periods.end(), [](auto& m) { return m.has_orders; })) {
    out += info.definitions && !info.definitions->lifespan.empty()
               ? "CLV is over a lifespan of " + EscapeControls(info.definitions->lifespan) +
                     " periods (--lifespan).\n"
               : "CLV is over each row's lifespan, 1 / churn in periods (clv_lifespan in CSV\n"
                 "and JSON): n/a where churn is 0.\n";
  }
  // As a number: an engine or a spreadsheet may write the default as 1.0.
  if (shown({"clv"}) && info.definitions && !info.definitions->margin.empty() &&
      std::strtod(info.definitions->margin.c_str(), nullptr) != 1.0) {
    out += "CLV is at a gross margin of " + EscapeControls(info.definitions->margin) +
           " (--margin).\n";
  }
  return out;
}

std::string SegmentName(const PeriodMetrics& m) { return SegmentLabel(m.segment); }

// The single-period list: a label per figure, its CSV name.
const std::pair<const char*, const char*> kSingleRows[] = {
    {"Customers at start (S)", "customers_start"},
    {"New (N)", "customers_new"},
    {"Reactivated (R)", "customers_reactivated"},
    {"Lost (L)", "customers_lost"},
    {"Customers at end (E)", "customers_end"},
    {"Active in period (C)", "customers_active"},
    {"  with 2+ orders", "customers_repeat"},
    {"  returning", "customers_returning"},
    {"Orders (O)", "orders"},
    {"Revenue", "revenue"},
    {"", ""},
    {"Churn rate", "churn_rate"},
    {"Retention rate", "retention_rate"},
    {"Repeat rate", "repeat_rate"},
    {"Returning rate", "returning_rate"},
    {"Purchase frequency", "purchase_frequency"},
    {"Average order value", "aov"},
    {"Customer lifetime value", "clv"},
};

// With `compared` (--compare), two more columns: the compared period's
// value and the change.
std::string SinglePeriod(const PeriodMetrics& m, const Fields* compared) {
  std::string activity = m.activity == ActivitySource::kSubscriptions
                             ? std::string("activity from contracts")
                             : "activity window " + WindowText(m.window);
  std::string out = fmt::format("Period {}{}: {} to {} (end exclusive), {}\n\n", m.period.label,
                                m.partial ? "*" : "", FormatDate(m.period.start),
                                FormatDate(m.period.end), activity);
  Fields fields = ReportFields(m, false);
  TextTable t;
  if (compared) {
    t.Add({"", m.period.label + (m.partial ? "*" : ""),
           EscapeControls(FieldNamed(*compared, "previous_period").text), "change"});
  }
  for (auto& [label, key] : kSingleRows) {
    std::vector<std::string> row = {label, *key ? TextForPeople(FieldNamed(fields, key)) : ""};
    if (compared && *key) {
      row.push_back(TextForPeople(FieldNamed(*compared, std::string(key) + "_previous")));
      row.push_back(TextForPeople(FieldNamed(*compared, std::string(key) + "_change")));
    }
    t.Add(row);
  }
  out += t.Render("  ");
  if (compared) {
    // A partial period is compared with the same days of the other.
    std::string through = FieldNamed(*compared, "previous_through").text;
    std::string end = FieldNamed(*compared, "previous_end").text;
    auto last = ParseIsoDate(end);
    if (last && FormatDate(AddDays(*last, -1)) != through) {
      out += fmt::format("  (compared with {} through {}: as many days as {} has had)\n",
                         EscapeControls(FieldNamed(*compared, "previous_period").text), through,
                         m.period.label);
    }
  }
  if (m.lifespan && m.clv) {  // no CLV (no orders): no lifespan to speak of
    out += fmt::format("  (CLV over a lifespan of {:.2f} periods", *m.lifespan);
    // The change of CLV is partly the change of lifespan: say both.
    const std::string before =
        compared ? FieldNamed(*compared, "clv_lifespan_previous").text : std::string();
    const double previous = before.empty() ? 0 : std::strtod(before.c_str(), nullptr);
    if (previous > 0) {
      out += fmt::format("; {}'s over {:.2f}",
                         EscapeControls(FieldNamed(*compared, "previous_period").text), previous);
    }
    out += ")\n";
  }
  return out;
}

// --columns: exactly the chosen columns, one row per record; a partial
// period marked as in every other table, the notes below them.
std::string ChosenColumns(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  TextTable t;
  t.Add(info.columns);
  for (size_t p = 0; p < periods.size(); ++p) {
    std::vector<std::string> row;
    for (auto& [name, value] : ReportColumns(periods, p, info, true)) {
      row.push_back(ColumnForPeople(name, value) +
                    (name == "period" && periods[p].partial ? "*" : ""));
    }
    t.Add(row);
  }
  return t.Render();
}

// --compare on a series: the change of each figure, a row per record.
std::string Changes(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  static const char* const kKeys[] = {"customers_start",
                                      "customers_new",
                                      "customers_reactivated",
                                      "customers_lost",
                                      "customers_end",
                                      "customers_active",
                                      "orders",
                                      "revenue",
                                      "churn_rate",
                                      "retention_rate",
                                      "repeat_rate",
                                      "returning_rate",
                                      "purchase_frequency",
                                      "aov",
                                      "clv"};
  TextTable t;
  std::vector<std::string> header = {
      "period",  "vs",    "S",         "new",    "react",     "lost", "E",   "active", "orders",
      "revenue", "churn", "retention", "repeat", "returning", "freq", "AOV", "CLV"};
  if (info.segmented) header.insert(header.begin(), "segment");
  t.Add(header);
  for (size_t p = 0; p < periods.size(); ++p) {
    const PeriodMetrics& m = periods[p];
    Fields compared =
        ComparisonFields(m, info.compared.at(p), ComparedThrough(m, *info.compare, info.as_of));
    std::vector<std::string> row = {m.period.label + (m.partial ? "*" : ""),
                                    EscapeControls(FieldNamed(compared, "previous_period").text)};
    if (info.segmented) row.insert(row.begin(), SegmentName(m));
    for (const char* key : kKeys) {
      row.push_back(TextForPeople(FieldNamed(compared, std::string(key) + "_change")));
    }
    t.Add(row);
  }
  return fmt::format("\nChange vs {} (rates in percentage points):\n\n",
                     *info.compare == CompareWith::kPreviousPeriod
                         ? "the previous period"
                         : "the same period a year earlier") +
         t.Render();
}

// One row per record; the first column names the period or, with
// `by_segment`, the segment.
std::string Series(const std::vector<PeriodMetrics>& periods, bool by_segment = false) {
  TextTable t;
  t.Add({by_segment ? "segment" : "period", "start", "end", "S", "new", "react", "lost", "E",
         "active", "orders", "revenue", "churn", "retention", "repeat", "returning", "freq", "AOV",
         "CLV"});
  for (const auto& m : periods) {
    std::string name = by_segment ? SegmentName(m) : m.period.label;
    t.Add({name + (m.partial ? "*" : ""), FormatDate(m.period.start), FormatDate(m.period.end),
           Count(m.customers_start), Count(m.customers_new), Count(m.customers_reactivated),
           Count(m.customers_lost), Count(m.customers_end),
           m.has_orders ? Count(m.customers_active) : kNull, m.has_orders ? Count(m.orders) : kNull,
           m.has_orders ? MoneyText(m.revenue) : kNull, Percent(m.churn_rate),
           Percent(m.retention_rate), Percent(m.repeat_rate), Percent(m.returning_rate),
           Decimal(m.purchase_frequency), MoneyText(m.aov), MoneyText(m.clv)});
  }
  std::string window = periods.empty() ? ""
                       : periods.front().activity == ActivitySource::kSubscriptions
                           ? std::string("from contracts")
                           : "window " + WindowText(periods.front().window);
  return fmt::format("Activity {}; S/E customers active at start/end, end exclusive.\n\n", window) +
         t.Render();
}

}  // namespace

std::string Segmented(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  // Records by segment, in the order segments first come (the total
  // first): a report gives them grouped so, a history (render of an
  // --append file) period by period.
  std::vector<std::vector<PeriodMetrics>> groups;
  for (const auto& m : periods) {
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const auto& g) { return g.front().segment == m.segment; });
    if (group == groups.end()) {
      groups.emplace_back();
      group = groups.end() - 1;
    }
    group->push_back(m);
  }
  std::string by = info.segment_column.empty() ? "segment" : info.segment_column;
  const bool one_period =
      std::all_of(groups.begin(), groups.end(), [](const auto& g) { return g.size() == 1; });
  if (!groups.empty() && one_period) {
    const Period& p = periods.front().period;
    return fmt::format(
               "Period {}: {} to {} (end exclusive), by {} (a customer counts in the "
               "segment of their first order)\n\n",
               p.label, FormatDate(p.start), FormatDate(p.end), EscapeControls(by)) +
           Series(periods, true);
  }
  std::string out;
  for (const auto& group : groups) {
    out += fmt::format("{}{}\n", out.empty() ? "" : "\n",
                       group.front().segment ? EscapeControls(by + " = " + *group.front().segment)
                                             : std::string("All customers"));
    out += Series(group);
  }
  return out;
}

std::string FormatTable(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  std::string notes = Notes(periods, info);
  if (!info.columns.empty()) {
    const std::string body = ChosenColumns(periods, info);
    return notes.empty() ? body : body + "\n" + notes;
  }
  std::optional<Fields> compared;
  if (info.compare && periods.size() == 1) {
    compared = ComparisonFields(periods.front(), info.compared.at(0),
                                ComparedThrough(periods.front(), *info.compare, info.as_of));
  }
  std::string body = info.segmented ? Segmented(periods, info)
                     : periods.size() == 1
                         ? SinglePeriod(periods.front(), compared ? &*compared : nullptr)
                         : Series(periods);
  if (info.compare && (info.segmented || periods.size() > 1)) body += Changes(periods, info);
  return notes.empty() ? body : body + "\n" + notes;
}

}  // namespace retention
