// `retention render`: a report's CSV, from `report --format csv` or from the
// query of `retention sql report` run in a warehouse, presented as `report`
// presents its figures (table, JSON, HTML, ...) and judged by the same
// --fail-if gates, so the page and the CI gate are the same at any scale.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/input_flags.h"
#include "cli/notices.h"
#include "cli/output_flags.h"
#include "cli/report_output.h"
#include "input/byte_source.h"
#include "load/column_mapping.h"
#include "retention/error.h"
#include "retention/gates.h"
#include "retention/history.h"
#include "retention/report_rows.h"

namespace retention {
namespace {

struct RenderFlags {
  std::string file;
  std::string as_of, by;
  ReportOutputFlags out;
  std::vector<std::string> fail_if;
  int check_exit_code = 0;  // 0: not given, kExitData
};

int RunRender(const RenderFlags& f) {
  std::string file = f.file;
  if (file.empty()) {
    if (!StdinIsPiped()) {
      throw UsageError(
          "name the CSV to render, or pipe it in (retention report ... --format csv | retention "
          "render)");
    }
    file = "-";
  }
  if (f.check_exit_code != 0 && f.fail_if.empty()) {
    throw UsageError(
        "--check-exit-code is the exit of a failed check: add --fail-if RULE, or "
        "leave it out");
  }
  CheckOutputPath(f.out.output, {file});
  OutputFormat format = ChooseReportFormat(f.out);
  std::vector<Gate> gates;
  for (const std::string& rule : f.fail_if) gates.push_back(Gate::Parse(rule));
  auto source = ByteSource::Open(file);
  const std::string bytes = ReadAll(source.get());
  if (SnapshotFormatOf(file == "-" ? "-.csv" : file, bytes) != SnapshotFormat::kCsv) {
    throw UsageError(file + ": render reads CSV (report --format csv, or a query's result)");
  }
  ReportRows rows =
      ReadReportRows(ParseSnapshot(bytes, source->name(), SnapshotFormat::kCsv), source->name());
  // A report or a query writes a row per period: none is a file cut short
  // (or a header alone), not a report of nothing.
  if (rows.periods.empty()) {
    throw DataError(Location{source->name(), 0, 0},
                    "holds no row of figures, only a header, so there is nothing to render; "
                    "check how the file was written (a download or export cut short?)");
  }
  // The day and zone the figures were computed for: recorded by `report`;
  // a warehouse's result records neither, so --as-of (default today) and UTC.
  CivilDate as_of = ParseAsOf(f.as_of);
  std::string zone = "UTC";
  std::vector<std::string> inputs = {source->name()};
  if (rows.definitions) {
    if (auto recorded = ParseIsoDate(rows.definitions->as_of)) {
      // Its figures and partial flags are as of that day: another would
      // be noted against figures it did not make.
      if (!f.as_of.empty() && !(as_of == *recorded)) {
        throw UsageError(
            "--as-of " + f.as_of + ": the figures of " + source->name() + " are as of " +
            FormatDate(*recorded) +
            " (the latest day its as_of column records), and are partial or final as of "
            "the days it records; leave "
            "--as-of out, or run report again with --as-of " +
            f.as_of);
      }
      as_of = *recorded;
    }
    zone = rows.definitions->time_zone;
    inputs.clear();
    for (const InputFile& file : rows.definitions->files) inputs.push_back(file.name);
  }
  ReportInfo info(as_of, zone);
  info.segmented = rows.segmented;
  // The headings name the column the segments came from: --by, else the
  // one the CSV records (report --by writes it as segment_column).
  info.segment_column = f.by;
  const std::string recorded_by = rows.definitions ? rows.definitions->segment_column : "";
  // --by only names what the file holds: a heading must not call its
  // segments another column's.
  if (!f.by.empty() && !rows.segmented) {
    throw UsageError("--by " + f.by + ": " + source->name() +
                     " has no segments (no segment column); leave --by out, or run report "
                     "again with --by " +
                     f.by);
  }
  // As report matches a column: by number (not known here), or by name
  // in any case, spaces, '_' and '-' aside.
  if (!f.by.empty() && !recorded_by.empty() && !IsColumnNumber(f.by) &&
      NormalizeHeaderName(f.by) != NormalizeHeaderName(recorded_by)) {
    throw UsageError("--by " + f.by + ": the segments of " + source->name() + " are of column \"" +
                     recorded_by +
                     "\" (its segment_column records it); leave --by out, or run "
                     "report again with --by " +
                     f.by);
  }
  if (!recorded_by.empty()) info.segment_column = recorded_by;
  info.definitions = rows.definitions;
  // The currency the report recorded: the table says it, as report's does.
  if (rows.definitions) info.currency = EscapeControls(rows.definitions->currency);
  info.row_as_of = std::move(rows.row_as_of);
  info.title = f.out.title;
  // A report written with --compare is shown with its comparison.
  info.compare = rows.compare;
  info.compared = std::move(rows.compared);
  for (size_t i = 0; i < gates.size(); ++i) {
    if (gates[i].compares() && !info.compare) {
      throw UsageError("--fail-if '" + f.fail_if[i] +
                       "': this CSV has no _previous and _change figures; write it with report "
                       "--compare previous (or year)");
    }
  }
  info.columns = ChooseColumns(f.out.columns, info);
  WriteOutput(f.out.output, FormatReportAs(format, rows.periods, info, inputs));
  return ReportGateFailures(gates, rows.periods, info) == 0 ? kExitOk
         : f.check_exit_code != 0                           ? f.check_exit_code
                                                            : kExitData;
}

}  // namespace

Command AddRenderCommand(CLI::App* parent) {
  auto f = std::make_shared<RenderFlags>();
  CLI::App* app = parent->add_subcommand(
      "render",
      "Present a report's CSV (report --format csv, or the result of `retention sql report` "
      "exported from a warehouse) as report would: table, JSON, HTML, gates.");
  app->add_option("RESULT", f->file,
                  "The CSV: one row per period (and segment); - reads stdin, as does none when "
                  "stdin is a pipe or a redirected file");
  AddQuietFlag(app);
  app->add_option("--as-of", f->as_of,
                  "The day partial periods are noted against, for a result that records none "
                  "(a warehouse's; default today); a report's CSV records its own")
      ->group("Period");
  app->add_option("--by", f->by,
                  "The column the segments came from, for headings (default: the one the CSV "
                  "records)")
      ->group("Segments");
  app->add_option("--fail-if", f->fail_if,
                  "KPI gate, repeatable, as for report: exit 1 or --check-exit-code (after "
                  "printing) when a period meets the rule, e.g. 'churn_rate > 0.08'")
      ->allow_extra_args(false)  // one rule per flag: a FILE after it stays an input
      ->option_text("RULE")
      ->group("Output");
  AddCheckExitCodeFlag(app, &f->check_exit_code);
  AddReportOutputFlags(app, &f->out);
  app->footer(
      "Examples:\n"
      "  retention report data/orders.csv --period 2024-03 --format csv -o march.csv\n"
      "  retention render march.csv --format table\n"
      "  bq query --format=csv --use_legacy_sql=false < report.sql > result.csv\n"
      "  retention render result.csv --format html -o report.html \\\n"
      "      --fail-if 'churn_rate > 0.1'\n"
      "\n" +
      std::string(kExitCodesHelp));
  return Command{app, [f] { return RunRender(*f); }};
}

}  // namespace retention
