// Exact money. Amounts are fixed-point integers of 1/10000 of a currency
// unit, so sums never drift the way float sums do: ten million rows of 0.10
// add up to exactly 1000000.00.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace retention {

/// Fixed-point scale: money is stored in units of 1/kMoneyScale.
inline constexpr int64_t kMoneyScale = 10000;
/// Digits after the decimal point that an amount may carry.
inline constexpr int kMoneyDecimals = 4;
/// Largest absolute amount one input value may have (one trillion). Larger
/// values are rejected as absurd rather than risking overflow in sums.
inline constexpr int64_t kMaxAmountUnits = int64_t{1'000'000'000'000} * kMoneyScale;

/// A money value in units of 1/10000. Plain value type; add with `+=`.
struct Money {
  /// The amount times kMoneyScale.
  int64_t units = 0;

  friend bool operator==(Money a, Money b) { return a.units == b.units; }
  friend bool operator!=(Money a, Money b) { return a.units != b.units; }
  friend bool operator<(Money a, Money b) { return a.units < b.units; }
};

/// Why ParseMoney rejected a text.
enum class MoneyError {
  kNone,
  kEmpty,       ///< nothing but spaces
  kNotANumber,  ///< letters, two dots, "NaN", "inf", ...
  kTooPrecise,  ///< more than kMoneyDecimals non-zero decimals
  kOutOfRange,  ///< |value| above kMaxAmountUnits
};

/// Parses a decimal such as "19.99", "-5", "+0.5", "1e3" is rejected.
/// Accepts surrounding spaces, an optional sign, an optional leading
/// currency symbol before or after the number ($, €, ¥, kr, ...:
/// CurrencySymbolOf) and "(5.00)" for a negative value. Thousands
/// separators are not accepted: "1,234.00" is ambiguous with a decimal comma.
/// Returns the value, or nullopt with `*error` set.
std::optional<Money> ParseMoney(std::string_view text, MoneyError* error);
/// A figure read back ("1999999999999.9998", "-5", "12.50000000" as an
/// engine writes NUMERIC): a plain decimal, up to 4 decimals besides
/// trailing zeros. A sum may pass kMaxAmountUnits, the bound of one
/// amount: any value an int64 of 1/10000 holds is read, but for its
/// lowest (-2^63 has no positive twin). nullopt for anything else.
std::optional<Money> ParseMoneyFigure(std::string_view text);
/// The same as ParseMoney, with the value in `*value`; returns MoneyError::kNone on
/// success. For per-row loops: GCC builds an optional result in memory and
/// stalls reading it back.
MoneyError ParseMoneyInto(std::string_view text, Money* value);

/// How a file writes its numbers: "1234.56", "1.234,56", "1 234,56".
struct NumberFormat {
  /// The decimal separator: '.' or ','.
  char decimal = '.';
  /// The separators that may stand between groups of three digits before
  /// the decimal separator, any of ",. '" (' ' stands for U+00A0 and
  /// U+202F too); empty for none. A value uses one of them, groups
  /// correctly ("1.234.567", never "12.34.567") or not at all ("1234").
  std::string thousands;

  /// The format ParseMoney reads.
  bool IsPlain() const { return decimal == '.' && thousands.empty(); }
};

/// ParseMoneyInto for numbers written in `format`: "1.234,56" is 1234.56
/// with a decimal comma and '.' between thousands. A '.' or ',' that is
/// neither separator, or digits grouped wrongly, are kNotANumber. A minus
/// after the number ("100,00-", as SAP writes it) makes it negative.
MoneyError ParseMoneyAs(std::string_view text, const NumberFormat& format, Money* value);

/// CurrencySymbolOf's largest number.
constexpr int kMaxCurrencySymbol = 127;
static_assert(((kMaxCurrencySymbol + 1) & kMaxCurrencySymbol) == 0, "a mask of the symbol bits");

/// The currency symbol an amount is written with ("$5", "-€5", "12,50 £",
/// "($5)", "¥1200", "12,50 zł", "kr 99"), or its ISO code in capitals
/// ("12,50 EUR", "CHF 99.00"), as a number from 1 to kMaxCurrencySymbol:
/// 1 for "$", 2 for "€", 3 for "£", others after them; 0 for none. Amounts
/// in one sum must not carry symbols of different currencies.
int CurrencySymbolOf(std::string_view text);

/// The two symbols (as CurrencySymbolOf numbers them, first as written
/// first) of an amount written with two different currencies ("€10 USD",
/// "$10€"), which no amount is; {0, 0} otherwise, also for a symbol and
/// the code of one currency ("€10 EUR").
std::pair<int, int> TwoCurrencySymbols(std::string_view text);
/// The symbol itself ("$", "€", "EUR", ...) for CurrencySymbolOf's number.
std::string_view CurrencySymbolText(int symbol);
/// Whether amounts with the symbol (CurrencySymbolOf's number) are whole
/// units or cents, never three decimals: the yen and yuan signs (¥, ￥,
/// 円, 元), the won's (₩, 원), JPY, KRW and CNY. "¥1,234" is 1234.
bool SymbolOfWholeAmounts(int symbol);

/// Whether `code` (any case) is one of the ISO 4217 codes exports use
/// ("EUR", "usd"); names' brackets hold other three letters too ("(UTC)").
bool IsKnownCurrencyCode(std::string_view code);

/// Whether an amount written with `symbol` (CurrencySymbolOf) can be in
/// `currency`: "€" is EUR, "£" the pounds (GBP, EGP), "$" the dollars and
/// pesos, "¥" JPY and CNY, "kr" the crowns (SEK, NOK, DKK, ISK), and so on
/// (docs/formats.md lists them). A currency that is no known code fits any
/// symbol: nothing says otherwise.
bool CurrencySymbolFits(int symbol, std::string_view currency);

/// The ISO code a currency column's value names: the code in capitals
/// ("usd" is USD), or the one currency a symbol is written for ("US$" is
/// USD, "€" EUR); empty for a symbol of several ("$", "kr") or no currency.
std::string CurrencyCodeOf(std::string_view text);

/// Whether the symbols `a` and `b` (CurrencySymbolOf) write one currency:
/// the same symbol, a symbol and the code of a currency it is written for
/// ("€" and "EUR"), or two spellings of the same currencies ("₽" and
/// "руб", "kr" and "kr.", "¥" and "￥").
bool OneCurrency(int a, int b);

/// Human text for a MoneyError, for diagnostics ("more than 4 decimals").
std::string_view DescribeMoneyError(MoneyError error);

/// quantity x price, rounded half away from zero to 1/10000.
/// Returns nullopt when the product is out of range.
std::optional<Money> MultiplyMoney(Money quantity, Money price);

/// Adds `b` to `*a`; false (and `*a` unchanged) on int64 overflow.
bool AddMoney(Money* a, Money b);

/// Exact decimal text with at least `min_decimals` decimals and no trailing
/// zeros beyond them: FormatMoneyExact({123400}, 2) == "12.34",
/// FormatMoneyExact({123456}, 2) == "12.3456".
std::string FormatMoneyExact(Money m, int min_decimals = 2);

/// Rounded half away from zero to `decimals` (0..4) places: "12.35".
std::string FormatMoneyRounded(Money m, int decimals = 2);

/// `numerator / denominator` as money, rounded half away from zero to
/// 1/10000. `denominator` must be non-zero.
Money DivideMoney(Money numerator, int64_t denominator);

}  // namespace retention
