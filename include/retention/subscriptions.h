// Subscriptions: contracts with a start and an optional end, the
// contractual definition of activity in docs/metrics.md ("Subscriptions").
//
// A customer is active at instant t when one of their contracts runs at t:
// start <= t < end. The end is exclusive: a contract that ends on
// 2024-03-01 stops at the first instant of that day, so the customer is
// active through 2024-02-29 and not on 2024-03-01. A contract without an
// end is still running.
//
// At a period boundary the first instant of a contract belongs to the
// period it starts in, as an order's time does: a contract starting exactly
// at t0 makes its customer new in the period, not also active at its start.
// So "active at t0 / t1" is start < t < end, S and N never share a
// customer, and E of one period equals S of the next (docs/metrics.md,
// "Subscriptions").
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "retention/dates.h"
#include "retention/error.h"
#include "retention/load.h"
#include "retention/orders.h"

namespace retention {

/// The end of a contract that has not ended (an empty end value).
inline constexpr Time kOpenEnded = std::numeric_limits<Time>::max();

/// What the subscription loader saw.
struct SubscriptionStats {
  /// Input files read.
  int64_t files = 0;
  /// Data rows read (header and blank lines excluded).
  int64_t rows = 0;
  /// Contracts kept (rows with a customer and start < end).
  int64_t contracts = 0;
  /// Contracts without an end.
  int64_t open_contracts = 0;
  /// Rows whose end equals their start: a contract that never ran. They
  /// are left out (the customer is never active through them, and they do
  /// not count as a first start).
  int64_t empty_contracts = 0;
  /// Rows a Stripe export marks incomplete or incomplete_expired: never
  /// paid for, so never running. Left out.
  int64_t never_started = 0;
  /// Rows left out because their customer id was empty, and the first one.
  int64_t rows_without_customer = 0;
  Location first_row_without_customer;
};

/// Contracts of a data set, in columns, one entry per contract kept.
struct SubscriptionTable {
  /// Customer ids as written in the input, indexed by CustomerIndex. These
  /// indices are the table's own: an OrderTable of the same customers
  /// numbers them differently, so the two are matched by id string.
  std::vector<std::string> customers;
  /// Per contract: whose it is.
  std::vector<CustomerIndex> customer;
  /// Per contract: the first instant it is active.
  std::vector<Time> start;
  /// Per contract: the first instant it is no longer active (exclusive);
  /// kOpenEnded when it has not ended. Always > start.
  std::vector<Time> end;

  /// What the loader saw.
  SubscriptionStats stats;

  size_t contract_count() const { return start.size(); }
};

/// Which input column holds what. An empty name means "find it among the
/// usual header names" (case-insensitive, ignoring spaces, '_', '-', '.'):
///   customer: customer_id, customer, client_id, user_id, account_id,
///             subscriber_id, member_id, ...
///   start:    start, start_date, started_at, starts_at, begin,
///             subscription_start, signup_date, created_at, ...
///   end:      end, end_date, ended_at, ends_at, cancelled_at, canceled_at,
///             churned_at, subscription_end, cancellation_date, ...
/// A name may also be a 1-based column number ("3"), which is how files
/// without a header are mapped. The end column must exist; an empty value
/// in it means the contract is still running.
///
/// Messages name the flags `--subscription-customer-col`, `--start-col`
/// and `--end-col`.
struct SubscriptionColumns {
  std::string customer;
  std::string start;
  std::string end;
};

/// Reads every file ("-" is standard input; gzip is decompressed) as one
/// set of contracts. CSV, JSON arrays and NDJSON are read like order files:
/// `options.format` (kAuto: from the extension, else the first bytes),
/// `options.delimiter`, `options.header`, `options.date_format`,
/// `options.time_zone` and `options.strict` apply; `options.columns` does
/// not (see `columns`). A date without a time is the start of that day, so
/// an end date of 2024-03-01 means the contract stops when that day begins.
///
/// Throws DataError with file, line and column for an unreadable date, a
/// missing start, an end before its start, a missing column (naming the
/// header and the flag), and with `options.strict` an empty customer id
/// (otherwise such rows are left out and counted in the stats).
SubscriptionTable LoadSubscriptions(const std::vector<std::string>& paths,
                                    const LoadOptions& options, const SubscriptionColumns& columns);

/// Each customer's contracts merged into disjoint intervals: overlapping
/// or back-to-back contracts ([a, b) and [b, c)) are one continuous
/// relationship [a, c). Customer c (an index of the table) owns intervals
/// [offsets[c], offsets[c + 1]), sorted by start, each with start < end
/// and separated from the next by a gap.
struct ActivityIntervals {
  std::vector<size_t> offsets;
  std::vector<Time> start;
  std::vector<Time> end;

  size_t customer_count() const { return offsets.empty() ? 0 : offsets.size() - 1; }
};

/// Merges the contracts of `table`, dropping those that start on or after
/// `until` (for MetricsOptions::known_through; the default keeps all) and
/// taking those that end on or after it as running: neither was known
/// before `until`.
ActivityIntervals MergeContracts(const SubscriptionTable& table,
                                 Time until = std::numeric_limits<Time>::max());

}  // namespace retention
