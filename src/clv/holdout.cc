// The holdout check: the models' predictions for the window after the
// calibration end against what the same customers did in it.
#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/parallel_chunks.h"
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

// The paper's tracking curve: at the end of every unit, the repeat
// transactions so far against the sum of E[X(t)] over the customers, t
// the time since their first transaction.
std::vector<HoldoutTrackingPoint> TrackingCurve(const RfmSummary& rfm, const BgNbdParams& params) {
  const double unit_days = DaysPerUnit(rfm.options.unit);
  const auto cal_end = static_cast<double>(DaysFromCivil(rfm.options.calibration_end));
  // Customers by the day of their first transaction.
  std::vector<int64_t> first_days;
  for (const CustomerRfm& c : rfm.customers) first_days.push_back(c.first_day);
  std::sort(first_days.begin(), first_days.end());
  std::vector<std::pair<double, double>> cohorts;  // (day, customers)
  for (int64_t day : first_days) {
    if (cohorts.empty() || cohorts.back().first != static_cast<double>(day)) {
      cohorts.push_back({static_cast<double>(day), 0});
    }
    ++cohorts.back().second;
  }
  // E[X(t)] by the days since the first transaction: with whole-day units
  // few distinct values recur across units and cohorts.
  std::unordered_map<double, double> expected;
  auto expected_after = [&](double days) {
    auto [it, inserted] = expected.try_emplace(days, 0.0);
    if (inserted) it->second = BgNbdExpectedTransactionsNew(params, days / unit_days);
    return it->second;
  };
  std::vector<HoldoutTrackingPoint> curve;
  int64_t actual = 0;
  for (size_t i = 0; i < rfm.repeats_by_unit.size(); ++i) {
    const auto k = static_cast<double>(static_cast<int64_t>(i) - rfm.calibration_units + 1);
    const double units = std::min(k, rfm.holdout_length);
    const double at = cal_end + units * unit_days;
    actual += rfm.repeats_by_unit[i];
    double sum = 0;
    for (const auto& [day, customers] : cohorts) {
      if (day >= at) break;
      sum += customers * expected_after(at - day);
    }
    curve.push_back({units, sum, actual});
  }
  return curve;
}

}  // namespace

HoldoutCheck CheckHoldout(const RfmSummary& rfm, const BgNbdFit& bgnbd,
                          const GammaGammaFit& gamma_gamma, int threads) {
  return clv::CheckHoldout(rfm, clv::GroupBySummary(rfm.customers), bgnbd, gamma_gamma, threads);
}

HoldoutCheck clv::CheckHoldout(const RfmSummary& rfm, const Runs& runs, const BgNbdFit& bgnbd,
                               const GammaGammaFit& gamma_gamma, int threads) {
  HoldoutCheck check;
  check.length = rfm.holdout_length;
  const std::vector<CustomerRfm>& cs = rfm.customers;
  const double observed_mean = clv::ObservedMeanSpend(cs);

  // Expected holdout transactions once per distinct summary, on every
  // core; then each customer's figures in customer order (through the
  // grouping's order, in no order memory likes, was most of the time).
  const size_t summaries = runs.run_starts.size() - 1;
  std::vector<double> expected(summaries);
  constexpr size_t kChunk = 8192;  // summaries
  ForEachChunk((summaries + kChunk - 1) / kChunk, threads, [&](size_t chunk) {
    for (size_t r = chunk * kChunk; r < std::min(summaries, (chunk + 1) * kChunk); ++r) {
      const CustomerRfm& c = cs[runs.order[runs.run_starts[r]]];
      expected[r] = BgNbdExpectedTransactions(bgnbd.params, static_cast<double>(c.frequency),
                                              c.recency, c.age, check.length);
    }
  });
  std::vector<double> predicted(cs.size()), actual(cs.size());
  std::vector<double> predicted_spend(cs.size()), actual_spend(cs.size());
  for (size_t j = 0; j < cs.size(); ++j) {
    const double e = expected[runs.run_of[j]];
    predicted[j] = e;
    actual[j] = static_cast<double>(cs[j].holdout_transactions);
    predicted_spend[j] = e * clv::ExpectedSpend(gamma_gamma, cs[j], observed_mean);
    actual_spend[j] = static_cast<double>(cs[j].holdout_value.units) / kMoneyScale;
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
    if (row.customers == 0) {
      // A mean of no customers is none, not 0.
      row.predicted = row.actual = row.predicted_spend = row.actual_spend = std::nan("");
      continue;
    }
    auto n = static_cast<double>(row.customers);
    row.predicted /= n;
    row.actual /= n;
    row.predicted_spend /= n;
    row.actual_spend /= n;
  }

  check.tracking = TrackingCurve(rfm, bgnbd.params);
  check.predicted_transactions = std::move(predicted);
  check.predicted_spend = std::move(predicted_spend);
  return check;
}

}  // namespace retention
