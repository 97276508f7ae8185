// What every query of src/sql shares: the dialect-dependent spellings
// (Writer) and the first steps, from the source rows to each customer's
// orders with their first order ever.
#pragma once

#include <charconv>
#include <optional>
#include <string>

#include "load/column_mapping.h"
#include "retention/dates.h"
#include "retention/error.h"
#include "retention/sql.h"
#include "sql/dialect.h"

namespace retention::sql {

// The bits of SQL that depend on the dialect, named after what they mean.
// What TrimSpaces takes from the ends of a value, as a TRIM set: spaces,
// tabs, no-break spaces (U+00A0, U+202F), ideographic spaces (U+3000) and
// invisible marks (U+200B, U+200E, U+200F, U+202A to U+202E, U+2060,
// U+2066 to U+2069, U+FEFF, U+061C). Raw in the literal, UTF-8: every
// dialect takes them, none spells them alike. sql_test checks it against
// TrimSpaces, character by character.
inline constexpr std::string_view kTrimmed =
    " \t\xC2\xA0\xE2\x80\xAF\xE3\x80\x80\xE2\x80\x8B\xE2\x80\x8E\xE2\x80\x8F\xE2\x80\xAA"
    "\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD\xE2\x80\xAE\xE2\x81\xA0\xE2\x81\xA6\xE2\x81\xA7"
    "\xE2\x81\xA8\xE2\x81\xA9\xEF\xBB\xBF\xD8\x9C";

class Writer {
 public:
  explicit Writer(const Dialect& d) : d_(d) {}

  std::string Id(std::string_view name) const { return sql::QuoteIdentifier(d_, name); }
  // A column of the orders table or query, named through its alias: SQLite
  // reads an unknown "name" alone as the text 'name' (a mistyped --by
  // made one segment of every row), but source."name" as the error it is.
  std::string SourceColumn(std::string_view name) const { return "source." + Id(name); }
  std::string Str(std::string_view text) const { return sql::QuoteString(d_, text); }
  std::string Text(const std::string& e) const {
    return "CAST(" + e + " AS " + std::string(d_.text_type) + ")";
  }
  // The column `name` as text without the characters of kTrimmed at its
  // ends, as the CLI reads ids and segment values.
  std::string TrimmedText(std::string_view name) const {
    return Fill(d_.trim, Text(SourceColumn(name)), Str(kTrimmed));
  }
  std::string Integer(const std::string& e) const {
    return "CAST(" + e + " AS " + std::string(d_.integer_type) + ")";
  }
  std::string Double(const std::string& e) const {
    return "CAST(" + e + " AS " + std::string(d_.double_type) + ")";
  }
  // A double column of the result. SQLite's shell prints a REAL with 15
  // significant digits, not always the double computed: there it is text
  // of 17 (printf's '!' flag lifts its limit of 16), which reads back as
  // exactly that double.
  std::string DoubleOut(const std::string& e) const {
    if (!d_.text_money) return e;
    return "CASE WHEN " + e + " IS NOT NULL THEN printf('%!.17g', " + e + ") END";
  }
  // A double from its shortest round-trip text: the engine parses exactly
  // the double retention computes with.
  std::string DoubleLiteral(double v) const {
    char buffer[64];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
    return Double(Str(std::string(buffer, end)));
  }
  std::string Timestamp(Time t) const {
    // SQLite compares times as text, which a fifth digit of the year puts
    // before every other: a cut at 10000-01-01 (--as-of 9999-12-31) left
    // every row out.
    if (DateFromTime(t).year > 9999) {
      throw UsageError(
          "the query's times end with the year 9999, and --as-of or a period "
          "reaches " +
          FormatDate(DateFromTime(t)) +
          "; give --as-of 9999-12-30 or earlier (or none: today), and periods that "
          "end by then");
    }
    std::string text = FormatTime(t);
    text[10] = ' ';  // "2024-03-01 00:00:00": what SQLite's datetime() gives
    return Fill(d_.timestamp_literal, Str(text));
  }
  // A day of the result: ISO text, which every engine prints as it is (a
  // DATE prints as the session says: PostgreSQL's DateStyle 'SQL, DMY'
  // gives 01/03/2024).
  std::string DateText(CivilDate date) const { return Str(FormatDate(date)); }
  std::string Bool(bool v) const {
    if (d_.has_boolean) return v ? "TRUE" : "FALSE";
    return v ? "'true'" : "'false'";
  }
  std::string Divide(const std::string& a, const std::string& b) const {
    return Fill(d_.integer_division, a, b);
  }
  // n / d, rounded half away from zero as DivideMoney does (d > 0):
  // sign(n) x (q + [2 (|n| - q d) >= d]), q = |n| / d. Not floor((2|n| + d)
  // / 2d): 2|n| overflows 64 bits for a revenue past 4.6e14.
  std::string RoundedQuotient(const std::string& n, const std::string& d) const {
    const std::string q = Divide("ABS(" + n + ")", d);
    return "(CASE WHEN " + n + " < 0 THEN -1 ELSE 1 END * (" + q + " + CASE WHEN 2 * (ABS(" + n +
           ") - " + q + " * " + d + ") >= " + d + " THEN 1 ELSE 0 END))";
  }
  // A double rounded half away from zero to a whole number, as llround.
  // Past 64 bits the other engines' cast fails; SQLite's would give the
  // largest integer, a wrong figure, so there the query stops with
  // `too_large` (what the figure is, for the message).
  std::string RoundDouble(const std::string& x, std::string_view too_large) const {
    std::string floor = Fill(d_.floor, "ABS(" + x + ")");
    std::string rounded =
        Integer("CASE WHEN " + x + " < 0 THEN -1 ELSE 1 END * (" + floor + " + CASE WHEN ABS(" + x +
                ") - " + floor + " >= 0.5 THEN 1 ELSE 0 END)");
    if (!d_.lenient_casts) return rounded;
    return "CASE WHEN ABS(" + x + ") < 9.2e18 THEN " + rounded + " ELSE json_extract('{}', " +
           Str("retention: " + std::string(too_large) +
               " is too large to be money exactly (more than 9.2e14); the CLI stops on it too") +
           ") END";
  }
  // Money from whole 1/10000: DECIMAL with 4 places, or in SQLite the
  // exact text "-12.3400".
  std::string Money(const std::string& units) const {
    if (d_.text_money) {
      return "printf('%s%d.%04d', CASE WHEN " + units + " < 0 THEN '-' ELSE '' END, ABS(" + units +
             ") / 10000, ABS(" + units + ") % 10000)";
    }
    std::string decimal(d_.decimal_type);
    return "CAST(CAST(" + units + " AS " + decimal + ") * 0.0001 AS " + decimal + ")";
  }
  // An amount column's value in whole 1/10000. SQLite holds the CSV's text:
  // its digits are read as integers, never through a double.
  std::string AmountUnits(const std::string& amount) const {
    if (!d_.text_money) {
      // Widened first: DECIMAL(18,4) times 10000 overflows DuckDB's
      // DECIMAL(18) from 10^10.
      return Integer("CAST(" + amount + " AS " + std::string(d_.decimal_type) + ") * 10000");
    }
    std::string body = "LTRIM(" + amount + ", '+-')";
    std::string dot = "INSTR(" + body + ", '.')";
    std::string whole = "CASE WHEN " + dot + " > 0 THEN SUBSTR(" + body + ", 1, " + dot +
                        " - 1) ELSE " + body + " END";
    std::string fraction = "CASE WHEN " + dot + " > 0 THEN SUBSTR(SUBSTR(" + body + ", " + dot +
                           " + 1) || '0000', 1, 4) ELSE '0' END";
    return "(CASE WHEN SUBSTR(" + amount + ", 1, 1) = '-' THEN -1 ELSE 1 END * (CAST(" + whole +
           " AS INTEGER) * 10000 + CAST(" + fraction + " AS INTEGER)))";
  }
  // The value of the amount column `name` as read into source_rows:
  // decimal, or SQLite text. SQLite's text must be what AmountUnits reads
  // exactly: one optional sign, digits with at most one point, no digit
  // other than 0 beyond the 4th decimal, at most 14 whole digits.
  // `role` names the value in messages: "amount", "quantity", "price".
  std::string AmountValue(std::string_view name, std::string_view role = "amount") const {
    const std::string column = SourceColumn(name);
    if (!d_.text_money) {
      // The cast fails on text it cannot read, but takes NULL (a row left
      // out of every sum) and rounds a fifth decimal: those stop here.
      const std::string type(d_.row_decimal_type);
      const std::string exact = "CAST(" + column + " AS " + WideDecimal() + ")";
      const std::string not_plain = NotPlainNumber(column);
      return "CASE WHEN " + column + " IS NULL THEN " +
             Fail(column, "column " + std::string(name), role, type,
                  "every row needs one; fill it in or leave the row out") +
             (not_plain.empty() ? ""
                                : " WHEN " + not_plain + " THEN " +
                                      Fail(column, "column " + std::string(name), role, type,
                                           "not a decimal number such as -12.50; write it out "
                                           "in full (100000, not 1e5), as report refuses it")) +
             // Past a half of the 5th decimal: a DOUBLE column's 524288.32 is
             // 524288.3199999999 as a decimal, and stays a 4-decimal amount.
             // So does a double's own error past that (1.3e11 + 0.0001 is
             // 0.0000085 off): up to 2^-52 of the amount is allowed.
             " WHEN ABS(" + exact + " - ROUND(" + exact + ", 4)) > 0.000005 + ABS(" + exact +
             ") * 0.00000000000000023 THEN " +
             Fail(column, "column " + std::string(name), role, type,
                  "more than 4 decimal places; round it to 4, as report refuses it") +
             " ELSE CAST(" + column + " AS " + type + ") END";
    }
    const std::string text = "TRIM(" + Text(column) + ")";
    if (!d_.lenient_casts) return text;
    const std::string body = "LTRIM(" + text + ", '+-')";
    const std::string dot = "INSTR(" + body + ", '.')";
    const std::string ok = "LENGTH(" + body + ") >= LENGTH(" + text + ") - 1 AND " + body +
                           " NOT GLOB '*[^0-9.]*' AND " + body + " NOT GLOB '*.*.*' AND " + body +
                           " GLOB '*[0-9]*' AND NOT (" + dot + " > 0 AND SUBSTR(" + body + ", " +
                           dot + " + 5) GLOB '*[1-9]*') AND LENGTH(LTRIM(CASE WHEN " + dot +
                           " > 0 THEN SUBSTR(" + body + ", 1, " + dot + " - 1) ELSE " + body +
                           " END, '0')) <= 14";
    return FailUnless(ok, text, role, name, column,
                      "a number such as -12.50 with at most 4 decimals: no currency sign, "
                      "thousands separator or decimal comma");
  }
  // quantity x price in 1/10000, rounded half away from zero (MultiplyMoney).
  // `columns` names the source's columns for a message ("columns qty and
  // price").
  std::string ProductUnits(const std::string& quantity, const std::string& price,
                           std::string_view columns = "") const {
    if (!d_.text_money) {
      // Both have at most 4 decimals (AmountValue): the product has at most
      // 8, exactly, and past 4 report refuses it.
      const std::string product = quantity + " * " + price;
      return "CASE WHEN " + product + " <> ROUND(" + product + ", 4) THEN " +
             Fail("CAST(" + quantity + " AS " + std::string(d_.text_type) + ") || ' x ' || CAST(" +
                      price + " AS " + std::string(d_.text_type) + ")",
                  columns, "quantity x price", std::string(d_.integer_type),
                  "more than 4 decimal places; round the price or the quantity, as report "
                  "refuses it") +
             " ELSE " + Integer("ROUND(" + product + " * 10000, 0)") + " END";
    }
    // In 1/10000 squared: a product of more than 4 decimals stops the
    // query (json_extract's path error, as FailUnless), as report refuses it.
    std::string product = "(" + AmountUnits(quantity) + " * " + AmountUnits(price) + ")";
    return "CASE WHEN " + product + " % 10000 = 0 THEN " + product +
           " / 10000 ELSE json_extract('{}', " + Str("retention: the quantity x price ") + " || " +
           quantity + " || ' x ' || " + price + " || " +
           Str(" in " + std::string(columns) +
               ": more than 4 decimal places; round the price or the quantity, as report "
               "refuses it (docs/warehouse.md)") +
           ") END";
  }
  // The date column `name` as a local time: each value as its type and
  // text say, or as `kind` says every value is.
  std::string LocalTime(std::string_view name, const std::string& zone, DateKind kind) const {
    const std::string column = SourceColumn(name);
    if (!d_.lenient_casts) {
      const std::string offset = kind == DateKind::kAsTyped ? HasOffset(column) : std::string();
      // An instant in --tz's local time (UTC without it).
      const std::string instant = Fill(d_.zoned_time, column, Str(zone.empty() ? "UTC" : zone));
      // Every value as `kind` says; as typed, with --tz, an instant too.
      const std::string as_kind =
          kind == DateKind::kLocal || (kind == DateKind::kAsTyped && zone.empty())
              ? Fill(d_.local_time, column)
              : instant;
      // The cast fails on text it cannot read, but takes NULL: a row that
      // would count nowhere stops here.
      const std::string not_iso = NotIsoDate(column);
      return "CASE WHEN " + column + " IS NULL THEN " +
             Fail(column, "column " + std::string(name), "date", std::string(d_.timestamp_type),
                  "every row needs one; fill it in or leave the row out") +
             (not_iso.empty() ? ""
                              : " WHEN " + not_iso + " THEN " +
                                    Fail(column, "column " + std::string(name), "date",
                                         std::string(d_.timestamp_type),
                                         "not an ISO 8601 date (2024-03-05, 2024-03-05 14:30:00, "
                                         "an offset after it or not); convert it in --from-query "
                                         "(to_date(order_date, 'MM/DD/YYYY'))")) +
             (offset.empty() ? " ELSE " + as_kind
                             : " WHEN " + offset + " THEN " + instant + " ELSE " +
                                   ZonelessTime(name, column, zone)) +
             " END";
    }
    if (!zone.empty()) return Fill(d_.zoned_time, column, Str(zone));
    // SQLite: datetime() rounds a fraction of a second to the millisecond,
    // so 23:59:59.9996 would be the next day, where the CLI drops the
    // fraction; the digits past the third go first (three never round up
    // to a whole second).
    const std::string text = SourceColumn(kIsoDate);
    const std::string point = "instr(" + text + ", '.')";
    const std::string after = "substr(" + text + ", " + point + " + 1)";
    const std::string rest = "ltrim(" + after + ", '0123456789')";
    const std::string cut = "CASE WHEN " + point + " = 0 THEN " + text + " ELSE substr(" + text +
                            ", 1, " + point + " + min(3, length(" + after + ") - length(" + rest +
                            "))) || " + rest + " END";
    const std::string time = Fill(d_.local_time, cut);
    // datetime() reads '2024-02-30' or '2024-02-05 24:00' as written,
    // beyond the month's or day's end; moved by 0 days it is the real
    // time, so the two differ. Julian day numbers and 'now' are refused.
    const std::string ok = text +
                           " GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' AND datetime(" +
                           cut + ", '+0 days') = " + time;
    return FailUnless(ok, time, "date", name, column,
                      "ISO 8601 text such as 2024-03-01, 20240301 or 2024-03-01 14:30:00, with "
                      "an offset written Z, +01:00, +0100, +01 or UTC, if any");
  }
  // SQLite: the date column `name` as text that datetime() reads, which
  // takes an offset only as Z or +01:00: +0100, +01, UTC and GMT after a
  // time, and a basic date (20240301), are rewritten to the same instant,
  // as report reads them. WriteOrderSteps puts it in the column kIsoDate.
  std::string IsoDateText(std::string_view name) const {
    const std::string t = Text(SourceColumn(name));
    const std::string eight = "[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]";
    const std::string date = "CASE WHEN " + t + " GLOB '" + eight + "' OR " + t + " GLOB '" +
                             eight + "[^0-9]*' THEN substr(" + t + ", 1, 4) || '-' || substr(" + t +
                             ", 5, 2) || '-' || substr(" + t + ", 7) ELSE " + t + " END";
    // Each pattern behind a test of one character or three, which most
    // values fail at once.
    const std::string after_time = " GLOB '*[0-9]:[0-9][0-9]*";
    return "CASE WHEN substr(" + date + ", -5, 1) IN ('+', '-') AND " + date + after_time +
           "[+-][0-9][0-9][0-9][0-9]' THEN substr(" + date + ", 1, length(" + date +
           ") - 2) || ':' || substr(" + date + ", -2) WHEN substr(" + date +
           ", -3, 1) IN ('+', '-') AND " + date + after_time + "[+-][0-9][0-9]' THEN " + date +
           " || ':00' WHEN substr(" + date + ", -3) IN ('UTC', 'GMT') AND " + date + after_time +
           "' THEN substr(" + date + ", 1, length(" + date + ") - 3) || 'Z' ELSE " + date + " END";
  }
  // The column of the rows that holds IsoDateText (SQLite).
  static constexpr std::string_view kIsoDate = "retention iso date";
  // Whether a date value carries its offset: a TIMESTAMPTZ, or text that
  // ends in one after a time ("...T02:00:00Z", "... 14:30+02:00"). Such a
  // value is an instant, turned into --tz's local time (UTC without it);
  // one without an offset is local already: as report reads a file. A
  // cast by the column's type alone reads a TIMESTAMPTZ in the session's
  // zone (PGTZ, SET TimeZone), so the figures would follow the client, and
  // PostgreSQL's cast of text drops the offset. "" for the engines not
  // run here, whose casts are as docs/warehouse.md says.
  // The type is looked at first: a TIMESTAMP or DATE never has one, and
  // any other (text, CHAR(n), a domain over text) is matched by a pattern.
  std::string HasOffset(const std::string& column) const {
    static const std::string kOffsetAfterTime =
        "'[0-9]:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)? "
        "?([Zz]|[Uu][Tt][Cc]|[Gg][Mm][Tt]|[+-][0-9]{2}(:?[0-9]{2}){0,2})[[:space:]]*$'";
    switch (d_.id) {
      case SqlDialect::kPostgres:
        return "(pg_typeof(" + column + ") = 'timestamp with time zone'::regtype OR (pg_typeof(" +
               column +
               ") NOT IN ('timestamp without time zone'::regtype, 'date'::regtype) AND CAST(" +
               column + " AS TEXT) ~ " + kOffsetAfterTime + "))";
      case SqlDialect::kDuckDb:
        return "(typeof(" + column + ") = 'TIMESTAMP WITH TIME ZONE' OR (typeof(" + column +
               ") NOT IN ('TIMESTAMP', 'DATE') AND regexp_matches(CAST(" + column +
               " AS VARCHAR), " + kOffsetAfterTime + ")))";
      default:
        return "";
    }
  }
  // A date without an offset (PostgreSQL, DuckDB): --tz's local time, or
  // a UTC time when the column's name says so (created_at_utc, "Created
  // (UTC)"), as report reads a file.
  std::string ZonelessTime(std::string_view name, const std::string& column,
                           const std::string& zone) const {
    if (!NameSaysUtc(name)) return Fill(d_.local_time, column);
    const std::string utc = d_.id == SqlDialect::kPostgres
                                ? "(CAST(" + column + " AS TIMESTAMP) AT TIME ZONE 'UTC')"
                                : "timezone('UTC', CAST(" + column + " AS TIMESTAMP))";
    return Fill(d_.zoned_time, utc, Str(zone.empty() ? "UTC" : zone));
  }
  // Engines whose casts fail: an expression of `type` that stops the query
  // with "retention: the WHAT VALUE in column NAME: WHY" in the engine's
  // error (its text depends on the row, so no planner folds it early).
  std::string Fail(const std::string& value, std::string_view columns, std::string_view what,
                   const std::string& type, std::string_view why) const {
    return Fill(
        d_.fail,
        Str("retention: the " + std::string(what) + " ") + " || COALESCE(" + Text(value) +
            ", 'NULL') || " +
            Str(" in " + std::string(columns) + ": " + std::string(why) + " (docs/warehouse.md)"),
        type);
  }
  // Whether a text date is other than ISO 8601 (PostgreSQL): its cast
  // reads 03/02/2024 by the session's DateStyle (March or February), and
  // "epoch", "Mar 2 2024" too, where report tells a file's format from
  // all of its dates, never from a setting. Only text is looked at: a
  // TIMESTAMP, TIMESTAMPTZ or DATE is read as it is. "" for the other
  // engines (DuckDB's cast reads ISO only, SQLite's query its text as ISO;
  // the engines not run here cast as docs/warehouse.md says).
  std::string NotIsoDate(const std::string& column) const {
    if (d_.id != SqlDialect::kPostgres) return "";
    static const std::string kIso =
        "'^[[:space:]]*([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8})([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,]"
        "[0-9]+)?)? "
        "?([Zz]|[Uu][Tt][Cc]|[Gg][Mm][Tt]|[+-][0-9]{2}(:?[0-9]{2}){0,2})?)?[[:space:]]*$'";
    return "(pg_typeof(" + column +
           ") NOT IN ('timestamp with time zone'::regtype, 'timestamp without time zone'::regtype, "
           "'date'::regtype) AND CAST(" +
           column + " AS TEXT) !~ " + kIso + ")";
  }
  // Whether a text amount is other than a plain decimal (PostgreSQL,
  // DuckDB): their casts also read 1e2, NaN, Infinity (DuckDB 1_000 too),
  // which report refuses. Only text is looked at: a number column's own
  // text is a number (a DOUBLE prints 1e-05), read by the cast as before.
  // "" for the engines not run here, whose casts are as docs/warehouse.md
  // says.
  std::string NotPlainNumber(const std::string& column) const {
    static const std::string kPlain =
        "'^[[:space:]]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)[[:space:]]*$'";
    switch (d_.id) {
      case SqlDialect::kPostgres:
        return "(pg_typeof(" + column +
               ") NOT IN ('numeric'::regtype, 'double precision'::regtype, 'real'::regtype, "
               "'bigint'::regtype, 'integer'::regtype, 'smallint'::regtype, 'money'::regtype) "
               "AND CAST(" +
               column + " AS TEXT) !~ " + kPlain + ")";
      case SqlDialect::kDuckDb:
        return "(typeof(" + column + ") = 'VARCHAR' AND NOT regexp_matches(CAST(" + column +
               " AS VARCHAR), " + kPlain + "))";
      default:
        return "";
    }
  }
  // A decimal wide enough to show a fifth decimal.
  std::string WideDecimal() const {
    switch (d_.id) {
      case SqlDialect::kBigQuery:
        return "NUMERIC";  // 9 decimals
      case SqlDialect::kSnowflake:
        return "NUMBER(38,10)";
      case SqlDialect::kPostgres:
        return "NUMERIC(38,10)";
      default:
        return "DECIMAL(38,10)";
    }
  }
  // `value` where `ok` holds; else the query stops with an error naming
  // the value, as other engines stop on a failed cast. SQLite has no
  // RAISE outside triggers: json_extract with a path that is no JSON path
  // fails with "JSON path error near '<the path>'", the path being the
  // message. `ok` NULL (a NULL value) fails too.
  std::string FailUnless(const std::string& ok, const std::string& value, std::string_view what,
                         std::string_view name, const std::string& column,
                         std::string_view expected) const {
    return "CASE WHEN " + ok + " THEN " + value + " ELSE json_extract('{}', " +
           Str("retention: cannot read the " + std::string(what) + " ") + " || COALESCE('\"' || " +
           Text(column) + " || '\"', 'NULL') || " +
           Str(" in column " + std::string(name) + "; expected " + std::string(expected) +
               " (docs/warehouse.md)") +
           ") END";
  }
  std::string ByteOrder(const std::string& e) const { return e + std::string(d_.byte_order); }

  const Dialect& dialect() const { return d_; }

 private:
  const Dialect& d_;
};

// "shop.orders" -> "shop"."orders".
inline std::string QuoteTable(const Writer& w, const std::string& name) {
  std::string out;
  size_t from = 0;
  while (true) {
    size_t dot = name.find('.', from);
    out += w.Id(name.substr(from, dot == std::string::npos ? std::string::npos : dot - from));
    if (dot == std::string::npos) break;
    out += ".";
    from = dot + 1;
  }
  return out;
}

/// Throws UsageError for a source the dialect cannot read exactly (no
/// table, missing columns, a time zone SQLite cannot convert).
void CheckSource(const SqlSource& s, const Dialect& d, int top);

/// Appends the CTEs every query starts with, each ending in "),":
/// source_rows, order_rows, the segment steps with --by (segment_rows,
/// segment_ranks, segment_groups), scopes (scope 0 is every customer;
/// segment_name per scope with --by), scoped_rows, known_rows (rows up to
/// `known_through`), merged_orders and first_orders. Segments are made and
/// ranked from the rows up to `segments_known_through` (--as-of), as
/// GroupSegments does.
void WriteOrderSteps(const Writer& w, const SqlSource& s, std::optional<CivilDate> known_through,
                     std::optional<CivilDate> segments_known_through, int top, std::string* q);

}  // namespace retention::sql
