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

#include "base/page_memory.h"
#include "base/parallel_chunks.h"
#include "base/vector_math.h"
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
  t.a12 = clv::LogGamma(r + x) - clv::LogGamma(r) + r * std::log(alpha) + clv::LogGamma(a + b) +
          clv::LogGamma(b + x) - clv::LogGamma(b) - clv::LogGamma(a + b + x);
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

// One customer's log-likelihood is A1 + A2 + log(e^A3 + [x > 0] e^A4)
// (the paper's equation 6), the last term summed in log space so large x
// or T cannot overflow: the larger of A3 and A4 plus log(1 + e), e the
// smaller term over the larger, e^-|A3 - A4|. Gap gives that exponent
// (0 for x = 0, which has no A4), and AddTerm the rest once e and
// log(1 + e) are known: the fit takes them for a block of summaries at a
// time (ExpOf, LogOf).
inline double Gap(const XTerms& xt, Since tx, Since T) {
  if (xt.x == 0) return 0;
  return -std::abs(-xt.r_x * T.log - (xt.c4 - xt.r_x * tx.log));  // as AddTerm's d
}

// Adds `weight` times one customer's log-likelihood and gradient, given
// e = exp(Gap(...)) and log(1 + e) (log, not log1p: the sum needs the term
// to an absolute 1e-16, which log gives at a fraction of log1p's cost).
// Inline and branch-light: the fit runs it for every summary, dozens of
// times.
inline void AddTerm(const XTerms& xt, Since tx, Since T, double inv_a, double weight, double e,
                    double log_1_e, Sums* s) {
  const double a3 = -xt.r_x * T.log;
  double ll = xt.a12 + a3, w3 = 1, w4 = 0;
  if (xt.x > 0) {
    const double a4 = xt.c4 - xt.r_x * tx.log;
    const double d = a3 - a4;
    ll = xt.a12 + (d >= 0 ? a3 : a4) + log_1_e;
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

Triples Distinct(const std::vector<CustomerRfm>& customers, const clv::Runs& runs) {
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
  ReserveInHugePages(&out.terms, runs.run_starts.size());
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
      constexpr size_t kBlock = 256;
      double e[kBlock], log_1_e[kBlock];
      for (size_t from = begin; from < end; from += kBlock) {
        const size_t count = std::min(kBlock, end - from);
        for (size_t k = 0; k < count; ++k) {
          const Triple& t = t_.terms[from + k];
          e[k] = Gap(by_x_[t.x], since_[t.t_x], since_[t.T]);
        }
        ExpOf(e, e, count);
        for (size_t k = 0; k < count; ++k) log_1_e[k] = 1 + e[k];
        LogOf(log_1_e, log_1_e, count);
        for (size_t k = 0; k < count; ++k) {
          const Triple& t = t_.terms[from + k];
          AddTerm(by_x_[t.x], since_[t.t_x], since_[t.T], inv_a, t.weight, e[k], log_1_e[k], &s);
        }
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
  const XTerms xt = TermsOf(p, x);
  const Since since_t_x = SinceOf(p.alpha, t_x), since_T = SinceOf(p.alpha, T);
  const double e = std::exp(Gap(xt, since_t_x, since_T));
  Sums s;
  AddTerm(xt, since_t_x, since_T, 1 / p.a, 1, e, std::log(1 + e), &s);
  return s.ll;
}

BgNbdFit FitBgNbd(const std::vector<CustomerRfm>& customers, int threads) {
  return clv::FitBgNbd(customers, clv::GroupBySummary(customers), threads);
}

BgNbdFit clv::FitBgNbd(const std::vector<CustomerRfm>& customers, const Runs& runs, int threads) {
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
  const Likelihood all(Distinct(customers, runs), threads);
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
  const Likelihood on_sample(sampled ? Distinct(some, clv::GroupBySummary(some)) : Triples{},
                             threads);
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
  for (const std::string& name :
       clv::FlatRidges(ll, m.theta, m.report.log_likelihood, names, {{0, 1}, {2, 3}})) {
    m.report.not_identified.push_back(name);
  }
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

namespace {

// 2F1's series to at most `terms` terms; NaN when they do not reach its
// end. Term ratio (a + n)(b + n) / ((c + n)(n + 1)) z: the series converges
// geometrically for z < 1; stop when a term no longer changes the sum.
double SeriesOf2F1(double a, double b, double c, double z, int terms) {
  double term = 1, sum = 1;
  for (int n = 0; n < terms; ++n) {
    term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
    sum += term;
    if (std::abs(term) <= 1e-16 * std::abs(sum)) return sum;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

double Hypergeometric2F1(double a, double b, double c, double z) {
  return SeriesOf2F1(a, b, c, z, 2'000'000);
}

namespace {

// What one alive at T expects, E = C / (a - 1) (1 - lead 2F1(r + x, b + x;
// C; z)) with C = a + b + x - 1, is written after Euler's transformation
// as C (1 - d^(a-1)) / (a - 1) - d^(a-1) K(z), d = 1 - z, where
// K = C (2F1(A, a - 1; C; z) - 1) / (a - 1) and A = a + b - 1 - r. The
// original series' terms grow as n^(r+x-a) z^n before they fall: past
// 1e308 for heavy buyers and long horizons. K's terms fall from the start
// once x is large, take no 0 / 0 at a = 1 and no division by C, which is
// 0 for a + b = 1 and x = 0.
struct KParams {
  double A, B, C;  // A, a - 1, C
};

struct Sum {
  double k, dk;  // K and z K'
  bool done;
};

// K's series, sum over n >= 1 of C (A)_n (a)_(n-1) / ((C)_n n!) z^n, and
// z K' (to full precision if `derivative`), to at most `terms` terms.
Sum KSeries(const KParams& q, double z, int terms, bool derivative) {
  // Every later ratio of terms is below z (1 + excess / ((n + C)(n + 1)) +
  // growth / (n + C)) (from (A + n)(B + n) - (C + n)(n + 1)), which bounds
  // the rest of the sum once a term is small.
  const double excess = std::max(0.0, q.A * q.B - q.C);
  const double growth = std::max(0.0, q.A + q.B + 1 - q.C);
  double term = q.A * z, k = term, dk = term;
  for (int n = 1; n < terms; ++n) {
    const double ratio = (q.A + n) * (q.B + n) / ((q.C + n) * (n + 1)) * z;
    if (std::abs(term) <= 1e-16 * std::abs(k)) {
      const double bound = z * (1 + excess / ((n + q.C) * (n + 1)) + growth / (n + q.C));
      if (bound < 1) {
        const double rest = std::abs(term) * bound / (1 - bound);
        if (derivative ? rest * (n + 1 / (1 - bound)) <= 1e-16 * (std::abs(k) + std::abs(dk))
                       : rest <= 1e-16 * std::abs(k)) {
          return {k, dk, true};
        }
      }
    }
    term *= ratio;
    k += term;
    dk += (n + 1) * term;
  }
  return {k, dk, false};
}

// K at 1 - d from K's series at 1/2 and Taylor steps of its differential
// equation, z (1 - z) K'' + (C - (A + B + 1) z) K' - A B K = C A, each
// at most halving the distance to the singular point 1: some 20 steps of 50
// terms for d = 1e-6, where the series would take millions. Returns
// log(scale) and K / scale, scaled to keep K within range as it grows
// like d^(r+x+1-a). For d < 1/2; NaN if the series at 1/2 fails.
std::pair<double, double> KByContinuation(const KParams& q, double d) {
  const Sum start = KSeries(q, 0.5, 100000, true);
  if (!start.done) return {0, std::numeric_limits<double>::quiet_NaN()};
  double dc = 0.5, k = start.k, dk = 2 * start.dk;  // K'
  double source = q.C * q.A, log_scale = 0;
  // The other solutions, (1 - z)^m and z^(1-C), have Taylor terms that
  // alternate and peak near e^(2 m w / dc) and e^(2 (C - 1) w / zc) times
  // their sum: short steps keep the rounding of those peaks small.
  const double m = std::abs(q.C - q.A - q.B), c1 = std::abs(q.C - 1);
  for (bool last = false; !last;) {
    const double zc = 1 - dc;
    const double step = std::min({dc / 2, 2 * dc / m, zc / 2, 2 * zc / c1});
    last = dc - d <= step;
    const double w = last ? dc - d : step;
    const double P = zc * dc, Q = dc - zc, E0 = q.C - (q.A + q.B + 1) * zc;
    // u_j = c_j w^j for the Taylor coefficients c_j about zc.
    double u0 = k, u1 = dk * w, sum = u0 + u1, dsum = u1;
    bool converged = false;
    for (int j = 0; j < 100000 && !converged; ++j) {
      double u2 = (-(j + 1) * (Q * j + E0) * w * u1 + (j + q.A) * (j + q.B) * w * w * u0) /
                  (P * (j + 1) * (j + 2));
      if (j == 0) u2 += source * w * w / (2 * P);
      sum += u2;
      dsum += (j + 2) * u2;
      converged =
          (j + 2) * (std::abs(u1) + std::abs(u2)) <= 1e-17 * (std::abs(sum) + std::abs(dsum));
      u0 = u1;
      u1 = u2;
    }
    if (!converged) return {0, std::numeric_limits<double>::quiet_NaN()};
    k = sum;
    dk = dsum / w;
    dc -= w;
    if (std::abs(k) > 1e200) {
      k *= 1e-200;
      dk *= 1e-200;
      source *= 1e-200;
      log_scale += 200 * std::log(10.0);
    }
  }
  return {log_scale, k};
}

}  // namespace

double clv::ExpectedIfAlive(const BgNbdParams& p, double x, double T, double t) {
  const double r = p.r, alpha = p.alpha, a = p.a, b = p.b;
  if (t <= 0) return 0;
  const double c = alpha + T, z = t / (c + t), d = c / (c + t);
  const double log_d = -std::log1p(t / c);
  const KParams q{a + b - 1 - r, a - 1, a + b + x - 1};
  const double e = a - 1;
  // The paper's series first: for the horizons and buyers of most data it
  // ends in a few dozen terms, where K's may take thousands (a fit with a
  // large a). Away from a = 1 (0 / 0 there) and while its terms stay in
  // range and end soon; else K's way below.
  const double lead = std::exp((r + x) * log_d);
  if (std::abs(e) > 1e-4) {
    // Cancellation in 1 - lead 2F1 loses digits when it is small: then
    // K's way, which has none.
    const double rest = 1 - lead * SeriesOf2F1(r + x, b + x, q.C, z, 1000);
    if (std::isfinite(rest) && std::abs(rest) > 1e-6) return q.C / e * rest;
  }
  // (1 - d^(a-1)) / (a - 1), -log(d) at a = 1.
  const double rise = e == 0 ? -log_d : -std::expm1(e * log_d) / e;
  // Few terms when z is small or x large; near 1 a series would take
  // about 1 / d terms.
  const Sum direct = KSeries(q, z, z <= 0.5 ? 100000 : 400, false);
  double value = std::numeric_limits<double>::quiet_NaN();
  if (direct.done) {
    value = q.C * rise - std::exp(e * log_d) * direct.k;
  } else if (z > 0.5) {
    const auto [log_scale, k] = KByContinuation(q, d);
    value = q.C * rise - std::exp(e * log_d + log_scale) * k;
  }
  if (std::isfinite(value)) return value;
  // With a in the thousands (a fit that ran off to a boundary) K's terms
  // grow as (a z)^n / n!; the original series is tame there.
  return q.C / e * (1 - lead * Hypergeometric2F1(r + x, b + x, q.C, z));
}

double BgNbdExpectedTransactions(const BgNbdParams& p, double x, double t_x, double T, double t) {
  if (t <= 0) return 0;
  return clv::ExpectedIfAlive(p, x, T, t) * BgNbdProbabilityAlive(p, x, t_x, T);
}

double BgNbdExpectedTransactionsNew(const BgNbdParams& p, double t) {
  // E[X(t)] (equation 9) is the conditional expectation of a customer seen
  // at time 0 with no repeats: x = t_x = T = 0.
  return BgNbdExpectedTransactions(p, 0, 0, 0, t);
}

}  // namespace retention
