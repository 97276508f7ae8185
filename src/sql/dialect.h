// What differs between SQL engines, as data: the query builder writes one
// query and asks the dialect for each spelling that differs.
#pragma once

#include <string>
#include <string_view>

#include "retention/sql.h"

namespace retention::sql {

/// The differences between engines. Patterns hold {a}, {b}, {col} or {zone}
/// placeholders filled in by Fill.
struct Dialect {
  SqlDialect id;
  std::string_view name;
  /// Identifier quotes: "x" (standard) or `x` (BigQuery, Spark).
  char quote;
  /// String literals escape ' and \ with a backslash (BigQuery, Spark)
  /// rather than doubling the quote.
  bool backslash_escapes;
  std::string_view text_type;
  std::string_view integer_type;
  std::string_view double_type;
  /// Exact money: 4 decimal places.
  std::string_view decimal_type;
  /// One row's amount as read: 4 places in 18 digits, the engines' 64-bit
  /// decimal (up to 10^14 a row; two to three times faster in DuckDB than
  /// 38 digits). Sums are whole 1/10000 in BIGINT, never this type.
  std::string_view row_decimal_type;
  /// A local date-time without zone, and the literals of one from the
  /// quoted text {a} (plain text in SQLite, where times are ISO text
  /// compared as text).
  std::string_view timestamp_type;
  std::string_view timestamp_literal;
  /// The date column as a local time: {col}.
  std::string_view local_time;
  /// An instant column converted to local time in {zone}; empty when the
  /// engine cannot do it exactly.
  std::string_view zoned_time;
  /// Integer division of non-negative integers {a} / {b}, truncating.
  std::string_view integer_division;
  /// The largest integer not above the non-negative double {a}.
  std::string_view floor;
  /// The text {a} without the characters of the literal {b} at its ends.
  std::string_view trim;
  /// Appended to a text to order it by bytes, as the CLI sorts names.
  std::string_view byte_order;
  /// SQLite keeps every value as text: amounts are parsed from their
  /// digits and money is printed as text, both exactly.
  bool text_money;
  /// TRUE/FALSE literals exist (else 'true'/'false' text).
  bool has_boolean;
  /// Unreadable text does not fail a cast: SQLite's datetime() gives NULL
  /// and CAST gives 0, so such a row would silently count nowhere or as 0.
  /// The query checks each date and amount itself and fails on one it
  /// cannot read (Writer::FailUnless).
  bool lenient_casts;
  /// Engines whose casts fail: an expression of type {b} that stops the
  /// query with the text {a} in its error (a cast of the text to {b}, or
  /// the engine's own error function), where no cast fails by itself: a
  /// NULL date or amount, an amount with more than 4 decimals (a cast to
  /// row_decimal_type would round it).
  std::string_view fail;
};

/// The dialect table's row for `id`.
const Dialect& DialectFor(SqlDialect id);

/// `pattern` with {a}, {b}, {col} and {zone} replaced.
std::string Fill(std::string_view pattern, std::string_view a, std::string_view b = {});

/// An identifier, quoted and escaped: "Customer ID".
std::string QuoteIdentifier(const Dialect& d, std::string_view name);
/// A string literal, quoted and escaped.
std::string QuoteString(const Dialect& d, std::string_view text);

}  // namespace retention::sql
