#include "sql/dialect.h"

#include <array>

namespace retention::sql {
namespace {

// One row per engine. Only what actually differs is here; everything else
// in the query is the SQL they share.
// clang-format off
constexpr std::array<Dialect, 8> kDialects = {{
    {SqlDialect::kPostgres, "postgres", '"', false, "TEXT", "BIGINT", "DOUBLE PRECISION",
     "NUMERIC(38,4)", "NUMERIC(18,4)", "TIMESTAMP", "TIMESTAMP {a}", "CAST({col} AS TIMESTAMP)",
     "(CAST({col} AS TIMESTAMPTZ) AT TIME ZONE {zone})", "{a} / {b}", "FLOOR({a})", "TRIM(BOTH {b} FROM {a})",
     " COLLATE \"C\"", false, true, false, "CAST({a} AS {b})"},
    {SqlDialect::kDuckDb, "duckdb", '"', false, "VARCHAR", "BIGINT", "DOUBLE", "DECIMAL(38,4)",
     "DECIMAL(18,4)", "TIMESTAMP", "TIMESTAMP {a}", "CAST({col} AS TIMESTAMP)",
     "timezone({zone}, CAST({col} AS TIMESTAMPTZ))", "{a} // {b}", "FLOOR({a})", "TRIM({a}, {b})", "", false, true, false,
     "CAST({a} AS {b})"},
    // Times are ISO 8601 text: datetime() turns any offset into UTC and
    // gives 'YYYY-MM-DD HH:MM:SS', which compares correctly as text. It has
    // no time zone database, so zoned_time is empty. Its casts never fail
    // (lenient_casts).
    {SqlDialect::kSqlite, "sqlite", '"', false, "TEXT", "INTEGER", "REAL", "TEXT", "TEXT", "TEXT", "{a}",
     "datetime({col})", "", "{a} / {b}", "CAST({a} AS INTEGER)", "TRIM({a}, {b})", "", true, false, true, ""},
    // DATETIME is BigQuery's zone-less time; its TIMESTAMP is an instant.
    {SqlDialect::kBigQuery, "bigquery", '`', true, "STRING", "INT64", "FLOAT64", "NUMERIC", "NUMERIC",
     "DATETIME", "DATETIME {a}", "CAST({col} AS DATETIME)",
     "DATETIME(CAST({col} AS TIMESTAMP), {zone})", "DIV({a}, {b})", "FLOOR({a})", "TRIM({a}, {b})", "", false, true, false,
     "ERROR({a})"},
    // Snowflake divides integers into decimals; subtracting the remainder
    // first makes the division exact.
    {SqlDialect::kSnowflake, "snowflake", '"', false, "VARCHAR", "BIGINT", "DOUBLE", "NUMBER(38,4)", "NUMBER(18,4)",
     "TIMESTAMP_NTZ", "CAST({a} AS TIMESTAMP_NTZ)", "CAST({col} AS TIMESTAMP_NTZ)",
     "CAST(CONVERT_TIMEZONE({zone}, {col}) AS TIMESTAMP_NTZ)", "(({a}) - MOD({a}, {b})) / ({b})",
     "FLOOR({a})", "TRIM({a}, {b})", "", false, true, false, "CAST({a} AS {b})"},
    {SqlDialect::kSpark, "spark", '`', true, "STRING", "BIGINT", "DOUBLE", "DECIMAL(38,4)", "DECIMAL(18,4)",
     "TIMESTAMP", "TIMESTAMP {a}", "CAST({col} AS TIMESTAMP)",
     "from_utc_timestamp(CAST({col} AS TIMESTAMP), {zone})", "{a} DIV {b}", "FLOOR({a})", "TRIM(BOTH {b} FROM {a})", "", false,
     true, false, "CAST(raise_error({a}) AS {b})"},
    {SqlDialect::kTrino, "trino", '"', false, "VARCHAR", "BIGINT", "DOUBLE", "DECIMAL(38,4)",
     "DECIMAL(18,4)", "TIMESTAMP", "TIMESTAMP {a}", "CAST({col} AS TIMESTAMP)",
     "CAST({col} AT TIME ZONE {zone} AS TIMESTAMP)", "{a} / {b}", "FLOOR({a})", "TRIM(BOTH {b} FROM {a})", "", false, true, false,
     "CAST({a} AS {b})"},
    {SqlDialect::kRedshift, "redshift", '"', false, "VARCHAR", "BIGINT", "DOUBLE PRECISION",
     "DECIMAL(38,4)", "DECIMAL(18,4)", "TIMESTAMP", "TIMESTAMP {a}", "CAST({col} AS TIMESTAMP)",
     "CONVERT_TIMEZONE('UTC', {zone}, CAST({col} AS TIMESTAMP))", "{a} / {b}", "FLOOR({a})", "TRIM(BOTH {b} FROM {a})", "",
     false, true, false, "CAST({a} AS {b})"},
}};
// clang-format on

}  // namespace

const Dialect& DialectFor(SqlDialect id) {
  for (const Dialect& d : kDialects) {
    if (d.id == id) return d;
  }
  return kDialects[0];
}

std::string Fill(std::string_view pattern, std::string_view a, std::string_view b) {
  std::string out;
  for (size_t i = 0; i < pattern.size();) {
    auto take = [&](std::string_view key, std::string_view value) {
      if (pattern.compare(i, key.size(), key) != 0) return false;
      out += value;
      i += key.size();
      return true;
    };
    // {col} and {zone} are the first and second argument too, so one
    // pattern can name its parts.
    if (take("{a}", a) || take("{col}", a) || take("{b}", b) || take("{zone}", b)) continue;
    out += pattern[i++];
  }
  return out;
}

std::string QuoteIdentifier(const Dialect& d, std::string_view name) {
  std::string out(1, d.quote);
  // BigQuery's quoted names take the escapes of its strings: `a\`b`;
  // the others double the quote: "a""b", Spark's `a``b`.
  const bool backslash = d.id == SqlDialect::kBigQuery;
  for (char c : name) {
    if (backslash && (c == d.quote || c == '\\')) {
      out += '\\';
    } else if (c == d.quote) {
      out += c;
    }
    out += c;
  }
  out += d.quote;
  return out;
}

std::string QuoteString(const Dialect& d, std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (d.backslash_escapes && (c == '\'' || c == '\\')) {
      out += '\\';
    } else if (c == '\'') {
      out += '\'';
    }
    out += c;
  }
  out += '\'';
  return out;
}

}  // namespace retention::sql
