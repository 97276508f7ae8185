// The order table: what every loader produces and every computation reads.
//
// It is column-oriented and already reduced: lines of one order are merged
// into one order, so its size grows with customers and orders, not with
// input rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "retention/dates.h"
#include "retention/error.h"
#include "retention/money.h"

namespace retention {

/// Index of a customer in OrderTable::customers.
using CustomerIndex = uint32_t;

/// What the loader saw, for warnings and summaries.
struct LoadStats {
  /// Input files read.
  int64_t files = 0;
  /// Data rows read (header excluded, blank lines excluded).
  int64_t rows = 0;
  /// Rows with amount >= 0.
  int64_t purchase_rows = 0;
  /// Rows with amount < 0.
  int64_t refund_rows = 0;
  /// Rows left out of every figure because their customer id was empty.
  int64_t rows_without_customer = 0;
  /// The first such row, to point the user at it.
  Location first_row_without_customer;
  /// The segment column (--by) is the currency column: mixed currencies are
  /// allowed, since every segment is one currency, but an all-customers
  /// total would add them up.
  bool segments_are_currencies = false;
  /// Earliest and latest time of any counted row (valid when rows counted).
  Time first_time = 0;
  Time last_time = 0;
};

/// Orders and amounts of a data set.
///
/// - An *order* is a distinct order id among purchase lines (amount >= 0),
///   or a purchase row when there is no order id. Its time is the earliest
///   time among its lines.
/// - An *amount* is money dated at a time: purchase lines and refunds
///   alike. Lines of one order at one time are merged into one amount.
struct OrderTable {
  /// Customer ids as written in the input, indexed by CustomerIndex.
  std::vector<std::string> customers;

  /// Per order: who placed it.
  std::vector<CustomerIndex> order_customer;
  /// Per order: when (the earliest of its purchase lines).
  std::vector<Time> order_time;

  /// Per amount: whose money it is.
  std::vector<CustomerIndex> amount_customer;
  /// Per amount: when it was booked.
  std::vector<Time> amount_time;
  /// Per amount: the value; negative for refunds.
  std::vector<Money> amount_value;

  /// With a segment column (--by): its distinct values, and per customer
  /// the index of the value on their first order (their acquisition
  /// channel, their first country). Empty without a segment column.
  std::vector<std::string> segments;
  std::vector<uint32_t> customer_segment;

  /// What the loader saw.
  LoadStats stats;

  size_t order_count() const { return order_time.size(); }
  size_t amount_count() const { return amount_time.size(); }
};

}  // namespace retention
