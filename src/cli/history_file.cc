#include "cli/history_file.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "cli/file_lock.h"
#include "cli/print/print_records.h"
#include "cli/print/printers.h"
#include "input/byte_source.h"
#include "load/column_mapping.h"
#include "retention/dates.h"
#include "retention/error.h"

namespace retention {
namespace {

bool ReadWhole(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  *out = text.str();
  return true;
}

std::string FormatSnapshot(const Snapshot& s, const std::vector<HistoryRow>& rows) {
  switch (s.format) {
    case SnapshotFormat::kCsv:
      return FormatCsvRecords(s.columns, rows);
    case SnapshotFormat::kJson:
      return FormatJsonRecords(s.document, rows);
    case SnapshotFormat::kNdjson:
      break;
  }
  return FormatNdjsonRecords(rows);
}

// "--by channel --top 2" ("--by channel" for every segment), as recorded.
std::string SegmentFlags(const Settings& settings) {
  const std::string* column = FindSetting(settings, "segment_column");
  const std::string* top = FindSetting(settings, "top_segments");
  if (!column) return "--by and --top";
  std::string out = "--by " + *column;
  if (top && !top->empty() && *top != "0") out += " --top " + *top;
  return out;
}

// The segment column `had` records when it is another spelling of the
// run's `column`, as older versions recorded --by as it was given: its
// position ("7"), or what --by says now (another case of the header's
// name); else nothing.
std::optional<std::string> OlderSegmentColumn(const Settings& had, const Settings& now,
                                              const RunSegmentColumn* column) {
  const std::string* recorded = FindSetting(had, "segment_column");
  const std::string* run = FindSetting(now, "segment_column");
  if (column == nullptr || recorded == nullptr || run == nullptr || *recorded == *run ||
      *run != column->name) {
    return std::nullopt;
  }
  const bool position =
      column->number > 0 && IsColumnNumber(*recorded) && std::stoi(*recorded) == column->number;
  if (!position && *recorded != column->given) return std::nullopt;
  return *recorded;
}

// "month", or "range" for a period of no calendar unit.
std::string PeriodKind(const HistoryRow& row) {
  std::optional<Unit> unit = PeriodUnit(row);
  return unit ? std::string(UnitName(*unit)) : "range";
}

// Refuses a run whose periods are of another length than the history's:
// a history of months with a quarter, a week or a range in it counts
// those days twice in any sum or chart over it. A history already of
// several kinds, or of ranges (a fiscal calendar's, say), is not judged.
void CheckPeriodKinds(const std::string& path, const std::vector<HistoryRow>& history,
                      const std::vector<HistoryRow>& run) {
  std::string had;
  for (const HistoryRow& row : history) {
    const std::string kind = PeriodKind(row);
    if (!had.empty() && had != kind) return;
    had = kind;
  }
  if (had.empty() || had == "range") return;
  for (const HistoryRow& row : run) {
    const std::string kind = PeriodKind(row);
    if (kind == had) continue;
    throw UsageError(fmt::format(
        "--append {}: the history's periods are {} and this run's {} is {}: a history keeps one "
        "length of period, so that no day counts twice in a sum over it; append to another file "
        "(one of {})",
        path, had + "s", row.Text("period"),
        kind == "range" ? std::string("a range of no calendar unit") : "a " + kind, kind + "s"));
  }
}

// A JSON document records one as_of, a run's; its rows are of several
// runs. Each row records its own day then, as a CSV or NDJSON row does:
// a backfill of an older month would otherwise move the document's day
// back, and a partial row could be replaced with figures known earlier.
// Rows written before carry the document's day, the latest they can be.
void DateJsonRows(Snapshot* s) {
  if (s->format != SnapshotFormat::kJson) return;
  HistoryValue day{"", true};
  for (auto& [name, value] : s->document) {
    if (name == "as_of") day = value;
  }
  for (HistoryRow& row : s->rows) {
    if (!row.Find("as_of")) row.fields.push_back({"as_of", day});
  }
}

// The document's as_of, and its definitions': the latest day its rows
// record (a backfill's run is older).
void DateJsonDocument(Snapshot* s, const std::vector<HistoryRow>& rows) {
  std::optional<CivilDate> latest;
  for (const HistoryRow& row : rows) {
    const std::optional<CivilDate> day = ParseIsoDate(row.Text("as_of"));
    if (day && (!latest || *latest < *day)) latest = day;
  }
  if (!latest) return;
  const std::string day = FormatDate(*latest);
  std::string run_day;
  for (auto& [name, value] : s->document) {
    if (name != "as_of") continue;
    run_day = value.text;
    value = HistoryValue{day, false, true};
  }
  // The definitions are raw JSON as the run wrote them (DefinitionsJson).
  const std::string had = "\"as_of\": \"" + run_day + "\"";
  for (auto& [name, value] : s->document) {
    const size_t at = name == "definitions" ? value.text.find(had) : std::string::npos;
    if (at != std::string::npos) value.text.replace(at, had.size(), "\"as_of\": \"" + day + "\"");
  }
}

}  // namespace

Snapshot ReadSnapshotFile(const std::string& path) {
  std::string text;
  if (path == "-") {
    // Standard input ("<stdin>" in messages), its format told by its text.
    auto source = ByteSource::Open(path);
    text = ReadAll(source.get());
    return ParseSnapshot(text, source->name(), SnapshotFormatOf(source->name(), text));
  }
  struct stat info;
  if (stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    throw DataError(Location{path, 0, 0}, "is a folder; name a report or history file in it");
  }
  if (!ReadWhole(path, &text)) {
    throw DataError(Location{path, 0, 0}, std::string("cannot read: ") + std::strerror(errno));
  }
  return ParseSnapshot(text, path, SnapshotFormatOf(path, text));
}

std::string DescribeSettingDifferences(const std::vector<SettingDifference>& differences,
                                       const std::string& had_name, const std::string& now_name) {
  std::string out;
  for (const SettingDifference& d : differences) {
    // One line: messages are printed with control characters escaped.
    out += fmt::format("{} {}: {} has \"{}\", {} \"{}\"", out.empty() ? "" : ";", d.name, had_name,
                       d.had, now_name, d.now);
  }
  return out;
}

UpsertResult AppendToHistory(const std::string& path, const std::string& run_text,
                             std::vector<std::string>* notes,
                             const RunSegmentColumn* segment_column) {
  SnapshotFormat format = SnapshotFormatOf(path, run_text);
  Snapshot run = ParseSnapshot(run_text, "(this run)", format);
  DateJsonRows(&run);
  // Beside the file a link points at: runs given the link and runs given
  // the file must wait for each other.
  FileLock lock(FollowLink(path).value_or(path) + ".lock");
  struct stat info;
  const bool exists = stat(path.c_str(), &info) == 0;
  if (exists && info.st_size == 0) {
    // Emptied, as `> HISTORY` in a shell does: started over, every past
    // month would be gone with exit 0.
    throw DataError(Location{path, 0, 0},
                    "the --append history is empty (0 bytes), not even a header: a history "
                    "that lost its rows is not started over; restore it from a backup, or "
                    "delete the file to start a new history");
  }
  if (!exists) {
    // A new history is this run's output, rows merged (and so sorted).
    UpsertResult result = UpsertHistory({}, run.rows);
    WriteFileAtomically(path, FormatSnapshot(run, result.rows));
    return result;
  }
  Snapshot history = ReadSnapshotFile(path);
  DateJsonRows(&history);
  // An orders file or any other table is no history: say so, rather than
  // list every setting as "not recorded". Rows are upserted by period and
  // segment, as diff matches them.
  if (auto unmatched = WhyRowsCannotBeMatched(history)) {
    // Rows that all have a period but two of one: a history damaged (a row
    // copied twice), a data problem; no periods: not a history at all.
    const bool periods = std::all_of(history.rows.begin(), history.rows.end(),
                                     [](const HistoryRow& row) { return row.Find("period"); });
    if (periods && !history.rows.empty()) {
      throw DataError(Location{path, unmatched->line, 0},
                      "the --append history cannot be merged into: " + unmatched->why +
                          "; remove the copy (or restore the history), or append to a new file");
    }
    throw UsageError("--append " + path + " cannot be taken as a history of retention report: " +
                     unmatched->why + "; correct it, or append to a new file");
  }
  if (history.format != format) {
    throw UsageError("--append " + path + " holds another format than its name says");
  }
  // A damaged row would be carried on into every later history.
  if (auto unreadable = WhyFiguresCannotBeRead(history)) {
    throw DataError(Location{path, unreadable->line, 0},
                    "cannot append to this history: " + unreadable->why +
                        "; correct that value (or restore the file) and run again");
  }
  if (history.rows.empty()) {
    // Cut back to its header: it records no settings to keep to.
    UpsertResult result = UpsertHistory({}, run.rows);
    WriteFileAtomically(path, FormatSnapshot(run, result.rows));
    return result;
  }
  Settings had = history.settings;
  if (auto old = OlderSegmentColumn(had, run.settings, segment_column)) {
    // Its rows keep what they record; the run's record the name.
    for (auto& [name, value] : had) {
      if (name == "segment_column") value = segment_column->name;
    }
    if (notes) {
      const int number = segment_column->number;
      notes->push_back("note: " + path + " records its segment column as \"" + *old +
                       "\" (--by as an older version was given it); this run's input names that "
                       "column \"" +
                       segment_column->name + "\"" +
                       (number > 0 ? " (column " + std::to_string(number) + ")" : "") +
                       ", and runs record it by that name from now on");
    }
  }
  std::vector<SettingDifference> differences = CompareSettings(had, run.settings);
  if (!differences.empty()) {
    std::string fix = "the history's settings";
    for (const SettingDifference& d : differences) {
      if (d.name == "currency") {
        fix =
            "an input in the history's currency (with a currency column, as the history's "
            "had)";
      } else if (SettingMayBeUnrecorded(d.name)) {
        fix = "the history's " + SegmentFlags(history.settings);
      }
    }
    throw UsageError("--append " + path +
                     ": the history was computed with other settings, so its figures and this "
                     "run's cannot share a file:" +
                     DescribeSettingDifferences(differences, "the history", "this run") +
                     ". Run with " + fix + ", or append to another file.");
  }
  if (notes && !history.rows.empty() && !FindSetting(history.settings, "segment_column") &&
      FindSetting(run.settings, "segment_column")) {
    notes->push_back("note: " + path +
                     " does not record how its segments were chosen (written by an older "
                     "version), so this run's " +
                     SegmentFlags(run.settings) +
                     " could not be checked against it; they are recorded from now on");
  }
  const bool history_split = IsSplitBySegment(history);
  if (!run.rows.empty() && history_split != IsSplitBySegment(run)) {
    throw UsageError("--append " + path + ": " +
                     (history_split
                          ? "the history is split by segment (" + SegmentFlags(history.settings) +
                                ") and this run is not. Run with the history's " +
                                SegmentFlags(history.settings)
                          : "this run is split by segment (" + SegmentFlags(run.settings) +
                                ") and the history is not. Run without --by") +
                     ", or append to another file.");
  }
  // The same columns in another order (a spreadsheet moved one) are the
  // same history: it is written back in the run's order.
  auto sorted = [](std::vector<std::string> columns) {
    std::sort(columns.begin(), columns.end());
    return columns;
  };
  // A history written before a setting was recorded lacks its column: the
  // run's rows bring it, the history's keep it empty.
  std::vector<std::string> run_columns;
  for (const std::string& c : run.columns) {
    if (!SettingMayBeUnrecorded(c) ||
        std::find(history.columns.begin(), history.columns.end(), c) != history.columns.end()) {
      run_columns.push_back(c);
    }
  }
  if (format == SnapshotFormat::kCsv && !history.rows.empty() &&
      sorted(history.columns) != sorted(run_columns)) {
    // Name them: a column added by hand, or one dropped, is the usual
    // cause, and the user can put that right.
    auto missing_from = [](const std::vector<std::string>& have,
                           const std::vector<std::string>& other) {
      std::string names;
      for (const std::string& c : other) {
        if (std::find(have.begin(), have.end(), c) != have.end()) continue;
        names += (names.empty() ? "\"" : ", \"") + EscapeControls(c) + "\"";
      }
      return names;
    };
    const std::string extra = missing_from(run_columns, history.columns);
    const std::string lacks = missing_from(history.columns, run_columns);
    throw UsageError("--append " + path + ": the history has other columns than this run (" +
                     (extra.empty() ? "" : "it has " + extra + ", which this run has not") +
                     (extra.empty() || lacks.empty() ? "" : "; ") +
                     (lacks.empty() ? "" : "it lacks " + lacks) +
                     "): " + (extra.empty() ? "" : "remove a column added by hand") +
                     (extra.empty() || lacks.empty() ? "" : " and ") +
                     (lacks.empty() ? ""
                                    : "restore the column removed (from a backup, or by "
                                      "writing the history again)") +
                     ", or append to another file");
  }
  CheckPeriodKinds(path, history.rows, run.rows);
  UpsertResult result = UpsertHistory(history.rows, run.rows);
  if (!result.known_earlier.empty()) {
    // Later figures would be lost to a run that knows less.
    const KnownEarlier& k = result.known_earlier.front();
    auto as_of = [&](const HistoryRow& row, const Snapshot& s) {
      std::string day = row.Text("as_of");
      if (day.empty()) {
        if (const std::string* d = FindSetting(s.settings, "as_of")) day = *d;
      }
      return day.empty() ? std::string() : " (as of " + day + ")";
    };
    const bool final = k.had.Text("partial") != "true";
    throw UsageError("--append " + path + ": the history's " + k.period +
                     (k.segment ? " (segment " + EscapeControls(*k.segment) + ")" : "") + " is " +
                     (final ? "final" : "partial") + as_of(k.had, history) + ", this run's is " +
                     (final ? "partial" : "partial too") + as_of(k.now, run) +
                     ", and would replace it with figures known earlier. Run with a later "
                     "--as-of, or append to another file.");
  }
  // The latest run's document fields (definitions, inputs) head a JSON
  // history, with the latest day its rows record.
  DateJsonDocument(&run, result.rows);
  WriteFileAtomically(path, FormatSnapshot(run, result.rows));
  return result;
}

}  // namespace retention
