// `retention diff OLD NEW`: two report outputs or histories compared
// figure by figure. Exit codes as diff(1): 0 the same (within
// --tolerance), 1 different, 2 trouble (usage, unreadable file, outputs
// computed under different definitions).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <string>

#include "base/text.h"
#include "cli/command.h"
#include "cli/history_file.h"
#include "cli/notices.h"
#include "cli/output_flags.h"
#include "cli/print/printers.h"
#include "cli/print/text_format.h"
#include "load/column_mapping.h"
#include "retention/error.h"
#include "retention/history.h"

namespace retention {
namespace {

struct DiffFlags {
  std::string old_path, new_path;
  double tolerance = 0;
  std::string format, output;
};

// Periods, segments and values come from files: shown with control
// characters escaped, as every table does.
std::string Where(const Difference& d) {
  return EscapeControls(d.period + (d.segment ? " (segment " + *d.segment + ")" : std::string()));
}

std::string Shown(const HistoryValue& v) { return v.is_null ? "null" : EscapeControls(v.text); }

std::string DiffTable(const DiffResult& r, const DiffFlags& f) {
  std::string out;
  if (!r.differences.empty()) {
    TextTable table;
    table.Add({"period", "figure", "old", "new", "change"});
    for (const Difference& d : r.differences) {
      if (d.figure.empty()) {
        table.Add({Where(d), "(row)", d.had.is_null ? "missing" : "present",
                   d.now.is_null ? "missing" : "present", ""});
      } else {
        table.Add({Where(d), d.figure, Shown(d.had), Shown(d.now), d.change});
      }
    }
    out += table.Render();
  }
  // A row on one side only is no figure compared: counted apart.
  size_t only_old = 0, only_new = 0;
  for (const Difference& d : r.differences) {
    if (!d.figure.empty()) continue;
    only_old += d.now.is_null;
    only_new += d.had.is_null;
  }
  const size_t figures = r.differences.size() - only_old - only_new;
  out += fmt::format("{} figure{} compared: {} differ{}", r.compared, r.compared == 1 ? "" : "s",
                     figures, figures == 1 ? "s" : "");
  for (const auto& [rows, side] : {std::pair{only_old, "OLD"}, std::pair{only_new, "NEW"}}) {
    if (rows > 0) out += fmt::format("; {} row{} only in {}", rows, rows == 1 ? "" : "s", side);
  }
  if (r.within_tolerance > 0) {
    out += fmt::format(", {} more within --tolerance {}", r.within_tolerance, f.tolerance);
  }
  return out + "\n";
}

// A JSON array of figure names.
std::string Names(const std::vector<std::string>& names) {
  std::string out = "[";
  for (const std::string& n : names) out += (out.size() > 1 ? ", " : "") + JsonQuote(n);
  return out + "]";
}

std::string DiffJson(const DiffResult& r, const DiffFlags& f) {
  // A figure as it was written; as a string when that is no JSON number.
  auto value = [](const HistoryValue& v) {
    return v.is_null                              ? std::string("null")
           : v.is_string || !IsJsonNumber(v.text) ? JsonQuote(v.text)
                                                  : v.text;
  };
  std::string out = fmt::format(
      "{{\n  \"old\": {},\n  \"new\": {},\n  \"tolerance\": {},\n  \"same\": {},\n"
      "  \"compared\": {},\n  \"within_tolerance\": {},\n  \"only_in_old\": {},\n"
      "  \"only_in_new\": {},\n  \"differences\": [",
      JsonQuote(f.old_path), JsonQuote(f.new_path), f.tolerance,
      r.differences.empty() ? "true" : "false", r.compared, r.within_tolerance,
      Names(r.only_in_old), Names(r.only_in_new));
  for (size_t i = 0; i < r.differences.size(); ++i) {
    const Difference& d = r.differences[i];
    // A whole missing row has no figure: old/new say which side has it.
    out += fmt::format(
        "{}\n    {{\"period\": {}, \"segment\": {}, \"figure\": {}, \"old\": {}, \"new\": {}, "
        "\"change\": {}}}",
        i ? "," : "", JsonQuote(d.period), d.segment ? JsonQuote(*d.segment) : "null",
        d.figure.empty() ? "null" : JsonQuote(d.figure),
        d.figure.empty() ? (d.had.is_null ? "\"missing\"" : "\"present\"") : value(d.had),
        d.figure.empty() ? (d.now.is_null ? "\"missing\"" : "\"present\"") : value(d.now),
        d.change_number.empty() ? "null" : d.change_number);
  }
  out += r.differences.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

int RunDiff(const DiffFlags& f) {
  if (!(f.tolerance >= 0)) throw UsageError("--tolerance is 0 or more");
  // -o d.csv or d.html would get a table's text: refused as --format is.
  const bool json = ChooseFormat(f.format, f.output, {OutputFormat::kTable, OutputFormat::kJson}) ==
                    OutputFormat::kJson;
  if (f.old_path == "-" && f.new_path == "-") {
    throw UsageError("diff reads standard input for one of OLD and NEW, not both");
  }
  // Before reading: -o over OLD or NEW would replace a history with its
  // comparison.
  CheckOutputPath(f.output, {f.old_path, f.new_path});
  Snapshot had, now;
  try {
    had = ReadSnapshotFile(f.old_path);
    now = ReadSnapshotFile(f.new_path);
    RequireMatchableRows(had, f.old_path);
    RequireMatchableRows(now, f.new_path);
  } catch (const DataError& e) {
    // Exit 1 means "they differ": a file that cannot be read is trouble.
    PrintError(fmt::format("{}\n", EscapeControls(e.what())));
    return kExitUsage;
  }
  if (had.settings.empty() || now.settings.empty()) {
    Notice(fmt::format(
        "retention: note: {} records no definitions (written by an older version, or with "
        "--columns leaving them out); compared as they are",
        had.settings.empty() ? f.old_path : f.new_path));
  } else {
    // Older versions recorded --by as given, a column number ("7"): which
    // column that was is not in the file, so it is taken for the other's
    // name, with a note (rows of other segments would not match anyway).
    const std::string* old_column = FindSetting(had.settings, "segment_column");
    const std::string* new_column = FindSetting(now.settings, "segment_column");
    if (old_column != nullptr && new_column != nullptr && *old_column != *new_column &&
        IsColumnNumber(*old_column) != IsColumnNumber(*new_column)) {
      Notice(fmt::format(
          "retention: note: {} records its segment column as \"{}\" and {} as \"{}\" (an older "
          "version recorded --by as given); compared as the same column",
          f.old_path, *old_column, f.new_path, *new_column));
      for (auto& [name, value] : had.settings) {
        if (name == "segment_column") value = *new_column;
      }
    }
    auto differences = CompareSettings(had.settings, now.settings);
    // A currency one side does not record (an output of an older version,
    // or of an input that named none) is no difference either way round.
    differences.erase(std::remove_if(differences.begin(), differences.end(),
                                     [&](const SettingDifference& d) {
                                       return d.name == "currency" &&
                                              (!FindSetting(had.settings, d.name) ||
                                               !FindSetting(now.settings, d.name));
                                     }),
                      differences.end());
    if (!differences.empty()) {
      throw UsageError("cannot compare " + f.old_path + " and " + f.new_path +
                       ": their figures were computed under different definitions:" +
                       DescribeSettingDifferences(differences, f.old_path, f.new_path));
    }
  }
  // A report split by segment and one not: no row of one is a row of the
  // other, so every row would read as missing.
  const bool split = IsSplitBySegment(had);
  if (!had.rows.empty() && !now.rows.empty() && split != IsSplitBySegment(now)) {
    throw UsageError("cannot compare " + f.old_path + " and " + f.new_path + ": " +
                     (split ? f.old_path : f.new_path) + " is split by segment (--by) and " +
                     (split ? f.new_path : f.old_path) +
                     " is not; compare two reports split alike");
  }
  DiffResult result = DiffRows(had.rows, now.rows, f.tolerance);
  auto note_only = [](const std::vector<std::string>& names, const std::string& path) {
    if (names.empty()) return;
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    Notice(fmt::format("retention: note: only {} has {}; not compared", path,
                       names.size() == 1 ? "the figure " + list : "the figures " + list));
  };
  note_only(result.only_in_old, f.old_path);
  note_only(result.only_in_new, f.new_path);
  try {
    WriteOutput(f.output, json ? DiffJson(result, f) : DiffTable(result, f));
  } catch (const DataError& e) {
    // A full disk is trouble, not "they differ".
    PrintError(fmt::format("{}\n", EscapeControls(e.what())));
    return kExitUsage;
  }
  return result.differences.empty() ? kExitOk : kExitData;
}

}  // namespace

Command AddDiffCommand(CLI::App* parent) {
  auto flags = std::make_shared<DiffFlags>();
  DiffFlags& diff_flags = *flags;
  CLI::App* diff = parent->add_subcommand(
      "diff", "Compare two report outputs or histories (CSV, JSON or NDJSON) figure by figure.");
  diff->add_option("OLD", diff_flags.old_path, "The earlier snapshot or history; - reads stdin")
      ->required();
  diff->add_option("NEW", diff_flags.new_path, "The later snapshot or history")->required();
  diff->add_option("--tolerance", diff_flags.tolerance,
                   "Largest change that still counts as equal: absolute for counts, money and "
                   "ratios; in percentage points for rates (default 0: any change)");
  diff->add_option("--format", diff_flags.format, "table or json (default: table on a terminal)");
  diff->add_option("-o,--output", diff_flags.output,
                   "Write to this file, atomically (.json: JSON; .txt or none: the table); "
                   "never over OLD or NEW");
  AddQuietFlag(diff);
  diff->footer(
      "Exit codes: 0 the same (within --tolerance), 1 they differ, 2 a usage error, an\n"
      "unreadable file, or outputs computed under different definitions.");
  return Command{diff, [flags] { return RunDiff(*flags); }};
}

}  // namespace retention
