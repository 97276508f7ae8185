// ValidateOrders: every problem, located, counted; limits and strictness.
#include "retention/validate.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>

#include "temp_file.h"

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

TEST_CASE("future dates are errors relative to as_of") {
  ValidateOptions options;
  options.as_of = {2024, 1, 31};
  ValidationReport r =
      Validate("customer,date,amount\nC,2024-01-31T23:59:59Z,1\nC,2024-02-01,1\n", options);
  REQUIRE(r.errors == 1);
  CHECK(r.diagnostics[0].where.line == 3);
}
