// Where JSON text first breaks its grammar, and what the fix is: simdjson
// says only that a document is wrong ("The JSON document has an improper
// structure"), and a person needs the byte and the missing comma.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace retention {

struct JsonSyntaxError {
  size_t at = 0;        // the offending byte, from the start of the text
  std::string message;  // what is wrong there, and the fix
};

/// The first syntax error of the one JSON value at the start of `text`
/// (blank space before it allowed; what follows it is not looked at), or
/// none when it is whole and well formed, or nests deeper than JSON
/// readers go (1024). `key`: the object key the value is of, for messages.
std::optional<JsonSyntaxError> FindJsonSyntaxError(std::string_view text,
                                                   std::string_view key = {});

}  // namespace retention
