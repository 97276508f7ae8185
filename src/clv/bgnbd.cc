// The BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the
// Easy Way"): likelihood, its gradient, the fit, P(alive) and conditional
// expectations.
#include <algorithm>
#include <boost/math/special_functions/digamma.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "base/parallel_chunks.h"
#include "clv/optimize.h"
#include "clv/predict.h"
#include "retention/clv.h"
#include "retention/error.h"

namespace retention {
namespace {

using boost::math::digamma;

// The parts of one customer's log-likelihood that depend on x alone (and
// the parameters): computed once per distinct x and evaluation, since
// lgamma and digamma cost far more than the per-customer logs.
struct XTerms {
  double x;
  double a12;      // A1 + A2 without the log(alpha) part's dependence on T
  double c4;       // log(a) - log(b + x - 1)
  double r_x;      // r + x
  double inv_bx1;  // 1 / (b + x - 1)
  double g12[4];   // gradient of A1 + A2
};

XTerms TermsOf(const BgNbdParams& p, double x) {
  const double r = p.r, alpha = p.alpha, a = p.a, b = p.b;
  XTerms t;
  t.x = x;
  t.a12 = std::lgamma(r + x) - std::lgamma(r) + r * std::log(alpha) + std::lgamma(a + b) +
          std::lgamma(b + x) - std::lgamma(b) - std::lgamma(a + b + x);
  t.c4 = x > 0 ? std::log(a) - std::log(b + x - 1) : 0;
  t.r_x = r + x;
  t.inv_bx1 = x > 0 ? 1 / (b + x - 1) : 0;
  t.g12[0] = digamma(r + x) - digamma(r) + std::log(alpha);
  t.g12[1] = r / alpha;
  t.g12[2] = digamma(a + b) - digamma(a + b + x);
  t.g12[3] = digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x);
  return t;
}

// log(alpha + t) and 1 / (alpha + t) for a time t (t_x or T): the fit
// computes them once per distinct time, not once per summary.
struct Since {
  double log, inverse;
};
Since SinceOf(double alpha, double t) { return {std::log(alpha + t), 1 / (alpha + t)}; }

// A weighted sum of log-likelihoods and of their gradients with respect
// to (r, alpha, a, b).
struct Sums {
  double ll = 0, r = 0, alpha = 0, a = 0, b = 0;
};

// Adds `weight` times one customer's log-likelihood and gradient, written
// as A1 + A2 + log(e^A3 + [x > 0] e^A4) (the paper's equation 6) with the
// last term summed in log space so large x or T cannot overflow. Inline
// and branch-light: the fit runs it for every summary, dozens of times.
inline void AddTerm(const XTerms& xt, Since tx, Since T, double inv_a, double weight, Sums* s) {
  const double a3 = -xt.r_x * T.log;
  double ll = xt.a12 + a3, w3 = 1, w4 = 0;
  if (xt.x > 0) {
    const double a4 = xt.c4 - xt.r_x * tx.log;
    const double d = a3 - a4;
    const double e = std::exp(-std::abs(d));  // the smaller term over the larger
    // log(1 + e), not log1p(e): the sum needs the term to an absolute
    // 1e-16, which log gives at a fraction of log1p's cost.
    ll = xt.a12 + (d >= 0 ? a3 : a4) + std::log(1 + e);
    const double big = 1 / (1 + e);
    w3 = d >= 0 ? big : 1 - big;
    w4 = 1 - w3;
  }
  s->ll += weight * ll;
  s->r += weight * (xt.g12[0] - w3 * T.log - w4 * tx.log);
  s->alpha += weight * (xt.g12[1] - xt.r_x * (w3 * T.inverse + w4 * tx.inverse));
  s->a += weight * (xt.g12[2] + w4 * inv_a);
  s->b += weight * (xt.g12[3] - w4 * xt.inv_bx1);
}

// A distinct (x, t_x, T), weighted by how many customers share it: x as
// its place among the distinct x, the times as places among the distinct
// times.
struct Triple {
  uint32_t x, t_x, T;
  double weight;
};

// The summaries as the fit sees them, sorted by (x, t_x, T).
struct Triples {
  std::vector<Triple> terms;
  std::vector<double> xs;     // every distinct x, ascending
  std::vector<double> times;  // every distinct t_x and T
};

Triples Distinct(const std::vector<CustomerRfm>& customers) {
  const clv::Runs runs = clv::GroupBySummary(customers);
  Triples out;
  // t_x follows from the days between the first and the last transaction,
  // T from the first day: places are given out by those days, with no
  // sort of the times.
  int64_t min_first = customers.front().first_day, max_first = min_first, max_recency = 0;
  for (const CustomerRfm& c : customers) {
    min_first = std::min(min_first, c.first_day);
    max_first = std::max(max_first, c.first_day);
    max_recency = std::max(max_recency, c.last_day - c.first_day);
  }
  constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> by_recency(static_cast<size_t>(max_recency + 1), kNone);
  std::vector<uint32_t> by_first(static_cast<size_t>(max_first - min_first + 1), kNone);
  auto place = [&out](uint32_t* known, double t) {
    if (*known == kNone) {
      *known = static_cast<uint32_t>(out.times.size());
      out.times.push_back(t);
    }
    return *known;
  };
  out.terms.reserve(runs.run_starts.size());
  for (size_t r = 0; r + 1 < runs.run_starts.size(); ++r) {
    const CustomerRfm& c = customers[runs.order[runs.run_starts[r]]];
    const auto x = static_cast<double>(c.frequency);
    if (out.xs.empty() || out.xs.back() != x) out.xs.push_back(x);
    out.terms.push_back(
        {static_cast<uint32_t>(out.xs.size() - 1),
         place(&by_recency[static_cast<size_t>(c.last_day - c.first_day)], c.recency),
         place(&by_first[static_cast<size_t>(c.first_day - min_first)], c.age),
         static_cast<double>(runs.run_starts[r + 1] - runs.run_starts[r])});
  }
  return out;
}

BgNbdParams FromVector(const std::vector<double>& v) { return {v[0], v[1], v[2], v[3]}; }

// Summaries per chunk of the parallel sum: enough to outweigh handing out
// a chunk, few enough to share out evenly.
constexpr size_t kChunk = 16384;

// The log-likelihood of a set of summaries and its gradient, summed on
// `threads` threads in chunk order: the same value for any number of
// threads.
class Likelihood {
 public:
  Likelihood(Triples triples, int threads)
      : t_(std::move(triples)),
        threads_(threads),
        by_x_(t_.xs.size()),
        since_(t_.times.size()),
        partial_((t_.terms.size() + kChunk - 1) / kChunk) {}

  const std::vector<Triple>& terms() const { return t_.terms; }

  // const for the caller; the scratch space is reused between calls.
  double operator()(const std::vector<double>& theta, std::vector<double>* gradient) const {
    const BgNbdParams p = FromVector(theta);
    const double inv_a = 1 / p.a;
    for (size_t i = 0; i < by_x_.size(); ++i) by_x_[i] = TermsOf(p, t_.xs[i]);
    for (size_t i = 0; i < since_.size(); ++i) since_[i] = SinceOf(p.alpha, t_.times[i]);
    ForEachChunk(partial_.size(), threads_, [&](size_t chunk) {
      const size_t begin = chunk * kChunk, end = std::min(begin + kChunk, t_.terms.size());
      Sums s;
      for (size_t i = begin; i < end; ++i) {
        const Triple& t = t_.terms[i];
        AddTerm(by_x_[t.x], since_[t.t_x], since_[t.T], inv_a, t.weight, &s);
      }
      partial_[chunk] = s;
    });
    Sums total;
    for (const Sums& s : partial_) {
      total.ll += s.ll;
      total.r += s.r;
      total.alpha += s.alpha;
      total.a += s.a;
      total.b += s.b;
    }
    if (gradient) *gradient = {total.r, total.alpha, total.a, total.b};
    return total.ll;
  }

 private:
  Triples t_;
  int threads_;
  mutable std::vector<XTerms> by_x_;
  mutable std::vector<Since> since_;
  mutable std::vector<Sums> partial_;
};

}  // namespace

double BgNbdLogLikelihood(const BgNbdParams& p, double x, double t_x, double T) {
  Sums s;
  AddTerm(TermsOf(p, x), SinceOf(p.alpha, t_x), SinceOf(p.alpha, T), 1 / p.a, 1, &s);
  return s.ll;
}

BgNbdFit FitBgNbd(const std::vector<CustomerRfm>& customers, int threads) {
  int64_t repeaters = 0;
  double mean_x = 0, mean_T = 0;
  for (const CustomerRfm& c : customers) {
    repeaters += c.frequency > 0;
    mean_x += static_cast<double>(c.frequency);
    mean_T += c.age;
  }
  if (repeaters == 0) {
    throw DataError({},
                    "no customer bought again before the calibration end (" +
                        (customers.size() == 1 ? std::string("1 customer, with one purchase day")
                                               : std::to_string(customers.size()) +
                                                     " customers, each with one purchase day") +
                        "), so the model cannot tell how often customers buy from how soon "
                        "they leave; try a later --calibration-end or data covering a "
                        "longer time");
  }
  const Likelihood all(Distinct(customers), threads);
  const clv::LogLikelihood ll = [&all](const std::vector<double>& theta,
                                       std::vector<double>* gradient) {
    return all(theta, gradient);
  };
  // Large data searches its starting points on a sample (optimize.h).
  const size_t stride = clv::SampleStride(customers.size());
  std::vector<CustomerRfm> some;
  for (size_t i = 0; stride > 1 && i < customers.size(); i += stride) some.push_back(customers[i]);
  // A sample with few repeat customers cannot be trusted to find the
  // right basin: only they tell buying rates from dropping out.
  constexpr std::ptrdiff_t kSampleRepeaters = 2000;
  const bool sampled = std::count_if(some.begin(), some.end(),
                                     [](auto& c) { return c.frequency > 0; }) >= kSampleRepeaters;
  const Likelihood on_sample(sampled ? Distinct(some) : Triples{}, threads);
  const clv::LogLikelihood sample_ll = [&on_sample](const std::vector<double>& theta,
                                                    std::vector<double>* gradient) {
    return on_sample(theta, gradient);
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
  clv::Maximum m =
      clv::Maximize(ll, {"r", "alpha", "a", "b"}, starts, n,
                    {sampled ? &sample_ll : nullptr, static_cast<double>(some.size())});
  // r and alpha run off together (rates alike for all, only r / alpha
  // estimated), as do a and b (only a / (a + b)): one past the boundary
  // leaves the other a number that is no estimate either, however large.
  const std::vector<std::string> names = {"r", "alpha", "a", "b"};
  m.report.not_identified = clv::InPairs(m.report.not_identified, names);
  clv::ForgetLostErrors(m.report.not_identified, names, &m.standard_errors);
  BgNbdFit fit;
  fit.params = FromVector(m.theta);
  fit.fit = m.report;
  if (m.standard_errors) fit.standard_errors = FromVector(*m.standard_errors);
  fit.customers = static_cast<int64_t>(customers.size());
  fit.distinct_summaries = static_cast<int64_t>(all.terms().size());
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
  return clv::ExpectedIfAlive(p, x, T, t) * BgNbdProbabilityAlive(p, x, t_x, T);
}

}  // namespace

double clv::ExpectedIfAlive(const BgNbdParams& p, double x, double T, double t) {
  const double r = p.r, alpha = p.alpha, a = p.a, b = p.b;
  double z = t / (alpha + T + t);
  double f = Hypergeometric2F1(r + x, b + x, a + b + x - 1, z);
  double lead = std::exp((r + x) * std::log((alpha + T) / (alpha + T + t)));
  return (a + b + x - 1) / (a - 1) * (1 - lead * f);
}

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
