// The metric definitions of docs/metrics.md compiled to one SQL query, so a
// database computes the figures of `retention report` where the orders
// already live.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retention/metrics.h"
#include "retention/period.h"

namespace retention {

/// The SQL engines a query can be written for.
enum class SqlDialect {
  kPostgres,
  kDuckDb,
  kSqlite,
  kBigQuery,
  kSnowflake,
  kSpark,
  kTrino,
  kRedshift,
};

/// "postgres", "duckdb", "sqlite", "bigquery", "snowflake", "spark",
/// "trino", "redshift".
std::string_view SqlDialectName(SqlDialect dialect);
/// Inverse of SqlDialectName (also "postgresql", "sparksql"); nullopt
/// otherwise.
std::optional<SqlDialect> ParseSqlDialect(std::string_view name);
/// Every dialect, in the order above.
std::vector<SqlDialect> AllSqlDialects();

/// What the date column holds (--date-kind), for the engines whose query
/// cannot tell it from a value: BigQuery, Snowflake, Spark, Trino and
/// Redshift.
enum class DateKind {
  /// Each value as its type and text say: PostgreSQL, DuckDB and SQLite
  /// tell an instant (TIMESTAMPTZ, text with an offset) per value; the
  /// other engines read each value as a local time without --tz (a --tz
  /// other than UTC needs one of the kinds below there).
  kAsTyped,
  /// Dates and times on --tz's clock (DATE, DATETIME, TIMESTAMP without a
  /// zone, TIMESTAMP_NTZ): read as they are, never shifted.
  kLocal,
  /// Instants (TIMESTAMPTZ, BigQuery's TIMESTAMP, Snowflake's TIMESTAMP_TZ
  /// and TIMESTAMP_LTZ): converted to --tz, or to UTC without it.
  kInstant,
};

/// Where the order rows come from and which columns mean what. Column
/// names are used as written (quoted), so "Customer ID" works.
struct SqlSource {
  /// A table or view, optionally qualified ("shop.orders"); each dotted
  /// part is quoted.
  std::string table;
  /// Or a SELECT used as a subquery; exactly one of table and query is set.
  std::string query;
  std::string customer = "customer_id";
  /// Empty: no order id, every purchase row is an order of its own.
  std::string order = "order_id";
  std::string date = "order_date";
  /// The amount; ignored when quantity and price are both set.
  std::string amount = "amount";
  std::string quantity;
  std::string price;
  /// --by: the segment column; empty for no segments.
  std::string segment;
  /// --tz: the IANA zone to report in ("UTC", "Europe/Berlin"); empty for
  /// UTC. Instants (TIMESTAMPTZ, text with an offset) are converted to it;
  /// local dates and times (DATE, TIMESTAMP) are in it already.
  std::string time_zone;
  /// --date-kind; needed with a --tz other than UTC on the engines that
  /// cannot tell (CheckSource refuses it missing there).
  DateKind date_kind = DateKind::kAsTyped;
};

/// What `retention sql report` compiles.
struct SqlReportRequest {
  SqlDialect dialect = SqlDialect::kPostgres;
  SqlSource source;
  /// The periods, resolved (ParsePeriod, ParseRange, SplitPeriod): their
  /// bounds and windows become literals of the query.
  std::vector<Period> periods;
  /// window, margin, lifespan, as_of and known_through as for
  /// ComputeMetrics.
  MetricsOptions options;
  /// --top with --by: keep this many segments, the rest as "(other)".
  int top = 0;
};

/// One query whose result set has the columns of `retention report
/// --format csv` (with `segment` first when source.segment is set): one row
/// per period and segment, the all-customers total first, in the order the
/// CSV prints them. Money is DECIMAL with 4 places (text in SQLite), rates
/// are doubles, undefined figures NULL. Throws UsageError for a request the
/// dialect cannot compute exactly (a time zone in SQLite, no periods).
std::string ReportSql(const SqlReportRequest& request);

/// What `retention sql cohorts` compiles: the cohorts of `retention
/// cohorts` (CohortOptions) from `from`'s unit on.
struct SqlCohortsRequest {
  SqlDialect dialect = SqlDialect::kPostgres;
  SqlSource source;
  Unit unit = Unit::kMonth;
  /// The first cohort: the unit holding this day. Required: the query is
  /// written before the data is seen, so it cannot start at the first order.
  CivilDate from;
  /// The end (exclusive) of the period --from names (2025-10-01 for
  /// --from 2025-Q3 in months): when the data ends before `from`, the
  /// cohorts are those starting before it, as `retention cohorts` gives
  /// them. Unset: the cohort of `from` alone.
  std::optional<CivilDate> from_end;
  /// The last cohort, inclusive. Unset: the unit holding the last row (or
  /// as_of, if earlier), found by the query as `retention cohorts` does.
  std::optional<CivilDate> to;
  /// Only periods over on this day get a cell.
  CivilDate as_of;
  /// --top with --by.
  int top = 0;
};

/// One query whose result set has the columns of `retention cohorts
/// --format csv` (`segment` first when source.segment is set): one row per
/// cohort and offset, all customers first, then each segment. Throws
/// UsageError as ReportSql does, and when `to` is before `from`.
std::string CohortsSql(const SqlCohortsRequest& request);

}  // namespace retention
