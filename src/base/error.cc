// Error texts: locations render the way compilers print them, so editors
// can jump to the offending cell.
#include "retention/error.h"

#include "base/utf8.h"

namespace retention {
namespace {

// U+200E, U+200F (marks), U+202A..U+202E (embeddings, overrides) and
// U+2066..U+2069 (isolates), all E2 80 xx or E2 81 xx in UTF-8.
bool IsBidiControl(char second, char third) {
  const auto b = static_cast<unsigned char>(second), c = static_cast<unsigned char>(third);
  return (b == 0x80 && (c == 0x8E || c == 0x8F || (c >= 0xAA && c <= 0xAE))) ||
         (b == 0x81 && c >= 0xA6 && c <= 0xA9);
}

// Appends the character (or lone byte) at text[i] as a message shows it;
// returns how many input bytes it took.
size_t AppendShown(std::string_view text, size_t i, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  auto c = static_cast<unsigned char>(text[i]);
  size_t n = Utf8Length(text, i);
  if (n == 1 && c >= 0x20 && c != 0x7F) {
    out->push_back(static_cast<char>(c));
  } else if (n == 2 && c == 0xD8 && static_cast<unsigned char>(text[i + 1]) == 0x9C) {
    *out += "\\u061c";  // the Arabic letter mark, a bidirectional control too
  } else if (n == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
    // C1 controls (U+0080..U+009F): terminals act on some of them (CSI).
    auto code = static_cast<unsigned char>(text[i + 1]);
    *out += "\\u00";
    out->push_back(kHex[code >> 4]);
    out->push_back(kHex[code & 15]);
  } else if (n == 3 && c == 0xE2 && IsBidiControl(text[i + 1], text[i + 2])) {
    // Bidirectional controls reorder what follows them on the line: an id
    // could make a figure beside it read backwards.
    const unsigned code = 0x2000u | ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
                          (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
    *out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out->push_back(kHex[(code >> shift) & 15]);
  } else if (n > 1) {
    out->append(text.data() + i, n);
  } else {
    *out += "\\x";
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
    n = 1;
  }
  return n;
}

}  // namespace

std::string InputExcerpt(std::string_view text, size_t max_bytes) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t before = out.size();
    size_t taken = AppendShown(text, i, &out);
    if (out.size() > max_bytes) {
      out.resize(before);
      break;
    }
    i += taken;
  }
  if (i < text.size()) out += "... (+" + std::to_string(text.size() - i) + " bytes)";
  return out;
}

std::string EscapeControls(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (size_t i = 0; i < message.size();) i += AppendShown(message, i, &out);
  return out;
}

std::string Location::ToString() const {
  std::string out = EscapeControls(file);
  if (line <= 0) return out;
  // A line without a file still helps ("17:9"), so keep the parts known.
  if (!out.empty()) out += ':';
  out += std::to_string(line);
  if (column > 0) {
    out += ':';
    out += std::to_string(column);
  }
  return out;
}

std::string DataError::Format(const Location& where, const std::string& message) {
  std::string location = where.ToString();
  if (location.empty()) return "error: " + message;
  return location + ": error: " + message;
}

}  // namespace retention
