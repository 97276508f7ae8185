// The BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the
// Easy Way"): likelihood, its gradient, the fit, P(alive) and conditional
// expectations.
#include <algorithm>
#include <boost/math/special_functions/digamma.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "clv/optimize.h"
#include "clv/predict.h"
#include "retention/clv.h"
#include "retention/error.h"

namespace retention {
namespace {

using boost::math::digamma;

// The parts of one customer's log-likelihood that depend on x alone (and
// the parameters): computed once per run of customers with equal x, since
// lgamma and digamma cost far more than the per-customer logs.
struct XTerms {
  double x;
  double a12;     // A1 + A2 without the log(alpha) part's dependence on T
  double c4;      // log(a) - log(b + x - 1)
  double g12[4];  // gradient of A1 + A2
};

XTerms TermsOf(const BgNbdParams& p, double x, bool gradient) {
  const double r = p.r, alpha = p.alpha, a = p.a, b = p.b;
  XTerms t;
  t.x = x;
  t.a12 = std::lgamma(r + x) - std::lgamma(r) + r * std::log(alpha) + std::lgamma(a + b) +
          std::lgamma(b + x) - std::lgamma(b) - std::lgamma(a + b + x);
  t.c4 = x > 0 ? std::log(a) - std::log(b + x - 1) : 0;
  if (gradient) {
    t.g12[0] = digamma(r + x) - digamma(r) + std::log(alpha);
    t.g12[1] = r / alpha;
    t.g12[2] = digamma(a + b) - digamma(a + b + x);
    t.g12[3] = digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x);
  }
  return t;
}

// One customer's log-likelihood, and with `grad` its gradient with respect
// to (r, alpha, a, b). Written as A1 + A2 + log(e^A3 + [x > 0] e^A4) (the
// paper's equation 6) with the last term summed in log space so large x or
// T cannot overflow.
double LogLikelihood(const BgNbdParams& p, const XTerms& xt, double t_x, double T, double* grad) {
  const double r = p.r, alpha = p.alpha, a = p.a, b = p.b, x = xt.x;
  double log_T = std::log(alpha + T);
  double a3 = -(r + x) * log_T;
  double ll, w3 = 1, w4 = 0, log_tx = 0;
  if (x > 0) {
    log_tx = std::log(alpha + t_x);
    double a4 = xt.c4 - (r + x) * log_tx;
    double m = std::max(a3, a4);
    double e = std::exp(-std::abs(a3 - a4));  // the smaller term over the larger
    ll = xt.a12 + m + std::log1p(e);
    double w_big = 1 / (1 + e), w_small = e / (1 + e);
    w3 = a3 >= a4 ? w_big : w_small;
    w4 = 1 - w3;
  } else {
    ll = xt.a12 + a3;
  }
  if (grad) {
    grad[0] = xt.g12[0] - w3 * log_T;
    grad[1] = xt.g12[1] - w3 * (r + x) / (alpha + T);
    grad[2] = xt.g12[2];
    grad[3] = xt.g12[3];
    if (x > 0) {
      grad[0] -= w4 * log_tx;
      grad[1] -= w4 * (r + x) / (alpha + t_x);
      grad[2] += w4 / a;
      grad[3] -= w4 / (b + x - 1);
    }
  }
  return ll;
}

struct Triple {
  double x, t_x, T;
  double weight;
};

// Customers with equal (x, t_x, T) contribute equal terms: one term each,
// weighted by how many share it, sorted by (x, t_x, T).
std::vector<Triple> Distinct(const std::vector<CustomerRfm>& customers) {
  const clv::Runs runs = clv::GroupBySummary(customers);
  std::vector<Triple> out;
  out.reserve(runs.run_starts.size());
  for (size_t r = 0; r + 1 < runs.run_starts.size(); ++r) {
    const CustomerRfm& c = customers[runs.order[runs.run_starts[r]]];
    out.push_back({static_cast<double>(c.frequency), c.recency, c.age,
                   static_cast<double>(runs.run_starts[r + 1] - runs.run_starts[r])});
  }
  return out;
}

BgNbdParams FromVector(const std::vector<double>& v) { return {v[0], v[1], v[2], v[3]}; }

}  // namespace

double BgNbdLogLikelihood(const BgNbdParams& p, double x, double t_x, double T) {
  return LogLikelihood(p, TermsOf(p, x, false), t_x, T, nullptr);
}

BgNbdFit FitBgNbd(const std::vector<CustomerRfm>& customers) {
  int64_t repeaters = 0;
  double mean_x = 0, mean_T = 0;
  for (const CustomerRfm& c : customers) {
    repeaters += c.frequency > 0;
    mean_x += static_cast<double>(c.frequency);
    mean_T += c.age;
  }
  if (repeaters == 0) {
    throw DataError({}, "no customer bought again before the calibration end (" +
                            std::to_string(customers.size()) +
                            " customers, each with one purchase day), so the model cannot tell "
                            "how often customers buy from how soon they leave; try a later "
                            "--calibration-end or data covering a longer time");
  }
  std::vector<Triple> triples = Distinct(customers);
  clv::LogLikelihood ll = [&triples](const std::vector<double>& theta,
                                     std::vector<double>* gradient) {
    BgNbdParams p = FromVector(theta);
    double sum = 0, g[4];
    if (gradient) gradient->assign(4, 0.0);
    // Triples are sorted by x: the x terms change once per run.
    XTerms xt = TermsOf(p, triples.front().x, gradient != nullptr);
    for (const Triple& t : triples) {
      if (t.x != xt.x) xt = TermsOf(p, t.x, gradient != nullptr);
      sum += t.weight * LogLikelihood(p, xt, t.t_x, t.T, gradient ? g : nullptr);
      if (gradient) {
        for (int i = 0; i < 4; ++i) (*gradient)[i] += t.weight * g[i];
      }
    }
    return sum;
  };
  auto n = static_cast<double>(customers.size());
  mean_x /= n;
  mean_T = std::max(mean_T / n, 1e-3);
  // Starting points: rates near the observed mean rate with a range of
  // heterogeneity, and dropout from rare to common.
  double rate = std::max(mean_x / mean_T, 1e-3);
  std::vector<std::vector<double>> starts = {
      {1, 1 / rate, 1, 1},
      {0.5, 0.5 / rate, 0.5, 2},
      {2, 2 / rate, 2, 5},
      {0.1, 0.1 / rate, 0.1, 0.5},
  };
  clv::Maximum m = clv::Maximize(ll, {"r", "alpha", "a", "b"}, starts, n);
  BgNbdFit fit;
  fit.params = FromVector(m.theta);
  fit.fit = m.report;
  if (m.standard_errors) fit.standard_errors = FromVector(*m.standard_errors);
  fit.customers = static_cast<int64_t>(customers.size());
  fit.distinct_summaries = static_cast<int64_t>(triples.size());
  return fit;
}

double BgNbdProbabilityAlive(const BgNbdParams& p, double x, double t_x, double T) {
  if (x <= 0) return 1;
  // 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x)), in
  // logs so that a long silence gives a tiny probability, not inf / inf.
  double log_odds =
      std::log(p.a) - std::log(p.b + x - 1) + (p.r + x) * std::log((p.alpha + T) / (p.alpha + t_x));
  if (log_odds > 700) return 0;
  return 1 / (1 + std::exp(log_odds));
}

double Hypergeometric2F1(double a, double b, double c, double z) {
  // Term ratio (a + n)(b + n) / ((c + n)(n + 1)) z: the series converges
  // geometrically for z < 1; stop when a term no longer changes the sum.
  double term = 1, sum = 1;
  for (int n = 0; n < 2'000'000; ++n) {
    term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
    sum += term;
    if (std::abs(term) <= 1e-16 * std::abs(sum)) return sum;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

namespace {

// The conditional expectation (the paper's equation 10), for a != 1.
double Conditional(const BgNbdParams& p, double x, double t_x, double T, double t) {
  const double r = p.r, alpha = p.alpha, a = p.a, b = p.b;
  double z = t / (alpha + T + t);
  double f = Hypergeometric2F1(r + x, b + x, a + b + x - 1, z);
  double lead = std::exp((r + x) * std::log((alpha + T) / (alpha + T + t)));
  double expected_if_alive = (a + b + x - 1) / (a - 1) * (1 - lead * f);
  return expected_if_alive * BgNbdProbabilityAlive(p, x, t_x, T);
}

}  // namespace

double BgNbdExpectedTransactions(const BgNbdParams& p, double x, double t_x, double T, double t) {
  if (t <= 0) return 0;
  // At a = 1 the formula is 0 / 0; its limit is the mean of both sides.
  if (std::abs(p.a - 1) < 1e-6) {
    BgNbdParams lo = p, hi = p;
    lo.a = 1 - 1e-6;
    hi.a = 1 + 1e-6;
    return (Conditional(lo, x, t_x, T, t) + Conditional(hi, x, t_x, T, t)) / 2;
  }
  return Conditional(p, x, t_x, T, t);
}

double BgNbdExpectedTransactionsNew(const BgNbdParams& p, double t) {
  // E[X(t)] (equation 9) is the conditional expectation of a customer seen
  // at time 0 with no repeats: x = t_x = T = 0.
  return BgNbdExpectedTransactions(p, 0, 0, 0, t);
}

}  // namespace retention
