// postgresql:// sources: the password leaves the URI before anything can
// show it. Reading from a server is tested on a real one
// (tests/sql/postgres_source_test.sh).
#include "input/postgres_source.h"

#include <catch2/catch.hpp>

#include "retention/error.h"

using namespace retention;

TEST_CASE("postgresql URIs are told from file names") {
  CHECK(IsPostgresUri("postgresql://u@h/db"));
  CHECK(IsPostgresUri("postgres://h/db"));
  CHECK_FALSE(IsPostgresUri("orders.csv"));
  CHECK_FALSE(IsPostgresUri("./postgresql://x"));
}

TEST_CASE("the password is taken out of the URI") {
  CHECK(HidePostgresPassword("postgresql://ann:s3cr%40t@db.example.com:5433/shop") ==
        "postgresql://ann@db.example.com:5433/shop");
  CHECK(HidePostgresPassword("postgresql://ann@/shop?host=/tmp/s&password=pw&sslmode=disable") ==
        "postgresql://ann@/shop?host=/tmp/s&sslmode=disable");
  CHECK(HidePostgresPassword("postgresql://h/db?password=pw") == "postgresql://h/db");
  // Nothing to hide: unchanged, and file names are never touched.
  CHECK(HidePostgresPassword("postgresql://ann@h/db") == "postgresql://ann@h/db");
  CHECK(HidePostgresPassword("user:pw@file.csv") == "user:pw@file.csv");
}

TEST_CASE("a table name (--table) becomes a quoted SELECT") {
  CHECK(SelectAllFrom("orders") == "SELECT * FROM \"orders\"");
  CHECK(SelectAllFrom("shop.Order \"Lines\"") == "SELECT * FROM \"shop\".\"Order \"\"Lines\"\"\"");
}

TEST_CASE("a server that is not there is one DataError") {
  try {
    OpenPostgres("postgresql://nobody@/db?host=/nonexistent-dir&port=1", "SELECT 1");
    FAIL("no error");
  } catch (const DataError& e) {
    const std::string text = e.what();
    CHECK(text.find("cannot connect") != std::string::npos);
    CHECK(text.find('\n') == std::string::npos);
  }
  CHECK_THROWS_AS(OpenPostgres("postgresql://h/db", ""), UsageError);
}
