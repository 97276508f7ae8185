// The retention command line: parses flags, calls the library, prints.
// The only place that knows about exit codes: 0 ok, 1 data problem,
// 2 usage error.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <ctime>

#include "cli/html/print_html.h"
#include "cli/print/print_cohorts.h"
#include "cli/print/printers.h"
#include "retention/cohorts.h"
#include "retention/error.h"
#include "retention/gates.h"
#include "retention/load.h"
#include "retention/metrics.h"
#include "retention/period.h"
#include "retention/segments.h"
#include "retention/subscriptions.h"
#include "retention/validate.h"

namespace retention {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitData = 1;
constexpr int kExitUsage = 2;

// Options shared by every subcommand that reads order files.
struct InputFlags {
  std::vector<std::string> files;
  std::string input_format = "auto";
  ColumnMapping columns;
  std::string date_format;
  std::string delimiter;
  bool no_header = false;
  std::string time_zone = "UTC";
  bool strict = false;
  int threads = 0;
  int64_t max_line_length = int64_t{1} << 20;
};

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

struct CohortFlags {
  InputFlags input;
  std::string every = "month", from, to, as_of, metric = "retention";
  std::string format, output;
  std::string by;
  int top = 0;
};

struct ValidateFlags {
  InputFlags input;
  std::string by;
  std::string as_of;
  int64_t max_errors = 0;
  int64_t max_warnings = 0;
  std::string format;
};

void AddInputFlags(CLI::App* app, InputFlags* f, bool files_required = true) {
  app->add_option("FILE", f->files,
                  "Order files: CSV, JSON or NDJSON, optionally gzip-compressed; - reads stdin. "
                  "Several files are one data set.")
      ->required(files_required);
  app->add_option("--input-format", f->input_format, "auto (default), csv, tsv, json or ndjson")
      ->group("Input");
  app->add_option("--customer-col", f->columns.customer,
                  "Column holding the customer id (default: customer_id, customer, client_id, "
                  "user_id, ...); a number maps by position (1 = first)")
      ->group("Input");
  app->add_option("--order-col", f->columns.order,
                  "Column holding the order id; rows sharing it are lines of one order "
                  "(default: order_id, order, invoice, invoiceno, ...; without one every row "
                  "is its own order)")
      ->group("Input");
  app->add_option("--date-col", f->columns.date,
                  "Column holding the order date (default: date, order_date, created_at, "
                  "invoicedate, timestamp, ...)")
      ->group("Input");
  app->add_option("--amount-col", f->columns.amount,
                  "Column holding the amount (default: amount, revenue, total, order_total, "
                  "...); negative amounts are refunds")
      ->group("Input");
  app->add_option("--quantity-col", f->columns.quantity,
                  "With --price-col: amount = quantity x price")
      ->group("Input");
  app->add_option("--price-col", f->columns.price, "With --quantity-col: the unit price")
      ->group("Input");
  app->add_option("--currency-col", f->columns.currency,
                  "Column holding the currency (default: currency, currency_code); all rows "
                  "must share one")
      ->group("Input");
  app->add_option("--date-format", f->date_format,
                  "strftime-style pattern for dates that are not ISO 8601, e.g. '%m/%d/%Y "
                  "%H:%M' or '%d.%m.%Y'")
      ->group("Input");
  app->add_option("--delimiter", f->delimiter,
                  "CSV field separator: , ; tab | or space (runs of blanks); default: detected "
                  "from the header")
      ->group("Input");
  app->add_flag("--no-header", f->no_header,
                "The CSV has no header row; map columns by number (--customer-col 1 ...)")
      ->group("Input");
  app->add_option("--tz", f->time_zone,
                  "Reporting time zone: UTC (default), an offset like +02:00, or a name like "
                  "Europe/Berlin. Times with an offset are converted to it.")
      ->group("Input");
  app->add_option("--threads", f->threads,
                  "Threads that parse input (default 0: every core); the result is the same "
                  "for any number")
      ->check(CLI::Range(0, 1024))
      ->group("Input");
  app->add_option("--max-line-length", f->max_line_length,
                  "Longest line (or CSV record) in bytes, default 1048576 (1 MiB); a longer "
                  "one is an error, so binary input cannot fill memory")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40))
      ->group("Input");
  app->add_flag("--strict", f->strict,
                "Rows without a customer id are errors instead of being left out with a warning")
      ->group("Input");
}

void AddOutputFlags(CLI::App* app, std::string* format, std::string* output) {
  app->add_option("--format", *format,
                  "table, json, csv or html (default: from the -o extension; table on a "
                  "terminal, json otherwise)")
      ->group("Output");
  app->add_option("-o,--output", *output,
                  "Write to this file instead of stdout, atomically (never half-written)")
      ->group("Output");
}

LoadOptions ToLoadOptions(const InputFlags& f) {
  LoadOptions options;
  options.format = ParseInputFormat(f.input_format, &options.delimiter);
  options.columns = f.columns;
  if (f.columns.quantity.empty() != f.columns.price.empty()) {
    throw UsageError(
        "--quantity-col and --price-col go together (amount = quantity x price); "
        "give both, or --amount-col alone");
  }
  options.date_format = f.date_format;
  options.time_zone = TimeZone::Parse(f.time_zone);
  options.header = !f.no_header;
  options.strict = f.strict;
  options.threads = f.threads;
  options.max_line_length = static_cast<size_t>(f.max_line_length);
  const std::string& d = f.delimiter;
  if (d.empty()) {
  } else if (d == "tab" || d == "\\t" || d == "\t") {
    options.delimiter = '\t';
  } else if (d == "space" || d == "whitespace" || d == " ") {
    options.delimiter = ' ';
  } else if (d.size() == 1 && d != "\"" && d != "\n" && d != "\r") {
    options.delimiter = d[0];
  } else {
    throw UsageError("--delimiter takes one character, or tab or space; got \"" + d + "\"");
  }
  return options;
}

CivilDate Today(const TimeZone& zone) { return DateFromTime(zone.FromUtc(std::time(nullptr))); }

CivilDate ParseAsOf(const std::string& text, const TimeZone& zone) {
  if (text.empty()) return Today(zone);
  auto date = ParseIsoDate(text);
  if (!date) throw UsageError("--as-of takes a date like 2024-03-31; got \"" + text + "\"");
  return *date;
}

// The periods to report: --period, --from/--to, or the span of the data;
// split by --every when given. Without any of them: every month of the data.
std::vector<Period> ResolvePeriods(const ReportFlags& f, CivilDate as_of, const OrderTable& table) {
  if (!f.period.empty() && (!f.from.empty() || !f.to.empty())) {
    throw UsageError("give either --period or --from/--to, not both");
  }
  std::optional<Unit> every;
  if (!f.every.empty()) {
    every = ParseUnit(f.every);
    if (!every) {
      throw UsageError("--every takes day, week, month, quarter or year; got \"" + f.every + "\"");
    }
  }
  bool has_data = table.stats.purchase_rows + table.stats.refund_rows > 0;
  auto data_first = [&] { return FormatDate(DateFromTime(table.stats.first_time)); };
  Period span;
  if (!f.period.empty()) {
    span = ParsePeriod(f.period, as_of);
  } else if (!f.from.empty() || !f.to.empty()) {
    if (f.from.empty() && !has_data) {
      throw UsageError("--to without --from needs data to start from; give --from too");
    }
    std::string from = f.from.empty() ? data_first() : f.from;
    std::string to = f.to.empty() ? FormatDate(as_of) : f.to;
    span = ParseRange(from, to, as_of);
  } else {
    if (!has_data) {
      throw DataError(Location{},
                      "the input holds no orders; name a period with --period to "
                      "report on it anyway");
    }
    Unit unit = every.value_or(Unit::kMonth);
    CivilDate last = DateFromTime(table.stats.last_time);
    if (as_of < last) last = as_of;  // rows after --as-of are not counted
    span = Period{StartOf(unit, DateFromTime(table.stats.first_time)),
                  AddUnits(unit, StartOf(unit, last), 1), ""};
    return SplitPeriod(span, unit);
  }
  if (every) return SplitPeriod(span, *every);
  return {span};
}

enum class OutputFormat { kTable, kJson, kCsv, kHtml };

OutputFormat ChooseFormat(const std::string& format, const std::string& output) {
  if (format == "table") return OutputFormat::kTable;
  if (format == "json") return OutputFormat::kJson;
  if (format == "csv") return OutputFormat::kCsv;
  if (format == "html") return OutputFormat::kHtml;
  if (!format.empty()) {
    throw UsageError("--format takes table, json, csv or html; got \"" + format + "\"");
  }
  std::string lower = output;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto ends_with = [&](const char* suffix) {
    std::string s(suffix);
    return lower.size() >= s.size() && lower.compare(lower.size() - s.size(), s.size(), s) == 0;
  };
  if (ends_with(".json")) return OutputFormat::kJson;
  if (ends_with(".csv")) return OutputFormat::kCsv;
  if (ends_with(".html") || ends_with(".htm")) return OutputFormat::kHtml;
  if (!output.empty()) return OutputFormat::kTable;
  return isatty(STDOUT_FILENO) ? OutputFormat::kTable : OutputFormat::kJson;
}

// "Customer retention: orders.csv", the HTML page's title.
std::string PageTitle(const std::string& what, const std::vector<std::string>& files) {
  if (files.empty()) return what;
  std::string name = files.front() == "-" ? std::string("standard input") : files.front();
  size_t slash = name.find_last_of('/');
  if (slash != std::string::npos) name = name.substr(slash + 1);
  if (files.size() > 1) name += fmt::format(" and {} more", files.size() - 1);
  return what + ": " + name;
}

void WriteOutput(const std::string& path, const std::string& text) {
  if (!path.empty() && path != "-") {
    WriteFileAtomically(path, text);
    return;
  }
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    throw DataError(Location{"(standard output)", 0, 0}, "cannot write the report");
  }
}

// Rows dated after --as-of are left out (the figures as known that day);
// say so, since a count that silently shrinks looks like a bug.
void NoteRowsAfter(const OrderTable& table, CivilDate as_of) {
  Time until = TimeFromDate(AddDays(as_of, 1));
  int64_t later = 0;
  for (Time t : table.order_time) later += t >= until;
  for (Time t : table.amount_time) later += t >= until;
  if (later > 0) {
    fmt::print(stderr,
               "note: {} amount{} dated after --as-of {} left out of every figure (the "
               "figures as known that day)\n",
               later, later == 1 ? "" : "s", FormatDate(as_of));
  }
}

void WarnAboutInput(const OrderTable& table) {
  const LoadStats& s = table.stats;
  if (s.rows_without_customer > 0) {
    fmt::print(stderr,
               "warning: {} row{} without a customer id left out of every figure (first at "
               "{}); fill in the ids, or use --strict to treat this as an error\n",
               s.rows_without_customer, s.rows_without_customer == 1 ? "" : "s",
               s.first_row_without_customer.ToString());
  }
}

// --by: appends `compute`'s records for each segment group, after the
// all-customers records already in `*records`, each naming its segment.
// Split by currency, the all-customers total would add currencies up, so
// it is dropped.
template <typename Compute, typename Record>
void AppendBySegment(const OrderTable& table, int top, Compute compute,
                     std::vector<Record>* records) {
  if (table.stats.segments_are_currencies) records->clear();
  std::vector<SegmentGroup> groups = GroupSegments(table, top);
  std::vector<OrderTable> parts = SplitByGroup(table, groups);
  for (size_t g = 0; g < groups.size(); ++g) {
    for (Record& record : compute(parts[g])) {
      record.segment = groups[g].name;
      records->push_back(std::move(record));
    }
  }
}

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
  std::vector<Period> periods = ResolvePeriods(f, as_of, table);
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

int RunCohorts(const CohortFlags& f) {
  CheckOutputPath(f.output, f.input.files);
  LoadOptions load = ToLoadOptions(f.input);
  CohortOptions options;
  options.as_of = ParseAsOf(f.as_of, load.time_zone);
  auto unit = ParseUnit(f.every);
  if (!unit) {
    throw UsageError("--every takes week, month or quarter (or day, year); got \"" + f.every +
                     "\"");
  }
  options.unit = *unit;
  auto metric = ParseCohortMetric(f.metric);
  if (!metric) {
    throw UsageError(
        "--metric takes retention, customers, revenue, revenue_retention or clv; "
        "got \"" +
        f.metric + "\"");
  }
  if (!f.from.empty()) options.from = ParsePeriod(f.from, options.as_of).start;
  if (!f.to.empty()) options.to = AddDays(ParsePeriod(f.to, options.as_of).end, -1);
  OutputFormat format = ChooseFormat(f.format, f.output);
  if (f.top != 0 && f.by.empty()) throw UsageError("--top needs --by COLUMN");
  load.columns.segment = f.by;
  OrderTable table = LoadOrders(f.input.files, load);
  RequireOrdersBy(table, options.as_of);
  WarnAboutInput(table);
  // Without --to the last cohort is the one holding the last order (or
  // --as-of, if earlier): an export from last year should not grow empty
  // cohorts up to today.
  if (!options.to && table.stats.purchase_rows + table.stats.refund_rows > 0) {
    CivilDate last = DateFromTime(table.stats.last_time);
    options.to = last < options.as_of ? last : options.as_of;
  }
  std::vector<Cohort> cohorts = ComputeCohorts(table, options);
  ReportInfo info(options.as_of, load.time_zone.name());
  if (!f.by.empty()) {
    info.segmented = true;
    info.segment_column = f.by;
    AppendBySegment(
        table, f.top, [&](const OrderTable& part) { return ComputeCohorts(part, options); },
        &cohorts);
  }
  std::string text =
      format == OutputFormat::kTable  ? FormatCohortsTable(cohorts, *metric, info)
      : format == OutputFormat::kJson ? FormatCohortsJson(cohorts, info)
      : format == OutputFormat::kHtml
          ? FormatCohortsHtml(cohorts, info, PageTitle("Customer cohorts", f.input.files))
          : FormatCohortsCsv(cohorts, info);
  WriteOutput(f.output, text);
  return kExitOk;
}

int RunValidate(const ValidateFlags& f) {
  ValidateOptions options;
  options.load = ToLoadOptions(f.input);
  options.load.columns.segment = f.by;
  options.as_of = ParseAsOf(f.as_of, options.load.time_zone);
  if (f.max_errors < 0) throw UsageError("--max-errors takes a number of errors, 0 for no limit");
  options.max_errors = f.max_errors;
  if (f.max_warnings < 0) {
    throw UsageError("--max-warnings takes a number of warnings, 0 for no limit");
  }
  options.max_warnings = f.max_warnings;
  if (f.format != "text" && f.format != "json") {
    throw UsageError("--format takes text or json; got \"" + f.format + "\"");
  }
  ValidationReport report = ValidateOrders(f.input.files, options);
  std::string text = f.format == "json" ? FormatValidationJson(report, f.input.files.size())
                                        : FormatValidationText(report, f.input.files.size());
  WriteOutput("", text);
  return report.errors > 0 ? kExitData : kExitOk;
}

int Main(int argc, char** argv) {
  CLI::App app{"retention: churn, retention, repeat rate, AOV and CLV from order data."};
  app.set_version_flag("--version", std::string("retention ") + RETENTION_VERSION);
  app.require_subcommand(1);
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return "retention: " + std::string(e.what()) +
           "\nRun 'retention --help' or 'retention COMMAND --help' for usage.\n";
  });
  app.footer(
      "Run 'retention COMMAND --help' (report, cohorts, validate) for their options.\n"
      "Exit codes: 0 ok, 1 data problem, 2 usage error.");

  ReportFlags report_flags;
  CLI::App* report = app.add_subcommand(
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

  CohortFlags cohort_flags;
  CLI::App* cohorts = app.add_subcommand(
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
      ->add_option("--as-of", cohort_flags.as_of,
                   "Only periods over on this day get a cell (default: today)")
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
                   "revenue_retention, clv (cumulative revenue per customer); JSON and CSV "
                   "carry them all")
      ->group("Output");
  AddOutputFlags(cohorts, &cohort_flags.format, &cohort_flags.output);
  cohorts->footer(
      "A customer's cohort is the period of their first order. For each cohort and each\n"
      "period since (offset 0, 1, 2, ...): customers active, retention, revenue (refunds\n"
      "included), revenue as a share of offset 0, and cumulative revenue per customer.\n"
      "\n"
      "Examples:\n"
      "  retention cohorts data/orders.csv --every quarter --as-of 2025-01-01\n"
      "  retention cohorts data/orders.csv --from 2024-01 --to 2024-06 --metric clv\n"
      "  retention cohorts orders.csv.gz --format csv -o cohorts.csv");

  ValidateFlags validate_flags;
  CLI::App* validate = app.add_subcommand(
      "validate", "Check order files and list every problem, without computing reports.");
  AddInputFlags(validate, &validate_flags.input);
  validate
      ->add_option("--as-of", validate_flags.as_of,
                   "Orders dated after this day are errors (default: today)")
      ->group("Checks");
  validate
      ->add_option("--by", validate_flags.by,
                   "The column reports will be split by: checked to exist, and when it is the "
                   "currency column, mixed currencies are allowed")
      ->group("Checks");
  validate
      ->add_option("--max-errors", validate_flags.max_errors,
                   "Stop after this many errors (default 0: check everything)")
      ->group("Checks");
  validate
      ->add_option("--max-warnings", validate_flags.max_warnings,
                   "Stop after this many warnings (default 0: check everything)")
      ->group("Checks");
  validate->add_option("--format", validate_flags.format, "text (default) or json")
      ->default_val("text")
      ->group("Output");
  validate->footer(
      "Prints each problem as file:line:column: error|warning: message, then a summary.\n"
      "Of each kind of problem the first 10 errors and 10 warnings are listed (up to\n"
      "--max-errors / --max-warnings when higher), the rest counted: \"... and N more\n"
      "duplicate-row warnings\".\n"
      "Exit 0 when there are no errors (warnings alone pass), 1 when there are, 2 on bad "
      "usage.\n"
      "--strict makes warnings errors.\n"
      "\n"
      "Examples:\n"
      "  retention validate data/orders.csv\n"
      "  retention validate exports/*.csv.gz --strict --format json > findings.json\n"
      "  retention validate orders.csv --max-errors 20 --date-format '%d.%m.%Y'");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  try {
    if (report->parsed()) return RunReport(report_flags);
    if (validate->parsed()) return RunValidate(validate_flags);
    if (cohorts->parsed()) return RunCohorts(cohort_flags);
    return kExitUsage;
  } catch (const UsageError& e) {
    // Messages quote the input and the command line: escaped once more
    // here, so no control byte reaches the terminal whatever the source.
    fmt::print(stderr, "retention: {}\n", EscapeControls(e.what()));
    return kExitUsage;
  } catch (const DataError& e) {
    fmt::print(stderr, "{}\n", EscapeControls(e.what()));
    return kExitData;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "retention: out of memory\n");
    return kExitData;
  }
}

}  // namespace
}  // namespace retention

int main(int argc, char** argv) {
  // A file-size limit must fail the write (and remove the temporary file),
  // not kill the process and leave a partial file behind.
  std::signal(SIGXFSZ, SIG_IGN);
  return retention::Main(argc, argv);
}
