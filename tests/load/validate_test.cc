// ValidateOrders: every problem, located, counted; limits and strictness.
#include "retention/validate.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <utility>

#include "retention/load.h"
#include "support/temp_file.h"

using namespace retention;

namespace {

ValidationReport Validate(const std::string& content, ValidateOptions options = {}) {
  if (options.as_of == CivilDate{}) options.as_of = CivilDate{2025, 1, 1};
  TempFile file("orders.csv", content);
  return ValidateOrders({file.path()}, options);
}

const char* kBroken =
    "order_id,customer_id,order_date,amount\n"
    "A1,C1,2024-01-05,10.00\n"   // fine
    "A2,,2024-01-06,5.00\n"      // warning: no customer
    "A3,C3,2024-13-01,5.00\n"    // error: date
    "A4,C4,2024-01-07,abc\n"     // error: amount
    "A5,C5,2024-01-08,1.00,x\n"  // error: ragged
    "A1,C1,2024-01-05,10.00\n";  // warning: duplicate of line 2

}  // namespace

TEST_CASE("every problem is found, in order, with its place") {
  ValidationReport r = Validate(kBroken);
  REQUIRE(r.diagnostics.size() == 5);
  CHECK(r.rows == 6);
  CHECK(r.rows_with_problems == 5);
  CHECK(r.errors == 3);
  CHECK(r.warnings == 2);
  CHECK_FALSE(r.stopped_early);
  CHECK(r.diagnostics[0].severity == Severity::kWarning);
  CHECK(r.diagnostics[0].where.line == 3);
  CHECK(r.diagnostics[1].where.line == 4);
  CHECK(r.diagnostics[1].where.column == 7);
  CHECK_THAT(r.diagnostics[1].message, Catch::Contains("2024-13-01"));
  CHECK(r.diagnostics[2].where.line == 5);
  CHECK(r.diagnostics[3].where.line == 6);
  CHECK(r.diagnostics[4].where.line == 7);
  CHECK_THAT(r.diagnostics[4].message, Catch::Contains(":2 exactly"));
  CHECK_THAT(r.diagnostics[1].ToString(),
             Catch::StartsWith("/tmp/retention-test-") && Catch::Contains(":4:7: error: "));
}

TEST_CASE("a clean file has nothing to say") {
  ValidationReport r = Validate("customer,date,amount\nC,2024-01-01,1\nC,2024-01-02,-1\n");
  CHECK(r.diagnostics.empty());
  CHECK(r.rows == 2);
  CHECK(r.errors == 0);
}

TEST_CASE("max_errors stops early") {
  ValidateOptions options;
  options.max_errors = 1;
  ValidationReport r = Validate(kBroken, options);
  CHECK(r.errors == 1);
  CHECK(r.stopped_early);
  CHECK(r.diagnostics.back().where.line == 4);
}

TEST_CASE("strict makes warnings errors") {
  ValidateOptions options;
  options.load.strict = true;
  ValidationReport r = Validate(kBroken, options);
  CHECK(r.warnings == 0);
  CHECK(r.errors == 5);
}

TEST_CASE("files that cannot be read are findings, and the others are still checked") {
  TempFile good("good.csv", "customer,date,amount\nC,2024-01-01,1\n");
  ValidateOptions options;
  options.as_of = {2025, 1, 1};
  ValidationReport r = ValidateOrders({"/nonexistent.csv", good.path()}, options);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].where.file == "/nonexistent.csv");
  CHECK(r.rows == 1);
}

TEST_CASE("duplicates are found across files") {
  TempFile jan("jan.csv", "customer,date,amount\nC,2024-01-31,1\n");
  TempFile again("again.csv", "customer,date,amount\nC,2024-01-31,1\n");
  ValidateOptions options;
  options.as_of = {2025, 1, 1};
  ValidationReport r = ValidateOrders({jan.path(), again.path()}, options);
  REQUIRE(r.warnings == 1);
  CHECK_THAT(r.diagnostics[0].message, Catch::Contains(jan.path() + ":2"));
}

TEST_CASE("dates after as_of are warnings, as a report leaves them out") {
  ValidateOptions options;
  options.as_of = {2024, 1, 31};
  ValidationReport r =
      Validate("customer,date,amount\nC,2024-01-31T23:59:59Z,1\nC,2024-02-01,1\n", options);
  CHECK(r.errors == 0);
  REQUIRE(r.warnings == 1);
  CHECK(r.diagnostics[0].check == Check::kFutureDate);
  CHECK(r.diagnostics[0].where.line == 3);
  // A time moved into --tz onto the next day says which day that is.
  options.load.time_zone = TimeZone::Parse("Pacific/Auckland");
  ValidationReport moved = Validate(
      "customer,date,amount\nC,2024-01-30T10:00:00Z,1\nC,2024-01-31T13:00:00Z,1\n", options);
  REQUIRE(moved.warnings == 1);
  CHECK(moved.diagnostics[0].where.line == 3);
  CHECK_THAT(moved.diagnostics[0].message,
             Catch::Contains("\"2024-01-31T13:00:00Z\" in column 'date' (2024-02-01 in "
                             "Pacific/Auckland) is after --as-of 2024-01-31"));
}

TEST_CASE("no order on or before as_of is an error, as for a report") {
  ValidateOptions options;
  options.as_of = {2024, 1, 31};
  ValidationReport r = Validate("customer,date,amount\nC,2024-02-01,1\n", options);
  REQUIRE(r.errors == 1);
  CHECK_THAT(r.diagnostics.back().message, Catch::StartsWith("no order is dated on or before"));
}

TEST_CASE("a header and no rows is a warning: a report with a period loads it") {
  ValidationReport r = Validate("customer,date,amount\n", {});
  CHECK(r.errors == 0);
  REQUIRE(r.warnings == 1);
  CHECK(r.diagnostics[0].check == Check::kFile);
  CHECK_THAT(r.diagnostics[0].message, Catch::StartsWith("the file holds no rows"));
  ValidateOptions strict;
  strict.load.strict = true;
  CHECK(Validate("customer,date,amount\r\n", strict).errors == 1);
  // One row is enough.
  CHECK(Validate("customer,date,amount\nC,2024-01-01,1\n", {}).diagnostics.empty());
}

TEST_CASE("invalid UTF-8 is an error in the values loading uses, not elsewhere") {
  ValidationReport r =
      Validate("customer,note,date,amount\nC\xff,x,2024-01-01,1\nD,\xff,2024-01-01,1\n");
  REQUIRE(r.errors == 1);
  CHECK(r.diagnostics[0].check == Check::kUtf8);
  CHECK(r.diagnostics[0].where.line == 2);
}

TEST_CASE("findings beyond the first few of a kind are counted, not listed") {
  std::string text = "customer,date,amount\n";
  for (int i = 0; i < 30; ++i) text += "C,2024-01-01,1\n";  // 29 duplicates
  for (int i = 0; i < 12; ++i) text += "C,2024-13-" + std::to_string(10 + i) + ",1\n";
  text += "C,2024-01-02,x\n";  // 1 amount error
  ValidationReport r = Validate(text);
  CHECK(r.rows == 43);
  CHECK(r.warnings == 29);
  CHECK(r.errors == 13);
  CHECK(r.rows_with_problems == 42);
  REQUIRE(r.diagnostics.size() == 21);  // 10 + 10 + 1
  CHECK(r.diagnostics[9].check == Check::kDuplicateRow);
  CHECK(r.diagnostics[9].where.line == 12);
  CHECK(r.diagnostics[10].check == Check::kDate);
  CHECK(r.diagnostics[20].check == Check::kAmount);
  REQUIRE(r.unlisted.size() == 2);
  CHECK(r.unlisted[0].check == Check::kDate);
  CHECK(r.unlisted[0].severity == Severity::kError);
  CHECK(r.unlisted[0].count == 2);
  CHECK(r.unlisted[1].check == Check::kDuplicateRow);
  CHECK(r.unlisted[1].severity == Severity::kWarning);
  CHECK(r.unlisted[1].count == 19);

  // A higher limit lists up to that many.
  ValidateOptions options;
  options.max_errors = 100;
  r = Validate(text, options);
  CHECK(r.diagnostics.size() == 23);
  CHECK(r.unlisted.size() == 1);
}

TEST_CASE("max_warnings stops early, and strict counts duplicates as errors") {
  std::string text = "customer,date,amount\n";
  for (int i = 0; i < 30; ++i) text += "C,2024-01-01,1\n";
  ValidateOptions options;
  options.max_warnings = 3;
  ValidationReport r = Validate(text, options);
  CHECK(r.stopped_early);
  CHECK(r.stopped_by == Severity::kWarning);
  CHECK(r.warnings == 3);
  CHECK(r.rows == 5);  // stopped at the fourth warning, on row 5: there was more
  // The limit reached on the last row: nothing left unchecked.
  r = Validate("customer,date,amount\nC,2024-01-01,1\nC,2024-01-01,1\nC,2024-01-01,1\n", [] {
    ValidateOptions o;
    o.max_warnings = 2;
    return o;
  }());
  CHECK_FALSE(r.stopped_early);
  CHECK(r.warnings == 2);
  options = ValidateOptions();
  options.load.strict = true;
  r = Validate(text, options);
  CHECK(r.errors == 29);
  REQUIRE(r.unlisted.size() == 1);
  CHECK(r.unlisted[0].severity == Severity::kError);
  CHECK(r.unlisted[0].count == 19);
}

TEST_CASE("a row repeats another however either is quoted, and only with the same fields") {
  // Lines 2-4 hold the same fields; 5 and 6 a comma inside a field, which
  // no unquoted line can hold; 7-9 differ from line 2 by where a field ends.
  ValidationReport r = Validate(
      "order,customer,date,amount,note\r\n"
      "A1,C1,2024-01-05,10.00,gift\r\n"
      "\"A1\",\"C1\",\"2024-01-05\",\"10.00\",\"gift\"\r\n"
      "A1,C1,2024-01-05,10.00,\"gift\"\n"
      "A2,C2,2024-01-05,3.00,\"a,b\"\n"
      "A2,C2,2024-01-05,3.00,\"a,b\"\n"
      "A1,C1,2024-01-05,10.00,\"gift,\"\n"
      "A1,C1,2024-01-05,10.00,gift \n"
      "A1,C1,2024-01-05,10.00,\"gift\r\"\n");
  std::vector<int64_t> lines;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.check == Check::kDuplicateRow) lines.push_back(d.where.line);
  }
  CHECK(lines == std::vector<int64_t>{3, 4, 6});
}

TEST_CASE("duplicates are told apart among many distinct rows") {
  // Enough distinct rows to grow the table of row hashes several times.
  std::string text = "order,customer,date,amount\n";
  for (int i = 0; i < 5000; ++i) text += "O" + std::to_string(i) + ",C,2024-01-01,1\n";
  text += "O4321,C,2024-01-01,1\n";
  ValidationReport r = Validate(text);
  CHECK(r.warnings == 1);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK_THAT(r.diagnostics[0].message, Catch::Contains(":4323 exactly"));
  CHECK(r.diagnostics[0].where.line == 5002);
}

namespace {

// A file of `orders` orders, 1 to 3 lines each, over several of the
// loader's blocks, with problems planted at known lines; `expected` gets
// what reading it row by row finds.
std::string PlantedProblems(int orders, ValidationReport* expected) {
  std::string text = "order_id,customer_id,order_date,amount,note\n";
  int64_t line = 1;
  auto add = [&](const std::string& row, int errors, int warnings) {
    text += row + "\n";
    ++line;
    expected->rows += 1;
    expected->errors += errors;
    expected->warnings += warnings;
    if (errors + warnings > 0) ++expected->rows_with_problems;
  };
  std::string last;
  for (int k = 0; k < orders; ++k) {
    std::string order = "#" + std::to_string(1001 + k);
    std::string customer = "customer." + std::to_string(k % 3001) + "@example.com";
    std::string date = "2024-0" + std::to_string(1 + k % 9) + "-1" + std::to_string(k % 10);
    int lines = 1 + k % 3;
    if (k % 997 == 5) {
      add(order + "," + customer + ",2024-13-01,5.00,x", 1, 0);  // a date that does not read
      continue;
    }
    if (k % 1499 == 7) {
      add(last, 0, 1);  // the line before, repeated exactly
    }
    if (k % 2003 == 11) {
      // An earlier order's id with another customer, on each of 3 lines:
      // one error per line, though they merge into one row.
      std::string earlier = "#" + std::to_string(1001 + k - 2);
      for (int i = 0; i < 3; ++i) {
        add(earlier + ",intruder@example.com," + date + "," + std::to_string(i + 1) + ".00,y", 1,
            0);
      }
      continue;
    }
    if (k % 4001 == 13) {
      // After as_of: a warning on every line, though they could merge.
      for (int i = 0; i < 2; ++i) {
        add(order + "," + customer + ",2030-01-01," + std::to_string(i + 1) + ".00,z", 0, 1);
      }
      continue;
    }
    if (k % 5003 == 17) {
      add(order + "," + customer + "," + date + ",1.00,a" + std::string(1, '\0') + "b", 1, 0);
      continue;
    }
    for (int i = 0; i < lines; ++i) {
      std::string note = k % 701 == 3 ? "\"two\nlines\"" : "n" + std::to_string(i);
      last = order + "," + customer + "," + date + "," + std::to_string(10 + i) + ".50," + note;
      add(last, 0, 0);
      if (k % 701 == 3) ++line;
    }
  }
  return text;
}

std::vector<std::string> Listed(const ValidationReport& r) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.diagnostics) out.push_back(d.ToString());
  return out;
}

}  // namespace

TEST_CASE("validating on parse workers finds what row-by-row reading finds, on any thread count") {
  ValidationReport expected;
  const std::string text = PlantedProblems(40000, &expected);
  REQUIRE(text.size() > 3 * (size_t{1} << 19));  // several blocks
  TempFile file("orders.csv", text);
  ValidateOptions options;
  options.as_of = CivilDate{2025, 1, 1};
  options.listed_per_check = 1000000;
  std::vector<std::string> first;
  for (int threads : {1, 2, 4}) {
    INFO("threads " << threads);
    options.load.threads = threads;
    ValidationReport r = ValidateOrders({file.path()}, options);
    CHECK(r.rows == expected.rows);
    CHECK(r.errors == expected.errors);
    CHECK(r.warnings == expected.warnings);
    CHECK(r.rows_with_problems == expected.rows_with_problems);
    REQUIRE(r.diagnostics.size() == static_cast<size_t>(r.errors + r.warnings));
    // In input order.
    for (size_t i = 1; i < r.diagnostics.size(); ++i) {
      CHECK(r.diagnostics[i - 1].where.line <= r.diagnostics[i].where.line);
    }
    if (first.empty()) {
      first = Listed(r);
    } else {
      CHECK(Listed(r) == first);
    }
  }
  // Stopping early stops at the same row on any thread count.
  options.max_errors = 7;
  options.load.threads = 1;
  ValidationReport one = ValidateOrders({file.path()}, options);
  CHECK(one.stopped_early);
  CHECK(one.errors == 7);
  options.load.threads = 3;
  ValidationReport three = ValidateOrders({file.path()}, options);
  CHECK(Listed(three) == Listed(one));
  CHECK(three.rows == one.rows);
  CHECK(three.rows_with_problems == one.rows_with_problems);
}

namespace {

// `count` distinct rows of order_id,customer_id,order_date,amount, e-mail
// customers and offset times, about 60 bytes each.
std::vector<std::string> DistinctRows(int count) {
  std::vector<std::string> rows;
  for (int i = 0; i < count; ++i) {
    rows.push_back("#" + std::to_string(100000 + i) + ",customer." + std::to_string(i % 977) +
                   "@example.com,2024-03-0" + std::to_string(1 + i % 9) + "T10:00:00+02:00," +
                   std::to_string(i % 50 + 1) + ".25");
  }
  return rows;
}

}  // namespace

TEST_CASE("a row repeated blocks apart names its first line on any thread count") {
  // Line 3 reappears on line 60003, blocks later, and line 60002's row on
  // line 2 (so the first of that pair is near the top): whichever block a
  // worker adds first, each repeat names the earlier line.
  const std::vector<std::string> rows = DistinctRows(60000);
  std::string text = "order_id,customer_id,order_date,amount\n" + rows[59999] + "\n";
  for (const std::string& row : rows) text += row + "\n";
  text += rows[1] + "\n";
  REQUIRE(text.size() > 4 * (size_t{1} << 19));
  TempFile file("orders.csv", text);
  for (int threads : {1, 2, 4}) {
    INFO("threads " << threads);
    ValidateOptions options;
    options.as_of = CivilDate{2025, 1, 1};
    options.load.threads = threads;
    ValidationReport r = ValidateOrders({file.path()}, options);
    CHECK(r.warnings == 2);
    REQUIRE(r.diagnostics.size() == 2);
    CHECK(r.diagnostics[0].where.line == 60002);
    CHECK_THAT(r.diagnostics[0].message, Catch::Contains("orders.csv:2 exactly"));
    CHECK(r.diagnostics[1].where.line == 60003);
    CHECK_THAT(r.diagnostics[1].message, Catch::Contains("orders.csv:4 exactly"));
  }
}

TEST_CASE("rows after an error that ends a file are not remembered for the next file") {
  // a.csv's line 1002 is too long, which ends the file; rows after it that
  // workers parsed ahead must not make b.csv's copy of them a repeat.
  const std::vector<std::string> rows = DistinctRows(60000);
  std::string a = "order_id,customer_id,order_date,amount\n";
  for (int i = 0; i < 60000; ++i) {
    if (i == 1000) a += "#x,c@example.com,2024-03-01," + std::string(3000, '9') + "\n";
    a += rows[i] + "\n";
  }
  REQUIRE(a.size() > 4 * (size_t{1} << 19));
  TempFile file_a("a.csv", a);
  TempFile file_b("b.csv", "order_id,customer_id,order_date,amount\n" + rows[15000] + "\n" +
                               rows[30000] + "\n");
  for (int threads : {1, 2, 4}) {
    INFO("threads " << threads);
    ValidateOptions options;
    options.as_of = CivilDate{2025, 1, 1};
    options.load.threads = threads;
    options.load.max_line_length = 2000;
    ValidationReport r = ValidateOrders({file_a.path(), file_b.path()}, options);
    CHECK(r.errors == 1);
    CHECK(r.warnings == 0);
  }
}

TEST_CASE("lines merged into one row are still checked one by one, refunds on their own line") {
  // Lines 3-5 repeat an order on a later date (a warning each), lines 6-7
  // name another customer for it (an error each), line 9 repeats line 8.
  const std::string dates =
      "customer_id,order_id,order_date,amount\n"
      "C1,O1,2024-01-01,10\n"
      "C1,O1,2024-01-02,5\n"
      "C1,O1,2024-01-02,6\n"
      "C1,O1,2024-01-02,7\n"
      "C2,O1,2024-01-03,1\n"
      "C2,O1,2024-01-03,2\n"
      "C1,O2,2024-01-05,1\n"
      "C1,O2,2024-01-05,1\n";
  // A Stripe export: each line's refund is a row of its own, on its line.
  const std::string refunds =
      "id,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer ID\n"
      "ch_A,2024-03-05 14:31,10.00,0.00,usd,Paid,cus_X\n"
      "ch_A,2024-03-05 14:31,5.00,0.00,usd,Paid,cus_Y\n"
      "ch_A,2024-03-05 14:31,6.00,2.00,usd,Paid,cus_Y\n";
  for (int threads : {1, 3}) {
    INFO("threads " << threads);
    ValidateOptions options;
    options.load.threads = threads;
    ValidationReport r = Validate(dates, options);
    std::vector<int64_t> lines;
    for (const Diagnostic& d : r.diagnostics) lines.push_back(d.where.line);
    CHECK(lines == std::vector<int64_t>{3, 4, 5, 6, 7, 9});
    CHECK(r.warnings == 4);
    CHECK(r.errors == 2);
    CHECK(r.rows_with_problems == 6);

    // Lines dated before the order's first move it to their date: the
    // first is remarked, the next on that date no longer.
    r = Validate(
        "customer_id,order_id,order_date,amount\n"
        "C4,O4,2024-01-08,1\n"
        "C4,O4,2024-01-04,2\n"
        "C4,O4,2024-01-04,3\n",
        options);
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].where.line == 3);

    r = Validate(refunds, options);
    lines.clear();
    for (const Diagnostic& d : r.diagnostics) lines.push_back(d.where.line);
    CHECK(lines == std::vector<int64_t>{3, 4, 4});  // line 4 and its refund
    CHECK(r.errors == 3);
    CHECK(r.rows_with_problems == 2);
  }
}

TEST_CASE("a file truncated while it is validated: that is the error, listed first") {
  // The rows past the new end read as zeros: errors of bytes that are not
  // the file's. Whether they stop the check (--max-errors) or not, the
  // change of size is what validation reports first.
  std::string content = "order_id,customer_id,order_date,amount\n";
  for (int i = 0; i < 200000; ++i)
    content += std::to_string(i) + ",C" + std::to_string(i % 977) + ",2024-01-05,1.00\n";
  // Cut at the first progress report (the first 256 KB peeked at, the rest
  // not read yet: reading ended early without a sign, and the file passed),
  // or once rows are being read (the rest reads as zeros).
  for (auto [max_errors, cut_at] : {std::pair{0, 0}, {2, 0}, {0, 4096}, {2, 4096}}) {
    TempFile file("shrinking.csv", content);
    ValidateOptions options;
    options.as_of = CivilDate{2025, 1, 1};
    options.max_errors = max_errors;
    options.load.threads = 1;
    const std::string path = file.path();
    bool cut = false;
    options.load.progress = [&path, &cut, cut_at = cut_at](const LoadProgress& p) {
      if (!p.finished && !cut && p.rows >= cut_at) cut = truncate(path.c_str(), 1000) == 0;
    };
    const ValidationReport r = ValidateOrders({path}, options);
    INFO("--max-errors " << max_errors << ", cut at row " << cut_at);
    REQUIRE_FALSE(r.diagnostics.empty());
    CHECK(r.diagnostics[0].message.find("changed size while it was read") != std::string::npos);
    CHECK(r.errors >= 1);
    CHECK(cut);
  }
}

TEST_CASE("a file cut before its rows were read stops a report too") {
  // Only the first 256 KB had been read to tell the format: reading on
  // found the end early, and the report counted a twentieth of the rows.
  std::string content = "order_id,customer_id,order_date,amount\n";
  for (int i = 0; i < 200000; ++i) {
    content += std::to_string(i) + ",C" + std::to_string(i % 977) + ",2024-01-05,1.00\n";
  }
  TempFile file("cut.csv", content);
  const std::string path = file.path();
  LoadOptions options;
  bool cut = false;
  options.progress = [&path, &cut](const LoadProgress& p) {
    if (!p.finished && !cut) cut = truncate(path.c_str(), 1000) == 0;
  };
  CHECK_THROWS_WITH(LoadOrders({path}, options),
                    Catch::Contains("changed size while it was read (was " +
                                    std::to_string(content.size()) + " bytes, now 1000)"));
  CHECK(cut);
}

TEST_CASE("what the progress callback throws reaches the caller: a way to cancel") {
  std::string content = "order_id,customer_id,order_date,amount\n";
  for (int i = 0; i < 200000; ++i) {
    content += std::to_string(i) + ",C" + std::to_string(i % 977) + ",2024-01-05,1.00\n";
  }
  TempFile file("cancelled.csv", content);
  struct Cancelled {
    bool finished;
  };
  for (int threads : {1, 2}) {
    INFO(threads << " threads");
    LoadOptions options;
    options.threads = threads;
    // While rows are read: the call when loading ends must not end the
    // process while that exception is on its way.
    options.progress = [](const LoadProgress& p) { throw Cancelled{p.finished}; };
    bool caught = false;
    try {
      LoadOrders({file.path()}, options);
    } catch (const Cancelled& c) {
      caught = !c.finished;
    }
    CHECK(caught);
    // Only when loading ends.
    options.progress = [](const LoadProgress& p) {
      if (p.finished) throw Cancelled{true};
    };
    caught = false;
    try {
      LoadOrders({file.path()}, options);
    } catch (const Cancelled& c) {
      caught = c.finished;
    }
    CHECK(caught);
  }
}
