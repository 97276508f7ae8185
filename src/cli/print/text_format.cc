#include "cli/print/text_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "base/utf8.h"
#include "retention/error.h"

namespace retention {

std::string Counted(int64_t n, std::string_view noun, std::string_view plural) {
  if (n == 1) return "1 " + std::string(noun);
  return std::to_string(n) + " " + (plural.empty() ? std::string(noun) + "s" : std::string(plural));
}

std::string GroupThousands(std::string plain) {
  size_t sign = !plain.empty() && (plain[0] == '-' || plain[0] == '+') ? 1 : 0;
  size_t dot = plain.find('.');
  if (dot == std::string::npos) dot = plain.size();
  for (ptrdiff_t i = static_cast<ptrdiff_t>(dot) - 3; i > static_cast<ptrdiff_t>(sign); i -= 3) {
    plain.insert(static_cast<size_t>(i), ",");
  }
  return plain;
}

std::string MoneyText(Money m) { return GroupThousands(FormatMoneyRounded(m, 2)); }
std::string MoneyText(const std::optional<Money>& m) { return m ? MoneyText(*m) : kNull; }

namespace {

// v x scale rounded to a whole number, half away from zero. A quotient of
// counts that is exactly a half at this scale (201 / 200 = 1.005) may be
// held a hair below it (1.00499999999999989...): x = v x scale lies within
// two units in its last place of the half, so within four is taken as the
// half. Any other quotient of counts below 10^10 lies farther from one;
// from 2^52 on every double is whole.
double RoundScaled(double v, double scale) {
  const double x = v * scale;
  const double size = std::fabs(x);
  if (size >= 0x1p52) return x;
  const double whole = std::trunc(x);
  const double ulp = std::nextafter(size, INFINITY) - size;
  if (std::fabs(std::fabs(x - whole) - 0.5) <= 4 * ulp) return whole + std::copysign(1.0, x);
  return std::round(x);
}

}  // namespace

// Rounded half away from zero, as money is and as spreadsheets round: 1/16
// is 6.3%, where printf's tie to even gave 6.2%.
double RoundHalfAway(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return RoundScaled(v, scale) / scale;
}

std::string Percent(const std::optional<double>& rate) {
  return rate ? fmt::format("{:.1f}%", RoundScaled(*rate, 1000) / 10) : kNull;
}

std::string Decimal(const std::optional<double>& value) {
  return value ? fmt::format("{:.2f}", RoundHalfAway(*value, 2)) : kNull;
}

std::string WindowText(Window w) {
  static const char* names[] = {"day", "week", "month", "quarter", "year"};
  return fmt::format("{} {}{}", w.count, names[static_cast<int>(w.unit)], w.count == 1 ? "" : "s");
}

char UnitLetter(Unit unit) {
  switch (unit) {
    case Unit::kDay:
      return 'D';
    case Unit::kWeek:
      return 'W';
    case Unit::kMonth:
      return 'M';
    case Unit::kQuarter:
      return 'Q';
    case Unit::kYear:
      return 'Y';
  }
  return '?';
}

namespace {

// DEL, the C1 controls (U+0080..U+009F, UTF-8 C2 80..C2 9F) and the
// bidirectional controls are valid in a JSON string, but a terminal acts
// on them (C2 9B is CSI) or reorders the line by them: written as \u
// escapes, the value is the same and the bytes are not. Appends the one
// at text[*i], if any, and moves *i to its last byte.
bool AppendUnicodeEscape(std::string_view text, size_t* i, std::string* out) {
  const auto c = static_cast<unsigned char>(text[*i]);
  size_t n = 0;
  // C0 controls are JSON's own escapes, and a byte no UTF-8 is the text \xff.
  if (c < 0x20 || !IsTerminalControl(text, *i, &n) || (n == 1 && c >= 0x80)) return false;
  *out += fmt::format("\\u{:04x}", CodePointAt(text, *i, n));
  *i += n - 1;
  return true;
}

}  // namespace

std::string JsonQuote(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    if (AppendUnicodeEscape(s, &i, &out)) continue;
    auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else if (c < 0x80) {
          out.push_back(static_cast<char>(c));
        } else if (const size_t n = Utf8Length(s, i); n > 0) {
          out.append(s, i, n);
          i += n - 1;
        } else {
          // A byte no UTF-8 (a Latin-1 file name) is no JSON: written as
          // messages show it, the text \xff.
          out += fmt::format("\\\\x{:02x}", c);
        }
    }
  }
  return out + "\"";
}

bool HasTerminalControls(std::string_view text) {
  // One pass without branches per byte: CSV writers call this for every
  // cell of millions of customers. Plain ASCII text is never suspect.
  bool suspect = false;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    suspect |= (c < 0x20 && c != '\t' && c != '\n') | (c == 0x7f) | (c >= 0x80);
  }
  if (!suspect) return false;
  for (size_t i = 0, n = 0; i < text.size(); i += n) {
    if (IsTerminalControl(text, i, &n) && text[i] != '\t' && text[i] != '\n') return true;
  }
  return false;
}

std::string ShowTerminalControls(std::string_view text) {
  // The four characters \x1b and ESC must not be shown alike: rows of a
  // history are told apart by their text. Where there is an escape to
  // write, or text that reads as one, backslashes are doubled too.
  if (!HasTerminalControls(text) && !ReadsAsEscape(text)) return std::string(text);
  std::string out;
  size_t from = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '\t' && text[i] != '\n' && text[i] != '\\') continue;
    out += EscapeControls(text.substr(from, i - from));
    if (i < text.size() && text[i] == '\\') out.push_back('\\');
    if (i < text.size()) out.push_back(text[i]);
    from = i + 1;
  }
  return out;
}

std::string EscapeJsonControls(std::string_view dumped) {
  // Outside strings JSON text is ASCII without controls: every such byte
  // is inside a string.
  std::string out;
  out.reserve(dumped.size());
  for (size_t i = 0; i < dumped.size(); ++i) {
    if (!AppendUnicodeEscape(dumped, &i, &out)) out.push_back(dumped[i]);
  }
  return out;
}

std::string CsvCell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {

// The characters OWASP's advice on CSV injection lists, first; and the
// guard quote itself, so that a text of its own starting with ' (the
// segment "'-5") is not read back as a guarded one ("-5"). A lone "-"
// (the name of stdin) starts no formula.
bool StartsFormula(std::string_view text) {
  return !text.empty() && text != "-" &&
         std::string_view("=+-@\t\r'").find(text[0]) != std::string_view::npos;
}

}  // namespace

std::string FormulaSafe(const std::string& text) { return StartsFormula(text) ? "'" + text : text; }

namespace {

constexpr uint64_t kPowersOfTen[] = {1,
                                     10,
                                     100,
                                     1000,
                                     10000,
                                     100000,
                                     1000000,
                                     10000000,
                                     100000000,
                                     1000000000,
                                     10000000000,
                                     100000000000,
                                     1000000000000,
                                     10000000000000,
                                     100000000000000,
                                     1000000000000000,
                                     10000000000000000,
                                     100000000000000000,
                                     1000000000000000000};

// |v| * 10^power rounded half to even, exactly, for finite v with
// |v| * 10^power below 2^64 and power at most 18.
uint64_t ScaledRounded(double v, int power) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  const int biased = static_cast<int>((bits >> 52) & 0x7ff);
  uint64_t mantissa = bits & ((uint64_t{1} << 52) - 1);
  if (biased != 0) mantissa |= uint64_t{1} << 52;
  // |v| = mantissa * 2^shift exactly.
  const int shift = (biased == 0 ? 1 : biased) - 1075;
  const unsigned __int128 scaled = static_cast<unsigned __int128>(mantissa) * kPowersOfTen[power];
  if (shift >= 0) return static_cast<uint64_t>(scaled << shift);
  if (shift < -120) return 0;  // below 2^-67 * 10^18 < 2^-7: under a half
  const int s = -shift;
  uint64_t n = static_cast<uint64_t>(scaled >> s);
  const unsigned __int128 rest = scaled & ((static_cast<unsigned __int128>(1) << s) - 1);
  const unsigned __int128 half = static_cast<unsigned __int128>(1) << (s - 1);
  if (rest > half || (rest == half && (n & 1))) ++n;
  return n;
}

// `n` with a point `decimals` digits from the right (0: none), after a
// minus sign when `negative`.
void AppendPointed(std::string* out, uint64_t n, int decimals, bool negative) {
  // Two digits a time: a million customers' lines write ten million
  // numbers.
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  char text[48];
  char* end = text + sizeof text;
  char* p = end;
  int i = 0;
  for (; i + 2 <= decimals; i += 2, n /= 100) {
    p -= 2;
    std::memcpy(p, kPairs + 2 * (n % 100), 2);
  }
  if (i < decimals) *--p = static_cast<char>('0' + n % 10), n /= 10;
  if (decimals > 0) *--p = '.';
  while (n >= 100) {
    p -= 2;
    std::memcpy(p, kPairs + 2 * (n % 100), 2);
    n /= 100;
  }
  if (n >= 10) {
    p -= 2;
    std::memcpy(p, kPairs + 2 * n, 2);
  } else {
    *--p = static_cast<char>('0' + n);
  }
  if (negative) *--p = '-';
  // (A length, not an end: append(first, last) goes through replace().)
  out->append(p, static_cast<size_t>(end - p));
}

void AppendToChars(std::string* out, double v, std::chars_format format, int precision) {
  char text[400];
  auto [end, error] = std::to_chars(text, text + sizeof text, v, format, precision);
  out->append(text, error == std::errc() ? static_cast<size_t>(end - text) : 0);
}

}  // namespace

void AppendFixed(std::string* out, double v, int decimals) {
  if (decimals < 0 || decimals > 8 || !std::isfinite(v) ||
      std::abs(v) * static_cast<double>(kPowersOfTen[std::clamp(decimals, 0, 8)]) >= 1e18) {
    AppendToChars(out, v, std::chars_format::fixed, std::clamp(decimals, 0, 100));
    return;
  }
  AppendPointed(out, ScaledRounded(v, decimals), decimals, std::signbit(v));
}

int AppendGeneral(std::string* out, double v, int precision) {
  const double a = std::abs(v);
  // %g writes v as fixed when its exponent X, after rounding to
  // `precision` digits, is in [-4, precision); this covers those.
  if (precision < 1 || precision > 15 || !(a >= 1e-4 && a < 1e15)) {
    AppendToChars(out, v, std::chars_format::general, std::clamp(precision, 1, 100));
    return -1;
  }
  // The exponent: guessed from the binary one (a is in [2^(e-1), 2^e),
  // so floor(log10(a)) is floor((e - 1) log10(2)) or one more; 78913 / 2^18
  // is log10(2) to 1e-6; a log10 per number was a tenth of writing a
  // million customers), then raised while the rounded digits number more
  // than `precision`. Never above the exponent, the guess needs no
  // lowering (a carry to 10^(x+1) is found by the raise).
  uint64_t bits;
  std::memcpy(&bits, &a, sizeof bits);
  const int e = static_cast<int>(bits >> 52) - 1022;  // a >= 1e-4: a normal number
  int x = ((e - 1) * 78913) >> 18;
  uint64_t n = 0;
  for (int tries = 0; tries < 4; ++tries) {
    const int power = precision - 1 - x;
    if (power < 0 || power > 18) break;
    n = ScaledRounded(a, power);
    if (n >= kPowersOfTen[precision]) {
      ++x;
    } else if (n < kPowersOfTen[precision - 1]) {
      --x;
    } else {
      if (x < -4 || x >= precision) break;  // written with an exponent
      int decimals = precision - 1 - x;
      // %g drops trailing zeros, and the point with them.
      while (decimals > 0 && n % 10 == 0) n /= 10, --decimals;
      AppendPointed(out, n, decimals, std::signbit(v));
      return decimals;
    }
  }
  AppendToChars(out, v, std::chars_format::general, precision);
  return -1;
}

namespace {

void AppendShownCsvTextCell(std::string* out, std::string_view text) {
  // CsvCell(FormulaSafe(text)) without the temporaries: the guard quote
  // never needs quoting itself.
  const bool formula = StartsFormula(text);
  // A plain loop: find_first_of calls memchr once per character.
  const bool quoted = std::any_of(text.begin(), text.end(), [](char c) {
    return c == ',' || c == '"' || c == '\r' || c == '\n';
  });
  if (quoted) out->push_back('"');
  if (formula) out->push_back('\'');
  if (!quoted) {
    out->append(text);
    return;
  }
  for (char c : text) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace

void AppendCsvTextCell(std::string* out, std::string_view text) {
  // A plain cell, the most common by far, is checked without a copy.
  if (HasTerminalControls(text) || ReadsAsEscape(text)) {
    AppendShownCsvTextCell(out, ShowTerminalControls(text));
    return;
  }
  AppendShownCsvTextCell(out, text);
}

std::string CsvTextCell(const std::string& text) {
  std::string out;
  AppendCsvTextCell(&out, text);
  return out;
}

std::string SegmentLabel(const std::optional<std::string>& segment) {
  static constexpr std::string_view kTotal = "(all customers)";
  if (!segment) return std::string(kTotal);
  if (*segment == kTotal) return "\"" + *segment + "\"";
  return EscapeControls(*segment);
}

namespace {

struct CodeRange {
  unsigned first, last;
};

bool InRanges(unsigned c, const CodeRange* begin, const CodeRange* end) {
  return std::any_of(begin, end, [c](const CodeRange& r) { return c >= r.first && c <= r.last; });
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  // Marks that combine with the character before them, and characters of
  // no width (joiners, variation selectors): "é" written e + U+0301 takes
  // one column.
  static constexpr CodeRange kNoWidth[] = {
      {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD},  {0x05BF, 0x05C7}, {0x0610, 0x061A},
      {0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06ED},  {0x0900, 0x0903}, {0x093A, 0x094F},
      {0x0E31, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF},  {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
      {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302F},  {0x3099, 0x309A}, {0xFE00, 0xFE0F},
      {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF}};
  // East Asian wide characters and emoji take two columns.
  static constexpr CodeRange kWide[] = {{0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},
                                        {0x23E9, 0x23EC},   {0x2600, 0x27BF},   {0x2E80, 0x303E},
                                        {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
                                        {0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},
                                        {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
                                        {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
                                        {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD}};
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t length = Utf8Length(text, i);
    if (length == 0) {  // no UTF-8: shown as one character
      ++width, ++i;
      continue;
    }
    const unsigned c = CodePointAt(text, i, length);
    i += length;
    if (InRanges(c, std::begin(kNoWidth), std::end(kNoWidth))) continue;
    width += InRanges(c, std::begin(kWide), std::end(kWide)) ? 2 : 1;
  }
  return width;
}

std::string TextTable::Render(const std::string& indent) const {
  std::vector<size_t> width;
  for (const auto& row : rows_) {
    width.resize(std::max(width.size(), row.size()), 0);
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], DisplayWidth(row[i]));
  }
  std::string out;
  for (const auto& row : rows_) {
    std::string line = indent;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += "  ";
      const std::string padding(width[i] - DisplayWidth(row[i]), ' ');
      line += i == 0 ? row[i] + padding : padding + row[i];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace retention
