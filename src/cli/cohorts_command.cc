// `retention cohorts`: its flags, and the flow from files to the cohort
// table.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/closest_name.h"
#include "base/text.h"
#include "cli/by_segment.h"
#include "cli/command.h"
#include "cli/html/print_html.h"
#include "cli/input_flags.h"
#include "cli/notices.h"
#include "cli/output_flags.h"
#include "cli/print/print_cohorts.h"
#include "cli/print/printers.h"
#include "cli/run_definitions.h"
#include "retention/cohorts.h"
#include "retention/error.h"
#include "retention/load.h"
#include "retention/period.h"

namespace retention {
namespace {

struct CohortFlags {
  InputFlags input;
  std::string every = "month", from, to, as_of, metric = "retention";
  std::string format, output, title;
  std::string by;
  int top = 0;
};

// A range of cohorts entirely before the first order or after the last
// (a mistyped year, a stale export) has no customer in any cohort: said,
// as report says it of its periods, never a table of n/a in silence.
void WarnRangeOutsideData(const OrderTable& table, const CohortOptions& options, bool strict) {
  const CivilDate first = DateFromTime(table.order_span().first);
  const CivilDate last = DateFromTime(table.order_span().second);
  const char* side = options.from && last < *options.from ? "after the last order"
                     : options.to && *options.to < first  ? "before the first order"
                                                          : nullptr;
  if (side == nullptr) return;
  const std::string message =
      fmt::format("the cohorts' range ({} to {}) lies entirely {} (the data runs from {} to {})",
                  options.from ? FormatDate(*options.from) : FormatDate(first),
                  options.to ? FormatDate(*options.to) : FormatDate(options.as_of), side,
                  FormatDate(first), FormatDate(last));
  if (strict) throw DataError(Location{}, message + "; --strict makes this an error");
  Notice("warning: " + message + "; no cohort has a customer");
}

int RunCohorts(const CohortFlags& f) {
  CheckOutputPath(f.output, f.input.files);
  LoadOptions load = ToLoadOptions(f.input);
  CohortOptions options;
  options.as_of = ParseAsOf(f.as_of);
  auto unit = ParseUnit(f.every);
  if (!unit) {
    throw UsageError("--every takes week, month or quarter (or day, year); got \"" + f.every +
                     "\"" + DidYouMean(f.every, UnitNames()));
  }
  options.unit = *unit;
  auto metric = ParseCohortMetric(f.metric);
  if (!metric) {
    const std::vector<std::string> metrics = {"retention", "customers", "revenue",
                                              "revenue_retention", "clv"};
    throw UsageError("--metric takes " + ListWithOr(metrics) + "; got \"" + f.metric + "\"" +
                     DidYouMean(f.metric, metrics));
  }
  if (!f.from.empty()) options.from = ParsePeriod(f.from, options.as_of).start;
  if (!f.to.empty()) options.to = AddDays(ParsePeriod(f.to, options.as_of).end, -1);
  OutputFormat format = ChooseFormat(f.format, f.output);
  CheckTitle(f.title, format);
  if (f.top != 0 && f.by.empty()) throw UsageError("--top needs --by COLUMN");
  load.columns.segment = f.by;
  load.known_until = options.as_of;
  OrderTable table = LoadOrders(f.input.files, load);
  RequireOrdersBy(table, options.as_of);
  RequireSomeOrders(table, f.input, !f.from.empty() || !f.to.empty(),
                    "the first cohort with --from");
  NoteRowsAfter(table, options.as_of);
  WarnAboutInput(table);
  // Without --to the last cohort is the one holding the last order (or
  // --as-of, if earlier): an export from last year should not grow empty
  // cohorts up to today, nor a later refund one, as no customer's first
  // order is there.
  if (!options.to && table.order_count() > 0) {
    CivilDate last = DateFromTime(table.order_span().second);
    options.to = last < options.as_of ? last : options.as_of;
    // --from after the data: the range is its cohort, said to be empty
    // (WarnRangeOutsideData), not a range ending before it starts.
    if (options.from && *options.to < *options.from) {
      options.to = AddDays(ParsePeriod(f.from, options.as_of).end, -1);
    }
  }
  if (table.order_count() > 0) WarnRangeOutsideData(table, options, f.input.strict);
  std::vector<Cohort> cohorts = ComputeCohorts(table, options);
  ReportInfo info(options.as_of, load.time_zone.name());
  info.definitions = DescribeRun(f.input.files, table, options.as_of, load.time_zone.name());
  info.definitions->rates = CohortRateDefinitions();
  info.definitions->segment_column = SegmentColumnOf(table, f.by);
  info.definitions->top_segments = f.top;
  if (!f.by.empty()) {
    info.segmented = true;
    info.segment_column = info.definitions->segment_column;
    AppendBySegment(
        table, f.top, options.as_of,
        [&](const OrderTable& part) { return ComputeCohorts(part, options); }, &cohorts);
  }
  std::string text =
      format == OutputFormat::kTable  ? FormatCohortsTable(cohorts, *metric, info)
      : format == OutputFormat::kJson ? FormatCohortsJson(cohorts, info)
      : format == OutputFormat::kHtml
          ? FormatCohortsHtml(
                cohorts, info,
                f.title.empty() ? PageTitle("Customer cohorts", f.input.files) : f.title, *metric)
          : FormatCohortsCsv(cohorts, info);
  WriteOutput(f.output, text);
  return kExitOk;
}

}  // namespace

Command AddCohortsCommand(CLI::App* parent) {
  auto flags = std::make_shared<CohortFlags>();
  CohortFlags& cohort_flags = *flags;
  CLI::App* cohorts = parent->add_subcommand(
      "cohorts", "Acquisition cohorts: how each period's new customers keep buying.");
  AddInputFlags(cohorts, &cohort_flags.input);
  cohorts
      ->add_option("--every", cohort_flags.every,
                   "Cohort length and step: week, month (default) or quarter (also day, year)")
      ->group("Cohorts");
  cohorts
      ->add_option("--from", cohort_flags.from,
                   "First cohort: the period holding this day or period (default: the first "
                   "order)")
      ->group("Cohorts");
  cohorts
      ->add_option("--to", cohort_flags.to,
                   "Last cohort, included whole (default: the last order's, or --as-of's if "
                   "earlier)")
      ->group("Cohorts");
  cohorts
      ->add_option(
          "--as-of", cohort_flags.as_of,
          "Only periods over on this day get a cell (default: today in the local time zone, TZ)")
      ->group("Cohorts");
  cohorts
      ->add_option("--by", cohort_flags.by,
                   "Cohorts within each value of this column (a customer belongs to the value "
                   "on their first order), after the all-customers cohorts")
      ->group("Segments");
  cohorts
      ->add_option("--top", cohort_flags.top,
                   "With --by: keep the N largest segments, the rest as (other)")
      ->check(CLI::Range(0, 1000000))
      ->group("Segments");
  cohorts
      ->add_option("--metric", cohort_flags.metric,
                   "What the table shows: retention (default), customers, revenue, "
                   "revenue_retention, clv (cumulative revenue per customer); the HTML page "
                   "shows it first, then retention and clv; JSON and CSV carry them all")
      ->group("Output");
  AddOutputFlags(cohorts, &cohort_flags.format, &cohort_flags.output);
  AddTitleFlag(cohorts, &cohort_flags.title);
  cohorts->footer(
      "A customer's cohort is the period of their first order. For each cohort and\n"
      "each period since (offset 0, 1, 2, ...): customers active, retention, revenue\n"
      "(refunds included), revenue as a share of offset 0, and cumulative revenue per\n"
      "customer.\n"
      "\n"
      "Examples:\n"
      "  retention cohorts data/orders.csv --every quarter --as-of 2025-01-01\n"
      "  retention cohorts data/orders.csv --from 2024-01 --to 2024-06 --metric clv\n"
      "  retention cohorts orders.csv.gz --format csv -o cohorts.csv\n"
      "\n" +
      std::string(kExitCodesHelpNoChecks));
  return Command{cohorts, [flags] {
                   StdinWhenNoFiles(&flags->input, true);
                   return RunCohorts(*flags);
                 }};
}

}  // namespace retention
