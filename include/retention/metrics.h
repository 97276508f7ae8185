// Retention figures for periods: the definitions of docs/metrics.md in code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "retention/money.h"
#include "retention/orders.h"
#include "retention/period.h"

namespace retention {

struct SubscriptionTable;  // retention/subscriptions.h

/// What to compute besides the periods themselves.
struct MetricsOptions {
  /// The activity window W. Unset: one period long (active at the start of
  /// March means "ordered in February").
  std::optional<Window> window;
  /// Gross margin as a fraction, for CLV.
  double margin = 1.0;
  /// Expected customer lifespan in periods, for CLV. Unset: 1 / churn_rate.
  std::optional<double> lifespan;
  /// "Today", to mark periods that are not over yet. Set it: the default
  /// is 1970-01-01, not today (the CLI's default), and every period would
  /// be partial.
  CivilDate as_of;
  /// When set, the moment of the run, as local time of the reporting zone:
  /// a period not ended by then is not over either. The default as_of is
  /// the local day, which may run ahead of the reporting zone's (00:30 on
  /// July 1 in Tokyo is June 30 in UTC).
  std::optional<Time> now;
  /// When set, only orders and amounts dated on or before this day count:
  /// the figures as they were known that day, so a report with a past
  /// --as-of gives the same numbers whatever was added to the data since.
  /// The CLI sets it to as_of (as ComputeCohorts always leaves out what
  /// comes after its as_of); unset, every order counts.
  std::optional<CivilDate> known_through;
};

/// Throws UsageError when an option is out of range: margin above 0 and at
/// most 1, lifespan above 0 and below a million, a window of 1 to 10000
/// units. Every function taking MetricsOptions checks them; a caller may
/// check them before loading data. Messages name the CLI's flags.
void CheckMetricsOptions(const MetricsOptions& options);

/// Where S, E, N, L and R come from.
enum class ActivitySource {
  /// Orders: active at t when they have an order in [t - W, t).
  kOrders,
  /// Contracts: active at t when a contract runs at t (start <= t < end;
  /// at a period boundary start < t < end).
  kSubscriptions,
};

/// Every figure of one period [start, end).
///
/// A customer is *active at t* when they have an order in [t - W, t), or,
/// with `activity == kSubscriptions`, when one of their contracts runs at
/// t (start < t < end at a period boundary; see ComputeSubscriptionMetrics).
struct PeriodMetrics {
  /// The period.
  Period period;
  /// The activity window used (orders only; with subscriptions there is
  /// none, and this holds one period, unused).
  Window window;
  /// Where activity comes from.
  ActivitySource activity = ActivitySource::kOrders;
  /// False when there is no order data (subscriptions without an orders
  /// file). The order-based figures are then unknown: customers_active,
  /// orders, revenue, customers_repeat and customers_returning hold 0 but
  /// mean "no data" and should be shown as null, and every order-based
  /// rate (repeat_rate, returning_rate, purchase_frequency, aov, clv) is
  /// null. S, E, N, L, R, churn_rate and retention_rate are unaffected.
  bool has_orders = true;
  /// The period is not over on `as_of`.
  bool partial = false;
  /// The segment these figures are for (--by); unset for all customers.
  std::optional<std::string> segment;

  /// S: active at start.
  int64_t customers_start = 0;
  /// E: active at end.
  int64_t customers_end = 0;
  /// N: first order ever (first contract start) falls in the period.
  int64_t customers_new = 0;
  /// L: active at start, not active at end.
  int64_t customers_lost = 0;
  /// R: first order (first start) before the period, not active at start,
  /// active at end.
  int64_t customers_reactivated = 0;
  /// C: at least one order in the period.
  int64_t customers_active = 0;
  /// O: orders whose time falls in the period.
  int64_t orders = 0;
  /// Sum of every amount (purchases and refunds) dated in the period.
  Money revenue;
  /// Customers with two or more orders in the period.
  int64_t customers_repeat = 0;
  /// Customers with an order in the period whose first order was before it.
  int64_t customers_returning = 0;

  /// L / S.
  std::optional<double> churn_rate;
  /// (E - N) / S. Counts reactivated customers as retained, so it can
  /// differ from 1 - churn_rate by R / S and exceed 1.
  std::optional<double> retention_rate;
  /// customers_repeat / C.
  std::optional<double> repeat_rate;
  /// customers_returning / C.
  std::optional<double> returning_rate;
  /// O / C.
  std::optional<double> purchase_frequency;
  /// revenue / O, rounded to 1/10000.
  std::optional<Money> aov;
  /// aov x purchase_frequency x margin x lifespan; null when the lifespan
  /// is unknown or infinite (no churn and no --lifespan).
  std::optional<Money> clv;
  /// The lifespan CLV used, in periods.
  std::optional<double> lifespan;
};

/// Figures for each period, in one pass over the table. Periods may be
/// given in any order and may overlap; each is computed on its own terms
/// and equals what a single-period call would return.
std::vector<PeriodMetrics> ComputeMetrics(const OrderTable& table,
                                          const std::vector<Period>& periods,
                                          const MetricsOptions& options);

/// Figures for each period with the contractual definition of activity
/// (docs/metrics.md, "Subscriptions"):
///
/// - S, E, N, L, R come from `subscriptions`, each customer's contracts
///   merged into continuous relationships (MergeContracts). A customer is
///   active at a boundary t when a contract has start < t < end: a contract
///   runs over [start, end), and one starting exactly at t0 makes its
///   customer new, not also active at t0 (just as an order at t0 does not
///   make its customer active at t0). N counts customers whose first
///   start falls in the period; R those whose first start came before it,
///   with a gap over t0 and a contract running at t1.
///   churn_rate and retention_rate follow from them as usual.
/// - C, O, revenue, customers_repeat, customers_returning and the rates
///   built on them (repeat_rate, returning_rate, purchase_frequency, aov)
///   come from `orders`, exactly as ComputeMetrics computes them on the
///   same table: every order counts, including those of customers without
///   a contract, so revenue matches an orders-only report. Orders are
///   matched to contracts by customer id string. "Returning" keeps its
///   order meaning: a buyer whose first order came before the period.
/// - clv = aov x purchase_frequency x margin x lifespan, with aov and
///   frequency from the orders and lifespan 1 / churn_rate from contracts
///   (or MetricsOptions::lifespan).
/// - Without `orders` (nullptr) every result has has_orders = false: the
///   order-based counts are 0 and their rates null (see has_orders).
///
/// A customer can start and end a contract inside one period: they count
/// in N but not in E, so E = S - L + N + R does not hold in general.
/// MetricsOptions::window must be unset (throws UsageError otherwise).
/// With known_through, contracts starting after that day are left out and
/// those ending after it are taken as running (as known that day), and
/// orders and amounts are cut as in ComputeMetrics.
std::vector<PeriodMetrics> ComputeSubscriptionMetrics(const SubscriptionTable& subscriptions,
                                                      const OrderTable* orders,
                                                      const std::vector<Period>& periods,
                                                      const MetricsOptions& options);

}  // namespace retention
