// `retention sql report`: prints the query that computes the report's
// figures inside a database, for the same period flags as `report`.
#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "base/closest_name.h"
#include "base/text.h"
#include "cli/command.h"
#include "cli/input_flags.h"
#include "cli/notices.h"
#include "cli/output_flags.h"
#include "cli/print/printers.h"
#include "retention/dates.h"
#include "retention/error.h"
#include "retention/period.h"
#include "retention/sql.h"

namespace retention {
namespace {

struct SqlFlags {
  std::string dialect = "postgres";
  std::string table, query;
  SqlSource columns;
  std::string amount;  // given or not: with --quantity-col it is an error
  std::string tz, date_kind;
  std::string period, from, to, every, as_of, window;
  double margin = 1.0;
  std::optional<double> lifespan;  // given or not: 0 is refused, not "not given"
  std::string by;
  int top = 0;
  std::string output;
};

void AddSourceFlags(CLI::App* app, SqlFlags* f) {
  AddQuietFlag(app);
  app->add_option("--dialect", f->dialect,
                  "postgres (default), duckdb, sqlite, bigquery, snowflake, spark, trino or "
                  "redshift")
      ->group("Source");
  app->add_option("--table", f->table, "The orders table or view (schema.table works)")
      ->group("Source");
  app->add_option("--from-query", f->query, "Or a SELECT giving the order rows, used as a subquery")
      ->group("Source");
  app->add_option("--customer-col", f->columns.customer, "Customer id column (default customer_id)")
      ->group("Source");
  app->add_option("--order-col", f->columns.order,
                  "Order id column (default order_id); 'none': every row is its own order")
      ->group("Source");
  app->add_option("--date-col", f->columns.date,
                  "Date column, DATE or TIMESTAMP (default order_date); TIMESTAMPTZ with --tz")
      ->group("Source");
  app->add_option("--amount-col", f->amount, "Amount column (default amount)")->group("Source");
  app->add_option("--quantity-col", f->columns.quantity,
                  "With --price-col: amount = quantity x price")
      ->group("Source");
  app->add_option("--price-col", f->columns.price, "With --quantity-col: the unit price")
      ->group("Source");
  app->add_option("--tz", f->tz,
                  "Report in this zone, e.g. Europe/Berlin: instants (TIMESTAMPTZ, text with "
                  "an offset) are converted to it, other dates are its local time already. "
                  "Without it, UTC")
      ->group("Source");
  app->add_option("--date-kind", f->date_kind,
                  "What the date column holds: local (DATE, DATETIME, TIMESTAMP without a zone: "
                  "read as they are) or instant (TIMESTAMPTZ, BigQuery's TIMESTAMP: converted "
                  "to --tz, or UTC). Needed with --tz on bigquery, snowflake, spark, trino and "
                  "redshift; the others tell each value")
      ->check(CLI::IsMember({"local", "instant"}))
      ->group("Source");
  app->add_option("-o,--output", f->output, "Write the query to this file (atomically)")
      ->group("Output");
}

SqlSource ToSource(const SqlFlags& f) {
  SqlSource s = f.columns;
  if (!f.amount.empty() && (!s.quantity.empty() || !s.price.empty())) {
    throw UsageError(kAmountOrProduct);
  }
  if (!f.amount.empty()) s.amount = f.amount;
  s.table = f.table;
  s.query = f.query;
  if (s.order == "none") s.order.clear();
  s.time_zone = f.tz;
  if (!f.tz.empty()) {
    // The same names as report's --tz, but no fixed offsets (CheckSource).
    try {
      TimeZone::Parse(f.tz);
    } catch (const UsageError&) {
      throw UsageError("unknown time zone \"" + f.tz +
                       "\"; use UTC or a name like Europe/Berlin (the SQL takes no fixed offsets)");
    }
  }
  s.segment = f.by;
  if (f.date_kind == "local") s.date_kind = DateKind::kLocal;
  if (f.date_kind == "instant") s.date_kind = DateKind::kInstant;
  return s;
}

SqlDialect ToDialect(const std::string& name) {
  auto dialect = ParseSqlDialect(name);
  if (!dialect) {
    std::vector<std::string> names;
    for (SqlDialect d : AllSqlDialects()) names.emplace_back(SqlDialectName(d));
    throw UsageError("--dialect takes " + ListWithOr(names) + "; got \"" + name + "\"" +
                     DidYouMean(name, names));
  }
  return *dialect;
}

int RunSqlReport(const SqlFlags& f) {
  SqlReportRequest r;
  r.dialect = ToDialect(f.dialect);
  r.source = ToSource(f);
  // Today as report takes it (the local date, not UTC's), so relative
  // periods are the same periods.
  const CivilDate as_of = ParseAsOf(f.as_of);
  r.options.as_of = as_of;
  r.options.known_through = as_of;
  // The same defaults as `report`: a single named period keeps its unit as
  // the window ("month-to-date" looks back one month).
  if (!f.window.empty()) {
    r.options.window = ParseWindow(f.window);
  } else if (!f.period.empty() && f.every.empty()) {
    if (auto unit = UnitOfPeriodText(f.period, as_of)) r.options.window = Window{*unit, 1};
  }
  r.options.margin = f.margin;
  r.options.lifespan = f.lifespan;
  CheckMetricsOptions(r.options);
  if (f.top != 0 && f.by.empty()) throw UsageError("--top needs --by COLUMN");
  r.top = f.top;
  // The query is written before any data is seen, so the span cannot come
  // from the data as `report` does without a period.
  if (f.period.empty() && f.from.empty()) {
    throw UsageError(
        "name the period (--period P, or --from A [--to B]): the query is written before the "
        "data is seen");
  }
  r.periods = ResolvePeriods(PeriodRequest{f.period, f.from, f.to, f.every}, as_of, std::nullopt,
                             std::nullopt);
  CheckOutputPath(f.output, {});  // a missing folder: said with the fix
  WriteOutput(f.output, ReportSql(r));
  return kExitOk;
}

int RunSqlCohorts(const SqlFlags& f) {
  SqlCohortsRequest r;
  r.dialect = ToDialect(f.dialect);
  r.source = ToSource(f);
  r.as_of = ParseAsOf(f.as_of);
  const std::string every = f.every.empty() ? "month" : f.every;
  auto unit = ParseUnit(every);
  if (!unit) {
    throw UsageError("--every takes week, month or quarter (or day, year); got \"" + every + "\"" +
                     DidYouMean(every, UnitNames()));
  }
  r.unit = *unit;
  if (f.top != 0 && f.by.empty()) throw UsageError("--top needs --by COLUMN");
  r.top = f.top;
  // `retention cohorts` starts at the first order; the query is written
  // before the data is seen.
  if (f.from.empty()) {
    throw UsageError(
        "name the first cohort (--from 2024-01): the query is written before the data is seen");
  }
  const Period from = ParsePeriod(f.from, r.as_of);
  r.from = from.start;
  r.from_end = from.end;
  if (!f.to.empty()) r.to = AddDays(ParsePeriod(f.to, r.as_of).end, -1);
  CheckOutputPath(f.output, {});
  WriteOutput(f.output, CohortsSql(r));
  return kExitOk;
}

}  // namespace

Command AddSqlCommand(CLI::App* parent) {
  CLI::App* app = parent->add_subcommand(
      "sql", "Print the SQL that computes the figures inside a database (docs/warehouse.md).");
  app->require_subcommand(1);
  auto f = std::make_shared<SqlFlags>();
  CLI::App* report = app->add_subcommand(
      "report", "One query giving the columns of `retention report --format csv`.");
  AddSourceFlags(report, f.get());
  report
      ->add_option("--as-of", f->as_of,
                   "The day relative periods are resolved against and partial periods judged by; "
                   "rows after it are left out (default: today)")
      ->group("Period");
  report->add_option("--period", f->period, "One period, as for report (2024-03, last-month, ...)")
      ->group("Period");
  report->add_option("--from", f->from, "Start of a range: the first day of the period named")
      ->group("Period");
  report->add_option("--to", f->to, "End of a range, the whole period named (default: --as-of)")
      ->group("Period");
  report->add_option("--every", f->every, "Split into a series: day, week, month, quarter, year")
      ->group("Period");
  report
      ->add_option("--window", f->window,
                   "Activity window W: 90d, 12w, 3m, 1q, 1y (default: one period)")
      ->group("Period");
  report
      ->add_option("--margin", f->margin,
                   "Gross margin for CLV, a fraction or a percentage (0.3 or 30%; default 1)")
      ->transform(PercentAsFraction())
      ->type_name("FRACTION")
      ->group("CLV");
  report
      ->add_option_function<double>(
          "--lifespan", [f](const double& v) { f->lifespan = v; },
          "Lifespan in periods for CLV (default 1 / churn)")
      ->group("CLV");
  report
      ->add_option("--by", f->by, "Split by this column: the value on each customer's first order")
      ->group("Segments");
  report->add_option("--top", f->top, "With --by: the N largest segments, the rest as (other)")
      ->check(CLI::Range(0, 1000000))
      ->group("Segments");
  report->footer(
      "Examples:\n"
      "  retention sql report --table orders --period last-month |\n"
      "      psql -v ON_ERROR_STOP=1 -d shop --csv\n"
      "  retention sql report --dialect duckdb --table orders --from 2024-01 \\\n"
      "      --to 2024-12 --every month --window 90d\n"
      "  retention sql report --dialect bigquery --table shop.orders \\\n"
      "      --period 2024-Q1 --by channel");
  auto c = std::make_shared<SqlFlags>();
  CLI::App* cohorts = app->add_subcommand(
      "cohorts", "One query giving the columns of `retention cohorts --format csv`.");
  AddSourceFlags(cohorts, c.get());
  cohorts
      ->add_option("--as-of", c->as_of, "Only periods over on this day get a cell (default: today)")
      ->group("Cohorts");
  cohorts
      ->add_option("--every", c->every,
                   "Cohort length and step: week, month (default) or quarter (also day, year)")
      ->group("Cohorts");
  cohorts
      ->add_option("--from", c->from,
                   "First cohort: the period holding this day or period (required)")
      ->group("Cohorts");
  cohorts
      ->add_option("--to", c->to,
                   "Last cohort, included whole (default: the last row's, or --as-of's if "
                   "earlier)")
      ->group("Cohorts");
  cohorts
      ->add_option("--by", c->by,
                   "Cohorts within each value of this column (a customer belongs to the value on "
                   "their first order), after the all-customers cohorts")
      ->group("Segments");
  cohorts->add_option("--top", c->top, "With --by: the N largest segments, the rest as (other)")
      ->check(CLI::Range(0, 1000000))
      ->group("Segments");
  cohorts->footer(
      "Examples:\n"
      "  retention sql cohorts --table orders --from 2024-01 |\n"
      "      psql -v ON_ERROR_STOP=1 -d shop --csv\n"
      "  retention sql cohorts --dialect duckdb --table orders --from 2024-Q1 \\\n"
      "      --every quarter --by channel");
  return Command{app, [f, report, c, cohorts] {
                   if (report->parsed()) return RunSqlReport(*f);
                   if (cohorts->parsed()) return RunSqlCohorts(*c);
                   return kExitUsage;
                 }};
}

}  // namespace retention
