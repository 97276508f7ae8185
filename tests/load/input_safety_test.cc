// No byte of the input reaches a message raw: controls and invalid UTF-8
// are escaped, quotes are cut short, over-long records and NUL bytes are
// errors at their place.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "retention/error.h"
#include "retention/load.h"
#include "retention/validate.h"
#include "support/temp_file.h"

using namespace retention;

namespace {

// True when `text` is valid UTF-8 holding no C0 control, DEL or C1 control.
bool Printable(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n = c >= 0xC2 && c <= 0xDF   ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 0;
    if (n == 0 || i + n > text.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    if (c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) return false;  // C1
    if (c == 0xD8 && static_cast<unsigned char>(text[i + 1]) == 0x9C) return false;
    if (c == 0xE2) {  // bidirectional marks, overrides and isolates
      const auto b = static_cast<unsigned char>(text[i + 1]),
                 d = static_cast<unsigned char>(text[i + 2]);
      if ((b == 0x80 && (d == 0x8E || d == 0x8F || (d >= 0xAA && d <= 0xAE))) ||
          (b == 0x81 && d >= 0xA6 && d <= 0xA9)) {
        return false;
      }
    }
    i += n;
  }
  return true;
}

std::string Hex(unsigned value) {
  static const char kHex[] = "0123456789abcdef";
  return std::string(1, kHex[value >> 4]) + kHex[value & 15];
}

// A byte sequence no message may show raw, and how it must show it.
struct Unsafe {
  std::string bytes;
  std::string shown;
};

std::vector<Unsafe> UnsafeSequences() {
  std::vector<Unsafe> out;
  for (unsigned b = 0x01; b < 0x20; ++b) out.push_back({std::string(1, char(b)), "\\x" + Hex(b)});
  out.push_back({"\x7f", "\\x7f"});
  for (unsigned b = 0x80; b < 0xA0; ++b) {
    out.push_back({std::string("\xC2") + char(b), "\\u00" + Hex(b)});  // C1 control in UTF-8
  }
  for (unsigned b = 0x80; b <= 0xFF; ++b) {
    out.push_back({std::string(1, char(b)), "\\x" + Hex(b)});  // a lone byte: invalid UTF-8
  }
  // Bidirectional controls: marks (U+061C, U+200E, U+200F), overrides
  // (U+202A..U+202E) and isolates (U+2066..U+2069).
  out.push_back({"\xD8\x9C", "\\u061c"});
  out.push_back({"\xE2\x80\x8E", "\\u200e"});
  out.push_back({"\xE2\x80\x8F", "\\u200f"});
  for (unsigned b = 0xAA; b <= 0xAE; ++b) {
    out.push_back({std::string("\xE2\x80") + char(b), "\\u20" + Hex(b - 0x80)});
  }
  for (unsigned b = 0xA6; b <= 0xA9; ++b) {
    out.push_back({std::string("\xE2\x81") + char(b), "\\u20" + Hex(b - 0x40)});
  }
  return out;
}

// A CSV field holding `bytes` between `before` and `after`, quoted so that
// newlines and delimiters stay inside it.
std::string Field(const std::string& before, const std::string& bytes, const std::string& after) {
  return "\"" + before + bytes + after + "\"";
}

struct Case {
  const char* what;
  std::string file_name;
  std::string content;
  LoadOptions options;
  bool validate_quotes_value = true;  // false: validation reports invalid UTF-8 without it
};

std::vector<Case> CasesFor(const Unsafe& u, bool invalid_utf8) {
  const std::string header = "order_id,customer_id,order_date,amount\n";
  std::vector<Case> cases;
  cases.push_back(
      {"header name",
       "orders.csv",
       "order_id," + Field("x", u.bytes, "y") + ",order_date,amount\n" + "A1,C1,2024-01-05,1.00\n",
       {}});
  cases.push_back({"amount",
                   "orders.csv",
                   header + "A1,C1,2024-01-05," + Field("1", u.bytes, "2") + "\n",
                   {},
                   !invalid_utf8});
  cases.push_back({"date",
                   "orders.csv",
                   header + "A1,C1," + Field("2024", u.bytes, "-01-05") + ",1.00\n",
                   {},
                   !invalid_utf8});
  cases.push_back(
      {"customer id",
       "orders.csv",
       header + "A1," + Field("C", u.bytes, "1") + ",2024-01-05,1.00\n" + "A1,C2,2024-01-05,1.00\n",
       {},
       !invalid_utf8});
  cases.push_back({"order id",
                   "orders.csv",
                   header + Field("A", u.bytes, "1") + ",C1,2024-01-05,1.00\n" +
                       Field("A", u.bytes, "1") + ",C2,2024-01-05,1.00\n",
                   {},
                   !invalid_utf8});
  cases.push_back({"currency",
                   "orders.csv",
                   "order_id,customer_id,order_date,amount,currency\n"
                   "A1,C1,2024-01-05,1.00,EUR\n"
                   "A2,C1,2024-01-06,1.00," +
                       Field("U", u.bytes, "SD") + "\n",
                   {},
                   !invalid_utf8});
  Case by{"--by column", "orders.csv", header + "A1,C1,2024-01-05,1.00\n", {}};
  by.options.columns.segment = "seg" + u.bytes + "ment";
  cases.push_back(by);
  if (u.bytes.find('\0') == std::string::npos) {
    cases.push_back(
        {"file name", "orders" + u.bytes + ".csv", header + "A1,C1,2024-01-05,1x\n", {}});
  }
  Case json{"JSON key",
            "orders.ndjson",
            "{\"order_id\":\"A1\",\"customer_id\":\"C1\",\"amount\":1,\"x\\u00" +
                Hex(static_cast<unsigned char>(u.bytes[0])) + "y\":\"2024-01-05\"}\n",
            {}};
  if (u.bytes.size() == 1 && static_cast<unsigned char>(u.bytes[0]) < 0x80) {
    cases.push_back(json);  // JSON text spells controls as \u00NN
  }
  return cases;
}

}  // namespace

TEST_CASE("InputExcerpt escapes controls and invalid UTF-8, keeps the rest") {
  for (const Unsafe& u : UnsafeSequences()) {
    std::string shown = InputExcerpt("a" + u.bytes + "b");
    CHECK(shown == "a" + u.shown + "b");
    CHECK(Printable(shown));
    CHECK(EscapeControls("a" + u.bytes + "b") == shown);
  }
  CHECK(InputExcerpt("Müller € 😀") == "Müller € 😀");
  CHECK(InputExcerpt("\x1b]0;title\x07") == "\\x1b]0;title\\x07");
  CHECK(InputExcerpt("\xED\xA0\x80") == "\\xed\\xa0\\x80");  // a surrogate
  CHECK(InputExcerpt("\xC0\xAF") == "\\xc0\\xaf");           // overlong
}

TEST_CASE("InputExcerpt cuts long text on a character boundary") {
  CHECK(InputExcerpt(std::string(100, 'a'), 10) == "aaaaaaaaaa... (+90 bytes)");
  CHECK(InputExcerpt(std::string(10, 'a'), 10) == "aaaaaaaaaa");
  // "é" is two bytes: never cut in half.
  CHECK(InputExcerpt("aaaaaaaaaé", 10) == "aaaaaaaaa... (+2 bytes)");
  CHECK(InputExcerpt("aaaaaaaa\x1b", 10) == "aaaaaaaa... (+1 bytes)");
  std::string huge(100'000'000, 'x');
  CHECK(InputExcerpt(huge).size() < 120);
}

TEST_CASE("EscapeControls is idempotent on escaped text") {
  std::string once = EscapeControls("a\x1b[2Jb\xff\xC2\x9b");
  CHECK(once == "a\\x1b[2Jb\\xff\\u009b");
  CHECK(EscapeControls(once) == once);
}

TEST_CASE("no message of report or validate shows an input byte raw") {
  for (const Unsafe& u : UnsafeSequences()) {
    bool invalid_utf8 = u.bytes.size() == 1 && static_cast<unsigned char>(u.bytes[0]) >= 0x80;
    for (Case& c : CasesFor(u, invalid_utf8)) {
      INFO(c.what << " holding " << u.shown);
      c.options.threads = 1;
      TempFile file(c.file_name, c.content);
      std::string message;
      try {
        LoadOrders({file.path()}, c.options);
      } catch (const DataError& e) {
        message = e.what();
      }
      INFO("report: " << EscapeControls(message));
      REQUIRE_FALSE(message.empty());
      CHECK(Printable(message));
      CHECK(message.find(u.shown) != std::string::npos);

      ValidateOptions options;
      options.load = c.options;
      options.as_of = CivilDate{2025, 1, 1};
      ValidationReport report = ValidateOrders({file.path()}, options);
      REQUIRE_FALSE(report.diagnostics.empty());
      bool quoted = false;
      for (const Diagnostic& d : report.diagnostics) {
        std::string text = d.ToString();
        INFO("validate: " << EscapeControls(text));
        CHECK(Printable(text));
        quoted = quoted || text.find(u.shown) != std::string::npos;
      }
      if (c.validate_quotes_value) CHECK(quoted);
    }
  }
}

TEST_CASE("a quoted value or header list stays short") {
  std::string long_value(10'000'000, '7');
  std::string message;
  try {
    TempFile file("orders.csv",
                  "order_id,customer_id,order_date,amount\nA1,C1,2024-01-05,x" + long_value + "\n");
    LoadOptions options;
    options.max_line_length = size_t{1} << 25;
    LoadOrders({file.path()}, options);
  } catch (const DataError& e) {
    message = e.what();
  }
  CHECK_FALSE(message.empty());
  CHECK(message.size() < 400);

  std::string header = "order_id,order_date,amount";
  for (int i = 0; i < 1000; ++i) header += ",column_with_a_long_name_" + std::to_string(i);
  header += "," + std::string(100'000, 'h');
  message.clear();
  try {
    TempFile file("orders.csv", header + "\n");
    LoadOrders({file.path()}, LoadOptions());
  } catch (const DataError& e) {
    message = e.what();
  }
  CHECK(message.find("no customer id column found") != std::string::npos);
  CHECK(message.size() < 800);
}
