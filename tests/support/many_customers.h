// A purchase history of many customers, drawn from a fixed seed: enough
// distinct (x, t_x, T) that the CLV fits and predictions split their work
// into several chunks, so thread counts can be compared on it.
#pragma once

#include <cstdint>
#include <string>

#include "support/fixtures.h"

namespace fixtures {

/// `customers` customers over the `days` days from `start` (2023-2024 by
/// default), each with 1 to 12 order days (some of them repeated, to be
/// merged), amounts from 5.00 to 204.99.
inline Orders ManyCustomers(int customers, uint64_t seed = 1,
                            retention::Time start = Day(2023, 1, 1), uint64_t days = 731) {
  Orders o;
  uint64_t state = seed;
  auto next = [&state](uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  for (int c = 0; c < customers; ++c) {
    const std::string id = "cus_" + std::to_string(c);
    const uint64_t first = next(days - 31), orders = 1 + next(next(4) == 0 ? 12 : 3);
    for (uint64_t k = 0; k < orders; ++k) {
      const uint64_t day = k == 0 ? first : first + next(days - first);
      o.Order(id, start + static_cast<retention::Time>(day) * 86400,
              Cents(500 + static_cast<int64_t>(next(20000))));
    }
  }
  return o;
}

}  // namespace fixtures
