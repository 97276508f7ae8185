#include "input/json_syntax.h"

#include <cctype>
#include <cstring>

#include "base/text.h"
#include "retention/error.h"

namespace retention {
namespace {

constexpr int kMaxDepth = 1024;

// A recursive-descent reading of RFC 8259's grammar that stops at the
// first byte it breaks.
class SyntaxCheck {
 public:
  explicit SyntaxCheck(std::string_view text) : text_(text) {}

  std::optional<JsonSyntaxError> Run(std::string_view key) {
    Value(0, key);
    return error_;
  }

 private:
  bool AtEnd() const { return i_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[i_]; }
  void SkipBlank() {
    while (!AtEnd() && IsJsonSpace(text_[i_])) ++i_;
  }
  bool Fail(size_t at, std::string message) {
    if (!error_) error_ = JsonSyntaxError{at, std::move(message)};
    return false;
  }
  // What is at i_, for a message: the end of the text, or a few bytes.
  std::string Here() const {
    if (AtEnd()) return "the end of the text";
    return "\"" + InputExcerpt(text_.substr(i_, 12), 12) + "\"";
  }
  static std::string Of(std::string_view key) {
    return key.empty() ? std::string() : " of \"" + InputExcerpt(key, 40) + "\"";
  }

  bool Value(int depth, std::string_view key) {
    SkipBlank();
    if (depth > kMaxDepth) return false;  // not judged: error_ stays empty
    const char c = Peek();
    if (c == '{') return Object(depth + 1);
    if (c == '[') return Array(depth + 1, key);
    if (c == '"') return String(nullptr);
    return Atom(key);
  }

  bool Object(int depth) {
    ++i_;  // {
    SkipBlank();
    if (Peek() == '}') return ++i_, true;
    for (;;) {
      SkipBlank();
      if (Peek() != '"') {
        return Fail(i_, Peek() == '}' ? "a comma before '}' with no key after it; remove the comma"
                                      : "expected a key in double quotes here, found " + Here() +
                                            " (keys are written \"name\": value)");
      }
      std::string_view key;
      if (!String(&key)) return false;
      SkipBlank();
      if (Peek() != ':') {
        return Fail(i_, "expected ':' after the key \"" + InputExcerpt(key, 40) + "\", found " +
                            Here() + "; write \"key\": value");
      }
      ++i_;
      if (!Value(depth, key)) return false;
      SkipBlank();
      if (Peek() == ',') {
        ++i_;
        continue;
      }
      if (Peek() == '}') return ++i_, true;
      return Fail(i_, "expected ',' or '}' after the value" + Of(key) + ", found " + Here() +
                          (Peek() == '"' ? ": a comma is missing before this key"
                           : AtEnd()     ? ": the object is not closed"
                                         : ""));
    }
  }

  bool Array(int depth, std::string_view key) {
    ++i_;  // [
    SkipBlank();
    if (Peek() == ']') return ++i_, true;
    for (bool first = true;; first = false) {
      SkipBlank();
      if (Peek() == ']' || Peek() == ',') {
        return Fail(i_, std::string("a comma with no value ") +
                            (first           ? "before it"
                             : Peek() == ']' ? "after it before ']'"
                                             : "after it") +
                            "; remove the comma");
      }
      if (!Value(depth, key)) return false;
      SkipBlank();
      if (Peek() == ',') {
        ++i_;
        continue;
      }
      if (Peek() == ']') return ++i_, true;
      return Fail(i_, "expected ',' or ']' in the list" + Of(key) + ", found " + Here() +
                          (Peek() == '}' ? ": a '[' is closed by '}'"
                           : AtEnd()     ? ": the list is not closed"
                                         : ": a comma may be missing"));
    }
  }

  // A string at i_, its text (escapes as written) in *text when given.
  bool String(std::string_view* text) {
    const size_t open = i_++;
    for (;;) {
      if (AtEnd()) {
        return Fail(open, "the string that starts here is never closed (a '\"' is missing)");
      }
      const auto c = static_cast<unsigned char>(text_[i_]);
      if (c == '"') break;
      if (c < 0x20) {
        return Fail(i_, c == '\n' ? "a line break inside a string; write it as \\n"
                                  : "a control character inside a string; write it as \\u00" +
                                        std::string(1, "0123456789abcdef"[c >> 4]) +
                                        std::string(1, "0123456789abcdef"[c & 15]));
      }
      if (c == '\\') {
        const char e = i_ + 1 < text_.size() ? text_[i_ + 1] : '\0';
        if (e == 'u') {
          for (size_t k = i_ + 2; k < i_ + 6; ++k) {
            if (k >= text_.size() || !std::isxdigit(static_cast<unsigned char>(text_[k]))) {
              return Fail(i_, "\\u takes four hex digits (\\u00e9); write \\\\ for a backslash");
            }
          }
          i_ += 6;
          continue;
        }
        if (e == '\0' || std::strchr("\"\\/bfnrt", e) == nullptr) {
          return Fail(i_, "\\" + InputExcerpt(text_.substr(i_ + 1, 1), 4) +
                              " is no JSON escape; write \\\\ for a backslash");
        }
        i_ += 2;
        continue;
      }
      ++i_;
    }
    if (text) *text = text_.substr(open + 1, i_ - open - 1);
    ++i_;  // "
    return true;
  }

  // A number, true, false or null at i_: up to the next byte that ends one.
  bool Atom(std::string_view key) {
    const size_t from = i_;
    while (!AtEnd() && text_[i_] != '\0' && std::strchr(",]}[{: \t\r\n\"", text_[i_]) == nullptr) {
      ++i_;
    }
    const std::string_view token = text_.substr(from, i_ - from);
    if (token.empty()) {
      i_ = from;
      return Fail(from,
                  (key.empty() ? std::string("expected a value") : "expected the value" + Of(key)) +
                      " here, found " + Here() +
                      " (a string in quotes, a number, true, false or null)");
    }
    if (token == "true" || token == "false" || token == "null" || IsJsonNumber(token)) return true;
    const std::string shown = InputExcerpt(token, 20);
    return Fail(
        from, (key.empty() ? shown + " is"
                           : "the value of \"" + InputExcerpt(key, 40) + "\", " + shown + ", is") +
                  " no JSON value; write a plain number (12.5, -3, 1e5), true, false or "
                  "null, or put it in quotes as text");
  }

  std::string_view text_;
  size_t i_ = 0;
  std::optional<JsonSyntaxError> error_;
};

}  // namespace

std::optional<JsonSyntaxError> FindJsonSyntaxError(std::string_view text, std::string_view key) {
  SyntaxCheck check(text);
  return check.Run(key);
}

}  // namespace retention
