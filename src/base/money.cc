// Fixed-point money. ParseMoney runs once per input row, so it is a plain
// byte loop: no allocation, no locale, no floating point.
#include "retention/money.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <string>

#include "base/digits.h"
#include "base/text.h"

namespace retention {
namespace {

// Whole currency units above which a value is out of range.
constexpr uint64_t kMaxWhole = static_cast<uint64_t>(kMaxAmountUnits / kMoneyScale);

constexpr int64_t kPowersOfTen[] = {1, 10, 100, 1000, 10000};

// The currency symbols an amount may carry (UTF-8), with the codes of the
// currencies written with each (space-separated; all in
// IsKnownCurrencyCode). The longest that fits is the amount's ("US$", not
// "$"); a symbol's number is its place here, so new ones go last.
struct CurrencySymbol {
  std::string_view text;
  std::string_view codes;
};
constexpr CurrencySymbol kCurrencySymbols[] = {
    {"$", "USD CAD AUD NZD SGD HKD TWD MXN ARS CLP COP BRL"},
    {"\xE2\x82\xAC", "EUR"},  // €
    {"\xC2\xA3", "GBP EGP"},  // £
    {"\xC2\xA5", "JPY CNY"},  // ¥
    {"\xE2\x82\xB9", "INR"},  // ₹
    {"\xE2\x82\xA9", "KRW"},  // ₩
    {"\xE2\x82\xBA", "TRY"},  // ₺
    {"\xE2\x82\xAA", "ILS"},  // ₪
    {"\xE2\x82\xB1", "PHP"},  // ₱
    {"\xE2\x82\xAB", "VND"},  // ₫
    {"\xE2\x82\xA6", "NGN"},  // ₦
    {"\xE0\xB8\xBF", "THB"},  // ฿
    {"\xE2\x82\xB4", "UAH"},  // ₴
    {"z\xC5\x82", "PLN"},     // zł
    {"K\xC4\x8D", "CZK"},     // Kč
    {"kr", "SEK NOK DKK ISK"},
    {"Ft", "HUF"},
    // The dollars and the real as written where "$" alone is ambiguous.
    {"US$", "USD"},
    {"NZ$", "NZD"},
    {"HK$", "HKD"},
    {"MX$", "MXN"},
    {"R$", "BRL"},
    {"C$", "CAD"},
    {"A$", "AUD"},
    {"S$", "SGD"},
    // As Japanese, Chinese, Korean and South and Southeast Asian shops
    // write them: the full-width yen sign, 円 and 元 and 원 after the
    // number, Rs., RM, Rp; and the dollars as Shopify and Taiwan write them.
    {"\xEF\xBF\xA5", "JPY CNY"},  // ￥
    {"\xE5\x86\x86", "JPY"},      // 円
    {"\xE5\x85\x83", "CNY"},      // 元
    {"\xEC\x9B\x90", "KRW"},      // 원
    {"Rs.", "INR PKR"},
    {"Rs", "INR PKR"},
    {"RM", "MYR"},
    {"Rp", "IDR"},
    {"NT$", "TWD"},
    {"AU$", "AUD"},
    {"CA$", "CAD"},
    // Danish and Norwegian write the krone with a dot: "1.234,56 kr.".
    {"kr.", "SEK NOK DKK ISK"},
    // As Russia, Ukraine, Bulgaria, Kazakhstan, Turkey, Kenya and South
    // Africa write them.
    {"\xE2\x82\xBD", "RUB"},               // ₽
    {"\xD1\x80\xD1\x83\xD0\xB1.", "RUB"},  // руб.
    {"\xD1\x80\xD1\x83\xD0\xB1", "RUB"},   // руб
    {"\xD0\xB3\xD1\x80\xD0\xBD.", "UAH"},  // грн.
    {"\xD0\xB3\xD1\x80\xD0\xBD", "UAH"},   // грн
    {"\xD0\xBB\xD0\xB2.", "BGN"},          // лв.
    {"\xD0\xBB\xD0\xB2", "BGN"},           // лв
    {"\xE2\x82\xB8", "KZT"},               // ₸
    {"TL", "TRY"},
    {"KSh", "KES"},
    {"R", "ZAR"},
};
// The ISO 4217 codes exports use, sorted. Written beside a number
// ("12,50 EUR", "CHF 99.00") a code is a symbol of its own, numbered after
// the symbols above.
constexpr std::string_view kCurrencyCodes[] = {
    "AED", "ARS", "AUD", "BGN", "BHD", "BRL", "BYN", "CAD", "CHF", "CLP", "CNY", "COP",
    "CZK", "DKK", "EGP", "EUR", "GBP", "GEL", "HKD", "HUF", "IDR", "ILS", "INR", "ISK",
    "JOD", "JPY", "KES", "KRW", "KWD", "KZT", "MAD", "MXN", "MYR", "NGN", "NOK", "NZD",
    "OMR", "PEN", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SEK", "SGD",
    "THB", "TND", "TRY", "TWD", "UAH", "USD", "VND", "ZAR"};
constexpr int kGlyphs = static_cast<int>(std::size(kCurrencySymbols));
constexpr int kSymbols = kGlyphs + static_cast<int>(std::size(kCurrencyCodes));
static_assert(kSymbols <= kMaxCurrencySymbol);

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiLetter(char c) { return IsUpper(c) || (c >= 'a' && c <= 'z'); }

// The symbol numbered `symbol` (1 to kSymbols) as written.
std::string_view SymbolText(int symbol) {
  return symbol <= kGlyphs ? kCurrencySymbols[symbol - 1].text
                           : kCurrencyCodes[symbol - kGlyphs - 1];
}

// The number of the code `code` (three upper-case letters) as a symbol; 0
// when it is no code in kCurrencyCodes.
int CodeSymbol(std::string_view code) {
  const auto* end = std::end(kCurrencyCodes);
  const auto* at = std::lower_bound(std::begin(kCurrencyCodes), end, code);
  return at != end && *at == code ? kGlyphs + 1 + static_cast<int>(at - kCurrencyCodes) : 0;
}

// The symbol `s` starts (ends) with, as its number; 0 for none. A symbol
// alone ends nothing; a code is one only apart from other letters ("EURO
// 5" is no amount in EUR).
int SymbolAtStart(std::string_view s) {
  if (s.empty() || IsDigit(s.front())) return 0;  // most amounts: no symbol to look for
  int found = 0;
  for (int i = 0; i < kGlyphs; ++i) {
    const std::string_view symbol = kCurrencySymbols[i].text;
    // A symbol of letters is no start of a word: "RMB 5" is no ringgit.
    const bool word =
        IsAsciiLetter(symbol.back()) && s.size() > symbol.size() && IsAsciiLetter(s[symbol.size()]);
    if (s.substr(0, symbol.size()) == symbol && !word &&
        (found == 0 || symbol.size() > kCurrencySymbols[found - 1].text.size())) {
      found = i + 1;
    }
  }
  if (found != 0) return found;
  if (s.size() > 3 && IsUpper(s[0]) && IsUpper(s[1]) && IsUpper(s[2]) && !IsUpper(ToUpper(s[3]))) {
    return CodeSymbol(s.substr(0, 3));
  }
  return 0;
}
int SymbolAtEnd(std::string_view s) {
  if (s.empty() || IsDigit(s.back())) return 0;
  int found = 0;
  for (int i = 0; i < kGlyphs; ++i) {
    const std::string_view symbol = kCurrencySymbols[i].text;
    // A symbol of letters is no end of a word: "5 EUR" is no rand.
    const bool word = IsAsciiLetter(symbol.front()) && s.size() > symbol.size() &&
                      IsAsciiLetter(s[s.size() - symbol.size() - 1]);
    if (s.size() > symbol.size() && !word && s.substr(s.size() - symbol.size()) == symbol &&
        (found == 0 || symbol.size() > kCurrencySymbols[found - 1].text.size())) {
      found = i + 1;
    }
  }
  if (found != 0) return found;
  const size_t n = s.size();
  if (n > 3 && IsUpper(s[n - 1]) && IsUpper(s[n - 2]) && IsUpper(s[n - 3]) &&
      !IsUpper(ToUpper(s[n - 4]))) {
    return CodeSymbol(s.substr(n - 3));
  }
  return 0;
}

// Removes one leading currency symbol; with `after` (the amount's symbol
// after the number, 0 for none) only the other spelling of its currency
// ("€5 EUR"; not "EUR 5 EUR").
bool SkipCurrency(std::string_view* s, int after) {
  const int symbol = SymbolAtStart(*s);
  if (symbol == 0 || (after != 0 && (symbol == after || !OneCurrency(symbol, after)))) {
    return false;
  }
  s->remove_prefix(SymbolText(symbol).size());
  return true;
}

// Removes one trailing currency symbol and the spaces before it (a
// no-break space too, as locales write "12,50 €"): "12.50 €", "5$". The
// symbol's number, 0 for none.
int SkipTrailingCurrency(std::string_view* s) {
  const int symbol = SymbolAtEnd(*s);
  if (symbol == 0) return 0;
  s->remove_suffix(SymbolText(symbol).size());
  *s = TrimSpaces(*s);
  return symbol;
}

}  // namespace

bool OneCurrency(int a, int b) {
  if (a == b) return true;
  if (a < 1 || b < 1 || a > kSymbols || b > kSymbols) return false;
  if (a <= kGlyphs && b <= kGlyphs) {
    return kCurrencySymbols[a - 1].codes == kCurrencySymbols[b - 1].codes;
  }
  if (a > kGlyphs && b > kGlyphs) return false;  // two codes
  return a > kGlyphs ? CurrencySymbolFits(b, SymbolText(a)) : CurrencySymbolFits(a, SymbolText(b));
}

int CurrencySymbolOf(std::string_view text) {
  std::string_view s = TrimSpaces(text);
  if (s.size() >= 2 && s.front() == '(' && s.back() == ')')
    s = TrimSpaces(s.substr(1, s.size() - 2));
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    s.remove_prefix(1);
  } else if (s.substr(0, 3) == "\xE2\x88\x92") {  // the minus sign U+2212
    s.remove_prefix(3);
  }
  // "12,50 €-": the sign after the number and its symbol.
  else if (s.size() >= 2 && s.back() == '-')
    s = TrimSpaces(s.substr(0, s.size() - 1));
  if (const int symbol = SymbolAtEnd(s); symbol != 0) return symbol;
  const int symbol = SymbolAtStart(s);
  return symbol != 0 && s.size() > SymbolText(symbol).size() ? symbol : 0;
}

std::pair<int, int> TwoCurrencySymbols(std::string_view text) {
  auto strip = [](std::string_view s) {
    s = TrimSpaces(s);
    for (;;) {
      if (!s.empty() && (s.front() == '(' || s.front() == '+' || s.front() == '-')) {
        s = TrimSpaces(s.substr(1));
      } else if (s.substr(0, 3) == "\xE2\x88\x92") {  // the minus sign U+2212
        s = TrimSpaces(s.substr(3));
      } else {
        break;
      }
    }
    while (!s.empty() && (s.back() == ')' || s.back() == '-')) {
      s = TrimSpaces(s.substr(0, s.size() - 1));
    }
    return s;
  };
  std::string_view s = strip(text);
  const int after = SymbolAtEnd(s);
  if (after == 0) return {0, 0};
  s = strip(s.substr(0, s.size() - SymbolText(after).size()));
  int other = SymbolAtStart(s);
  if (other == 0) other = SymbolAtEnd(s);
  if (other == 0 || OneCurrency(other, after)) return {0, 0};
  return {other, after};
}

std::optional<Money> ParseMoneyFigure(std::string_view text) {
  text = TrimSpaces(text);
  const bool negative = !text.empty() && text.front() == '-';
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  const size_t point = text.find('.');
  std::string_view whole = text.substr(0, point);
  std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  while (fraction.size() > 4 && fraction.back() == '0') fraction.remove_suffix(1);
  if ((whole.empty() && fraction.empty()) || fraction.size() > 4) return std::nullopt;
  constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  uint64_t units = 0;
  for (char c : whole) {
    if (!IsDigit(c) || units > kMax / 10 / kMoneyScale) return std::nullopt;
    units = units * 10 + static_cast<uint64_t>(c - '0');
  }
  if (units > kMax / kMoneyScale) return std::nullopt;
  units *= kMoneyScale;
  uint64_t scale = kMoneyScale;
  for (char c : fraction) {
    if (!IsDigit(c)) return std::nullopt;
    scale /= 10;
    units += static_cast<uint64_t>(c - '0') * scale;
  }
  if (units > kMax) return std::nullopt;
  const auto value = static_cast<int64_t>(units);
  return Money{negative ? -value : value};
}

std::string CurrencyCodeOf(std::string_view text) {
  text = TrimSpaces(text);
  if (IsKnownCurrencyCode(text)) return AsciiUpper(text);
  for (const CurrencySymbol& symbol : kCurrencySymbols) {
    if (symbol.text == text && symbol.codes.find(' ') == std::string_view::npos) {
      return std::string(symbol.codes);
    }
  }
  return {};
}

std::string_view CurrencySymbolText(int symbol) {
  return symbol >= 1 && symbol <= kSymbols ? SymbolText(symbol) : std::string_view();
}

bool SymbolOfWholeAmounts(int symbol) {
  if (symbol < 1 || symbol > kSymbols) return false;
  const std::string_view text = SymbolText(symbol);
  for (std::string_view whole : {"\xC2\xA5", "\xEF\xBF\xA5", "\xE5\x86\x86", "\xE5\x85\x83",
                                 "\xE2\x82\xA9", "\xEC\x9B\x90", "JPY", "KRW", "CNY"}) {
    if (text == whole) return true;
  }
  return false;
}

bool IsKnownCurrencyCode(std::string_view code) {
  return code.size() == 3 && CodeSymbol(AsciiUpper(code)) != 0;
}

bool CurrencySymbolFits(int symbol, std::string_view currency) {
  currency = TrimSpaces(currency);
  if (symbol < 1 || symbol > kSymbols || !IsKnownCurrencyCode(currency)) return true;
  const std::string code = AsciiUpper(currency);
  if (symbol > kGlyphs) return code == SymbolText(symbol);
  std::string_view codes = kCurrencySymbols[symbol - 1].codes;
  // Three letters never match across the space between two codes.
  return codes.find(code) != std::string_view::npos;
}

namespace {

bool SkipSign(std::string_view* s, bool* negative) {
  if (s->empty() || (s->front() != '+' && s->front() != '-')) return false;
  *negative = s->front() == '-';
  s->remove_prefix(1);
  return true;
}

// Magnitude as unsigned, so INT64_MIN needs no special case.
uint64_t Magnitude(int64_t v) {
  return v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
}

void AppendUnsigned(uint64_t v, std::string* out) {
  char buffer[24];
  int n = 0;
  do {
    buffer[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) out->push_back(buffer[--n]);
}

// Appends `v` as exactly `width` digits.
void AppendPadded(uint64_t v, int width, std::string* out) {
  char buffer[24];
  for (int i = width - 1; i >= 0; --i) {
    buffer[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out->append(buffer, static_cast<size_t>(width));
}

int ClampDecimals(int decimals) {
  return decimals < 0 ? 0 : decimals > kMoneyDecimals ? kMoneyDecimals : decimals;
}

}  // namespace

namespace {

// ParseMoney's work, with the result in `*result` (set on success only).
// The shape nearly every export writes, "-12.50" or "7": an optional
// minus, at most 12 digits, and at most 4 decimals after a point. False
// for anything else, which the general path below reads (or rejects).
bool ParsePlainDecimal(std::string_view text, int64_t* result) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = p != end && *p == '-';
  p += negative;
  const char* const digits = p;
  int64_t whole = 0;
  for (; p != end && IsDigit(*p); ++p) {
    if (p - digits == 12) return false;  // longer: the general path decides
    whole = whole * 10 + (*p - '0');
  }
  if (p == digits) return false;
  int64_t fraction = 0;
  int fraction_digits = 0;
  if (p != end) {
    if (*p != '.') return false;
    for (++p; p != end && IsDigit(*p) && fraction_digits < kMoneyDecimals; ++p) {
      fraction = fraction * 10 + (*p - '0');
      ++fraction_digits;
    }
    if (p != end || fraction_digits == 0) return false;
  }
  int64_t units = whole * kMoneyScale + fraction * kPowersOfTen[kMoneyDecimals - fraction_digits];
  if (units > kMaxAmountUnits) return false;
  *result = negative ? -units : units;
  return true;
}

MoneyError ParseUnits(std::string_view text, int64_t* result) {
  if (ReadShortDecimal(text, result) || ParsePlainDecimal(text, result)) {
    return MoneyError::kNone;
  }
  std::string_view s = TrimSpaces(text);
  if (s.empty()) return MoneyError::kEmpty;

  // Accounting notation: "(5.00)" is -5.00. A sign inside is contradictory.
  // The symbol may follow the parentheses: "(5.00) USD".
  bool negative = false;
  bool parenthesized = false;
  std::string_view before_symbol = s;
  int symbol_after_parentheses = s.front() == '(' ? SkipTrailingCurrency(&before_symbol) : 0;
  if (before_symbol.empty() || before_symbol.back() != ')') symbol_after_parentheses = 0;
  if (symbol_after_parentheses != 0) s = before_symbol;
  if (s.front() == '(') {
    if (s.size() < 2 || s.back() != ')') return MoneyError::kNotANumber;
    s = TrimSpaces(s.substr(1, s.size() - 2));
    parenthesized = true;
  }
  // The symbol may come after the number ("12.50 €"), or before it, with
  // the sign before or after it: "-$5", "$-5"; both only when they are of
  // one currency ("€5 EUR", never "€5 USD").
  const int trailing_symbol =
      symbol_after_parentheses != 0 ? symbol_after_parentheses : SkipTrailingCurrency(&s);
  bool had_sign = SkipSign(&s, &negative);
  if (SkipCurrency(&s, trailing_symbol)) {
    s = TrimSpaces(s);  // "€ 5", with a no-break space too
    if (!had_sign) had_sign = SkipSign(&s, &negative);
  }
  if (parenthesized) {
    if (had_sign) return MoneyError::kNotANumber;
    negative = true;
  }

  const char* p = s.data();
  const char* end = p + s.size();
  uint64_t whole = 0;
  bool too_large = false;
  bool any_digit = false;
  for (; p != end && IsDigit(*p); ++p) {
    any_digit = true;
    // Saturate instead of overflowing; the flag already decides the result.
    if (!too_large) {
      whole = whole * 10 + static_cast<uint64_t>(*p - '0');
      if (whole > kMaxWhole) too_large = true;
    }
  }
  int64_t fraction = 0;
  int fraction_digits = 0;
  bool too_precise = false;
  if (p != end && *p == '.') {
    ++p;
    for (; p != end && IsDigit(*p); ++p) {
      any_digit = true;
      if (fraction_digits < kMoneyDecimals) {
        fraction = fraction * 10 + (*p - '0');
        ++fraction_digits;
      } else if (*p != '0') {
        too_precise = true;
      }
    }
  }
  if (p != end || !any_digit) return MoneyError::kNotANumber;
  if (too_large) return MoneyError::kOutOfRange;
  if (too_precise) return MoneyError::kTooPrecise;

  // whole <= 10^12, so this stays far below INT64_MAX.
  int64_t units = static_cast<int64_t>(whole) * kMoneyScale +
                  fraction * kPowersOfTen[kMoneyDecimals - fraction_digits];
  if (units > kMaxAmountUnits) return MoneyError::kOutOfRange;
  *result = negative ? -units : units;
  return MoneyError::kNone;
}

}  // namespace

std::optional<Money> ParseMoney(std::string_view text, MoneyError* error) {
  int64_t units = 0;
  MoneyError why = ParseUnits(text, &units);
  if (error != nullptr) *error = why;
  if (why != MoneyError::kNone) return std::nullopt;
  return Money{units};
}

MoneyError ParseMoneyInto(std::string_view text, Money* value) {
  return ParseUnits(text, &value->units);
}

namespace {

// `text` with its thousands separators taken out and its decimal separator
// made a '.', into `*out`; false when a separator is misplaced or the
// other of '.' and ',' appears.
bool NormalizeNumber(std::string_view text, const NumberFormat& format, std::string* out) {
  char used = 0;          // the thousands separator this value uses
  int run = 0;            // digits since the last separator (or the start)
  bool grouped = false;   // a thousands separator was seen
  bool fraction = false;  // past the decimal separator
  // India's grouping: thousands, then lakhs and crores by two digits
  // (1,00,00,000.25). After a first group of one or two digits, groups of
  // two, the last of three: no three-digit grouping reads so.
  int first_run = 0, groups = 0;
  bool lakhs = false;
  auto integer_ends = [&] { return !grouped || run == 3; };
  bool digits = false;  // a digit was seen
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (IsDigit(c)) {
      out->push_back(c);
      ++run;
      digits = true;
      continue;
    }
    // A symbol before the number is no part of it, its dot neither ("Rs.").
    if (!digits && !IsSpace(c) && c != '-' && c != '+' && c != '(') {
      if (const int symbol = SymbolAtStart(text.substr(i))) {
        const std::string_view written = SymbolText(symbol);
        out->append(written.data(), written.size());
        i += written.size() - 1;
        continue;
      }
    }
    size_t size = 1;
    char separator = ThousandsSeparatorAt(text, i, &size);
    bool between_digits =
        i > 0 && IsDigit(text[i - 1]) && i + size < text.size() && IsDigit(text[i + size]);
    if (c == format.decimal) {
      if (fraction || !integer_ends()) return false;
      out->push_back('.');
      fraction = true;
      run = 0;
    } else if (separator != 0 && between_digits && !fraction &&
               format.thousands.find(separator) != std::string::npos) {
      if (used != 0 && used != separator) return false;
      if (!grouped) {
        if (run > 3) return false;
        first_run = run;
      } else if (run == 2 && separator == ',' && format.decimal == '.' && first_run <= 2 &&
                 (groups == 1 || lakhs)) {
        lakhs = true;
      } else if (run != 3 || lakhs) {
        return false;
      }
      ++groups;
      // A leading zero group is no number's ("0.123" is a fraction).
      if (!grouped && out->size() >= static_cast<size_t>(run) &&
          (*out)[out->size() - static_cast<size_t>(run)] == '0') {
        return false;
      }
      used = separator;
      grouped = true;
      run = 0;
      i += size - 1;
    } else if (c == '.' || c == ',') {
      return false;
    } else {
      if (run > 0 && !fraction && !integer_ends()) return false;
      out->push_back(c);
      run = 0;
    }
  }
  return fraction || integer_ends();
}

}  // namespace

namespace {

// The amount as written in `format`, signs before the number.
MoneyError ParseMoneyAsWritten(std::string_view text, const NumberFormat& format, Money* value) {
  // With a decimal point, what ParseMoney reads has no separator to undo.
  if (format.decimal == '.') {
    MoneyError plain = ParseMoneyInto(text, value);
    if (plain == MoneyError::kNone || format.thousands.empty()) return plain;
  }
  std::string normal;
  normal.reserve(text.size());
  // A symbol after the number is no part of it: "1.234 €" groups
  // thousands as "1.234" does.
  const std::string_view written = TrimSpaces(text);
  std::string_view number = written;
  SkipTrailingCurrency(&number);
  if (!NormalizeNumber(number, format, &normal)) {
    return written.empty() ? MoneyError::kEmpty : MoneyError::kNotANumber;
  }
  // The symbol goes back on, to be read with the number: "€10 USD" has two.
  normal.append(written.substr(number.size()));
  return ParseMoneyInto(normal, value);
}

// "100,00-", "100,00- EUR": the sign after the number, as SAP and other
// ERPs write it. The amount without it (a currency after the sign kept),
// without a sign of its own; empty when `text` is not written so.
std::string WithoutTrailingMinus(std::string_view text) {
  std::string_view body = TrimSpaces(text);
  const int symbol = SkipTrailingCurrency(&body);
  if (body.size() < 2 || body.back() != '-') return {};
  std::string_view number = TrimSpaces(body.substr(0, body.size() - 1));
  if (number.empty() || number.find_first_of("+-()") != std::string_view::npos) return {};
  std::string out(number);
  if (symbol != 0) out.append(" ").append(SymbolText(symbol));
  return out;
}

// "1 234,- Kč", "12.-", "990,– zł": whole units, a dash (or an en dash)
// after the decimal mark standing for no cents, as Central Europe and
// Switzerland write prices; not the sign after the number that "12,50-"
// is. The number without the mark and dash (a currency after it kept),
// read with that mark as its decimal separator (`*format`); empty when
// `text` is not written so.
std::string WithoutDashForCents(std::string_view text, NumberFormat* format) {
  std::string_view body = TrimSpaces(text);
  const int symbol = SkipTrailingCurrency(&body);
  constexpr std::string_view kEnDash = "\xE2\x80\x93";
  size_t dash = 0;
  if (!body.empty() && body.back() == '-') {
    dash = 1;
  } else if (body.size() >= kEnDash.size() &&
             body.substr(body.size() - kEnDash.size()) == kEnDash) {
    dash = kEnDash.size();
  }
  if (dash == 0 || body.size() < dash + 2) return {};
  const char mark = body[body.size() - dash - 1];
  if ((mark != ',' && mark != '.') || !IsDigit(body[body.size() - dash - 2])) return {};
  std::string out(body.substr(0, body.size() - dash - 1));
  if (symbol != 0) out.append(" ").append(SymbolText(symbol));
  // "2.500.-": the mark groups the thousands too, so no cents follow it.
  const bool grouping = out.find(mark) != std::string::npos;
  format->decimal = grouping ? (mark == ',' ? '.' : ',') : mark;
  format->thousands = grouping ? std::string(1, mark) + " " : mark == ',' ? ". " : ", '";
  return out;
}

// Excel's accounting format, as a spreadsheet saves it: " $(20.00) " is
// -20.00, written "($20.00)" to be read; " $ -   " is zero, "$0". Empty
// when `text` is not written so.
std::string FromAccountingFormat(std::string_view text) {
  std::string_view s = TrimSpaces(text);
  const int symbol = SymbolAtStart(s);
  if (symbol == 0) return {};
  std::string_view rest = TrimSpaces(s.substr(SymbolText(symbol).size()));
  if (rest == "-") return std::string(SymbolText(symbol)) + "0";
  if (rest.size() < 3 || rest.front() != '(' || rest.back() != ')') return {};
  return "(" + std::string(SymbolText(symbol)) + std::string(rest.substr(1));
}

}  // namespace

MoneyError ParseMoneyAs(std::string_view text, const NumberFormat& format, Money* value) {
  MoneyError why = ParseMoneyAsWritten(text, format, value);
  if (why != MoneyError::kNotANumber) return why;
  // The minus sign U+2212, as the Nordic locales format a negative number
  // ("−1 234,56 kr"): a hyphen-minus.
  constexpr std::string_view kMinusSign = "\xE2\x88\x92";
  if (const size_t minus = text.find(kMinusSign); minus != std::string_view::npos) {
    std::string hyphen(text);
    hyphen.replace(minus, kMinusSign.size(), "-");
    return ParseMoneyAs(hyphen, format, value);
  }
  if (const std::string accounting = FromAccountingFormat(text); !accounting.empty()) {
    return ParseMoneyAsWritten(accounting, format, value);
  }
  NumberFormat own;
  if (const std::string whole = WithoutDashForCents(text, &own); !whole.empty()) {
    return ParseMoneyAsWritten(whole, own, value);
  }
  const std::string number = WithoutTrailingMinus(text);
  if (number.empty()) return why;
  // A number with its sign after it: what is wrong with the number is
  // what to say ("0,12345-" has too many decimals).
  why = ParseMoneyAsWritten(number, format, value);
  if (why == MoneyError::kNone) value->units = -value->units;
  return why;
}

std::string_view DescribeMoneyError(MoneyError error) {
  switch (error) {
    case MoneyError::kNone:
      return "no error";
    case MoneyError::kEmpty:
      return "the value is empty";
    case MoneyError::kNotANumber:
      return "not a decimal number";
    case MoneyError::kTooPrecise:
      return "more than 4 decimal places";
    case MoneyError::kOutOfRange:
      return "larger than 1000000000000 in absolute value";
  }
  return "unknown error";
}

std::optional<Money> MultiplyMoney(Money quantity, Money price) {
  // Both factors carry the scale once, so the product carries it twice.
  __int128 product = static_cast<__int128>(quantity.units) * price.units;
  __int128 quotient = product / kMoneyScale;
  __int128 remainder = product % kMoneyScale;
  if (remainder < 0) remainder = -remainder;
  if (remainder * 2 >= kMoneyScale) quotient += product < 0 ? -1 : 1;
  if (quotient > kMaxAmountUnits || quotient < -kMaxAmountUnits) return std::nullopt;
  return Money{static_cast<int64_t>(quotient)};
}

bool AddMoney(Money* a, Money b) {
  int64_t sum;
  if (__builtin_add_overflow(a->units, b.units, &sum)) return false;
  a->units = sum;
  return true;
}

std::string FormatMoneyExact(Money m, int min_decimals) {
  min_decimals = ClampDecimals(min_decimals);
  uint64_t magnitude = Magnitude(m.units);
  uint64_t fraction = magnitude % kMoneyScale;
  int decimals = kMoneyDecimals;
  while (decimals > min_decimals && fraction % 10 == 0) {
    fraction /= 10;
    --decimals;
  }
  std::string out;
  if (m.units < 0) out.push_back('-');
  AppendUnsigned(magnitude / kMoneyScale, &out);
  if (decimals > 0) {
    out.push_back('.');
    AppendPadded(fraction, decimals, &out);
  }
  return out;
}

std::string FormatMoneyRounded(Money m, int decimals) {
  decimals = ClampDecimals(decimals);
  uint64_t step = static_cast<uint64_t>(kPowersOfTen[kMoneyDecimals - decimals]);
  uint64_t magnitude = Magnitude(m.units);
  uint64_t rounded = magnitude / step;
  if ((magnitude % step) * 2 >= step) ++rounded;
  uint64_t scale = static_cast<uint64_t>(kPowersOfTen[decimals]);
  std::string out;
  // "-0.00" would suggest a refund where there is none.
  if (m.units < 0 && rounded != 0) out.push_back('-');
  AppendUnsigned(rounded / scale, &out);
  if (decimals > 0) {
    out.push_back('.');
    AppendPadded(rounded % scale, decimals, &out);
  }
  return out;
}

Money DivideMoney(Money numerator, int64_t denominator) {
  if (denominator == 0) return Money{0};  // Precondition; avoid a trap.
  // __int128 so INT64_MIN / -1 cannot overflow before rounding.
  __int128 n = numerator.units;
  __int128 d = denominator;
  __int128 quotient = n / d;
  __int128 remainder = n % d;
  if (remainder < 0) remainder = -remainder;
  __int128 abs_d = d < 0 ? -d : d;
  if (remainder * 2 >= abs_d) quotient += (n < 0) != (d < 0) ? -1 : 1;
  if (quotient > std::numeric_limits<int64_t>::max())
    return Money{std::numeric_limits<int64_t>::max()};
  if (quotient < std::numeric_limits<int64_t>::min())
    return Money{std::numeric_limits<int64_t>::min()};
  return Money{static_cast<int64_t>(quotient)};
}

}  // namespace retention
