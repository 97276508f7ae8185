// The figures as gauges in the Prometheus text exposition format (which
// OpenMetrics parsers read too), for node_exporter's textfile collector.
#include <fmt/format.h>

#include <algorithm>

#include "cli/print/printers.h"
#include "cli/print/report_fields.h"
#include "cli/print/text_format.h"
#include "retention/history.h"

namespace retention {
namespace {

// A label value: backslash, double quote and line feed are the three
// characters the format escapes; segment names come from the input and
// may hold any of them. Other controls are shown as the CSV shows them
// ("\x1b", its backslash escaped): the format has no escape for them.
std::string LabelValue(const std::string& text) {
  std::string out;
  for (char c : ShowTerminalControls(text)) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

const char* Help(const std::string& name) {
  static const std::pair<const char*, const char*> kHelp[] = {
      {"customers_start", "Customers active at the start of the period (S)."},
      {"customers_end", "Customers active at the end of the period (E)."},
      {"customers_new", "Customers whose first order ever is in the period (N)."},
      {"customers_lost", "Customers active at the start, not at the end (L)."},
      {"customers_reactivated", "Earlier customers inactive at the start, active at the end (R)."},
      {"customers_active", "Customers with an order in the period (C)."},
      {"customers_repeat", "Customers with two or more orders in the period."},
      {"customers_returning", "Customers with an order in the period and an earlier first order."},
      {"orders", "Orders in the period."},
      {"revenue", "Every amount dated in the period, refunds included, in currency units."},
      {"churn_rate", "customers_lost / customers_start."},
      {"retention_rate", "(customers_end - customers_new) / customers_start."},
      {"repeat_rate", "customers_repeat / customers_active."},
      {"returning_rate", "customers_returning / customers_active."},
      {"purchase_frequency", "orders / customers_active."},
      {"aov", "Average order value: revenue / orders, in currency units."},
      {"clv", "Customer lifetime value: aov x frequency x margin x lifespan."},
      {"clv_lifespan", "Customer lifespan used for CLV, in periods."},
  };
  for (auto& [key, help] : kHelp) {
    if (name == key) return help;
  }
  return "A retention figure.";
}

}  // namespace

std::string FormatOpenMetrics(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  std::vector<std::string> labels;
  std::vector<std::vector<std::pair<std::string, FieldValue>>> fields;
  for (const PeriodMetrics& m : periods) {
    // The all-customers total has an empty segment, which Prometheus
    // treats as no segment label: sum(...) by (segment) keeps it apart.
    labels.push_back(fmt::format(
        "period=\"{}\",segment=\"{}\",window=\"{}\"", LabelValue(m.period.label),
        LabelValue(m.segment.value_or("")),
        m.activity == ActivitySource::kSubscriptions ? "" : LabelValue(FormatWindow(m.window))));
  }
  ReportInfo every_column = info;
  every_column.columns.clear();
  for (size_t p = 0; p < periods.size(); ++p) {
    fields.push_back(ReportColumns(periods, p, every_column, false));
  }
  std::string out;
  if (info.definitions) {
    const Definitions& d = *info.definitions;
    out += "# HELP retention_info How the figures were computed; always 1.\n";
    out += "# TYPE retention_info gauge\n";
    out += fmt::format(
        "retention_info{{version=\"{}\",schema_version=\"{}\",time_zone=\"{}\",as_of=\"{}\"}} 1\n",
        LabelValue(d.tool_version), d.schema_version, LabelValue(d.time_zone), LabelValue(d.as_of));
  }
  // A family's samples must be contiguous: one figure at a time.
  out += "# HELP retention_period_partial 1 when the period is not over on the as-of day.\n";
  out += "# TYPE retention_period_partial gauge\n";
  for (size_t p = 0; p < periods.size(); ++p) {
    out +=
        fmt::format("retention_period_partial{{{}}} {}\n", labels[p], periods[p].partial ? 1 : 0);
  }
  for (const std::string& name : AllReportColumnNames(info, false)) {
    // --compare adds each figure's value in the compared period and its
    // change as gauges of their own.
    std::string figure = name, help;
    for (const char* suffix : {"_previous", "_change"}) {
      std::string s = suffix;
      if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
        figure = name.substr(0, name.size() - s.size());
        help = s == "_previous" ? "In the compared period (--compare): "
                                : "Change against the compared period (--compare): ";
      }
    }
    if (KindOfField(figure) == FigureKind::kNone) continue;
    if (!info.columns.empty() &&
        std::find(info.columns.begin(), info.columns.end(), name) == info.columns.end()) {
      continue;
    }
    help += Help(figure);
    out += fmt::format("# HELP retention_{} {}\n# TYPE retention_{} gauge\n", name, help, name);
    for (size_t p = 0; p < periods.size(); ++p) {
      for (auto& [key, value] : fields[p]) {
        // A null figure has no sample: absent is how Prometheus says unknown.
        if (key == name && !value.is_null) {
          out += fmt::format("retention_{}{{{}}} {}\n", name, labels[p], value.text);
        }
      }
    }
  }
  return out + "# EOF\n";
}

}  // namespace retention
