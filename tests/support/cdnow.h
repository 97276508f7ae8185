// The CDNOW sample (../shared/data/cdnow/CDNOW_sample.txt) as an order
// table: whitespace-separated columns customer, sample index, YYYYMMDD,
// CDs, dollars; one order per row. Tests that use it skip when the shared
// data is not there.
#pragma once

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "retention/money.h"
#include "retention/orders.h"
#include "support/fixtures.h"

namespace cdnow {

inline std::string SamplePath() {
  return std::string(RETENTION_SHARED_DATA_DIR) + "/cdnow/CDNOW_sample.txt";
}

/// The sample, or nullopt when the file is missing.
inline std::optional<retention::OrderTable> LoadSample() {
  std::ifstream in(SamplePath());
  if (!in) return std::nullopt;
  fixtures::Orders orders;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string customer, index, date, cds, dollars;
    if (!(fields >> customer >> index >> date >> cds >> dollars)) continue;
    int ymd = std::stoi(date);
    retention::MoneyError error;
    auto value = retention::ParseMoney(dollars, &error);
    REQUIRE(value);
    orders.Order(customer, fixtures::Day(ymd / 10000, ymd / 100 % 100, ymd % 100), *value);
  }
  return std::move(orders.table);
}

}  // namespace cdnow

/// Loads the sample into `table`, or says "SKIPPED:" and leaves the test.
#define CDNOW_SAMPLE_OR_SKIP(table)                                      \
  auto table##_loaded = cdnow::LoadSample();                             \
  if (!table##_loaded) {                                                 \
    WARN("SKIPPED: the CDNOW sample is not at " << cdnow::SamplePath()); \
    return;                                                              \
  }                                                                      \
  const retention::OrderTable& table = *table##_loaded
