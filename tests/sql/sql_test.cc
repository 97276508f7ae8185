// The SQL builder: what the query says, per dialect. Whether the figures
// are right is checked on real engines by engines_test.sh.
#include "retention/sql.h"

#include <catch2/catch.hpp>
#include <string>

#include "base/text.h"
#include "cli/print/printers.h"
#include "retention/error.h"
#include "sql/dialect.h"
#include "sql/query_writer.h"

using namespace retention;

namespace {

SqlReportRequest March(SqlDialect dialect) {
  SqlReportRequest r;
  r.dialect = dialect;
  r.source.table = "orders";
  r.periods = {ParsePeriod("2024-03", CivilDate{2024, 5, 1})};
  r.options.as_of = CivilDate{2024, 5, 1};
  r.options.known_through = r.options.as_of;
  return r;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("dialect names round-trip") {
  for (SqlDialect d : AllSqlDialects()) {
    REQUIRE(ParseSqlDialect(SqlDialectName(d)) == d);
  }
  CHECK(ParseSqlDialect("postgresql") == SqlDialect::kPostgres);
  CHECK_FALSE(ParseSqlDialect("oracle"));
}

TEST_CASE("identifiers and strings are quoted the dialect's way") {
  const auto& pg = sql::DialectFor(SqlDialect::kPostgres);
  const auto& bq = sql::DialectFor(SqlDialect::kBigQuery);
  CHECK(sql::QuoteIdentifier(pg, "Customer \"ID\"") == "\"Customer \"\"ID\"\"\"");
  // BigQuery's names take its strings' escapes; Spark doubles the quote.
  CHECK(sql::QuoteIdentifier(bq, "a`b") == "`a\\`b`");
  CHECK(sql::QuoteIdentifier(bq, "o\\d") == "`o\\\\d`");
  CHECK(sql::QuoteIdentifier(sql::DialectFor(SqlDialect::kSpark), "a`b") == "`a``b`");
  CHECK(sql::QuoteString(pg, "it's") == "'it''s'");
  CHECK(sql::QuoteString(bq, "it's \\") == "'it\\'s \\\\'");
  CHECK(sql::Fill("{a} DIV {b}", "x", "y") == "x DIV y");
  CHECK(sql::Fill("f({col}, {zone})", "c", "'UTC'") == "f(c, 'UTC')");
}

TEST_CASE("the result columns are the CSV report's, in order") {
  for (bool segmented : {false, true}) {
    SqlReportRequest r = March(SqlDialect::kPostgres);
    if (segmented) r.source.segment = "channel";
    const std::string q = ReportSql(r);
    const size_t select = q.rfind("\nSELECT\n");
    REQUIRE(select != std::string::npos);
    size_t at = select;
    for (const std::string& name : ReportFieldNames(segmented)) {
      const size_t found = q.find("AS \"" + name + "\"", at);
      INFO(name);
      REQUIRE(found != std::string::npos);
      at = found;
    }
  }
}

TEST_CASE("times past the year 9999 are refused, never written with a fifth digit") {
  // '10000-01-0 T00:00:00' compared in SQLite before every row: all
  // figures 0 for --as-of 9999-12-31.
  for (SqlDialect dialect : {SqlDialect::kSqlite, SqlDialect::kPostgres}) {
    SqlReportRequest r = March(dialect);
    r.options.as_of = CivilDate{9999, 12, 31};
    r.options.known_through = r.options.as_of;
    try {
      ReportSql(r);
      FAIL("no error");
    } catch (const UsageError& e) {
      CHECK_THAT(e.what(), Catch::Contains("reaches 10000-01-01; give --as-of 9999-12-30"));
    }
    r.options.as_of = CivilDate{9999, 12, 30};
    r.options.known_through = r.options.as_of;
    CHECK(Contains(ReportSql(r), "'9999-12-31 00:00:00'"));
  }
}

TEST_CASE("periods, windows and the as-of cut-off are literals resolved like the report's") {
  SqlReportRequest r = March(SqlDialect::kPostgres);
  std::string q = ReportSql(r);
  // March with its one-month window: active at the start = ordered in February.
  CHECK(Contains(q, "'2024-03' AS label, '2024-03-01' AS start_date, '2024-04-01'"));
  CHECK(Contains(q, "FALSE AS partial, '1m' AS window_label"));
  CHECK(Contains(q, "TIMESTAMP '2024-02-01 00:00:00' AS start_window"));
  CHECK(Contains(q, "TIMESTAMP '2024-03-01 00:00:00' AS end_window"));
  CHECK(Contains(q, "WHERE at_time < TIMESTAMP '2024-05-02 00:00:00'"));

  // A series with a 90-day window, the last period partial.
  r.periods = SplitPeriod(ParseRange("2024-03", "2024-05", r.options.as_of), Unit::kMonth);
  r.options.window = ParseWindow("90d");
  q = ReportSql(r);
  CHECK(Contains(q, "UNION ALL SELECT 3 AS seq, '2024-05'"));
  CHECK(Contains(q, "TRUE AS partial, '90d' AS window_label"));
  CHECK(Contains(q, "TIMESTAMP '2023-12-02 00:00:00' AS start_window"));
}

TEST_CASE(
    "what the date column holds, told to the engines that cannot tell a DATE from an instant") {
  // A DATE converted as an instant is midnight UTC: the day before in New
  // York. BigQuery, Snowflake, Spark, Trino and Redshift cannot tell.
  for (SqlDialect d : {SqlDialect::kBigQuery, SqlDialect::kSnowflake, SqlDialect::kSpark,
                       SqlDialect::kTrino, SqlDialect::kRedshift}) {
    SqlReportRequest r = March(d);
    r.source.time_zone = "America/New_York";
    CAPTURE(SqlDialectName(d));
    CHECK_THROWS_WITH(ReportSql(r), Catch::Contains("--date-kind local") &&
                                        Catch::Contains("--date-kind instant"));
    r.source.time_zone = "UTC";
    CHECK_NOTHROW(ReportSql(r));
  }
  SqlReportRequest local = March(SqlDialect::kBigQuery);
  local.source.time_zone = "America/New_York";
  local.source.date_kind = DateKind::kLocal;
  std::string q = ReportSql(local);
  CHECK(Contains(q, "ELSE CAST(source.`order_date` AS DATETIME) END AS at_time"));
  CHECK_FALSE(Contains(q, "America/New_York"));
  SqlReportRequest instant = March(SqlDialect::kBigQuery);
  instant.source.time_zone = "America/New_York";
  instant.source.date_kind = DateKind::kInstant;
  CHECK(Contains(ReportSql(instant),
                 "ELSE DATETIME(CAST(source.`order_date` AS TIMESTAMP), 'America/New_York') END"));
  // Without --tz, instants in UTC: a cast would keep a TIMESTAMP_TZ's own
  // offset's clock in Snowflake.
  SqlReportRequest snowflake = March(SqlDialect::kSnowflake);
  snowflake.source.date_kind = DateKind::kInstant;
  CHECK(Contains(ReportSql(snowflake),
                 "ELSE CAST(CONVERT_TIMEZONE('UTC', source.\"order_date\") AS TIMESTAMP_NTZ) END"));
  // PostgreSQL tells each value whether it carries an offset; a kind
  // given is every value's, so that test is gone (the same text both ways:
  // a change of its spelling fails the first check, not passes the second).
  const std::string offset_test = "pg_typeof(source.\"order_date\") = 'timestamp with time zone'";
  SqlReportRequest pg = March(SqlDialect::kPostgres);
  pg.source.time_zone = "America/New_York";
  CHECK(Contains(ReportSql(pg), offset_test));
  pg.source.date_kind = DateKind::kLocal;
  CHECK_FALSE(Contains(ReportSql(pg), offset_test));
}

TEST_CASE("columns are quoted, so names with spaces work") {
  SqlReportRequest r = March(SqlDialect::kDuckDb);
  r.source.customer = "Customer ID";
  r.source.table = "shop.orders";
  const std::string q = ReportSql(r);
  CHECK(Contains(q,
                 "TRIM(CAST(source.\"Customer ID\" AS VARCHAR), ' "
                 "\t\xC2\xA0\xE2\x80\xAF\xE3\x80\x80\xE2\x80\x8B\xE2\x80\x8E\xE2\x80\x8F\xE2\x80"
                 "\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD\xE2\x80\xAE\xE2\x81\xA0\xE2\x81\xA6\xE2"
                 "\x81\xA7\xE2\x81\xA8\xE2\x81\xA9\xEF\xBB\xBF\xD8\x9C') AS customer_id"));
  CHECK(Contains(q, "FROM \"shop\".\"orders\""));
}

TEST_CASE("e-mail customer ids are compared in lower case, as the CLI reads them") {
  SqlReportRequest r = March(SqlDialect::kDuckDb);
  r.source.customer = "Customer Email";
  // ASCII letters only, as the CLI: TRANSLATE, not a LOWER that folds É.
  CHECK(Contains(ReportSql(r),
                 "TRANSLATE(TRIM(CAST(source.\"Customer Email\" AS VARCHAR), ' "
                 "\t\xC2\xA0\xE2\x80\xAF\xE3\x80\x80\xE2\x80\x8B\xE2\x80\x8E\xE2\x80\x8F\xE2\x80"
                 "\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD\xE2\x80\xAE\xE2\x81\xA0\xE2\x81\xA6\xE2"
                 "\x81\xA7\xE2\x81\xA8\xE2\x81\xA9\xEF\xBB\xBF\xD8\x9C'), "
                 "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS "
                 "customer_id"));
  r.dialect = SqlDialect::kSqlite;  // whose LOWER folds ASCII only
  CHECK(Contains(ReportSql(r), "LOWER(TRIM("));
  r.dialect = SqlDialect::kDuckDb;
  r.source.customer = "customer_id";
  CHECK_FALSE(Contains(ReportSql(r), "TRANSLATE("));
}

TEST_CASE("each dialect spells what differs") {
  CHECK(Contains(ReportSql(March(SqlDialect::kBigQuery)), "DIV(ABS(revenue_units), orders)"));
  CHECK(Contains(ReportSql(March(SqlDialect::kBigQuery)), "DATETIME '2024-03-01 00:00:00'"));
  CHECK(Contains(ReportSql(March(SqlDialect::kDuckDb)), "ABS(revenue_units) // orders"));
  CHECK(Contains(ReportSql(March(SqlDialect::kSpark)), "`customers_start`"));
  // Ids and segments lose the spaces and tabs at their ends, as the CLI
  // reads them; a customer id of spaces is no customer.
  CHECK(Contains(
      ReportSql(March(SqlDialect::kPostgres)),
      "TRIM(BOTH ' "
      "\t\xC2\xA0\xE2\x80\xAF\xE3\x80\x80\xE2\x80\x8B\xE2\x80\x8E\xE2\x80\x8F\xE2\x80\xAA\xE2\x80"
      "\xAB\xE2\x80\xAC\xE2\x80\xAD\xE2\x80\xAE\xE2\x81\xA0\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2"
      "\x81\xA9\xEF\xBB\xBF\xD8\x9C' FROM CAST(source.\"customer_id\" AS TEXT)) "
      "AS customer_id"));
  CHECK(Contains(
      ReportSql(March(SqlDialect::kPostgres)),
      "TRIM(BOTH ' "
      "\t\xC2\xA0\xE2\x80\xAF\xE3\x80\x80\xE2\x80\x8B\xE2\x80\x8E\xE2\x80\x8F\xE2\x80\xAA\xE2\x80"
      "\xAB\xE2\x80\xAC\xE2\x80\xAD\xE2\x80\xAE\xE2\x81\xA0\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2"
      "\x81\xA9\xEF\xBB\xBF\xD8\x9C' FROM CAST(source.\"customer_id\" AS TEXT)) <> ''"));
  CHECK(Contains(ReportSql(March(SqlDialect::kBigQuery)),
                 "TRIM(CAST(source.`order_id` AS STRING), ' "
                 "\t\xC2\xA0\xE2\x80\xAF\xE3\x80\x80\xE2\x80\x8B\xE2\x80\x8E\xE2\x80\x8F\xE2\x80"
                 "\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD\xE2\x80\xAE\xE2\x81\xA0\xE2\x81\xA6\xE2"
                 "\x81\xA7\xE2\x81\xA8\xE2\x81\xA9\xEF\xBB\xBF\xD8\x9C') AS order_id"));
  // SQLite: text amounts read digit by digit, money printed as text.
  const std::string lite = ReportSql(March(SqlDialect::kSqlite));
  // datetime() after the fraction is cut to milliseconds, which it rounds.
  CHECK(Contains(lite, "datetime(CASE WHEN instr(source.\"retention iso date\", '.') = 0 THEN"));
  // Offsets datetime() cannot read (+0100, +01, UTC) are rewritten once per
  // row, in a subquery SQLite does not flatten.
  CHECK(Contains(lite, "[+-][0-9][0-9][0-9][0-9]' THEN substr("));
  CHECK(Contains(lite, "AS \"retention iso date\" FROM \"orders\" AS source LIMIT -1 OFFSET 0)"));
  CHECK(Contains(lite, "min(3, length("));
  CHECK(Contains(lite, "printf('%s%d.%04d'"));
  CHECK_FALSE(Contains(lite, "DECIMAL"));
}

TEST_CASE("SQLite's query stops on a date or amount it cannot read, as other engines' casts do") {
  // datetime() gives NULL and CAST 0 for unreadable text: without the
  // check such a row silently counted nowhere, or as 0.
  const std::string lite = ReportSql(March(SqlDialect::kSqlite));
  CHECK(Contains(lite, "ELSE json_extract('{}', 'retention: cannot read the date '"));
  CHECK(Contains(lite, "ELSE json_extract('{}', 'retention: cannot read the amount '"));
  CHECK(Contains(lite, "' in column order_date; expected ISO 8601 text"));
  // Engines whose casts fail get no check.
  CHECK_FALSE(Contains(ReportSql(March(SqlDialect::kPostgres)), "json_extract"));
  CHECK_FALSE(Contains(ReportSql(March(SqlDialect::kDuckDb)), "json_extract"));
}

TEST_CASE(
    "a NULL date or amount, or a fifth decimal, stops the query of an engine whose casts fail") {
  const std::string q = ReportSql(March(SqlDialect::kPostgres));
  CHECK(
      Contains(q, "CASE WHEN source.\"order_date\" IS NULL THEN CAST('retention: the date ' || "));
  CHECK(Contains(q, "CASE WHEN source.\"amount\" IS NULL THEN CAST('retention: the amount ' || "));
  CHECK(Contains(
      q,
      "WHEN ABS(CAST(source.\"amount\" AS NUMERIC(38,10)) - ROUND(CAST(source.\"amount\" AS "
      "NUMERIC(38,10)), 4)) > 0.000005 + ABS(CAST(source.\"amount\" AS NUMERIC(38,10))) * "
      "0.00000000000000023 THEN"));
  // Their casts read text such as 1e2, NaN or Infinity, which report
  // refuses: a text amount must be a plain decimal.
  CHECK(Contains(q, "AND CAST(source.\"amount\" AS TEXT) !~ '^[[:space:]]*[+-]?"));
  CHECK(Contains(ReportSql(March(SqlDialect::kDuckDb)),
                 "(typeof(source.\"amount\") = 'VARCHAR' AND NOT regexp_matches("));
  CHECK(Contains(ReportSql(March(SqlDialect::kBigQuery)), "ERROR('retention: the date ' || "));
  CHECK(Contains(ReportSql(March(SqlDialect::kSpark)), "CAST(raise_error('retention: the date "));
}

TEST_CASE("a time zone converts instants, and SQLite refuses one it cannot apply") {
  SqlReportRequest r = March(SqlDialect::kPostgres);
  r.source.time_zone = "Europe/Berlin";
  // Instants (a TIMESTAMPTZ, text with an offset) are converted; other
  // times are local already. Without --tz instants are read in UTC, never
  // in the session's zone.
  CHECK(Contains(ReportSql(r),
                 "NOT IN ('timestamp without time zone'::regtype, 'date'::regtype) AND "
                 "CAST(source.\"order_date\" AS TEXT) ~ '[0-9]:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)? "
                 "?([Zz]|[Uu][Tt][Cc]|[Gg][Mm][Tt]|[+-][0-9]{2}(:?[0-9]{2}){0,2})[[:space:]]*$')) "
                 "THEN "
                 "(CAST(source.\"order_date\" AS TIMESTAMPTZ) AT TIME ZONE 'Europe/Berlin') "
                 "ELSE CAST(source.\"order_date\" AS TIMESTAMP) END AS at_time"));
  CHECK(Contains(ReportSql(March(SqlDialect::kPostgres)),
                 "THEN (CAST(source.\"order_date\" AS TIMESTAMPTZ) AT TIME ZONE 'UTC') ELSE"));
  CHECK(Contains(ReportSql(March(SqlDialect::kDuckDb)),
                 "WHEN (typeof(source.\"order_date\") = 'TIMESTAMP WITH TIME ZONE' OR "
                 "(typeof(source.\"order_date\") NOT IN ('TIMESTAMP', 'DATE') AND "
                 "regexp_matches(CAST(source.\"order_date\" AS VARCHAR), "));
  r.dialect = SqlDialect::kSqlite;
  CHECK_THROWS_AS(ReportSql(r), UsageError);
  r.source.time_zone = "UTC";
  CHECK_NOTHROW(ReportSql(r));
  r.dialect = SqlDialect::kPostgres;
  r.source.time_zone = "+02:00";
  CHECK_THROWS_AS(ReportSql(r), UsageError);
}

TEST_CASE("a request without a source or periods is a usage error") {
  SqlReportRequest r = March(SqlDialect::kPostgres);
  r.source.table.clear();
  CHECK_THROWS_AS(ReportSql(r), UsageError);
  r.source.query = "SELECT * FROM x";
  CHECK(Contains(ReportSql(r), "FROM (\nSELECT * FROM x\n) AS source"));
  r.source.table = "orders";
  CHECK_THROWS_AS(ReportSql(r), UsageError);  // both
  r = March(SqlDialect::kPostgres);
  r.periods.clear();
  CHECK_THROWS_AS(ReportSql(r), UsageError);
  r = March(SqlDialect::kPostgres);
  r.source.quantity = "qty";
  CHECK_THROWS_AS(ReportSql(r), UsageError);
}

TEST_CASE("lifespan and margin enter as exact doubles") {
  SqlReportRequest r = March(SqlDialect::kPostgres);
  r.options.lifespan = 12.5;
  r.options.margin = 0.3;
  const std::string q = ReportSql(r);
  CHECK(Contains(q, "CAST('12.5' AS DOUBLE PRECISION) AS clv_lifespan"));
  CHECK(Contains(q, "* CAST('0.3' AS DOUBLE PRECISION) * clv_lifespan"));
}

TEST_CASE("without an order column every purchase row is an order") {
  SqlReportRequest r = March(SqlDialect::kPostgres);
  r.source.order.clear();
  const std::string q = ReportSql(r);
  CHECK_FALSE(Contains(q, "GROUP BY customer_id, order_id"));
  CHECK(Contains(q, "CAST(NULL AS TEXT) AS order_id"));
}

namespace {

SqlCohortsRequest FirstQuarter(SqlDialect dialect) {
  SqlCohortsRequest r;
  r.dialect = dialect;
  r.source.table = "orders";
  r.from = CivilDate{2024, 1, 1};
  r.as_of = CivilDate{2024, 4, 15};
  return r;
}

}  // namespace

TEST_CASE("cohorts: one literal period per unit over on as_of") {
  SqlCohortsRequest r = FirstQuarter(SqlDialect::kPostgres);
  std::string q = CohortsSql(r);
  CHECK(Contains(q, "SELECT 1 AS seq, '2024-01' AS label"));
  CHECK(Contains(q, "UNION ALL SELECT 3 AS seq, '2024-03' AS label"));
  CHECK_FALSE(Contains(q, "'2024-04'"));  // April is not over on April 15
  // Without --to, the query finds the last order itself.
  CHECK(Contains(q, "MAX(ordered_at) AS last_time FROM merged_orders"));
  r.to = CivilDate{2024, 2, 10};
  q = CohortsSql(r);
  CHECK(Contains(q, "SELECT * FROM periods WHERE seq <= 2"));
  r.unit = Unit::kWeek;
  CHECK(Contains(CohortsSql(r), "'2024-W01'"));
}

TEST_CASE("cohorts: nothing over yet is a header without rows") {
  SqlCohortsRequest r = FirstQuarter(SqlDialect::kSqlite);
  r.as_of = CivilDate{2024, 1, 20};
  CHECK(Contains(CohortsSql(r), "WHERE 1 = 0"));
}

TEST_CASE("cohorts: the columns of cohorts --format csv, and the refusals") {
  SqlCohortsRequest r = FirstQuarter(SqlDialect::kBigQuery);
  r.source.segment = "channel";
  const std::string q = CohortsSql(r);
  CHECK(Contains(q, "segment_name AS `segment`,\n  cohort_label AS `cohort`,"));
  CHECK(Contains(q, "cohort_start AS `cohort_start`,\n  cohort_end AS `cohort_end`,"));
  CHECK(Contains(q, "period_start AS `period_start`,\n  period_end AS `period_end`,"));
  CHECK(Contains(q, "AS `cumulative_revenue_per_customer`\nFROM running"));
  r = FirstQuarter(SqlDialect::kSqlite);
  r.source.time_zone = "Europe/Berlin";
  CHECK_THROWS_AS(CohortsSql(r), UsageError);
  // UTC under any of its names needs no time zone database.
  for (const char* utc : {"UTC", "Etc/UTC", "Etc/Zulu", "GMT", "Universal"}) {
    r.source.time_zone = utc;
    CHECK_NOTHROW(CohortsSql(r));
  }
  r = FirstQuarter(SqlDialect::kPostgres);
  r.to = CivilDate{2023, 12, 31};
  CHECK_THROWS_AS(CohortsSql(r), UsageError);
}

TEST_CASE("by a currency column: one segment per currency whatever its case, and no total") {
  SqlReportRequest r = March(SqlDialect::kPostgres);
  r.source.segment = "currency_code";
  std::string q = ReportSql(r);
  CHECK(Contains(q, "COALESCE(UPPER(TRIM("));
  CHECK_FALSE(Contains(q, "SELECT 0 AS scope, CAST(NULL"));
  r.source.segment = "channel";
  q = ReportSql(r);
  CHECK_FALSE(Contains(q, "UPPER("));
  CHECK(Contains(q, "SELECT 0 AS scope, CAST(NULL"));
}

TEST_CASE("cohorts: SQLite's query stops on a date or amount it cannot read") {
  const std::string lite = CohortsSql(FirstQuarter(SqlDialect::kSqlite));
  CHECK(Contains(lite, "ELSE json_extract('{}', 'retention: cannot read the date '"));
  CHECK(Contains(lite, "ELSE json_extract('{}', 'retention: cannot read the amount '"));
}

TEST_CASE("segments of --by are made and ranked from the rows known on --as-of") {
  // As GroupSegments: a segment that grows after --as-of does not push an
  // older one out of --top in a report as of a past day.
  SqlReportRequest r = March(SqlDialect::kPostgres);
  r.source.segment = "channel";
  r.top = 2;
  CHECK(Contains(ReportSql(r),
                 "  FROM segment_rows\n  WHERE at_time < TIMESTAMP '2024-05-02 00:00:00'\n"
                 "  GROUP BY customer_segment"));
  SqlCohortsRequest c = FirstQuarter(SqlDialect::kPostgres);
  c.source.segment = "channel";
  CHECK(Contains(CohortsSql(c),
                 "  FROM segment_rows\n  WHERE at_time < TIMESTAMP '2024-04-16 00:00:00'\n"
                 "  GROUP BY customer_segment"));
}

TEST_CASE("the query trims the characters report trims, and only those") {
  // Each character of the Basic Multilingual Plane past ASCII, and space
  // and tab: in the SQL's TRIM set exactly when TrimSpaces takes it off
  // the front of a value (a mark added to one and not the other made one
  // customer two in one of them).
  std::vector<std::string> in_set;
  for (size_t i = 0; i < sql::kTrimmed.size();) {
    const auto lead = static_cast<unsigned char>(sql::kTrimmed[i]);
    const size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : 3;
    in_set.emplace_back(sql::kTrimmed.substr(i, n));
    i += n;
  }
  auto encode = [](unsigned code) {
    std::string out;
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
    return out;
  };
  int trimmed = 0;
  for (unsigned code = 0x80; code <= 0xFFFF; ++code) {
    if (code >= 0xD800 && code <= 0xDFFF) continue;
    const std::string c = encode(code);
    const bool sql = std::find(in_set.begin(), in_set.end(), c) != in_set.end();
    const bool report = TrimSpaces(c + "a") == "a";
    if (sql != report)
      FAIL_CHECK("U+" << std::hex << code << ": sql " << sql << ", report " << report);
    trimmed += report;
  }
  CHECK(trimmed + 2 == static_cast<int>(in_set.size()));  // and space and tab
  CHECK(TrimSpaces(" \ta") == "a");
}
