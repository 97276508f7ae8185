// `retention report`: its flags, and the flow from files to figures, gates
// and the printed report.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/by_segment.h"
#include "cli/command.h"
#include "cli/history_file.h"
#include "cli/html/print_html.h"
#include "cli/input_flags.h"
#include "cli/notices.h"
#include "cli/output_flags.h"
#include "cli/print/print_records.h"
#include "cli/print/printers.h"
#include "cli/report_output.h"
#include "cli/run_definitions.h"
#include "retention/compare.h"
#include "retention/error.h"
#include "retention/gates.h"
#include "retention/history.h"
#include "retention/load.h"
#include "retention/metrics.h"
#include "retention/period.h"
#include "retention/subscriptions.h"

namespace retention {
namespace {

struct ReportFlags {
  InputFlags input;
  std::string period, from, to, every, as_of, window;
  double margin = 1.0;
  std::optional<double> lifespan;  // given or not: 0 is refused, not "not given"
  ReportOutputFlags out;
  std::vector<std::string> fail_if;
  int check_exit_code = 0;  // 0: not given, kExitData
  std::string append;
  bool fail_if_restated = false;
  std::string by;
  int top = 0;
  std::vector<std::string> subscriptions;
  SubscriptionColumns subscription_columns;
  std::string compare;
};

// A period the orders do not reach reports zeros and nulls that look like
// a real month: usually a typo in --period or a stale export (one whose
// last rows are refunds too). Warn (an error with --strict), naming the
// span of the orders (`known`: " known on --as-of D" when that day cut it
// short).
void CheckPeriodsInData(const std::vector<Period>& periods, CivilDate first, CivilDate last,
                        const std::string& known, bool strict) {
  std::vector<std::string> after, before;
  for (const Period& p : periods) {
    if (last < p.start) after.push_back(p.label);
    if (p.end <= first) before.push_back(p.label);
  }
  auto describe = [](const std::vector<std::string>& labels) {
    if (labels.size() == 1) return "period " + labels.front() + " lies";
    return fmt::format("{} periods ({} to {}) lie", labels.size(), labels.front(), labels.back());
  };
  std::string span =
      fmt::format("the orders{} run from {} to {}", known, FormatDate(first), FormatDate(last));
  // After the last order the window may still hold customers active at
  // its start (lost, or active at its end under a longer window): those
  // are figures, not zeros.
  struct Side {
    const std::vector<std::string>* labels;
    const char* where;
    const char* figures;
    const char* plural;
  };
  for (const Side& side :
       {Side{&before, "before the first order", "its figures are zeros and nulls",
             "their figures are zeros and nulls"},
        Side{&after, "after the last order",
             "it has no orders: no new customers or orders, and no revenue but refunds",
             "they have no orders: no new customers or orders, and no revenue but refunds"}}) {
    if (side.labels->empty()) continue;
    std::string message =
        fmt::format("{} entirely {} ({})", describe(*side.labels), side.where, span);
    if (strict) throw DataError(Location{}, message + "; --strict makes this an error");
    const bool one = side.labels->size() == 1;
    Notice("warning: " + message + "; " + (one ? side.figures : side.plural));
  }
}

// Merges the run into the history file and tells stderr what changed;
// true when a published (not partial) figure was restated. A restated
// figure is always printed (a published number changed: what a cron job
// must hear, and what --fail-if-restated points to); a partial period's
// updates and the count of rows are notes, which --quiet silences.
bool AppendRun(const std::string& path, const std::vector<PeriodMetrics>& metrics,
               const ReportInfo& info, const RunSegmentColumn& segment_column) {
  SnapshotFormat format = SnapshotFormatOf(path, "");
  // A history keeps every column, whatever --columns or --compare chose
  // for this run's own output.
  ReportInfo full = info;
  full.columns.clear();
  full.compare.reset();
  full.compared.clear();
  std::string run_text = format == SnapshotFormat::kCsv    ? FormatCsv(metrics, full)
                         : format == SnapshotFormat::kJson ? FormatJson(metrics, full)
                                                           : FormatNdjson(metrics, full);
  std::vector<std::string> notes;
  UpsertResult result = AppendToHistory(path, run_text, &notes, &segment_column);
  for (const std::string& note : notes) Notice("retention: " + note);
  bool restated = false;
  for (const FigureChange& c : result.changes) {
    restated = restated || c.restated;
    // Segment names and old values come from files: escaped.
    std::string line = EscapeControls(fmt::format(
        "retention: {}: {}{} {} {}: {} -> {}{}", path, c.period,
        c.segment ? " (segment " + *c.segment + ")" : std::string(), c.figure,
        c.restated ? "restated" : "updated", c.had.is_null ? "null" : c.had.text,
        c.now.is_null ? "null" : c.now.text, c.restated ? "" : " (the period was partial)"));
    if (c.restated) {
      PrintError(fmt::format("{}\n", line));
    } else {
      Notice(line);
    }
  }
  for (const RemovedRow& r : result.removed) {
    // A re-run period holds the run's segments alone: a segment it lacks
    // (gone from the --top, or without customers now) is no longer kept.
    restated = restated || r.restated;
    std::string line = EscapeControls(fmt::format(
        "retention: {}: {} ({}) {}: row removed, this run has no such segment{}", path, r.period,
        r.segment ? "segment " + *r.segment : std::string("all customers"),
        r.restated ? "restated" : "updated", r.restated ? "" : " (the period was partial)"));
    if (r.restated) {
      PrintError(fmt::format("{}\n", line));
    } else {
      Notice(line);
    }
  }
  Notice(
      fmt::format("retention: {}: {} row{} added, {} replaced,{} {} in all", path, result.added,
                  result.added == 1 ? "" : "s", result.replaced,
                  result.removed.empty() ? "" : fmt::format(" {} removed,", result.removed.size()),
                  result.rows.size()));
  return restated;
}

// Contracts are cut at --as-of as orders are (ComputeSubscriptionMetrics):
// said, as NoteRowsAfter says it of orders. An end after today is a
// cancellation scheduled, no news: said only of a day --as-of names.
void NoteContractsAfter(const SubscriptionTable& contracts, CivilDate as_of, bool as_of_given) {
  const Time until = TimeFromDate(AddDays(as_of, 1));
  int64_t later = 0, running = 0;
  for (size_t i = 0; i < contracts.contract_count(); ++i) {
    if (contracts.start[i] >= until) {
      ++later;
    } else if (as_of_given && contracts.end[i] != kOpenEnded && contracts.end[i] >= until) {
      ++running;
    }
  }
  if (later + running == 0) return;
  std::string what;
  if (later > 0) {
    what = fmt::format("{} contract{} starting after --as-of {} left out", later,
                       later == 1 ? "" : "s", FormatDate(as_of));
  }
  if (running > 0) {
    what += fmt::format("{}{} ending after {} taken as running", what.empty() ? "" : ", ", running,
                        later > 0 ? "it" : "--as-of " + FormatDate(as_of));
  }
  Notice("note: " + what + " (the figures as known that day)");
}

int RunReport(const ReportFlags& f) {
  // Before anything is read or computed: -o must not replace an input.
  std::vector<std::string> inputs = f.input.files;
  inputs.insert(inputs.end(), f.subscriptions.begin(), f.subscriptions.end());
  // ToLoadOptions checks the order files among themselves.
  if (!f.subscriptions.empty()) RefuseRepeatedFiles(inputs, !f.input.no_header);
  CheckOutputPath(f.out.output, inputs);
  if (!f.append.empty()) {
    if (f.append == "-")
      throw UsageError("--append needs a file: the history is read and rewritten");
    CheckOutputPath(f.append, inputs, "--append");
    if (!f.out.output.empty() && f.out.output != "-" && SameOutputFile(f.out.output, f.append)) {
      throw UsageError("-o " + f.out.output + " is the --append history " + f.append +
                       "; the report would replace the history before the run is merged into "
                       "it: write the report to another file, or leave -o out");
    }
    // `report ... --append h.csv > h.csv`: the shell has emptied the
    // history already, and the report would land on it.
    if (StdoutIsFile(f.append)) {
      throw UsageError("standard output is redirected to the --append history " + f.append +
                       "; the report would be written over it (with > the shell has emptied "
                       "it already: restore it from a backup): leave the redirection out, as "
                       "--append alone writes only the history, or redirect elsewhere");
    }
    SnapshotFormatOf(f.append, "");  // refuses a name that does not say the format
  }
  if (f.fail_if_restated && f.append.empty()) {
    throw UsageError("--fail-if-restated needs --append HISTORY: restated means changed there");
  }
  if (f.check_exit_code != 0 && f.fail_if.empty() && !f.fail_if_restated) {
    throw UsageError(
        "--check-exit-code is the exit of a failed check: add --fail-if RULE or "
        "--fail-if-restated, or leave it out");
  }
  LoadOptions load = ToLoadOptions(f.input);
  CivilDate as_of = ParseAsOf(f.as_of);
  // A mistyped period is a usage error before a large file is read.
  if (!f.period.empty()) ParsePeriod(f.period, as_of);
  MetricsOptions options;
  options.as_of = as_of;
  options.known_through = as_of;
  // The day is the local one, but a period ends in the reporting zone: at
  // 00:30 on July 1 in Tokyo June still runs in UTC, so it is not final (a
  // late order then updates it rather than restating it).
  if (f.as_of.empty()) options.now = load.time_zone.FromUtc(NowUtc());
  if (!f.window.empty()) {
    options.window = ParseWindow(f.window);
  } else if (!f.period.empty() && f.every.empty() && f.subscriptions.empty()) {
    // "month-to-date" is a part of a month; its default window is still the
    // month, so "active at start" keeps meaning "ordered last month".
    if (auto unit = UnitOfPeriodText(f.period, as_of)) options.window = Window{*unit, 1};
  }
  options.margin = f.margin;
  options.lifespan = f.lifespan;
  // Before a large file is read.
  CheckMetricsOptions(options);
  OutputFormat format = ChooseReportFormat(f.out);
  ReportInfo info(as_of, load.time_zone.name());
  info.segmented = !f.by.empty();
  info.segment_column = f.by;
  info.title = f.out.title;
  if (!f.compare.empty()) {
    info.compare = ParseCompareWith(f.compare);
    if (!info.compare) {
      throw UsageError(
          "--compare takes previous (the period before) or year (the same period a "
          "year earlier); got \"" +
          f.compare + "\"");
    }
  }
  info.columns = ChooseColumns(f.out.columns, info);
  if (f.top != 0 && f.by.empty()) throw UsageError("--top needs --by COLUMN");
  load.columns.segment = f.by;
  std::vector<Gate> gates;
  for (const std::string& rule : f.fail_if) {
    gates.push_back(Gate::Parse(rule));
    if (gates.back().compares() && !info.compare) {
      throw UsageError("--fail-if '" + rule +
                       "' names a figure of the compared period (_previous, _change): add "
                       "--compare previous or --compare year");
    }
  }
  // With --append alone nothing is written but the history, which keeps
  // every column: a flag that shapes the output would change nothing.
  if (!f.append.empty() && f.out.output.empty() && f.out.format.empty()) {
    const bool gated =
        std::any_of(gates.begin(), gates.end(), [](auto& g) { return g.compares(); });
    const char* idle = !f.out.columns.empty()         ? "--columns"
                       : !f.compare.empty() && !gated ? "--compare"
                                                      : nullptr;
    if (idle) {
      const bool compare = idle == std::string("--compare");
      throw UsageError(fmt::format(
          "{} shapes the report's output, and with --append alone there is none: the history keeps "
          "every column{}. Add -o FILE or --format to write the report too{}",
          idle, compare ? ", and no comparison" : "",
          compare ? ", or a --fail-if rule on a _change figure" : ""));
    }
  }
  if (f.input.files.empty() && f.subscriptions.empty()) {
    throw UsageError("name the order files to report on (or --subscriptions FILE)");
  }
  load.known_until = as_of;
  OrderTable table = f.input.files.empty() ? OrderTable() : LoadOrders(f.input.files, load);
  const bool has_period = !f.period.empty() || !f.from.empty() || !f.to.empty();
  // With a period, input of no rows is reported, with a warning
  // (RequireSomeOrders); refunds alone never are.
  if (!has_period || table.order_count() > 0) RequireOrdersBy(table, as_of);
  WarnAboutInput(table);
  const std::optional<CivilDate> last_known = NoteRowsAfter(table, as_of);
  std::optional<SubscriptionTable> contracts;
  if (!f.subscriptions.empty()) {
    if (!f.window.empty()) {
      throw UsageError(
          "--window applies to orders; with --subscriptions activity comes from "
          "the contracts' start and end");
    }
    if (!f.by.empty()) throw UsageError("--by is not available with --subscriptions yet");
    // The contracts file has its own format and delimiter.
    LoadOptions contract_load = load;
    contract_load.format = InputFormat::kAuto;
    contract_load.delimiter = 0;
    // Order layouts do not apply to contracts; "none" still turns
    // recognition off.
    contract_load.layout = load.layout == "none" ? "none" : "";
    contracts = LoadSubscriptions(f.subscriptions, contract_load, f.subscription_columns);
    NoteContractsAfter(*contracts, as_of, !f.as_of.empty());
    if (contracts->stats.rows_without_customer > 0) {
      Notice(fmt::format("warning: {} contract row{} without a customer id left out (first at {})",
                         contracts->stats.rows_without_customer,
                         contracts->stats.rows_without_customer == 1 ? "" : "s",
                         contracts->stats.first_row_without_customer.ToString()));
    }
    if (f.period.empty() && f.from.empty() && f.to.empty() && f.input.files.empty()) {
      throw UsageError("with --subscriptions alone, name the period (--period, or --from/--to)");
    }
  }
  bool has_data = table.stats.purchase_rows + table.stats.refund_rows > 0;
  std::optional<CivilDate> data_first, data_last;
  if (has_data) {
    data_first = DateFromTime(table.stats.first_time);
    data_last = DateFromTime(table.stats.last_time);
  }
  if (!contracts) RequireSomeOrders(table, f.input, has_period, "a period with --period");
  std::vector<Period> periods =
      ResolvePeriods(PeriodRequest{f.period, f.from, f.to, f.every}, as_of, data_first, data_last);
  // Series spanning the data itself cannot miss it; contracts may cover
  // periods the orders do not.
  if (last_known && !contracts && has_period) {
    // As known on --as-of: orders dated later are in no figure.
    const auto [first_order, last_order] = table.order_span();
    const bool cut = *last_known < DateFromTime(last_order);
    CheckPeriodsInData(periods, DateFromTime(first_order), *last_known,
                       cut ? " known on --as-of " + FormatDate(as_of) : "", f.input.strict);
  }
  std::vector<PeriodMetrics> metrics =
      contracts ? ComputeSubscriptionMetrics(*contracts, f.input.files.empty() ? nullptr : &table,
                                             periods, options)
                : ComputeMetrics(table, periods, options);
  if (info.compare) {
    // Computed as the figures are, from the same table and flags.
    info.compared = ComputeCompared(
        metrics, *info.compare, options,
        [&](const std::vector<Period>& ps, const MetricsOptions& o) {
          return contracts ? ComputeSubscriptionMetrics(
                                 *contracts, f.input.files.empty() ? nullptr : &table, ps, o)
                           : ComputeMetrics(table, ps, o);
        });
  }
  if (!f.by.empty()) {
    // Every figure within each segment, after the all-customers total.
    const std::vector<PeriodMetrics> totals = metrics;
    AppendBySegment(
        table, f.top, as_of,
        [&](const OrderTable& part) { return ComputeMetrics(part, periods, options); }, &metrics);
    if (info.compare) {
      AppendBySegment(
          table, f.top, as_of,
          [&](const OrderTable& part) {
            return ComputeCompared(totals, *info.compare, options,
                                   [&](const std::vector<Period>& ps, const MetricsOptions& o) {
                                     return ComputeMetrics(part, ps, o);
                                   });
          },
          &info.compared);
    }
  }
  Definitions definitions = DescribeRun(f.input.files, table, as_of, load.time_zone.name());
  definitions.rates = ReportRateDefinitions();
  definitions.segment_column = SegmentColumnOf(table, f.by);
  info.segment_column = definitions.segment_column;
  definitions.top_segments = f.top;
  definitions.margin = fmt::format("{}", options.margin);
  if (options.lifespan) definitions.lifespan = fmt::format("{}", *options.lifespan);
  if (contracts) {
    definitions.activity = "subscriptions";
    for (const std::string& file : f.subscriptions) {
      definitions.files.push_back(DescribeRun({file}, OrderTable(), as_of, "").files.front());
    }
  } else if (options.window) {
    definitions.window = FormatWindow(*options.window);
  } else if (!metrics.empty()) {
    definitions.window = FormatWindow(metrics.front().window);
  }
  info.definitions = definitions;
  info.currency = EscapeControls(table.stats.currency);
  // With --append alone a cron job's run prints nothing but news.
  if (f.append.empty() || !f.out.output.empty() || !f.out.format.empty()) {
    std::string text = FormatReportAs(format, metrics, info, f.input.files);
    WriteOutput(f.out.output, text);
  }
  bool restated = false;
  if (!f.append.empty()) {
    const RunSegmentColumn segment_column{info.segment_column, table.stats.segment_column_number,
                                          f.by};
    restated = AppendRun(f.append, metrics, info, segment_column);
  }
  // Gates judge after the report is out, so a failing run still shows why.
  const size_t failures = ReportGateFailures(gates, metrics, info);
  if (restated && f.fail_if_restated) {
    PrintError("retention: --fail-if-restated: published figures changed (above)\n");
    return f.check_exit_code != 0 ? f.check_exit_code : kExitData;
  }
  return failures == 0 ? kExitOk : f.check_exit_code != 0 ? f.check_exit_code : kExitData;
}

}  // namespace

Command AddReportCommand(CLI::App* parent) {
  auto flags = std::make_shared<ReportFlags>();
  ReportFlags& report_flags = *flags;
  CLI::App* report = parent->add_subcommand(
      "report", "Compute every retention figure for a period or a series of periods.");
  AddInputFlags(report, &report_flags.input, false);
  report
      ->add_option("--subscriptions", report_flags.subscriptions,
                   "Contracts file(s) (customer, start, optional end): customers at start/end, "
                   "new, lost, reactivated, churn and retention come from contracts; order "
                   "figures from the order files, if any (null without)")
      ->allow_extra_args(false)  // one file per flag: a FILE after it stays an order file
      ->option_text("FILE")
      ->group("Subscriptions");
  report
      ->add_option("--subscription-customer-col", report_flags.subscription_columns.customer,
                   "Customer column of the contracts file (default: customer_id, customer, ...)")
      ->group("Subscriptions");
  report
      ->add_option("--start-col", report_flags.subscription_columns.start,
                   "Start column of the contracts file (default: start, start_date, started_at, "
                   "...)")
      ->group("Subscriptions");
  report
      ->add_option("--end-col", report_flags.subscription_columns.end,
                   "End column, exclusive, empty while running (default: end, end_date, "
                   "cancelled_at, ...)")
      ->group("Subscriptions");
  report
      ->add_option("--period", report_flags.period,
                   "One period: 2024-03-15, 2024-W09, 2024-03, 2024-Q1, 2024, or last-month, "
                   "last-quarter, last-year, last-week, yesterday, month-to-date, "
                   "quarter-to-date, year-to-date, ...")
      ->group("Period");
  report
      ->add_option("--from", report_flags.from,
                   "Start of a range: the first day of the period named (2023-01 = 2023-01-01)")
      ->group("Period");
  report
      ->add_option("--to", report_flags.to,
                   "End of a range, inclusive of the whole period named: --to 2023-12 includes "
                   "all of December, --to 2023-12-31 includes that day (default: --as-of)")
      ->group("Period");
  report
      ->add_option("--every", report_flags.every,
                   "Split into a series: day, week, month, quarter or year (one pass over the "
                   "data). Without a period or range: every such period of the data")
      ->group("Period");
  report
      ->add_option("--as-of", report_flags.as_of,
                   "The day relative periods are resolved against and partial periods judged "
                   "by (default: today in the local time zone, TZ)")
      ->group("Period");
  report
      ->add_option("--window", report_flags.window,
                   "Activity window W: a customer is active at t with an order in [t - W, t). "
                   "E.g. 90d, 12w, 3m, 1q, 1y (default: one period)")
      ->group("Period");
  report
      ->add_option("--margin", report_flags.margin,
                   "Gross margin for CLV, a fraction or a percentage (0.3 or 30%; default 1)")
      ->transform(PercentAsFraction())
      ->type_name("FRACTION")
      ->group("CLV");
  report
      ->add_option_function<double>(
          "--lifespan", [flags](const double& v) { flags->lifespan = v; },
          "Customer lifespan in periods for CLV (default: 1 / churn rate)")
      ->group("CLV");
  AddReportOutputFlags(report, &report_flags.out);
  report
      ->add_option("--compare", report_flags.compare,
                   "Beside every figure, its value in the previous period (previous) or the "
                   "same period a year earlier (year), and the change; a partial period is "
                   "compared with the same days of the other")
      ->group("Output");
  report
      ->add_option("--by", report_flags.by,
                   "Split every figure by this column (e.g. channel, country): a customer "
                   "belongs to the value on their first order. An all-customers total comes "
                   "first.")
      ->group("Segments");
  report
      ->add_option("--top", report_flags.top,
                   "With --by: keep the N largest segments (by customers), the rest summed as "
                   "(other)")
      ->check(CLI::Range(0, 1000000))
      ->group("Segments");
  report
      ->add_option("--fail-if", report_flags.fail_if,
                   "KPI gate, repeatable: exit 1 or --check-exit-code (after printing the "
                   "report) when a period "
                   "meets the rule, e.g. 'churn_rate > 0.08', 'orders < 100 or aov < 20', "
                   "'retention_rate < 80%'. A rule on a null figure fails too.")
      ->allow_extra_args(false)  // one rule per flag: a FILE after it stays an input
      ->option_text("RULE")
      ->group("Output");
  AddCheckExitCodeFlag(report, &report_flags.check_exit_code);
  report
      ->add_option("--append", report_flags.append,
                   "Merge this run into a history file (.csv, .json or .ndjson): one row per "
                   "period and segment, a re-run replaces its rows, rows sorted by period; "
                   "locked and replaced atomically. Refused when the history was computed "
                   "with other settings")
      ->group("History");
  report
      ->add_flag("--fail-if-restated", report_flags.fail_if_restated,
                 "With --append: exit 1 or --check-exit-code (after writing) when a "
                 "replaced row of a finished period changes a figure")
      ->group("History");
  report->footer(
      "Examples:\n"
      "  retention report data/orders.csv --period 2024-03\n"
      "  retention report data/orders.csv --from 2024-01 --to 2024-12 --every month\n"
      "  retention report data/orders.csv --period last-month --as-of 2024-07-01 \\\n"
      "      -o kpi.json\n"
      "  retention report exports/*.csv.gz --period 2024-Q2 --window 90d --margin 0.3\n"
      "  cat orders.ndjson | retention report - --input-format ndjson --period 2024\n"
      "  retention report data/orders.csv --period last-month --as-of 2024-07-01 \\\n"
      "      --fail-if 'churn_rate > 0.85'\n"
      "\n"
      "Periods are half-open: 2024-03 is [2024-03-01, 2024-04-01). Output shows the\n"
      "resolved start and end (exclusive) and marks periods not over yet as partial.\n"
      "\n" +
      std::string(kExitCodesHelp));
  return Command{report, [flags] {
                   // Contracts alone are a report of their own, not a wait on stdin.
                   if (flags->subscriptions.empty()) StdinWhenNoFiles(&flags->input, false);
                   return RunReport(*flags);
                 }};
}

}  // namespace retention
