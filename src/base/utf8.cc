#include "base/utf8.h"

#include "base/text.h"

namespace retention {

size_t Utf8Length(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xC2 && c <= 0xDF   ? 2
             : c >= 0xE0 && c <= 0xEF ? 3
             : c >= 0xF0 && c <= 0xF4 ? 4
                                      : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  unsigned char second = byte(i + 1);
  if (c == 0xE0 && second < 0xA0) return 0;  // overlong
  if (c == 0xED && second > 0x9F) return 0;  // surrogate
  if (c == 0xF0 && second < 0x90) return 0;  // overlong
  if (c == 0xF4 && second > 0x8F) return 0;  // beyond U+10FFFF
  return n;
}

size_t InvalidUtf8At(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t n = Utf8Length(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

unsigned CodePointAt(std::string_view text, size_t i, size_t length) {
  static constexpr unsigned kLeadBits[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  unsigned code = static_cast<unsigned char>(text[i]) & kLeadBits[length];
  for (size_t k = 1; k < length; ++k) {
    code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
  }
  return code;
}

bool IsTerminalControl(std::string_view text, size_t i, size_t* length) {
  const auto c = static_cast<unsigned char>(text[i]);
  const size_t n = Utf8Length(text, i);
  *length = n == 0 ? 1 : n;
  if (n == 0) return true;
  if (n == 1) return c < 0x20 || c == 0x7F;
  const auto second = static_cast<unsigned char>(text[i + 1]);
  if (n == 2) return (c == 0xC2 && second < 0xA0) || (c == 0xD8 && second == 0x9C);
  return n == 3 && c == 0xE2 && IsBidiControl(text[i + 1], text[i + 2]);
}

std::string Latin1ToUtf8(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out.push_back(c);
    } else {
      out.push_back(static_cast<char>(0xC0 | (b >> 6)));
      out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
    }
  }
  return out;
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The value of the `digits` hex digits at text[i], or -1.
long HexAt(std::string_view text, size_t i, size_t digits) {
  if (i + digits > text.size()) return -1;
  long value = 0;
  for (size_t k = i; k < i + digits; ++k) {
    const int d = HexValue(text[k]);
    if (d < 0) return -1;
    value = value * 16 + d;
  }
  return value;
}

void AppendUtf8(unsigned code, std::string* out) {
  if (code < 0x80) {
    out->push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code >> 6)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | (code >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

}  // namespace

bool ReadsAsEscape(std::string_view text) {
  for (size_t i = text.find('\\'); i != std::string_view::npos; i = text.find('\\', i + 1)) {
    if (i + 1 < text.size() && ((text[i + 1] == 'x' && HexAt(text, i + 2, 2) >= 0) ||
                                (text[i + 1] == 'u' && HexAt(text, i + 2, 4) >= 0))) {
      return true;
    }
  }
  return false;
}

std::string UnshowControls(std::string_view shown) {
  if (!ReadsAsEscape(shown)) return std::string(shown);
  std::string out;
  for (size_t i = 0; i < shown.size(); ++i) {
    const char next = i + 1 < shown.size() ? shown[i + 1] : 0;
    long value = -1;
    if (shown[i] == '\\' && next == '\\') {
      out.push_back('\\');
      ++i;
    } else if (shown[i] == '\\' && next == 'x' && (value = HexAt(shown, i + 2, 2)) >= 0) {
      out.push_back(static_cast<char>(value));
      i += 3;
    } else if (shown[i] == '\\' && next == 'u' && (value = HexAt(shown, i + 2, 4)) >= 0x80 &&
               (value < 0xD800 || value > 0xDFFF)) {
      // Past ASCII and no surrogate: what EscapeControls writes.
      AppendUtf8(static_cast<unsigned>(value), &out);
      i += 5;
    } else {
      out.push_back(shown[i]);
    }
  }
  return out;
}

}  // namespace retention
