// Small character and arithmetic helpers the parsers share. Inline: they
// run once per byte or per value on the loading paths.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace retention {

/// A blank inside a field: space or tab (not a line break).
inline bool IsSpace(char c) { return c == ' ' || c == '\t'; }
/// JSON's white space (RFC 8259): space, tab, line feed, carriage return.
inline bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
/// ASCII lower case; other bytes (UTF-8 included) unchanged.
inline char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
inline char ToUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

/// "a, b or c" (`last` " or "), for the values a message lists.
inline std::string ListWithOr(const std::vector<std::string>& names, const char* last = " or ") {
  std::string list;
  for (size_t i = 0; i < names.size(); ++i) {
    list += (i == 0 ? "" : i + 1 == names.size() ? last : ", ") + names[i];
  }
  return list;
}
/// "a, b and c".
inline std::string ListWithAnd(const std::vector<std::string>& names) {
  return ListWithOr(names, " and ");
}

/// `word` as the shell reads it back as one word: as it is when every byte
/// is one the shell reads as itself, else in single quotes (for commands
/// printed in messages).
inline std::string ShellWord(std::string_view word) {
  if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789._/+-@%=:,") == std::string_view::npos) {
    return std::string(word);
  }
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

/// A command line, for a message, that runs `program` on the input file
/// `file` and writes `output`: "PROGRAM FILE > OUTPUT" ("PROGRAM < FILE >
/// OUTPUT" for a program that reads only standard input, such as tr),
/// "zcat FILE | PROGRAM > OUTPUT" for a gzip file, "pipe the input through
/// PROGRAM > OUTPUT" for stdin.
inline std::string CommandOn(const std::string& file, const std::string& program,
                             const std::string& output, bool takes_file = true) {
  const std::string to = " > " + ShellWord(output);
  if (file == "<stdin>") return "pipe the input through " + program + to;
  const bool gzip = file.size() > 3 && file.compare(file.size() - 3, 3, ".gz") == 0;
  if (gzip) return "zcat " + ShellWord(file) + " | " + program + to;
  return program + (takes_file ? " " : " < ") + ShellWord(file) + to;
}

/// `s` with its ASCII letters in upper case (currency codes: "usd" is USD).
inline std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToUpper(c);
  return out;
}

/// The size of the no-break space (U+00A0 or U+202F) `s` starts with, or 0.
/// Spreadsheets and text copied from web pages leave them around values.
inline size_t NoBreakSpaceAtFront(std::string_view s) {
  if (s.size() >= 2 && s[0] == '\xC2' && s[1] == '\xA0') return 2;
  if (s.size() >= 3 && s[0] == '\xE2' && s[1] == '\x80' && s[2] == '\xAF') return 3;
  return 0;
}
/// The same at the end. (0xC2 and 0xE2 only ever start a character, so
/// the bytes cannot be the tail of another one.)
inline size_t NoBreakSpaceAtBack(std::string_view s) {
  const size_t n = s.size();
  if (n >= 2 && s[n - 2] == '\xC2' && s[n - 1] == '\xA0') return 2;
  if (n >= 3 && s[n - 3] == '\xE2' && s[n - 2] == '\x80' && s[n - 1] == '\xAF') return 3;
  return 0;
}

/// Whether E2 `second` `third` (UTF-8) is a bidirectional control: the
/// marks U+200E and U+200F, embeddings and overrides U+202A to U+202E,
/// isolates U+2066 to U+2069. They reorder what follows them on the line,
/// so an id could make a figure beside it read backwards.
inline bool IsBidiControl(char second, char third) {
  const auto b = static_cast<unsigned char>(second), c = static_cast<unsigned char>(third);
  return (b == 0x80 && (c == 0x8E || c == 0x8F || (c >= 0xAA && c <= 0xAE))) ||
         (b == 0x81 && c >= 0xA6 && c <= 0xA9);
}

/// Whether the three bytes at `p` are an invisible mark: a bidirectional
/// control (IsBidiControl), a zero-width space (U+200B), a word joiner
/// (U+2060) or a byte-order mark (U+FEFF). (The Arabic letter mark,
/// U+061C, is two bytes: WideSpaceAtFront has it.) Arabic and Hebrew
/// exports and text copied from web pages carry them around values,
/// unseen: "C1" with one is C1.
inline bool IsInvisibleMark(const char* p) {
  if (p[0] == '\xEF') return p[1] == '\xBB' && p[2] == '\xBF';
  return p[0] == '\xE2' && (IsBidiControl(p[1], p[2]) || (p[1] == '\x80' && p[2] == '\x8B') ||
                            (p[1] == '\x81' && p[2] == '\xA0'));
}

/// The size of the wide space `s` starts with: a no-break space, the
/// ideographic space (U+3000) Japanese and Chinese text is typed with, or
/// an invisible mark (IsInvisibleMark); 0 for none. Not a thousands
/// separator, as no-break spaces are.
inline size_t WideSpaceAtFront(std::string_view s) {
  if (s.size() >= 3 &&
      ((s[0] == '\xE3' && s[1] == '\x80' && s[2] == '\x80') || IsInvisibleMark(s.data()))) {
    return 3;
  }
  // The Arabic letter mark (U+061C), two bytes.
  if (s.size() >= 2 && s[0] == '\xD8' && s[1] == '\x9C') return 2;
  return NoBreakSpaceAtFront(s);
}
/// The same at the end.
inline size_t WideSpaceAtBack(std::string_view s) {
  const size_t n = s.size();
  if (n >= 3 && ((s[n - 3] == '\xE3' && s[n - 2] == '\x80' && s[n - 1] == '\x80') ||
                 IsInvisibleMark(s.data() + n - 3))) {
    return 3;
  }
  if (n >= 2 && s[n - 2] == '\xD8' && s[n - 1] == '\x9C') return 2;
  return NoBreakSpaceAtBack(s);
}

/// Whether `text` is a number as JSON writes one:
/// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?. "05", "5.", "+5" and
/// "0x1F" are not.
inline bool IsJsonNumber(std::string_view text) {
  size_t i = 0;
  auto digits = [&] {
    const size_t from = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    return i > from;
  };
  if (i < text.size() && text[i] == '-') ++i;
  if (i < text.size() && text[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < text.size() && text[i] == '.' && (++i, !digits())) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == text.size();
}

/// `s` without leading and trailing spaces, tabs and wide spaces
/// (WideSpaceAtFront): a cell " cancelled" with U+00A0 before it says
/// cancelled, and "C1" with an ideographic space after it is C1.
inline std::string_view TrimSpaces(std::string_view s) {
  for (;;) {
    if (!s.empty() && IsSpace(s.front())) {
      s.remove_prefix(1);
    } else if (size_t n = WideSpaceAtFront(s)) {
      s.remove_prefix(n);
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && IsSpace(s.back())) {
      s.remove_suffix(1);
    } else if (size_t n = WideSpaceAtBack(s)) {
      s.remove_suffix(n);
    } else {
      break;
    }
  }
  return s;
}

/// The thousands separator at `text[i]` (',', '.', '\'' or ' ' for a
/// space, U+00A0, U+202F, or the thin and figure spaces U+2009 and U+2007
/// of typeset numbers) and its length in bytes; 0 for none.
inline char ThousandsSeparatorAt(std::string_view text, size_t i, size_t* size) {
  char c = text[i];
  *size = 1;
  if (c == ',' || c == '.' || c == '\'' || c == ' ') return c;
  if (c == '\xE2' && text.size() - i >= 3 && text[i + 1] == '\x80' &&
      (text[i + 2] == '\x89' || text[i + 2] == '\x87')) {
    *size = 3;
    return ' ';
  }
  const size_t no_break = NoBreakSpaceAtFront(text.substr(i));
  if (no_break == 0) return 0;
  *size = no_break;
  return ' ';
}

/// ASCII case-insensitive equality.
inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLower(a[i]) != ToLower(b[i])) return false;
  }
  return true;
}

/// Whether `text` is how database dumps and spreadsheets write nothing:
/// NULL, \N, none, nil, n/a, -, or a zero date (0000-00-00), in any case.
/// Runs on every row's ids: most are told by their first byte.
inline bool SaysNothing(std::string_view text) {
  if (text.empty()) return false;
  const char first = ToLower(text[0]);
  if (first != 'n' && first != '\\' && first != '-' && first != '0') return false;
  static constexpr std::string_view kNothing[] = {"null", "\\N", "none", "nil", "n/a", "-"};
  for (std::string_view none : kNothing) {
    if (EqualsIgnoreCase(text, none)) return true;
  }
  return text.substr(0, 10) == "0000-00-00";
}

/// a / b rounded toward negative infinity (b != 0): days before 1970 and
/// periods before an anchor land in the right bucket.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace retention
