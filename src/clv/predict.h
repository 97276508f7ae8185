// What the fit, the predictions and the holdout check share: customers
// grouped by their (x, t_x, T), so each model formula runs once per
// distinct summary.
// Internal to src/clv.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "retention/clv.h"

namespace retention::clv {

/// Indices into `customers` in runs of equal (frequency, recency, age),
/// runs in ascending order of those and indices ascending within a run:
/// `order` lists them, `run_starts` where each run begins (plus the end).
/// `run_of` gives each customer's run, for passes in customer order.
struct Runs {
  std::vector<size_t> order;
  std::vector<size_t> run_starts;
  std::vector<uint32_t> run_of;
};
Runs GroupBySummary(const std::vector<CustomerRfm>& customers);

/// FitBgNbd, PredictClv and CheckHoldout given `runs`, the grouping of
/// `customers` (or `rfm.customers`): ComputeClv groups a million customers
/// once for all three.
BgNbdFit FitBgNbd(const std::vector<CustomerRfm>& customers, const Runs& runs, int threads);
std::vector<CustomerClv> PredictClv(const RfmSummary& rfm, const Runs& runs, const BgNbdFit& bgnbd,
                                    const GammaGammaFit& gamma_gamma, const ClvOptions& options,
                                    ClvTotals* totals);
HoldoutCheck CheckHoldout(const RfmSummary& rfm, const Runs& runs, const BgNbdFit& bgnbd,
                          const GammaGammaFit& gamma_gamma, int threads);

/// E[repeat transactions in (T, T + t] | alive at T, x, T]: the
/// conditional expectation over P(alive), which depends on x and T alone,
/// so customers who differ only in t_x share it. Any a, z near 1 and
/// large x included.
double ExpectedIfAlive(const BgNbdParams& p, double x, double T, double t);

/// Expected spend per transaction: the Gamma-Gamma conditional mean, or,
/// when the model has no finite population mean (q <= 1), the observed
/// mean repeat spend for customers without repeats.
double ExpectedSpend(const GammaGammaFit& fit, const CustomerRfm& c, double observed_mean);

/// Mean repeat spend over the customers with positive monetary value.
double ObservedMeanSpend(const std::vector<CustomerRfm>& customers);

}  // namespace retention::clv
