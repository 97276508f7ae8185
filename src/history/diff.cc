// Comparing two snapshots figure by figure, with a tolerance that means
// the same thing to a person for every kind of figure.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "base/text.h"
#include "history/figure_text.h"
#include "retention/dates.h"
#include "retention/error.h"
#include "retention/history.h"
#include "retention/money.h"

namespace retention {

bool IsSplitBySegment(const Snapshot& snapshot) {
  return !snapshot.rows.empty() && snapshot.rows.front().Find("segment") != nullptr;
}

std::optional<SnapshotProblem> WhyRowsCannotBeMatched(const Snapshot& snapshot) {
  const bool has_period = std::find(snapshot.columns.begin(), snapshot.columns.end(), "period") !=
                          snapshot.columns.end();
  if (!has_period && !(snapshot.columns.empty() && snapshot.rows.empty())) {
    // (A header of one column with ';' in it is refused when read.)
    return SnapshotProblem{
        0, "it has no \"period\" column, and rows are matched by period and segment"};
  }
  std::map<RowKey, int64_t> seen;  // each row's line (0 in a JSON document)
  for (const HistoryRow& row : snapshot.rows) {
    if (!row.Find("period")) {
      return SnapshotProblem{row.line, "a row has no \"period\", and rows are matched by it"};
    }
    RowKey key = KeyOfRow(row);
    if (auto [first, fresh] = seen.emplace(key, row.line); !fresh) {
      const std::string lines =
          row.line > 0 && first->second > 0
              ? " on lines " + std::to_string(first->second) + " and " + std::to_string(row.line)
              : "";
      return SnapshotProblem{
          row.line,
          "two rows of period " + key.period +
              (key.segment ? " and segment " + EscapeControls(*key.segment) : std::string()) +
              lines +
              (row.Find("segment") ? " (a row copied twice?)"
                                   : " (a row copied twice, or the segment column removed?)") +
              ", and rows are matched by period and segment"};
    }
  }
  return std::nullopt;
}

namespace {

// Whether `text` reads as a figure of `kind`, as report writes them (and
// engines spell them: "7131.0800", "1.5e-3").
bool ReadsAs(FigureKind kind, const std::string& field, const std::string& text) {
  // A decimal of at most 4 places (an engine's "163.9600" too), of any
  // size a sum may reach: revenue passes the 10^12 a row may hold.
  if (kind == FigureKind::kMoney) return ParseMoneyFigure(text).has_value();
  if (kind == FigureKind::kCount) return ReadCount(text).has_value();
  return ReadFigure(field, text).has_value();
}

}  // namespace

std::optional<SnapshotProblem> WhyFiguresCannotBeRead(const Snapshot& snapshot) {
  for (const HistoryRow& row : snapshot.rows) {
    for (const auto& [name, value] : row.fields) {
      if (name == "as_of" && (value.is_null || value.text.empty())) {
        // Every run records its day: without it a partial row could be
        // replaced with figures known earlier.
        return SnapshotProblem{
            row.line, "the row of period " + row.Text("period") +
                          (row.Segment() ? " and segment " + *row.Segment() : std::string()) +
                          " has no as_of, the day it was computed as of"};
      }
      if (value.is_null || value.text.empty()) continue;
      const FigureKind kind = KindOfField(name);
      const bool date = name == "start" || name == "end" || name == "as_of" ||
                        name == "first_order" || name == "last_order";
      // Compared and kept on every row, as a figure is.
      if (name == "partial" && value.text != "true" && value.text != "false") {
        return SnapshotProblem{
            row.line, "the row of period " + row.Text("period") +
                          (row.Segment() ? " and segment " + *row.Segment() : std::string()) +
                          " has partial \"" + value.text + "\", which is not true or false"};
      }
      if (date ? ParseIsoDate(value.text).has_value()
               : kind == FigureKind::kNone || ReadsAs(kind, name, value.text)) {
        continue;
      }
      static constexpr const char* kWhat[] = {"", "a count (a whole number from 0)",
                                              "an amount (at most 4 decimals)", "a rate",
                                              "a number"};
      return SnapshotProblem{
          row.line, "the row of period " + row.Text("period") +
                        (row.Segment() ? " and segment " + *row.Segment() : std::string()) +
                        " has " + name + " \"" + value.text + "\", which is not " +
                        (date ? "a date like 2024-03-01" : kWhat[static_cast<int>(kind)])};
    }
    if (auto why = WhyPeriodDisagrees(row)) return SnapshotProblem{row.line, *why};
    if (auto why = WhyMarginOrLifespanUnreadable(row)) return SnapshotProblem{row.line, *why};
  }
  return std::nullopt;
}

void RequireMatchableRows(const Snapshot& snapshot, const std::string& name) {
  if (auto unreadable = WhyFiguresCannotBeRead(snapshot)) {
    throw DataError(Location{name, unreadable->line, 0},
                    "cannot be compared: " + unreadable->why +
                        "; give outputs of `retention report` (-o, --append) as they were "
                        "written, or correct that value");
  }
  if (auto unmatched = WhyRowsCannotBeMatched(snapshot)) {
    throw DataError(Location{name, unmatched->line, 0},
                    "cannot be compared: " + unmatched->why +
                        "; give outputs of `retention report` (-o, --append) that keep them "
                        "(--columns period,segment,...)");
  }
}

namespace {

std::optional<double> Number(const HistoryValue& v) {
  if (v.is_null || v.text.empty()) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(v.text.c_str(), &end);
  if (end != v.text.c_str() + v.text.size()) return std::nullopt;
  return d;
}

// now - had for people and as a number, and its size in the tolerance's
// unit.
struct FigureChange {
  std::string text, number;
  double size;
};

// nullopt when either side is not a number (then any change is beyond
// tolerance).
std::optional<FigureChange> Change(FigureKind kind, const HistoryValue& had,
                                   const HistoryValue& now) {
  if (kind == FigureKind::kMoney) {
    // Exact: money is compared in 1/10000 units, never through doubles.
    std::optional<Money> a = ParseMoneyFigure(had.text), b = ParseMoneyFigure(now.text);
    Money d;
    if (had.is_null || now.is_null || !a || !b ||
        __builtin_sub_overflow(b->units, a->units, &d.units)) {
      return std::nullopt;  // a change past what 1/10000 units in 64 bits hold
    }
    std::string text = FormatMoneyExact(d, 2);
    return FigureChange{(d.units >= 0 ? "+" : "") + text, text,
                        std::fabs(static_cast<double>(d.units) / kMoneyScale)};
  }
  std::optional<double> a = Number(had), b = Number(now);
  if (!a || !b) return std::nullopt;
  if (kind == FigureKind::kCount) {
    long long d = std::llround(*b - *a);
    return FigureChange{fmt::format("{:+d}", d), fmt::format("{}", d),
                        std::fabs(static_cast<double>(d))};
  }
  // A spreadsheet saves a double with 15 significant digits
  // (0.798913043478261 for 0.7989130434782609): the same figure.
  const double d = fmt::format("{:.15g}", *a) == fmt::format("{:.15g}", *b) ? 0.0 : *b - *a;
  if (kind == FigureKind::kRate) {
    // Points for people, a fraction as the rates themselves are.
    return FigureChange{fmt::format("{:+.2f}pp", d * 100), fmt::format("{:.12g}", d),
                        std::fabs(d * 100)};
  }
  return FigureChange{fmt::format("{:+.4f}", d), fmt::format("{:.12g}", d), std::fabs(d)};
}

}  // namespace

bool SameFigure(FigureKind kind, const HistoryValue& a, const HistoryValue& b) {
  if (a == b) return true;
  const auto change = Change(kind, a, b);
  return change && change->size == 0;
}

DiffResult DiffRows(const std::vector<HistoryRow>& had, const std::vector<HistoryRow>& now,
                    double tolerance) {
  DiffResult result;
  // The figures each side has in some row.
  auto figures = [](const std::vector<HistoryRow>& rows, std::vector<std::string>* order) {
    std::set<std::string> names;
    for (const HistoryRow& row : rows) {
      for (const auto& [name, value] : row.fields) {
        if (KindOfField(name) != FigureKind::kNone && names.insert(name).second) {
          order->push_back(name);
        }
      }
    }
    return names;
  };
  std::vector<std::string> old_order, new_order;
  const std::set<std::string> old_figures = figures(had, &old_order);
  const std::set<std::string> new_figures = figures(now, &new_order);
  for (const std::string& name : old_order) {
    if (!new_figures.count(name)) result.only_in_old.push_back(name);
  }
  for (const std::string& name : new_order) {
    if (!old_figures.count(name)) result.only_in_new.push_back(name);
  }
  std::map<RowKey, const HistoryRow*> new_rows;
  for (const HistoryRow& row : now) new_rows[KeyOfRow(row)] = &row;
  std::map<RowKey, bool> old_keys;
  const HistoryValue missing{"", true};
  for (const HistoryRow& row : had) {
    RowKey key = KeyOfRow(row);
    old_keys[key] = true;
    auto other = new_rows.find(key);
    if (other == new_rows.end()) {
      result.differences.push_back(
          {key.period, key.segment, "", HistoryValue{"present"}, missing, "", ""});
      continue;
    }
    for (auto& [name, value] : row.fields) {
      FigureKind kind = KindOfField(name);
      if (kind == FigureKind::kNone || !new_figures.count(name)) continue;
      ++result.compared;
      const HistoryValue* found = other->second->Find(name);
      const HistoryValue& after = found ? *found : missing;
      if (value == after) continue;
      auto change = Change(kind, value, after);
      // 7131.08 and 7131.0800 (a SQL engine's scale) are one amount.
      if (change && change->size == 0) continue;
      // A tiny epsilon keeps a change of exactly the tolerance within it
      // despite the binary fractions of rates.
      if (change && change->size <= tolerance * (1 + 1e-9)) {
        ++result.within_tolerance;
        continue;
      }
      result.differences.push_back({key.period, key.segment, name, value, after,
                                    change ? change->text : "", change ? change->number : ""});
    }
  }
  for (const HistoryRow& row : now) {
    RowKey key = KeyOfRow(row);
    if (old_keys.count(key)) continue;
    result.differences.push_back(
        {key.period, key.segment, "", missing, HistoryValue{"present"}, "", ""});
  }
  return result;
}

}  // namespace retention
