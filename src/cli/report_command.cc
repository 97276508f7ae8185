// `retention report`: its flags, and the flow from files to figures, gates
// and the printed report.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/by_segment.h"
#include "cli/command.h"
#include "cli/html/print_html.h"
#include "cli/input_flags.h"
#include "cli/output_flags.h"
#include "cli/print/printers.h"
#include "retention/error.h"
#include "retention/gates.h"
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
  double lifespan = 0;
  std::string format, output;
  std::vector<std::string> fail_if;
  std::string by;
  int top = 0;
  std::vector<std::string> subscriptions;
  SubscriptionColumns subscription_columns;
};

int RunReport(const ReportFlags& f) {
  // Before anything is read or computed: -o must not replace an input.
  std::vector<std::string> inputs = f.input.files;
  inputs.insert(inputs.end(), f.subscriptions.begin(), f.subscriptions.end());
  CheckOutputPath(f.output, inputs);
  LoadOptions load = ToLoadOptions(f.input);
  CivilDate as_of = ParseAsOf(f.as_of, load.time_zone);
  MetricsOptions options;
  options.as_of = as_of;
  options.known_through = as_of;
  if (!f.window.empty()) {
    options.window = ParseWindow(f.window);
  } else if (!f.period.empty() && f.every.empty() && f.subscriptions.empty()) {
    // "month-to-date" is a part of a month; its default window is still the
    // month, so "active at start" keeps meaning "ordered last month".
    if (auto unit = UnitOfPeriodText(f.period, as_of)) options.window = Window{*unit, 1};
  }
  if (!(f.margin > 0 && f.margin <= 1)) {
    throw UsageError("--margin is a fraction of revenue, above 0 and at most 1 (e.g. 0.3)");
  }
  options.margin = f.margin;
  if (f.lifespan != 0) {
    if (!(f.lifespan > 0 && f.lifespan < 1e6)) {
      throw UsageError("--lifespan is a number of periods above 0 (e.g. 12)");
    }
    options.lifespan = f.lifespan;
  }
  OutputFormat format = ChooseFormat(f.format, f.output);
  if (f.top != 0 && f.by.empty()) throw UsageError("--top needs --by COLUMN");
  load.columns.segment = f.by;
  std::vector<Gate> gates;
  for (const std::string& rule : f.fail_if) gates.push_back(Gate::Parse(rule));
  if (f.input.files.empty() && f.subscriptions.empty()) {
    throw UsageError("name the order files to report on (or --subscriptions FILE)");
  }
  OrderTable table = f.input.files.empty() ? OrderTable() : LoadOrders(f.input.files, load);
  RequireOrdersBy(table, as_of);
  WarnAboutInput(table);
  NoteRowsAfter(table, as_of);
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
    contracts = LoadSubscriptions(f.subscriptions, contract_load, f.subscription_columns);
    if (contracts->stats.rows_without_customer > 0) {
      fmt::print(stderr,
                 "warning: {} contract row{} without a customer id left out (first at {})\n",
                 contracts->stats.rows_without_customer,
                 contracts->stats.rows_without_customer == 1 ? "" : "s",
                 contracts->stats.first_row_without_customer.ToString());
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
  std::vector<Period> periods =
      ResolvePeriods(PeriodRequest{f.period, f.from, f.to, f.every}, as_of, data_first, data_last);
  std::vector<PeriodMetrics> metrics =
      contracts ? ComputeSubscriptionMetrics(*contracts, f.input.files.empty() ? nullptr : &table,
                                             periods, options)
                : ComputeMetrics(table, periods, options);
  ReportInfo info(as_of, load.time_zone.name());
  if (!f.by.empty()) {
    // Every figure within each segment, after the all-customers total.
    info.segmented = true;
    info.segment_column = f.by;
    AppendBySegment(
        table, f.top,
        [&](const OrderTable& part) { return ComputeMetrics(part, periods, options); }, &metrics);
  }
  std::string text =
      format == OutputFormat::kTable  ? FormatTable(metrics, info)
      : format == OutputFormat::kJson ? FormatJson(metrics, info)
      : format == OutputFormat::kHtml
          ? FormatReportHtml(metrics, info, PageTitle("Customer retention", f.input.files))
          : FormatCsv(metrics, info);
  WriteOutput(f.output, text);
  // Gates judge after the report is out, so a failing run still shows why.
  std::vector<GateFailure> failures = CheckGates(gates, metrics);
  for (const GateFailure& g : failures) {
    if (g.undecided) {
      fmt::print(stderr,
                 "retention: --fail-if '{}' cannot be decided for {}: {} (a null figure "
                 "fails the gate rather than passing it silently)\n",
                 g.gate, g.period, g.values);
    } else {
      fmt::print(stderr, "retention: --fail-if '{}' holds for {}: {}\n", g.gate, g.period,
                 g.values);
    }
  }
  return failures.empty() ? kExitOk : kExitData;
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
                   "by (default: today)")
      ->group("Period");
  report
      ->add_option("--window", report_flags.window,
                   "Activity window W: a customer is active at t with an order in [t - W, t). "
                   "E.g. 90d, 12w, 3m, 1y (default: one period)")
      ->group("Period");
  report
      ->add_option("--margin", report_flags.margin, "Gross margin for CLV, a fraction (default 1)")
      ->group("CLV");
  report
      ->add_option("--lifespan", report_flags.lifespan,
                   "Customer lifespan in periods for CLV (default: 1 / churn rate)")
      ->group("CLV");
  AddOutputFlags(report, &report_flags.format, &report_flags.output);
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
                   "KPI gate, repeatable: exit 1 (after printing the report) when a period "
                   "meets the rule, e.g. 'churn_rate > 0.08', 'orders < 100 or aov < 20', "
                   "'retention_rate < 80%'. A rule on a null figure fails too.")
      ->group("Output");
  report->footer(
      "Examples:\n"
      "  retention report data/orders.csv --period 2024-03\n"
      "  retention report data/orders.csv --from 2024-01 --to 2024-12 --every month\n"
      "  retention report data/orders.csv --period last-month --format json -o kpi.json\n"
      "  retention report exports/*.csv.gz --period 2024-Q2 --window 90d --margin 0.3\n"
      "  cat orders.ndjson | retention report - --input-format ndjson --period 2024\n"
      "  retention report data/orders.csv --period last-month --fail-if 'churn_rate > 0.85'\n"
      "\n"
      "Periods are half-open: 2024-03 is [2024-03-01, 2024-04-01). Output shows the\n"
      "resolved start and end (exclusive) and marks periods not over yet as partial.");
  return Command{report, [flags] { return RunReport(*flags); }};
}

}  // namespace retention
