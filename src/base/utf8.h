// UTF-8 checks shared by the readers and the messages that quote input.
#pragma once

#include <cstddef>
#include <string_view>

namespace retention {

/// The length of the valid UTF-8 character at text[i] (1 to 4), or 0 when
/// the bytes there are not one (overlong forms, surrogates and code points
/// beyond U+10FFFF included).
size_t Utf8Length(std::string_view text, size_t i);

/// The offset of the first byte of `text` that is not valid UTF-8, or npos.
size_t InvalidUtf8At(std::string_view text);

}  // namespace retention
