// Small text helpers the printers share: how a figure looks to a person,
// and quoting for JSON and CSV.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/utf8.h"
#include "retention/money.h"
#include "retention/period.h"

namespace retention {

/// How an undefined figure reads in tables and pages.
inline constexpr const char* kNull = "n/a";

/// "1 customer", "2 customers": `n` and the noun, plural unless n is 1
/// (`plural`, or the noun and an s).
std::string Counted(int64_t n, std::string_view noun, std::string_view plural = {});

/// `v` rounded half away from zero to `decimals` decimals, as money is and
/// as spreadsheets round (printf rounds the binary value: 36.385 is
/// 36.38499... and printed 36.38).
double RoundHalfAway(double v, int decimals);

/// Thousands separators in the integer part: "-1234567.89" -> "-1,234,567.89".
std::string GroupThousands(std::string plain);
/// Appends what std::to_chars(v, std::chars_format::fixed, decimals)
/// writes, for finite v and decimals from 0 to 8: the exact binary value
/// rounded half to even. In integers where it can (|v| * 10^decimals below
/// 1e18), at a
/// fraction of to_chars' cost: the clv CSV writes seven numbers for each of
/// millions of customers.
void AppendFixed(std::string* out, double v, int decimals);
/// Appends n in decimal, as std::to_string writes it.
inline void AppendInteger(std::string* out, int64_t n) {
  const fmt::format_int text(n);
  out->append(text.data(), text.size());
}
/// Appends what std::to_chars(v, std::chars_format::general, precision)
/// writes (printf's %.{precision}g), for finite v and precision from 1 to
/// 15; in integers where the text has no exponent, as AppendFixed.
/// Returns the digits written after the point (0: no point), or -1 when
/// the text may have an exponent.
int AppendGeneral(std::string* out, double v, int precision);
/// Money for people: two decimals, thousands separators; n/a for null.
std::string MoneyText(Money m);
std::string MoneyText(const std::optional<Money>& m);
/// A rate as a percentage with one decimal ("29.2%"); n/a for null.
std::string Percent(const std::optional<double>& rate);
/// Two decimals ("1.40"); n/a for null.
std::string Decimal(const std::optional<double>& value);
/// "1 month", "90 days".
std::string WindowText(Window window);
/// The letter of a cohort offset column: 'D', 'W', 'M', 'Q', 'Y'.
char UnitLetter(Unit unit);

/// A JSON string literal, with quotes; control characters (C0, DEL, C1,
/// bidirectional) are \u escapes, and a byte that is no UTF-8 the text \xff.
std::string JsonQuote(const std::string& s);
/// True when `text` holds a character no output may pass on raw
/// (IsTerminalControl: a C0 control other than tab and line feed, DEL, a
/// C1 control, a bidirectional control, a byte that is no UTF-8).
bool HasTerminalControls(std::string_view text);
/// `text` with those characters written as EscapeControls writes them
/// ("\x1b", "\u009b"): CSV and OpenMetrics have no escape for them, and
/// their text must not drive the terminal it is printed on. Tab and line
/// feed stay: the formats quote or escape them. When anything is escaped,
/// or the text ReadsAsEscape (base/utf8.h), its backslashes are doubled ("\\x1b" is
/// the four characters), so two texts are never shown alike.
std::string ShowTerminalControls(std::string_view text);
/// Dumped JSON text with DEL, C1 and bidirectional controls as \u escapes, as JsonQuote
/// writes them (Json::dump escapes C0 alone); the same value for a reader.
std::string EscapeJsonControls(std::string_view dumped);
/// A CSV field, quoted when it holds a comma, quote or line break.
std::string CsvCell(const std::string& text);
/// A CSV text field (a segment name from the input, a period label): one
/// starting with = + - @, tab or CR would run as a formula in a spreadsheet,
/// so it gets a leading ' and shows as the text it is. Then as CsvCell.
/// Numbers go through CsvCell alone: -5.00 stays a number. Controls are
/// shown as ShowTerminalControls shows them.
std::string CsvTextCell(const std::string& text);
/// Appends CsvTextCell(text), for writers of millions of cells.
void AppendCsvTextCell(std::string* out, std::string_view text);
/// `text` with the leading ' of CsvTextCell when it needs one, unquoted.
std::string FormulaSafe(const std::string& text);

/// How a segment reads for people: its name from the input, controls
/// shown as EscapeControls shows them, or "(all customers)" for the total.
/// A segment the input names "(all customers)" is shown in quotes, so the
/// two never look alike.
std::string SegmentLabel(const std::optional<std::string>& segment);

/// The columns `text` takes on a terminal: two for East Asian wide
/// characters and emoji, none for combining marks and joiners.
size_t DisplayWidth(std::string_view text);

/// A grid of cells rendered with padded columns; the first column is left
/// aligned, the rest right aligned (numbers).
class TextTable {
 public:
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string Render(const std::string& indent = "") const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace retention
