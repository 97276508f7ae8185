// UTF-8 checks shared by the readers and the messages that quote input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace retention {

/// The length of the valid UTF-8 character at text[i] (1 to 4), or 0 when
/// the bytes there are not one (overlong forms, surrogates and code points
/// beyond U+10FFFF included).
size_t Utf8Length(std::string_view text, size_t i);

/// The offset of the first byte of `text` that is not valid UTF-8, or npos.
size_t InvalidUtf8At(std::string_view text);

/// The code point of the valid UTF-8 character of `length` bytes at
/// text[i] (Utf8Length).
unsigned CodePointAt(std::string_view text, size_t i, size_t length);

/// Whether the character at text[i] is one no output may pass on raw: a
/// C0 control (tab and line feed too), DEL, a C1 control (U+0080..U+009F,
/// terminals act on CSI), a bidirectional control or the Arabic letter
/// mark, or a byte that is no UTF-8. `*length` is its bytes (1 for a lone
/// byte).
bool IsTerminalControl(std::string_view text, size_t i, size_t* length);

/// True when `text` holds what EscapeControls writes for a control: a
/// backslash, then x and two hex digits or u and four.
bool ReadsAsEscape(std::string_view text);

/// The text a CSV or OpenMetrics output showed as `shown`, which escapes
/// controls and then doubles backslashes whenever the text ReadsAsEscape
/// (the CLI's ShowTerminalControls): such a text has its escapes read back
/// (\\ a backslash, \xHH a byte, \uHHHH a character); any other is the
/// text itself.
std::string UnshowControls(std::string_view shown);

/// `text` read as Latin-1 (Windows-1252 but for its 0x80..0x9F), in UTF-8:
/// what a header name saved by Excel in Western Europe was meant to say.
std::string Latin1ToUtf8(std::string_view text);

}  // namespace retention
