// The holdout check: the models' predictions for the window after the
// calibration end against what the same customers did in it.
#include <algorithm>
#include <cmath>
#include <vector>

#include "clv/predict.h"
#include "retention/clv.h"

namespace retention {
namespace {

HoldoutErrors Errors(const std::vector<double>& predicted, const std::vector<double>& actual) {
  HoldoutErrors e;
  size_t n = predicted.size();
  double abs_sum = 0;
  for (size_t i = 0; i < n; ++i) {
    e.predicted_total += predicted[i];
    e.actual_total += actual[i];
    abs_sum += std::abs(predicted[i] - actual[i]);
  }
  if (n == 0) return e;
  e.mae = abs_sum / static_cast<double>(n);
  double mp = e.predicted_total / static_cast<double>(n);
  double ma = e.actual_total / static_cast<double>(n);
  double cpp = 0, caa = 0, cpa = 0;
  for (size_t i = 0; i < n; ++i) {
    cpp += (predicted[i] - mp) * (predicted[i] - mp);
    caa += (actual[i] - ma) * (actual[i] - ma);
    cpa += (predicted[i] - mp) * (actual[i] - ma);
  }
  if (cpp > 0 && caa > 0) e.correlation = cpa / std::sqrt(cpp * caa);
  return e;
}

}  // namespace

HoldoutCheck CheckHoldout(const RfmSummary& rfm, const BgNbdFit& bgnbd,
                          const GammaGammaFit& gamma_gamma) {
  HoldoutCheck check;
  check.length = rfm.holdout_length;
  const std::vector<CustomerRfm>& cs = rfm.customers;
  const size_t units = rfm.holdout_by_unit.size();
  const double observed_mean = clv::ObservedMeanSpend(cs);

  std::vector<double> predicted(cs.size()), actual(cs.size());
  std::vector<double> predicted_spend(cs.size()), actual_spend(cs.size());
  std::vector<double> cumulative(units, 0.0);
  clv::Runs runs = clv::GroupBySummary(cs);
  for (size_t r = 0; r + 1 < runs.run_starts.size(); ++r) {
    const CustomerRfm& c = cs[runs.order[runs.run_starts[r]]];
    auto weight = static_cast<double>(runs.run_starts[r + 1] - runs.run_starts[r]);
    double x = static_cast<double>(c.frequency);
    double e = 0;
    for (size_t k = 1; k <= units; ++k) {
      e = BgNbdExpectedTransactions(bgnbd.params, x, c.recency, c.age,
                                    std::min(static_cast<double>(k), check.length));
      cumulative[k - 1] += weight * e;
    }
    for (size_t i = runs.run_starts[r]; i < runs.run_starts[r + 1]; ++i) {
      size_t j = runs.order[i];
      predicted[j] = e;
      actual[j] = static_cast<double>(cs[j].holdout_transactions);
      predicted_spend[j] = e * clv::ExpectedSpend(gamma_gamma, cs[j], observed_mean);
      actual_spend[j] = static_cast<double>(cs[j].holdout_value.units) / kMoneyScale;
    }
  }
  check.transactions = Errors(predicted, actual);
  check.spend = Errors(predicted_spend, actual_spend);

  constexpr int64_t kRows = 8;  // 0 .. 6, and 7 or more
  check.by_frequency.resize(kRows);
  for (int64_t f = 0; f < kRows; ++f) {
    check.by_frequency[f].frequency = f;
    check.by_frequency[f].or_more = f == kRows - 1;
  }
  for (size_t j = 0; j < cs.size(); ++j) {
    HoldoutFrequencyRow& row = check.by_frequency[std::min(cs[j].frequency, kRows - 1)];
    ++row.customers;
    row.predicted += predicted[j];
    row.actual += actual[j];
    row.predicted_spend += predicted_spend[j];
    row.actual_spend += actual_spend[j];
  }
  for (HoldoutFrequencyRow& row : check.by_frequency) {
    if (row.customers == 0) continue;
    auto n = static_cast<double>(row.customers);
    row.predicted /= n;
    row.actual /= n;
    row.predicted_spend /= n;
    row.actual_spend /= n;
  }

  int64_t running = 0;
  for (size_t k = 0; k < units; ++k) {
    running += rfm.holdout_by_unit[k];
    check.tracking.push_back(
        {std::min(static_cast<double>(k + 1), check.length), cumulative[k], running});
  }
  return check;
}

}  // namespace retention
