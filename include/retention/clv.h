// Predictive customer lifetime value: the BG/NBD model of repeat purchases
// and the Gamma-Gamma model of spend per transaction, fitted to each
// customer's recency, frequency and monetary value (docs/clv.md).
//
// The flow: SummarizeRfm (order table -> one summary per customer),
// FitBgNbd and FitGammaGamma (summaries -> parameters), PredictClv
// (parameters -> per-customer figures), CheckHoldout (predictions against
// what happened after the calibration end). ComputeClv runs all of them.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retention/dates.h"
#include "retention/money.h"
#include "retention/orders.h"

namespace retention {

/// The unit in which recency, age and the models' rates are measured.
enum class ClvTimeUnit { kDay, kWeek, kMonth };

/// Days in one unit: 1, 7, or 30.4375 (an average Gregorian month).
double DaysPerUnit(ClvTimeUnit unit);
/// "day", "week", "month".
std::string_view TimeUnitName(ClvTimeUnit unit);
/// "day", "week" or "month"; nullopt otherwise.
std::optional<ClvTimeUnit> ParseTimeUnit(std::string_view text);

// ---------------------------------------------------------------------------
// Per-customer summary

/// The windows of the summary. Days are those of the reporting time zone.
struct RfmOptions {
  /// The last day of the calibration window (included). Transactions on or
  /// before it are what the models are fitted on; age is measured to it.
  CivilDate calibration_end;
  /// The last day of the holdout window (included), after the calibration
  /// end: what actually happened there is compared with the predictions.
  std::optional<CivilDate> holdout_end;
  /// The last day known (--as-of): orders after it are in no figure, nor
  /// counted as customers who came after the calibration end.
  std::optional<CivilDate> known_until;
  /// Unit of recency and age.
  ClvTimeUnit unit = ClvTimeUnit::kWeek;
  /// Threads for the per-customer work (0: every core). The summary is the
  /// same for any number.
  int threads = 0;
};

/// One customer as the models see them. A *transaction* is a day with at
/// least one order of the customer: orders of one day are one transaction
/// with their amounts summed.
struct CustomerRfm {
  /// The customer.
  CustomerIndex customer = 0;
  /// x: repeat transactions (transaction days after the first) in the
  /// calibration window.
  int64_t frequency = 0;
  /// Day (days since 1970-01-01) of the first and the last transaction.
  int64_t first_day = 0;
  int64_t last_day = 0;
  /// t_x: time from the first to the last transaction, in units.
  double recency = 0;
  /// T: time from the first transaction to the calibration end, in units.
  double age = 0;
  /// Sum of the repeat transactions' values (the first excluded), exact.
  Money repeat_value;
  /// repeat_value / frequency in currency units; 0 without repeats.
  double monetary = 0;
  /// Transaction days in the holdout window.
  int64_t holdout_transactions = 0;
  /// Every amount (orders, lines, refunds) dated in the holdout window.
  Money holdout_value;
};

/// Monetary value as outputs give it: undefined (NaN, printed null, empty
/// or n/a) for a customer without a repeat transaction, where
/// CustomerRfm::monetary is 0 for the models; a column's mean would
/// count that 0.
inline double RepeatMean(const CustomerRfm& c) {
  return c.frequency > 0 ? c.monetary : std::numeric_limits<double>::quiet_NaN();
}

/// The summaries of every customer with a transaction in the calibration
/// window, and what was left out.
struct RfmSummary {
  RfmOptions options;
  /// One per customer of the model, in order of customer index: not
  /// indexed by it (customers without a calibration transaction have none),
  /// CustomerRfm::customer says whose.
  std::vector<CustomerRfm> customers;
  /// Customers whose first transaction came after the calibration end
  /// (and by RfmOptions::known_until).
  int64_t customers_after_calibration = 0;
  /// Refunds and order lines dated before their customer's first
  /// transaction: there is no transaction they can belong to.
  int64_t amounts_without_transaction = 0;
  /// Holdout length in units (0 without a holdout window).
  double holdout_length = 0;
  /// With a holdout window: repeat transactions of the summarized customers
  /// per unit, from the unit of the first transaction to the holdout end.
  /// Units are counted from the calibration end: unit k holds the days in
  /// (end + (k - 1) units, end + k units], and sits at index
  /// k + calibration_units - 1 (k <= 0 in the calibration window, the first
  /// of which may be partial; 1, 2, ... in the holdout).
  std::vector<int64_t> repeats_by_unit;
  int64_t calibration_units = 0;
};

/// One summary per customer. Values of one day are summed exactly; a refund
/// or an order line booked apart from its order (OrderTable amounts) lowers
/// or raises the customer's transaction of its day, else their last
/// transaction before it (the table keeps no order id for them).
/// Throws DataError when no customer has a transaction on or before the
/// calibration end, UsageError when the holdout end is not after it.
RfmSummary SummarizeRfm(const OrderTable& table, const RfmOptions& options);

// ---------------------------------------------------------------------------
// Fits

/// How a maximum-likelihood fit went.
struct FitReport {
  /// The optimizer stopped at a point where the gradient vanishes.
  bool converged = false;
  /// Objective and gradient evaluations on all the customers (a search
  /// of the starting points on a sample of large data not counted).
  int64_t iterations = 0;
  /// Starting points tried.
  int starts = 0;
  /// The log-likelihood at the estimate.
  double log_likelihood = 0;
  /// Norm of the gradient of the mean log-likelihood with respect to the
  /// log parameters, at the estimate.
  double gradient_norm = 0;
  /// Parameters that ran to a boundary (0 or infinity), or whose standard
  /// error is over 100 times the estimate (on their way there): the data
  /// does not identify them, and their values are not estimates.
  std::vector<std::string> not_identified;
};

/// BG/NBD parameters: purchase rates are Gamma(r, alpha) across customers,
/// the probability of dropping out after a transaction is Beta(a, b).
struct BgNbdParams {
  double r = 1, alpha = 1, a = 1, b = 1;
};

/// A fitted BG/NBD model.
struct BgNbdFit {
  BgNbdParams params;
  /// From the inverse of the observed information (numerical Hessian);
  /// unset when it is not positive definite; NaN for a parameter not
  /// identified (FitReport::not_identified).
  std::optional<BgNbdParams> standard_errors;
  FitReport fit;
  /// Customers fitted, and the distinct (x, t_x, T) they reduce to.
  int64_t customers = 0;
  int64_t distinct_summaries = 0;
};

/// Maximum likelihood on all summaries, the likelihood summed on `threads`
/// threads (0: every core; the fit is the same for any number). Throws
/// DataError when nobody has a repeat transaction (the model cannot tell
/// buying from dropping out).
BgNbdFit FitBgNbd(const std::vector<CustomerRfm>& customers, int threads = 0);

/// Log-likelihood of one customer (x, t_x, T).
double BgNbdLogLikelihood(const BgNbdParams& p, double x, double t_x, double T);
/// P(alive at T | x, t_x, T): the probability the customer has not dropped
/// out. 1 without repeat transactions (the model lets customers drop out
/// only right after a purchase).
double BgNbdProbabilityAlive(const BgNbdParams& p, double x, double t_x, double T);
/// E[repeat transactions in (T, T + t] | x, t_x, T].
double BgNbdExpectedTransactions(const BgNbdParams& p, double x, double t_x, double T, double t);
/// E[repeat transactions in (0, t]] of a new customer.
double BgNbdExpectedTransactionsNew(const BgNbdParams& p, double t);
/// Gauss's hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1, by its
/// series: NaN where that takes over 2 million terms (z near 1).
double Hypergeometric2F1(double a, double b, double c, double z);

/// Gamma-Gamma parameters: spend per transaction is Gamma(p, nu) around a
/// customer's mean, nu is Gamma(q, v) across customers.
struct GammaGammaParams {
  double p = 1, q = 1, v = 1;
};

/// A fitted Gamma-Gamma model.
struct GammaGammaFit {
  GammaGammaParams params;
  /// As BgNbdFit::standard_errors.
  std::optional<GammaGammaParams> standard_errors;
  FitReport fit;
  /// Repeat customers with a positive monetary value: the fit's data.
  int64_t customers_used = 0;
  /// Repeat customers left out because their repeat transactions sum to
  /// zero or less (refunds), and the first few of them.
  int64_t customers_not_positive = 0;
  std::vector<CustomerIndex> examples_not_positive;
  /// Pearson correlation of frequency and monetary value among the
  /// customers used; the model assumes they are independent.
  std::optional<double> frequency_monetary_correlation;
};

/// Maximum likelihood on repeat customers with monetary value > 0, on
/// `threads` threads as FitBgNbd. Throws DataError when there are none.
GammaGammaFit FitGammaGamma(const std::vector<CustomerRfm>& customers, int threads = 0);

/// Log-likelihood of one customer's mean repeat spend `m` over `x` > 0.
double GammaGammaLogLikelihood(const GammaGammaParams& p, double x, double m);
/// E[spend per transaction | x, m]: a weighted mean of the population mean
/// v p / (q - 1) and the customer's own mean. The population mean without
/// repeats; infinite when q <= 1.
double GammaGammaExpectedSpend(const GammaGammaParams& p, double x, double m);

// ---------------------------------------------------------------------------
// Predictions

/// What CLV is computed over.
struct ClvOptions {
  /// Length of the prediction, in days (> 0).
  double horizon_days = 365.25;
  /// Gross margin as a fraction of spend.
  double margin = 1.0;
  /// Annual discount rate (0.1 = 10%).
  double annual_discount_rate = 0.0;
  /// Threads for the fits and the predictions (0: every core). The
  /// figures are the same for any number.
  int threads = 0;
};

/// The predictions for one customer.
struct CustomerClv {
  CustomerIndex customer = 0;
  /// Probability of being alive at the calibration end.
  double p_alive = 1;
  /// Expected repeat transactions over the horizon.
  double expected_transactions = 0;
  /// Expected spend per transaction.
  double expected_spend = 0;
  /// margin x expected spend x discounted expected transactions.
  double clv = 0;
};

/// Figures of the whole customer base over the horizon.
struct ClvTotals {
  int64_t customers = 0;
  /// Sum of P(alive): the customers expected to be alive.
  double expected_alive = 0;
  /// Customers with P(alive) >= 0.5.
  int64_t likely_alive = 0;
  double expected_transactions = 0;
  /// Expected spend over the horizon, undiscounted, before margin.
  double expected_revenue = 0;
  /// Sum of CLV.
  double clv = 0;
};

/// One prediction per summary (same order), and the totals.
std::vector<CustomerClv> PredictClv(const RfmSummary& rfm, const BgNbdFit& bgnbd,
                                    const GammaGammaFit& gamma_gamma, const ClvOptions& options,
                                    ClvTotals* totals);

// ---------------------------------------------------------------------------
// Holdout

/// Customers with one calibration frequency (the last row: that or more).
struct HoldoutFrequencyRow {
  int64_t frequency = 0;
  bool or_more = false;
  int64_t customers = 0;
  /// Mean per customer of predicted and actual holdout transactions (NaN,
  /// as the spends, when no customer has this frequency).
  double predicted = 0;
  double actual = 0;
  /// Mean per customer of predicted and actual holdout spend.
  double predicted_spend = 0;
  double actual_spend = 0;
};

/// Cumulative repeat transactions of the model's customers since their
/// first transactions, at the end of one unit: the tracking curve of
/// Fader, Hardie and Lee (2005), Figure 2.
struct HoldoutTrackingPoint {
  /// Units from the calibration end: <= 0 in the calibration window, > 0
  /// in the holdout (the last may be partial).
  double units = 0;
  /// What the model expects of customers with these first transactions,
  /// knowing nothing else of them: sum of E[X(t)] over the customers, t
  /// the time since their first transaction.
  double predicted = 0;
  int64_t actual = 0;
};

/// Prediction errors of one quantity over the holdout window.
struct HoldoutErrors {
  double predicted_total = 0;
  double actual_total = 0;
  /// Mean absolute error per customer.
  double mae = 0;
  /// Pearson correlation of predicted and actual per customer; unset when
  /// either does not vary.
  std::optional<double> correlation;
};

/// Predictions for the holdout window against what happened in it.
struct HoldoutCheck {
  /// Length of the holdout window in units.
  double length = 0;
  /// Frequencies 0 .. 6 and "7 or more".
  std::vector<HoldoutFrequencyRow> by_frequency;
  /// One point per unit, from the first transaction to the holdout end.
  std::vector<HoldoutTrackingPoint> tracking;
  HoldoutErrors transactions;
  HoldoutErrors spend;
  /// Per customer, in the order of RfmSummary::customers: the predicted
  /// holdout transactions and spend (the actual ones are in CustomerRfm).
  std::vector<double> predicted_transactions;
  std::vector<double> predicted_spend;
};

/// Needs an RfmSummary with a holdout window. The predictions are computed
/// on `threads` threads (0: every core), the same for any number.
HoldoutCheck CheckHoldout(const RfmSummary& rfm, const BgNbdFit& bgnbd,
                          const GammaGammaFit& gamma_gamma, int threads = 0);

// ---------------------------------------------------------------------------
// All of it

/// The whole model of one table (or one segment).
struct ClvModel {
  /// The segment (--by); unset for all customers.
  std::optional<std::string> segment;
  RfmSummary rfm;
  BgNbdFit bgnbd;
  GammaGammaFit gamma_gamma;
  /// Predictions in the order of rfm.customers.
  std::vector<CustomerClv> customers;
  ClvTotals totals;
  std::optional<HoldoutCheck> holdout;
};

/// SummarizeRfm, both fits, PredictClv and (with a holdout end) CheckHoldout.
ClvModel ComputeClv(const OrderTable& table, const RfmOptions& rfm, const ClvOptions& options);

}  // namespace retention
