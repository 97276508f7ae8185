// The Gamma-Gamma model of spend per transaction (Fader & Hardie 2013,
// "The Gamma-Gamma Model of Monetary Value"): likelihood, fit, and the
// expected spend of a customer.
#include <algorithm>
#include <array>
#include <boost/math/special_functions/digamma.hpp>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "base/page_memory.h"
#include "base/parallel_chunks.h"
#include "base/vector_math.h"
#include "clv/optimize.h"
#include "retention/clv.h"
#include "retention/error.h"

namespace retention {
namespace {

using boost::math::digamma;

// log f(m | p, q, v, x) for the mean m of x transactions, and its gradient
// with respect to (p, q, v). `log_m` is log(m), kept per customer since it
// does not change during the fit.
double LogLikelihood(const GammaGammaParams& g, double x, double m, double log_m, double* grad) {
  const double p = g.p, q = g.q, v = g.v;
  double px = p * x;
  double log_vxm = std::log(v + x * m);
  double ll = clv::LogGamma(px + q) - clv::LogGamma(px) - clv::LogGamma(q) + q * std::log(v) +
              px * std::log(x) + (px - 1) * log_m - (px + q) * log_vxm;
  if (grad) {
    grad[0] = x * (digamma(px + q) - digamma(px) + std::log(x) + log_m - log_vxm);
    grad[1] = digamma(px + q) - digamma(q) + std::log(v) - log_vxm;
    grad[2] = q / v - (px + q) / (v + x * m);
  }
  return ll;
}

// The same over a run of customers with equal x: the gamma functions once
// per run, then one log per customer, taken a block at a time (LogOf).
double RunLogLikelihood(const GammaGammaParams& g, double x, const double* m, const double* log_m,
                        const double* weight, size_t n, double* grad) {
  const double p = g.p, q = g.q, v = g.v;
  double px = p * x, log_x = std::log(x), log_v = std::log(v);
  double base =
      clv::LogGamma(px + q) - clv::LogGamma(px) - clv::LogGamma(q) + q * log_v + px * log_x;
  double psi_pxq = grad ? digamma(px + q) : 0, psi_px = grad ? digamma(px) : 0;
  double psi_q = grad ? digamma(q) : 0;
  double sum = 0, w_all = 0, s_log_m = 0, s_log_vxm = 0, s_inv = 0;
  constexpr size_t kBlock = 256;
  double vxm[kBlock], log_vxm[kBlock];
  for (size_t from = 0; from < n; from += kBlock) {
    const size_t count = std::min(kBlock, n - from);
    for (size_t k = 0; k < count; ++k) vxm[k] = v + x * m[from + k];
    LogOf(vxm, log_vxm, count);
    for (size_t k = 0; k < count; ++k) {
      const size_t i = from + k;
      sum += weight[i] * ((px - 1) * log_m[i] - (px + q) * log_vxm[k]);
      w_all += weight[i];
      s_log_m += weight[i] * log_m[i];
      s_log_vxm += weight[i] * log_vxm[k];
      s_inv += weight[i] / vxm[k];
    }
  }
  if (grad) {
    grad[0] = x * (w_all * (psi_pxq - psi_px + log_x) + s_log_m - s_log_vxm);
    grad[1] = w_all * (psi_pxq - psi_q + log_v) - s_log_vxm;
    grad[2] = w_all * q / v - (px + q) * s_inv;
  }
  return sum + w_all * base;
}

struct Pair {
  double x, m, weight;
};

// The log-likelihood of a set of (x, m) and its gradient: equal pairs are
// one weighted term, and the gamma functions are computed once per run of
// equal x. Summed in chunks of pairs on the worker threads, then over the
// chunks in order: the same value for any number of threads.
class SpendLikelihood {
 public:
  SpendLikelihood(std::vector<std::pair<double, double>> keys, int threads) : threads_(threads) {
    for (auto* column : {&xs_, &ms_, &log_ms_, &weights_}) ReserveInHugePages(column, keys.size());
    if (!std::is_sorted(keys.begin(), keys.end())) std::sort(keys.begin(), keys.end());
    for (size_t i = 0; i < keys.size(); ++i) {
      const auto [x, m] = keys[i];
      if (i > 0 && keys[i - 1] == keys[i]) {
        weights_.back() += 1;
        continue;
      }
      if (xs_.empty() || x != xs_.back()) runs_.push_back(xs_.size());
      xs_.push_back(x);
      ms_.push_back(m);
      log_ms_.push_back(std::log(m));
      weights_.push_back(1);
    }
    runs_.push_back(xs_.size());
    partial_.resize((xs_.size() + kChunk - 1) / kChunk);
  }

  // const for the caller; the scratch space is reused between calls.
  double operator()(const std::vector<double>& theta, std::vector<double>* gradient) const {
    const GammaGammaParams p{theta[0], theta[1], theta[2]};
    ForEachChunk(partial_.size(), threads_, [&](size_t chunk) {
      const size_t begin = chunk * kChunk, end = std::min(begin + kChunk, xs_.size());
      std::array<double, 4> sum{0, 0, 0, 0};
      double g[3];
      // The first run that reaches into the chunk, then each after it.
      size_t r =
          static_cast<size_t>(std::upper_bound(runs_.begin(), runs_.end(), begin) - runs_.begin()) -
          1;
      for (size_t i = begin; i < end; i = runs_[++r]) {
        const size_t n = std::min(runs_[r + 1], end) - i;
        sum[0] += RunLogLikelihood(p, xs_[i], &ms_[i], &log_ms_[i], &weights_[i], n, g);
        for (int k = 0; k < 3; ++k) sum[k + 1] += g[k];
      }
      partial_[chunk] = sum;
    });
    double value = 0;
    if (gradient) gradient->assign(3, 0.0);
    for (const auto& s : partial_) {
      value += s[0];
      if (gradient) {
        for (int k = 0; k < 3; ++k) (*gradient)[k] += s[k + 1];
      }
    }
    return value;
  }

 private:
  static constexpr size_t kChunk = 16384;
  int threads_;
  // Columns of the distinct pairs, and where each run of equal x starts.
  std::vector<double> xs_, ms_, log_ms_, weights_;
  std::vector<size_t> runs_;
  mutable std::vector<std::array<double, 4>> partial_;
};

}  // namespace

double GammaGammaLogLikelihood(const GammaGammaParams& p, double x, double m) {
  return LogLikelihood(p, x, m, std::log(m), nullptr);
}

double GammaGammaExpectedSpend(const GammaGammaParams& g, double x, double m) {
  if (g.q <= 1) return std::numeric_limits<double>::infinity();
  double population = g.v * g.p / (g.q - 1);
  if (x <= 0) return population;
  double w = (g.q - 1) / (g.p * x + g.q - 1);
  return w * population + (1 - w) * m;
}

GammaGammaFit FitGammaGamma(const std::vector<CustomerRfm>& customers, int threads) {
  GammaGammaFit fit;
  std::vector<std::pair<double, double>> keys;
  ReserveInHugePages(&keys, customers.size());
  for (const CustomerRfm& c : customers) {
    if (c.frequency == 0) continue;
    if (c.repeat_value.units <= 0) {
      ++fit.customers_not_positive;
      if (fit.examples_not_positive.size() < 5) fit.examples_not_positive.push_back(c.customer);
      continue;
    }
    keys.emplace_back(static_cast<double>(c.frequency), c.monetary);
  }
  fit.customers_used = static_cast<int64_t>(keys.size());
  if (keys.empty()) {
    const bool one = fit.customers_not_positive == 1;
    throw DataError({}, "no repeat customer has a positive spend on their repeat purchases (" +
                            std::to_string(fit.customers_not_positive) +
                            (one ? " repeat customer, with" : " repeat customers, all with") +
                            " repeat spend of zero or less: free orders, or refunds), so the "
                            "spend model cannot be fitted; check the amount column");
  }
  // Pearson correlation of frequency and monetary value.
  {
    double n = static_cast<double>(keys.size()), sx = 0, sm = 0;
    for (auto& [x, m] : keys) sx += x, sm += m;
    double mx = sx / n, mm = sm / n, cxx = 0, cmm = 0, cxm = 0;
    for (auto& [x, m] : keys) {
      cxx += (x - mx) * (x - mx);
      cmm += (m - mm) * (m - mm);
      cxm += (x - mx) * (m - mm);
    }
    if (cxx > 0 && cmm > 0) fit.frequency_monetary_correlation = cxm / std::sqrt(cxx * cmm);
  }
  // Sorted, for the likelihood's runs of equal x, and so that the mean is
  // summed in one order whatever order the customers came in.
  ParallelSort(keys.begin(), keys.end(), threads, std::less<>());
  // p and q do not depend on the unit of money and v follows it: spend
  // far from the dollar's scale (dong, or thousandths) is fitted in a
  // power of ten near its mean (p v / (q - 1) is the population's mean),
  // so the search's bounds on log v mean the same for every currency.
  // Spend near it is fitted as it is, so its figures stay the same to the
  // last digit.
  double mean = 0;
  for (auto& [x, m] : keys) mean += m;
  mean /= static_cast<double>(keys.size());
  const double unit =
      mean >= 1e-2 && mean <= 1e5 ? 1 : std::pow(10.0, std::floor(std::log10(mean)));
  for (auto& key : keys) key.second /= unit;
  mean /= unit;
  // Large data searches its starting points on a sample (optimize.h).
  const size_t stride = clv::SampleStride(keys.size());
  std::vector<std::pair<double, double>> some;
  for (size_t i = 0; stride > 1 && i < keys.size(); i += stride) some.push_back(keys[i]);
  const SpendLikelihood all(std::move(keys), threads);
  const clv::LogLikelihood ll = [&all](const std::vector<double>& theta,
                                       std::vector<double>* gradient) {
    return all(theta, gradient);
  };
  const SpendLikelihood on_sample(some, threads);
  const clv::LogLikelihood sample_ll = [&on_sample](const std::vector<double>& theta,
                                                    std::vector<double>* gradient) {
    return on_sample(theta, gradient);
  };
  std::vector<std::vector<double>> starts = {
      {1, 2, mean},
      {5, 3, 2 * mean / 5},
      {0.5, 5, 8 * mean},
  };
  clv::Maximum m =
      clv::Maximize(ll, {"p", "q", "v"}, starts, static_cast<double>(fit.customers_used),
                    {some.empty() ? nullptr : &sample_ll, static_cast<double>(some.size())});
  const double ll_in_unit = m.report.log_likelihood;  // for FlatRidges, in the unit
  // Back in money: v (and its error) by the unit; each density by 1 / unit.
  fit.params = {m.theta[0], m.theta[1], m.theta[2] * unit};
  if (unit != 1) {
    m.report.log_likelihood -= static_cast<double>(fit.customers_used) * std::log(unit);
    if (m.standard_errors) (*m.standard_errors)[2] *= unit;
  }
  // q and v are estimated together, through v / (q - 1) (the scale of the
  // population's mean spend): one past the boundary leaves the other a
  // number that is no estimate either. p run off to infinity (no spread of
  // a customer's spends around their mean) takes v to 0 with it, as only
  // p v is then pinned down; q, the shape of the means' spread, stays.
  for (const std::string& name :
       clv::FlatRidges(ll, m.theta, ll_in_unit, {"p", "q", "v"}, {{1, 2}})) {
    m.report.not_identified.push_back(name);
  }
  // That ridge keeps p v, not p / v: followed out to where p is
  // e^kLogBoundary, a likelihood as high says the search stopped on it at
  // a finite p (every customer paying the same each time, as a
  // subscription does), with a standard error that need not be a hundred
  // times p.
  const bool p_lost = std::find(m.report.not_identified.begin(), m.report.not_identified.end(),
                                "p") != m.report.not_identified.end();
  if (!p_lost && m.theta[0] > 1 && m.theta[0] < std::exp(clv::kLogBoundary)) {
    const double k = std::exp(clv::kLogBoundary) / m.theta[0];
    const std::vector<double> far = {m.theta[0] * k, m.theta[1], m.theta[2] / k};
    if (ll(far, nullptr) > ll_in_unit - clv::kRidgeDrop) m.report.not_identified.push_back("p");
  }
  std::vector<std::string> lost = clv::InPairs(m.report.not_identified, {"q", "v"});
  if (std::find(m.report.not_identified.begin(), m.report.not_identified.end(), "p") !=
      m.report.not_identified.end()) {
    lost.insert(lost.begin(), "p");
    // (Not p run to 0, or just loose: v is an estimate then.)
    if (fit.params.p > 1 && std::find(lost.begin(), lost.end(), "v") == lost.end()) {
      lost.push_back("v");
    }
  }
  m.report.not_identified = lost;
  clv::ForgetLostErrors(lost, {"p", "q", "v"}, &m.standard_errors);
  fit.fit = m.report;
  if (m.standard_errors) {
    fit.standard_errors =
        GammaGammaParams{(*m.standard_errors)[0], (*m.standard_errors)[1], (*m.standard_errors)[2]};
  }
  return fit;
}

}  // namespace retention
