// Error texts: locations render the way compilers print them, so editors
// can jump to the offending cell.
#include "retention/error.h"

#include "base/utf8.h"

namespace retention {
namespace {

// Appends the character (or lone byte) at text[i] as a message shows it;
// returns how many input bytes it took.
size_t AppendShown(std::string_view text, size_t i, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  size_t n = 0;
  if (!IsTerminalControl(text, i, &n)) {
    out->append(text.data() + i, n);
    return n;
  }
  if (n == 1) {  // a lone byte, or a C0 control or DEL: \xHH
    const auto c = static_cast<unsigned char>(text[i]);
    *out += "\\x";
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
    return n;
  }
  const unsigned code = CodePointAt(text, i, n);
  *out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out->push_back(kHex[(code >> shift) & 15]);
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
