// The Gamma-Gamma model of spend per transaction (Fader & Hardie 2013,
// "The Gamma-Gamma Model of Monetary Value"): likelihood, fit, and the
// expected spend of a customer.
#include <algorithm>
#include <boost/math/special_functions/digamma.hpp>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "clv/optimize.h"
#include "retention/clv.h"
#include "retention/error.h"

namespace retention {
namespace {

using boost::math::digamma;

// log f(m | p, q, v, x) for the mean m of x transactions, and its gradient
// with respect to (p, q, v).
double LogLikelihood(const GammaGammaParams& g, double x, double m, double* grad) {
  const double p = g.p, q = g.q, v = g.v;
  double px = p * x;
  double log_vxm = std::log(v + x * m);
  double ll = std::lgamma(px + q) - std::lgamma(px) - std::lgamma(q) + q * std::log(v) +
              px * std::log(x) + (px - 1) * std::log(m) - (px + q) * log_vxm;
  if (grad) {
    grad[0] = x * (digamma(px + q) - digamma(px) + std::log(x) + std::log(m) - log_vxm);
    grad[1] = digamma(px + q) - digamma(q) + std::log(v) - log_vxm;
    grad[2] = q / v - (px + q) / (v + x * m);
  }
  return ll;
}

struct Pair {
  double x, m, weight;
};

}  // namespace

double GammaGammaLogLikelihood(const GammaGammaParams& p, double x, double m) {
  return LogLikelihood(p, x, m, nullptr);
}

double GammaGammaExpectedSpend(const GammaGammaParams& g, double x, double m) {
  if (g.q <= 1) return std::numeric_limits<double>::infinity();
  double population = g.v * g.p / (g.q - 1);
  if (x <= 0) return population;
  double w = (g.q - 1) / (g.p * x + g.q - 1);
  return w * population + (1 - w) * m;
}

GammaGammaFit FitGammaGamma(const std::vector<CustomerRfm>& customers) {
  GammaGammaFit fit;
  std::vector<std::pair<double, double>> keys;
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
    throw DataError({}, "no repeat customer has a positive spend on their repeat purchases (" +
                            std::to_string(fit.customers_not_positive) +
                            " repeat customers, all at zero or less after refunds), so the "
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
  std::sort(keys.begin(), keys.end());
  std::vector<Pair> pairs;
  for (auto& [x, m] : keys) {
    if (!pairs.empty() && pairs.back().x == x && pairs.back().m == m) {
      pairs.back().weight += 1;
    } else {
      pairs.push_back({x, m, 1});
    }
  }
  clv::LogLikelihood ll = [&pairs](const std::vector<double>& theta,
                                   std::vector<double>* gradient) {
    GammaGammaParams p{theta[0], theta[1], theta[2]};
    double sum = 0, g[3];
    if (gradient) gradient->assign(3, 0.0);
    for (const Pair& c : pairs) {
      sum += c.weight * LogLikelihood(p, c.x, c.m, gradient ? g : nullptr);
      if (gradient) {
        for (int i = 0; i < 3; ++i) (*gradient)[i] += c.weight * g[i];
      }
    }
    return sum;
  };
  // Starting points around the observed mean spend (p v / (q - 1)).
  double mean = 0;
  for (auto& [x, m] : keys) mean += m;
  mean /= static_cast<double>(keys.size());
  std::vector<std::vector<double>> starts = {
      {1, 2, mean},
      {5, 3, 2 * mean / 5},
      {0.5, 5, 8 * mean},
  };
  clv::Maximum m = clv::Maximize(ll, {"p", "q", "v"}, starts, static_cast<double>(keys.size()));
  fit.params = {m.theta[0], m.theta[1], m.theta[2]};
  fit.fit = m.report;
  if (m.standard_errors) {
    fit.standard_errors =
        GammaGammaParams{(*m.standard_errors)[0], (*m.standard_errors)[1], (*m.standard_errors)[2]};
  }
  return fit;
}

}  // namespace retention
