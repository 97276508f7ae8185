// What every history operation needs from a row: its fields by name, its
// key, and what kind of figure each field is.
#include <string>

#include "base/utf8.h"
#include "history/figure_text.h"
#include "retention/dates.h"
#include "retention/error.h"
#include "retention/history.h"
#include "retention/period.h"

namespace retention {

const HistoryValue* HistoryRow::Find(std::string_view name) const {
  for (auto& [key, value] : fields) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::string HistoryRow::Text(std::string_view name) const {
  const HistoryValue* v = Find(name);
  return v && !v->is_null ? v->text : std::string();
}

std::optional<std::string> HistoryRow::Segment() const {
  const HistoryValue* v = Find("segment");
  // A CSV cell cannot tell null from empty: the total's segment is empty.
  if (!v || v->is_null || v->text.empty()) return std::nullopt;
  return EscapeControls(v->text);
}

namespace {

// The row's period as its label and its "start" and "end" dates say it.
std::optional<Period> PeriodOfRow(const HistoryRow& row) {
  const std::optional<CivilDate> start = ParseIsoDate(row.Text("start"));
  const std::optional<CivilDate> end = ParseIsoDate(row.Text("end"));
  if (!start || !end || !(*start < *end)) return std::nullopt;
  return Period{*start, *end, row.Text("period")};
}

}  // namespace

std::string PeriodKey(const HistoryRow& row) {
  const std::string label = row.Text("period");
  const std::optional<Period> period = PeriodOfRow(row);
  if (!period) return label;
  if (auto unit = ToDateUnit(*period)) return PeriodOf(*unit, period->start).label;
  if (label.find("..") != std::string::npos) {
    if (auto unit = WholeUnit(*period)) return PeriodOf(*unit, period->start).label;
  }
  return label;
}

RowKey KeyOfRow(const HistoryRow& row) {
  // The segment as written, not as shown: ESC and the text \x1b are two.
  const HistoryValue* v = row.Find("segment");
  if (!v || v->is_null || v->text.empty()) return RowKey{PeriodKey(row), std::nullopt};
  return RowKey{PeriodKey(row), v->text};
}

std::optional<Unit> PeriodUnit(const HistoryRow& row) {
  const std::optional<Period> period = PeriodOfRow(row);
  if (!period) return std::nullopt;
  if (auto unit = ToDateUnit(*period)) return unit;
  return WholeUnit(*period);
}

std::optional<std::string> WhyPeriodDisagrees(const HistoryRow& row) {
  const std::string written = row.Text("period");
  const std::string shown = EscapeControls(written);
  if (shown != written) {
    return "the row of period " + shown + " has control characters in its label, which no " +
           "report writes";
  }
  const std::optional<CivilDate> start = ParseIsoDate(row.Text("start"));
  const std::optional<CivilDate> end = ParseIsoDate(row.Text("end"));
  if (!start || !end) return std::nullopt;  // said as unreadable dates
  if (!(*start < *end)) {
    return "the row of period " + written + " runs from " + row.Text("start") + " to " +
           row.Text("end") + ": its end is not after its start";
  }
  const Period period{*start, *end, written};
  // A range is labelled by its ends ("2024-01..2024-03", or
  // "2024-01-01..2024-03-31" for the same days): no one label to ask for.
  if (ToDateUnit(period) || written.find("..") != std::string::npos) return std::nullopt;
  const std::optional<Unit> unit = WholeUnit(period);
  const std::string label =
      unit ? PeriodOf(*unit, period.start).label
           : FormatDate(period.start) + ".." + FormatDate(AddDays(period.end, -1));
  if (written == label) return std::nullopt;
  return "the row of period " + written + " runs from " + row.Text("start") + " to " +
         row.Text("end") + " (end excluded), which is the period " + label +
         ": a spreadsheet may have rewritten the label, so write " + label + " back";
}

std::optional<std::string> WhyMarginOrLifespanUnreadable(const HistoryRow& row) {
  for (const char* name : {"margin", "lifespan"}) {
    const std::string text = row.Text(name);
    if (text.empty()) continue;
    const std::optional<double> v = ReadNonNegative(text);
    const bool margin = name[0] == 'm';
    // As report takes them: a margin in (0, 1], a lifespan below a million.
    if (v && *v > 0 && (margin ? *v <= 1 : *v < 1e6)) continue;
    return "the row of period " + EscapeControls(row.Text("period")) + " has " + name + " \"" +
           EscapeControls(text) + "\", which is not " +
           (margin ? "a number above 0 and at most 1" : "a number above 0 and below a million");
  }
  return std::nullopt;
}

FigureKind KindOfField(std::string_view name) {
  static const char* const kCounts[] = {
      "customers_start",  "customers_end",         "customers_new",
      "customers_lost",   "customers_reactivated", "customers_active",
      "customers_repeat", "customers_returning",   "orders"};
  for (const char* c : kCounts) {
    if (name == c) return FigureKind::kCount;
  }
  if (name == "revenue" || name == "aov" || name == "clv") return FigureKind::kMoney;
  if (name == "churn_rate" || name == "retention_rate" || name == "repeat_rate" ||
      name == "returning_rate") {
    return FigureKind::kRate;
  }
  if (name == "purchase_frequency" || name == "clv_lifespan") return FigureKind::kRatio;
  return FigureKind::kNone;
}

}  // namespace retention
