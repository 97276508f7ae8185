// Typed errors the library throws. The CLI turns them into messages and exit
// codes; nothing in the library prints or exits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace retention {

/// Input text as a message shows it: printable UTF-8 stays as it is; C0
/// controls, DEL and invalid UTF-8 become `\xNN` (one per byte, e.g.
/// `\x1b`), C1 controls (U+0080..U+009F) and bidirectional controls
/// (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) become `\uNNNN` (e.g.
/// `\u0085`, `\u202e`), so no byte of a file reaches a terminal as a
/// control sequence or turns the rest of its line around. Text
/// longer than `max_bytes` is cut on a character boundary and ends with
/// "... (+N bytes)", N being the input bytes left out. Callers add the
/// quotes around it.
std::string InputExcerpt(std::string_view text, size_t max_bytes = 80);

/// A whole message made safe to print: control characters and invalid
/// UTF-8 escaped as InputExcerpt does, nothing cut, nothing else changed
/// (so text already escaped stays the same). The CLI passes every message
/// through it before printing.
std::string EscapeControls(std::string_view message);

/// Where in the input a problem sits. Empty/zero members are unknown.
struct Location {
  /// File name as the user gave it ("<stdin>" for standard input); shown
  /// with EscapeControls.
  std::string file;
  /// 1-based physical line in the file (a quoted field may span lines).
  int64_t line = 0;
  /// 1-based column of the field within its line, in bytes (a character
  /// of two UTF-8 bytes before it counts twice), as editors' "go to
  /// column" and the CLI's messages count.
  int64_t column = 0;

  /// "orders.csv:17:9", "orders.csv:17", "orders.csv" or "".
  std::string ToString() const;
};

/// The input data cannot be used as asked: unreadable file, bad value,
/// missing column. Exit code 1 in the CLI.
class DataError : public std::runtime_error {
 public:
  DataError(Location where, const std::string& message)
      : std::runtime_error(Format(where, message)), where_(std::move(where)), message_(message) {}

  /// Where the problem is.
  const Location& where() const { return where_; }
  /// The message without the location prefix.
  const std::string& message() const { return message_; }

 private:
  static std::string Format(const Location& where, const std::string& message);
  Location where_;
  std::string message_;
};

/// The request itself is wrong: an unknown period name, a bad window, an
/// option out of range. Exit code 2 in the CLI.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace retention
