// Merging one run into a history: one row per period and segment, so a
// re-run replaces instead of duplicating, and a changed figure is news.
#include <algorithm>
#include <map>
#include <set>

#include "retention/dates.h"
#include "retention/history.h"

namespace retention {
namespace {

bool IsPartial(const HistoryRow& row) { return row.Text("partial") == "true"; }

// Whether `row` records an as-of day before `other`'s (both must).
bool KnownEarlierThan(const HistoryRow& row, const HistoryRow& other) {
  const std::optional<CivilDate> a = ParseIsoDate(row.Text("as_of"));
  const std::optional<CivilDate> b = ParseIsoDate(other.Text("as_of"));
  return a && b && *a < *b;
}

}  // namespace

UpsertResult UpsertHistory(const std::vector<HistoryRow>& history,
                           const std::vector<HistoryRow>& run) {
  UpsertResult result;
  std::map<RowKey, const HistoryRow*> old_rows;
  for (const HistoryRow& row : history) old_rows[KeyOfRow(row)] = &row;
  std::map<RowKey, bool> in_run;
  std::set<std::string> run_periods;
  for (const HistoryRow& row : run) {
    in_run[KeyOfRow(row)] = true;
    run_periods.insert(PeriodKey(row));
  }

  // Periods in first-seen order: a period the run has is the run's rows
  // alone, so no segment of an earlier run of it survives beside them
  // (a segment --top now sums into "(other)" would be counted twice).
  std::vector<std::string> periods;
  std::map<std::string, std::vector<HistoryRow>> by_period;
  auto add = [&](const HistoryRow& row) {
    std::string period = PeriodKey(row);
    if (!by_period.count(period)) periods.push_back(period);
    by_period[period].push_back(row);
  };
  for (const HistoryRow& row : run) {
    RowKey key = KeyOfRow(row);
    auto old = old_rows.find(key);
    if (old == old_rows.end()) {
      ++result.added;
    } else {
      ++result.replaced;
      // A run that knows less (an older --as-of) would put back figures the
      // history moved past: a final row replaced by a partial one, or a
      // partial one by one of an earlier day (rows that record their day).
      const HistoryRow& had = *old->second;
      if (IsPartial(row) && (!IsPartial(had) || KnownEarlierThan(row, had))) {
        result.known_earlier.push_back({key.period, key.segment, had, row});
      }
      for (auto& [name, value] : row.fields) {
        const FigureKind kind = KindOfField(name);
        if (kind == FigureKind::kNone) continue;
        const HistoryValue* before = old->second->Find(name);
        HistoryValue had = before ? *before : HistoryValue{"", true};
        // 7131.080 written back by a spreadsheet or a SQL engine is 7131.08.
        if (SameFigure(kind, had, value)) continue;
        result.changes.push_back(
            {key.period, key.segment, name, had, value, !IsPartial(*old->second)});
      }
      // A range that is the row's whole period (--from 2024-03-04 --to
      // 2024-03-10 over 2024-W10) keeps the row's name: a history of weeks
      // stays one of week names.
      const std::string name = had.Text("period");
      if (row.Text("period").find("..") != std::string::npos &&
          name.find("..") == std::string::npos) {
        HistoryRow renamed = row;
        for (auto& [field, value] : renamed.fields) {
          if (field == "period") value.text = name;
        }
        add(renamed);
        continue;
      }
    }
    add(row);
  }
  for (const HistoryRow& row : history) {
    RowKey key = KeyOfRow(row);
    if (in_run.count(key)) continue;
    if (run_periods.count(key.period)) {
      result.removed.push_back({key.period, key.segment, !IsPartial(row)});
      continue;
    }
    add(row);
  }
  // Whole periods move, so the segments of a period keep their order.
  std::stable_sort(periods.begin(), periods.end(), [&](const std::string& a, const std::string& b) {
    const HistoryRow& x = by_period[a].front();
    const HistoryRow& y = by_period[b].front();
    return std::make_tuple(x.Text("start"), x.Text("end"), a) <
           std::make_tuple(y.Text("start"), y.Text("end"), b);
  });
  for (const std::string& p : periods) {
    for (HistoryRow& row : by_period[p]) result.rows.push_back(std::move(row));
  }
  return result;
}

}  // namespace retention
