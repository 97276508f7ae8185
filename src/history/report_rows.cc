// Report rows read back from CSV: the inverse of the report's CSV printer
// (src/cli/print/report_fields.cc), lenient only in how engines spell the
// same values.
#include "retention/report_rows.h"

#include <algorithm>
#include <charconv>
#include <string>

#include "history/figure_text.h"
#include "retention/error.h"
#include "retention/money.h"
#include "retention/period.h"

namespace retention {
namespace {

class RowReader {
 public:
  RowReader(const HistoryRow& row, const std::string& name, int64_t line)
      : row_(row), name_(name), line_(line) {}

  // The cell, or nullopt for an empty one (NULL).
  std::optional<std::string> Cell(const std::string& column) const {
    const HistoryValue* v = row_.Find(column);
    if (v == nullptr) Fail(column, "the column is missing");
    if (v->is_null || v->text.empty()) return std::nullopt;
    return v->text;
  }
  std::string Required(const std::string& column) const {
    auto text = Cell(column);
    if (!text) Fail(column, "is empty; every row needs one");
    return *text;
  }
  CivilDate Date(const std::string& column) const {
    std::string text = Required(column);
    auto date = ParseIsoDate(text);
    if (!date) Fail(column, "\"" + text + "\" is not a date like 2024-03-01");
    return *date;
  }
  bool Bool(const std::string& column) const {
    std::string text = Required(column);
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (text == "true" || text == "t" || text == "1") return true;
    if (text == "false" || text == "f" || text == "0") return false;
    Fail(column, "\"" + text + "\" is not true or false");
  }
  // A count; nullopt when empty (no order data).
  std::optional<int64_t> Count(const std::string& column) const {
    auto text = Cell(column);
    if (!text) return std::nullopt;
    std::optional<int64_t> v = ReadCount(*text);
    if (!v) Fail(column, "\"" + *text + "\" is not a count");
    return v;
  }
  std::optional<double> Double(const std::string& column) const {
    auto text = Cell(column);
    if (!text) return std::nullopt;
    std::optional<double> v = ReadFigure(column, *text);
    if (!v) {
      Fail(column, "\"" + *text + "\" is not a number" +
                       (column.rfind("retention_rate", 0) == 0 ? "" : " of 0 or more"));
    }
    return v;
  }
  std::optional<Money> Amount(const std::string& column) const {
    auto text = Cell(column);
    if (!text) return std::nullopt;
    auto v = ParseMoneyFigure(*text);
    if (!v) {
      Fail(column,
           "\"" + *text + "\" is not an amount: a decimal of at most 4 places, below 10^15");
    }
    return v;
  }

  [[noreturn]] void Fail(const std::string& column, const std::string& why) const {
    throw DataError(Location{name_, line_, 0}, "column " + column + ": " + why);
  }

 private:
  const HistoryRow& row_;
  const std::string& name_;
  int64_t line_;
};

// "a; b; c" -> a, b, c: how RatesText and InputFilesText join items.
std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  size_t from = 0;
  while (from < text.size()) {
    size_t end = text.find("; ", from);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(from, end - from));
    from = end + 2;
  }
  return out;
}

std::vector<RateDefinition> RatesFromText(const std::string& text) {
  if (text == RatesText(ReportRateDefinitions())) return ReportRateDefinitions();
  // "a = b / c; d = (e - f) / g"
  std::vector<RateDefinition> out;
  for (const std::string& part : SplitList(text)) {
    size_t eq = part.find(" = "), slash = part.rfind(" / ");
    if (eq != std::string::npos && slash != std::string::npos && slash > eq) {
      std::string numerator = part.substr(eq + 3, slash - eq - 3);
      if (numerator.size() > 1 && numerator.front() == '(' && numerator.back() == ')') {
        numerator = numerator.substr(1, numerator.size() - 2);
      }
      out.push_back({part.substr(0, eq), numerator, part.substr(slash + 3)});
    }
  }
  return out;
}

// "orders.csv (123 bytes); -"
std::vector<InputFile> InputsFromText(const std::string& text) {
  std::vector<InputFile> out;
  for (const std::string& part : SplitList(text)) {
    InputFile file{part, -1};
    size_t open = part.rfind(" (");
    if (open != std::string::npos && part.size() > open + 8 &&
        part.compare(part.size() - 7, 7, " bytes)") == 0) {
      std::string digits = part.substr(open + 2, part.size() - 7 - open - 2);
      int64_t bytes = 0;
      auto [p, error] = std::from_chars(digits.data(), digits.data() + digits.size(), bytes);
      if (error == std::errc() && p == digits.data() + digits.size()) {
        file = InputFile{part.substr(0, open), bytes};
      }
    }
    out.push_back(file);
  }
  return out;
}

// The figures of a row into `m`, from the columns named FIGURE + `suffix`
// ("" for the row's own, "_previous" for the period --compare set beside).
void ReadFigures(const RowReader& r, const std::string& suffix, PeriodMetrics* m) {
  auto count = [&](const char* column) { return r.Count(column + suffix).value_or(0); };
  m->customers_start = count("customers_start");
  m->customers_end = count("customers_end");
  m->customers_new = count("customers_new");
  m->customers_lost = count("customers_lost");
  m->customers_reactivated = count("customers_reactivated");
  // Null order figures: a report of contracts without order data.
  auto active = r.Count("customers_active" + suffix);
  m->has_orders = active.has_value();
  m->customers_active = active.value_or(0);
  m->customers_repeat = count("customers_repeat");
  m->customers_returning = count("customers_returning");
  m->orders = count("orders");
  m->revenue = r.Amount("revenue" + suffix).value_or(Money{});
  m->churn_rate = r.Double("churn_rate" + suffix);
  m->retention_rate = r.Double("retention_rate" + suffix);
  m->repeat_rate = r.Double("repeat_rate" + suffix);
  m->returning_rate = r.Double("returning_rate" + suffix);
  m->purchase_frequency = r.Double("purchase_frequency" + suffix);
  m->aov = r.Amount("aov" + suffix);
  m->clv = r.Amount("clv" + suffix);
  m->lifespan = r.Double("clv_lifespan" + suffix);
}

Definitions DefinitionsOf(const HistoryRow& row) {
  Definitions d;
  d.schema_version = std::atoi(row.Text("schema_version").c_str());
  d.tool_version = row.Text("tool_version");
  d.time_zone = row.Text("time_zone");
  d.as_of = row.Text("as_of");
  d.margin = row.Text("margin");
  d.lifespan = row.Text("lifespan");
  d.activity = row.Text("activity");
  d.segment_column = row.Text("segment_column");
  d.top_segments = std::atoi(row.Text("top_segments").c_str());
  d.currency = row.Text("currency");
  d.rates = RatesFromText(row.Text("rates"));
  // "a; b; c", as RulesText writes them; none recorded: the usual ones.
  if (const std::string rules = row.Text("rules"); !rules.empty()) {
    d.rules.clear();
    for (size_t from = 0;;) {
      const size_t to = rules.find("; ", from);
      d.rules.push_back(rules.substr(from, to - from));
      if (to == std::string::npos) break;
      from = to + 2;
    }
  }
  d.files = InputsFromText(row.Text("inputs"));
  d.rows = std::atoll(row.Text("input_rows").c_str());
  d.first_order = row.Text("first_order");
  d.last_order = row.Text("last_order");
  if (d.activity != "subscriptions") d.window = row.Text("window");
  return d;
}

}  // namespace

ReportRows ReadReportRows(const Snapshot& snapshot, const std::string& name) {
  ReportRows out;
  std::string missing;
  for (const char* column : {"period",
                             "start",
                             "end",
                             "partial",
                             "window",
                             "customers_start",
                             "customers_end",
                             "customers_new",
                             "customers_lost",
                             "customers_reactivated",
                             "customers_active",
                             "customers_repeat",
                             "customers_returning",
                             "orders",
                             "revenue",
                             "churn_rate",
                             "retention_rate",
                             "repeat_rate",
                             "returning_rate",
                             "purchase_frequency",
                             "aov",
                             "clv",
                             "clv_lifespan"}) {
    if (std::find(snapshot.columns.begin(), snapshot.columns.end(), column) ==
        snapshot.columns.end()) {
      missing += (missing.empty() ? "" : ", ") + std::string(column);
    }
  }
  if (!missing.empty()) {
    throw DataError(Location{name, 1, 0},
                    "no column " + missing +
                        "; render reads the columns of `retention report --format csv` (or of "
                        "the query `retention sql report` writes)");
  }
  out.segmented = std::find(snapshot.columns.begin(), snapshot.columns.end(), "segment") !=
                  snapshot.columns.end();
  const bool compared = std::find(snapshot.columns.begin(), snapshot.columns.end(),
                                  "previous_period") != snapshot.columns.end();
  for (size_t i = 0; i < snapshot.rows.size(); ++i) {
    // Report CSV cells never span lines, so row i is on line i + 2.
    const RowReader r(snapshot.rows[i], name, static_cast<int64_t>(i) + 2);
    PeriodMetrics m;
    if (out.segmented) m.segment = r.Cell("segment");
    m.period.label = r.Required("period");
    m.period.start = r.Date("start");
    m.period.end = r.Date("end");
    for (auto why :
         {WhyPeriodDisagrees(snapshot.rows[i]), WhyMarginOrLifespanUnreadable(snapshot.rows[i])}) {
      if (why) {
        throw DataError(Location{name, static_cast<int64_t>(i) + 2, 0},
                        *why + "; give the CSV as report wrote it, or correct that value");
      }
    }
    m.partial = r.Bool("partial");
    if (auto window = r.Cell("window")) {
      try {
        m.window = ParseWindow(*window);
      } catch (const UsageError&) {
        r.Fail("window", "\"" + *window + "\" is not a window like 1m or 90d");
      }
    } else {
      m.activity = ActivitySource::kSubscriptions;
    }
    ReadFigures(r, "", &m);
    if (compared) {
      // --compare: the compared period's figures, beside the row's own.
      PeriodMetrics c;
      c.segment = m.segment;
      c.period.label = r.Required("previous_period");
      c.period.start = r.Date("previous_start");
      c.period.end = r.Date("previous_end");
      c.window = m.window;
      c.activity = m.activity;
      ReadFigures(r, "_previous", &c);
      // Which comparison: the period before, else a year earlier.
      const Period before = ComparisonPeriod(m.period, CompareWith::kPreviousPeriod);
      const CompareWith with = before.start == c.period.start && before.end == c.period.end
                                   ? CompareWith::kPreviousPeriod
                                   : CompareWith::kYearEarlier;
      if (out.compare && *out.compare != with) {
        r.Fail("previous_period", "rows compare with both the period before and a year earlier");
      }
      out.compare = with;
      out.compared.push_back(std::move(c));
    }
    out.periods.push_back(std::move(m));
  }
  if (!snapshot.rows.empty() && snapshot.rows.front().Find("schema_version")) {
    out.definitions = DefinitionsOf(snapshot.rows.front());
    // A history's rows are of several runs. Its partial periods are as of
    // the day their rows record (the latest, if they differ); without one,
    // the latest day any row records.
    std::optional<CivilDate> partial, any;
    bool differ = false;
    for (size_t i = 0; i < snapshot.rows.size(); ++i) {
      const std::string text = snapshot.rows[i].Text("as_of");
      const std::optional<CivilDate> day = ParseIsoDate(text);
      if (!day) {
        // A damaged day would make the row partial or final as of another.
        throw DataError(Location{name, snapshot.rows[i].line, 0},
                        "column as_of: \"" + text +
                            "\" is not a date like 2024-03-01; write the day the row was "
                            "computed as of");
      }
      if (!day) continue;
      differ = differ || (any && !(*any == *day));
      if (!any || *any < *day) any = day;
      if (out.periods[i].partial && (!partial || *partial < *day)) partial = day;
    }
    if (partial || any) out.definitions->as_of = FormatDate(partial ? *partial : *any);
    // Each row's day is kept, not made the latest: June's row of a
    // month-to-date history was partial as of June 10, not of July 10.
    for (size_t i = 0; differ && i < snapshot.rows.size(); ++i) {
      const std::string day = snapshot.rows[i].Text("as_of");
      out.row_as_of.push_back(day.empty() ? out.definitions->as_of : day);
    }
  }
  return out;
}

}  // namespace retention
