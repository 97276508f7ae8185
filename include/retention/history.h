// Snapshots and histories of report figures as records: reading them from
// the text the report writes (CSV, JSON, NDJSON), merging a run into a
// history (one row per period and segment), and comparing two of them
// figure by figure. Values stay the text they were written as, so a
// history rewritten by a later run keeps every earlier row byte for byte.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "retention/definitions.h"
#include "retention/period.h"

namespace retention {

/// One field's value as written: its text (a number, a string's content,
/// or raw JSON for an object or array), or null.
struct HistoryValue {
  std::string text;
  bool is_null = false;
  /// A JSON string (quoted when written), as opposed to a number, a
  /// boolean or raw JSON.
  bool is_string = false;

  friend bool operator==(const HistoryValue& a, const HistoryValue& b) {
    return a.is_null == b.is_null &&
           (a.is_null || (a.text == b.text && a.is_string == b.is_string));
  }
  friend bool operator!=(const HistoryValue& a, const HistoryValue& b) { return !(a == b); }
};

/// One period (of one segment): its fields in output order.
struct HistoryRow {
  std::vector<std::pair<std::string, HistoryValue>> fields;
  /// The line the row starts on in its file (CSV, NDJSON); 0 in a JSON
  /// document or a run's own output.
  int64_t line = 0;

  /// The field named `name`, or nullptr.
  const HistoryValue* Find(std::string_view name) const;
  /// Text of a field, "" when absent or null.
  std::string Text(std::string_view name) const;
  /// The segment, as messages show it (EscapeControls). nullopt for the
  /// all-customers total (or no --by).
  std::optional<std::string> Segment() const;
};

/// The period a row is matched by (in a history and by diff): its "period"
/// label, except that a to-date period is the calendar period it is part
/// of (May's "month-to-date" is "2024-05", and the finished month replaces
/// it; June's is another), and a range that is one whole day, week, month,
/// quarter or year is that period ("2024-01..2024-01" is "2024-01").
std::string PeriodKey(const HistoryRow& row);
/// What a row is matched by, in a history and by diff: its PeriodKey and
/// its segment as written (a CSV's shown controls read back: the JSON and
/// the CSV of one run hold one segment), none for the total.
struct RowKey {
  std::string period;
  std::optional<std::string> segment;

  friend bool operator<(const RowKey& a, const RowKey& b) {
    return std::tie(a.period, a.segment) < std::tie(b.period, b.segment);
  }
};
RowKey KeyOfRow(const HistoryRow& row);
/// The calendar unit of a row's period: the unit a to-date period runs
/// through, else the unit its start and end span exactly; none for a range
/// of other length (or without its dates).
std::optional<Unit> PeriodUnit(const HistoryRow& row);
/// Why the row's period label and its start and end dates are no period
/// report writes: an end not after the start; a label with control
/// characters; a label other than the one report gives the dates
/// ("2024-02", a range "2024-03-04..2024-03-10"; a spreadsheet's
/// "Feb-24"), which would not match a run's row of the same period, told
/// with the label to write back. None when they fit (a to-date period's
/// and a range's labels, written in more than one way, are not compared
/// with the dates), or the dates cannot be read.
std::optional<std::string> WhyPeriodDisagrees(const HistoryRow& row);

/// Why the row's margin or lifespan (its settings of --margin and
/// --lifespan) is no value report writes: a margin is a number above 0
/// and at most 1, a lifespan one above 0. None when both read (or are
/// empty: no lifespan given).
std::optional<std::string> WhyMarginOrLifespanUnreadable(const HistoryRow& row);

/// What kind of figure a field is, which decides how it is compared.
enum class FigureKind {
  kNone,   ///< not a figure: labels, dates, flags, definitions
  kCount,  ///< customers_*, orders: integers, compared exactly
  kMoney,  ///< revenue, aov, clv: exact decimals
  kRate,   ///< *_rate: fractions; tolerances are in percentage points
  kRatio,  ///< purchase_frequency, clv_lifespan: plain numbers
};
FigureKind KindOfField(std::string_view name);

/// Whether two values of a figure of `kind` are the same number, however
/// written: 7131.08 and 7131.0800 (a SQL engine's scale), 0.5 and 0.50.
/// Values that are no numbers are the same only as the same text.
bool SameFigure(FigureKind kind, const HistoryValue& a, const HistoryValue& b);

/// A figure whose value changed when a run replaced a history row.
struct FigureChange {
  std::string period;
  std::optional<std::string> segment;
  std::string figure;
  HistoryValue had, now;
  /// The replaced row was final (not partial): its published figure moved.
  /// A partial period's figures are expected to change until it is over.
  bool restated = false;
};

/// A history row a run removed: its period is in the run, its segment is
/// not (a segment that left the --top, or no longer has customers).
struct RemovedRow {
  std::string period;
  std::optional<std::string> segment;
  /// The removed row was final (not partial): published figures went.
  bool restated = false;
};

/// A history row that a run's row of the same period and segment would
/// replace with figures known earlier (an older --as-of): a final row by a
/// partial one, or a partial row by one as of an earlier day.
struct KnownEarlier {
  std::string period;
  std::optional<std::string> segment;
  HistoryRow had, now;
};

struct UpsertResult {
  std::vector<HistoryRow> rows;
  /// Rows the run's replaced in `rows` with figures known earlier: callers
  /// that must not lose later figures refuse the merge.
  std::vector<KnownEarlier> known_earlier;
  std::vector<FigureChange> changes;
  /// In history order.
  std::vector<RemovedRow> removed;
  int added = 0;
  int replaced = 0;
};

/// Merges `run` into `history`: the run's rows of a period replace every
/// history row of that period; a run row replaces the history row of the
/// same period and segment (its changed figures listed), or is added, and
/// a history row of that period whose segment the run lacks is removed
/// (listed), so no stale segment survives beside the run's. Periods the
/// run lacks are kept as they are. Rows stay sorted by period start (then
/// end, then label); within a period, segments come in the run's order.
/// Rows are keyed by PeriodKey and the "segment" field.
UpsertResult UpsertHistory(const std::vector<HistoryRow>& history,
                           const std::vector<HistoryRow>& run);

/// A figure that differs between two snapshots, or a row only one has.
struct Difference {
  std::string period;
  /// As the row writes it (the new row's, when both have it); none for
  /// the all-customers total.
  std::optional<std::string> segment;
  /// Empty when the whole row is missing on one side.
  std::string figure;
  /// Null for a null figure or a missing row.
  HistoryValue had, now;
  /// now - had as text: exact for counts and money, in percentage points
  /// for rates ("+1.25pp"); empty when either side is null or missing.
  std::string change;
  /// The same as a JSON number: exact for counts and money, a fraction for
  /// rates ("0.0125"), as the figures themselves are; empty as `change`.
  std::string change_number;
};

struct DiffResult {
  /// Differences beyond the tolerance, in row then field order.
  std::vector<Difference> differences;
  /// Differences within the tolerance (not listed).
  int within_tolerance = 0;
  /// Figures compared.
  int compared = 0;
  /// Figures that one side has in no row (a history written with
  /// --columns, say): not compared, in the order the rows name them.
  std::vector<std::string> only_in_old, only_in_new;
};

/// Compares the figures of `had` and `now` row by row (matched by period
/// and segment). A figure differs when its value moved by more than
/// `tolerance`: an absolute amount for counts, money and ratios, in
/// percentage points for rates (0.5 allows 0.2 -> 0.204). A null on one
/// side only, and a row on one side only, always differ. A figure that
/// one side has in no row is not compared, whichever side it is: the
/// verdict is the same with OLD and NEW swapped.
DiffResult DiffRows(const std::vector<HistoryRow>& had, const std::vector<HistoryRow>& now,
                    double tolerance);

enum class SnapshotFormat { kCsv, kJson, kNdjson };

/// A report output or history read back.
struct Snapshot {
  SnapshotFormat format = SnapshotFormat::kCsv;
  /// CSV: the header. JSON, NDJSON: the first record's field names.
  std::vector<std::string> columns;
  std::vector<HistoryRow> rows;
  /// JSON: the document's fields other than "periods", in order (raw JSON
  /// for objects). Empty otherwise.
  std::vector<std::pair<std::string, HistoryValue>> document;
  /// The settings it records (SettingsOf), from the document or its first
  /// row; empty when it records none (an output of an older version).
  Settings settings;
};

/// Why a snapshot cannot be compared or appended to, and the row at
/// fault: its HistoryRow::line (the row whose figure cannot be read, that
/// has no period, or the later of two rows of one period and segment; 0
/// when no one row is, or in a JSON document).
struct SnapshotProblem {
  int64_t line = 0;
  std::string why;
};

/// Why the rows of `snapshot` cannot be matched by period and segment, as
/// DiffRows and an --append upsert match them: no "period" (an orders file
/// given by mistake, or --columns left it out), or two rows of one period
/// and segment (--columns left "segment" out of a report --by a column).
/// nullopt when they can.
std::optional<SnapshotProblem> WhyRowsCannotBeMatched(const Snapshot& snapshot);
/// Whether the snapshot's rows are split by segment (--by): its first row
/// has a "segment" field. No rows, no split.
bool IsSplitBySegment(const Snapshot& snapshot);

/// Why the figures of `snapshot` cannot be read: a figure that is not a
/// number of its kind (a count, an amount, a rate; a count below 0), or a
/// date (start, end, first and last order) that is not one, as a hand
/// edit or a file cut short leaves them. nullopt when every one reads.
std::optional<SnapshotProblem> WhyFiguresCannotBeRead(const Snapshot& snapshot);

/// Throws DataError naming `name` when WhyFiguresCannotBeRead or
/// WhyRowsCannotBeMatched says why.
void RequireMatchableRows(const Snapshot& snapshot, const std::string& name);

/// The format of a snapshot named `name`: .csv, .json, .ndjson/.jsonl;
/// otherwise from the first byte ('{' JSON unless every line is an object,
/// '[' never: reports are objects). Throws UsageError when it cannot tell.
SnapshotFormat SnapshotFormatOf(const std::string& name, std::string_view bytes);

/// Reads a report output or history written as `format`. CSV definitions
/// columns, JSON "definitions" give `settings`. Throws DataError naming
/// `name` and the line when the text is not such an output.
Snapshot ParseSnapshot(std::string_view bytes, const std::string& name, SnapshotFormat format);

}  // namespace retention
