// The search for the maximum: starting points searched on a sample of
// large data, the result refined on all of it.
#include "clv/optimize.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "retention/clv.h"
#include "support/many_customers.h"

using namespace retention;

namespace {

// -(log theta - at)^2 summed over `weight` customers: its maximum is at
// theta = e^at.
clv::LogLikelihood Bowl(double at, double weight, int* calls) {
  return [=](const std::vector<double>& theta, std::vector<double>* gradient) {
    ++*calls;
    const double d = std::log(theta[0]) - at;
    if (gradient) *gradient = {-2 * d / theta[0] * weight};
    return -d * d * weight;
  };
}

// 100 customers whose log-likelihood peaks at log theta = 1.5 and is flat
// (at -900) beyond 3 from there: a search begun far off has nowhere to go.
clv::LogLikelihood Plateau(int* calls) {
  return [=](const std::vector<double>& theta, std::vector<double>* gradient) {
    ++*calls;
    const double d = std::log(theta[0]) - 1.5;
    const bool flat = std::abs(d) > 3;
    if (gradient) *gradient = {flat ? 0 : -2 * d / theta[0] * 100};
    return (flat ? -9 : -d * d) * 100;
  };
}

// Customers drawn from the BG/NBD model itself (weekly rates Gamma(r,
// alpha), dropout after each purchase with probability Beta(a, b)), first
// purchases spread over 100 weeks before the calibration end.
std::vector<CustomerRfm> Drawn(int customers, BgNbdParams q, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::gamma_distribution<double> rate(q.r, 1 / q.alpha), ga(q.a, 1), gb(q.b, 1);
  std::vector<CustomerRfm> out(static_cast<size_t>(customers));
  for (size_t i = 0; i < out.size(); ++i) {
    CustomerRfm& c = out[i];
    c.customer = static_cast<CustomerIndex>(i);
    c.first_day = static_cast<int64_t>(random() % 700);
    const double T = static_cast<double>(700 - c.first_day) / 7, lambda = rate(random);
    const double x_a = ga(random), p = x_a / (x_a + gb(random));
    double t = 0, last = 0;
    while (lambda > 0) {
      t += -std::log(1 - uniform(random)) / lambda;
      if (t > T) break;
      ++c.frequency;
      last = t;
      if (uniform(random) < p) break;
    }
    c.last_day = c.first_day + static_cast<int64_t>(last * 7);
    c.recency = static_cast<double>(c.last_day - c.first_day) / 7;
    c.age = T;
  }
  return out;
}

// Every customer three times: the same maximum as once, but past
// kFullSearch customers, so the starts are searched on a sample.
std::vector<CustomerRfm> Thrice(const std::vector<CustomerRfm>& once) {
  std::vector<CustomerRfm> thrice = once;
  for (int copy = 0; copy < 2; ++copy) thrice.insert(thrice.end(), once.begin(), once.end());
  return thrice;
}

// The fit of customers three times over against the fit of them once.
void CheckSameBgNbd(const BgNbdFit& once, const BgNbdFit& thrice, double epsilon) {
  INFO("once: r " << once.params.r << " alpha " << once.params.alpha << " a " << once.params.a
                  << " b " << once.params.b << " ll " << once.fit.log_likelihood);
  INFO("thrice: r " << thrice.params.r << " alpha " << thrice.params.alpha << " a "
                    << thrice.params.a << " b " << thrice.params.b << " ll "
                    << thrice.fit.log_likelihood);
  CHECK(thrice.fit.converged);
  CHECK(thrice.params.r == Approx(once.params.r).epsilon(epsilon));
  CHECK(thrice.params.alpha == Approx(once.params.alpha).epsilon(epsilon));
  CHECK(thrice.params.a == Approx(once.params.a).epsilon(epsilon));
  CHECK(thrice.params.b == Approx(once.params.b).epsilon(epsilon));
  CHECK(thrice.fit.log_likelihood == Approx(3 * once.fit.log_likelihood).epsilon(1e-9));
}

std::vector<CustomerRfm> Summaries(int customers) {
  RfmOptions options;
  options.calibration_end = {2024, 12, 31};
  return SummarizeRfm(fixtures::ManyCustomers(customers).table, options).customers;
}

// Repeat customers whose spend follows the Gamma-Gamma model (p = 4,
// q = 3, v = 60): amounts vary around a mean of their own.
std::vector<CustomerRfm> Spenders(int customers) {
  std::mt19937_64 random(7);
  std::vector<CustomerRfm> out(static_cast<size_t>(customers));
  for (size_t i = 0; i < out.size(); ++i) {
    CustomerRfm& c = out[i];
    c.customer = static_cast<CustomerIndex>(i);
    c.frequency = 1 + static_cast<int64_t>(random() % 6);
    const double rate = std::gamma_distribution<double>(3, 1.0 / 60)(random);
    std::gamma_distribution<double> spend(4, 1 / rate);
    int64_t cents = 0;
    for (int64_t k = 0; k < c.frequency; ++k) cents += 1 + std::llround(100 * spend(random));
    c.repeat_value = Money{cents * (kMoneyScale / 100)};
    c.monetary = static_cast<double>(cents) / 100 / static_cast<double>(c.frequency);
  }
  return out;
}

}  // namespace

TEST_CASE("the starts searched on a sample, the maximum found on all the data") {
  int all_calls = 0, sample_calls = 0;
  const clv::LogLikelihood all = Bowl(1.5, 1000, &all_calls);
  // The sample's maximum is near the data's, as a sample's is.
  const clv::LogLikelihood sample = Bowl(1.4, 10, &sample_calls);
  const clv::Maximum m = clv::Maximize(all, {"x"}, {{1}, {20}}, 1000, {&sample, 10});
  CHECK(m.theta[0] == Approx(std::exp(1.5)).epsilon(1e-7));
  CHECK(m.report.converged);
  CHECK(m.report.starts == 2);
  CHECK(sample_calls > 0);
  // Evaluations of all the data alone: the search, then 5 more at the
  // maximum (the check that it is one, the value, the gradient, two for
  // the Hessian).
  CHECK(m.report.iterations == all_calls - 5);
  CHECK(m.report.iterations > 0);
}

TEST_CASE("a sample that runs to the bound: the refinement begins at the start") {
  // All the data: the plateau. The sample keeps rising, to the bound.
  int all_calls = 0, sample_calls = 0;
  const clv::LogLikelihood all = Plateau(&all_calls);
  const clv::LogLikelihood sample = [&](const std::vector<double>& theta,
                                        std::vector<double>* gradient) {
    ++sample_calls;
    if (gradient) *gradient = {10 / theta[0]};
    return 10 * std::log(theta[0]);
  };
  const clv::Maximum m = clv::Maximize(all, {"x"}, {{1}}, 100, {&sample, 10});
  CHECK(sample_calls > 0);
  CHECK(m.theta[0] == Approx(std::exp(1.5)).epsilon(1e-7));
  CHECK(m.report.converged);
  CHECK(m.report.not_identified.empty());
}

TEST_CASE("a sample's maximum where all the data is flat and low loses to the start") {
  // The sample peaks at log theta = 8, well inside the bounds, where all
  // the data (the plateau) is flat: a refinement begun there would stay
  // there with a vanishing gradient.
  int calls = 0;
  const clv::LogLikelihood all = Plateau(&calls);
  const clv::LogLikelihood sample = Bowl(8, 10, &calls);
  const clv::Maximum m = clv::Maximize(all, {"x"}, {{1}}, 100, {&sample, 10});
  CHECK(m.theta[0] == Approx(std::exp(1.5)).epsilon(1e-7));
  CHECK(m.report.converged);
}

TEST_CASE("a refinement that runs to the bound: the starts are searched on all the data") {
  // All the data, in u = log theta: a peak of 10 at u = 2, reached from
  // the start (u = 0, where it is 6), and left of u = -1 a slope rising to
  // 9 at the bound. The sample rises to the left as well, so its search
  // ends at the bound, where all the data (8.8) beat the start: the
  // refinement begins there and stays on the slope. Only a second search
  // from the start, on all the data, finds the peak.
  int calls = 0;
  const clv::LogLikelihood all = [&](const std::vector<double>& theta,
                                     std::vector<double>* gradient) {
    ++calls;
    const double u = std::log(theta[0]);
    const bool slope = u < -1;
    const double slope_per_u = -2.0 / (clv::kLogBound - 1);  // rising leftwards
    if (gradient) *gradient = {(slope ? slope_per_u : -2 * (u - 2)) / theta[0] * 100};
    return (slope ? 7 + slope_per_u * (u + 1) : 10 - (u - 2) * (u - 2)) * 100;
  };
  const clv::LogLikelihood sample = [&](const std::vector<double>& theta,
                                        std::vector<double>* gradient) {
    if (gradient) *gradient = {-10 / theta[0]};
    return -10 * std::log(theta[0]);
  };
  const clv::Maximum m = clv::Maximize(all, {"x"}, {{1}}, 100, {&sample, 10});
  CHECK(m.theta[0] == Approx(std::exp(2)).epsilon(1e-7));
  CHECK(m.report.log_likelihood == Approx(1000));
  CHECK(m.report.converged);
  CHECK(m.report.not_identified.empty());
}

TEST_CASE("a fit on a sample of large data ends where the full search does") {
  // Every customer three times: the same maximum as once, but past
  // kFullSearch customers (repeat customers too, for Gamma-Gamma), so the
  // starts are searched on a sample.
  const std::vector<CustomerRfm> once = Summaries(110000);
  const std::vector<CustomerRfm> thrice = Thrice(once);
  REQUIRE(once.size() <= clv::kFullSearch);
  REQUIRE(thrice.size() > clv::kFullSearch);
  REQUIRE(clv::SampleStride(once.size()) == 1);
  REQUIRE(clv::SampleStride(thrice.size()) > 1);

  // Equal to the optimizer's tolerance: the likelihood is flat in a and b.
  const BgNbdFit b1 = FitBgNbd(once, 2), b2 = FitBgNbd(thrice, 2);
  CheckSameBgNbd(b1, b2, 1e-4);
  CHECK(b2.fit.gradient_norm < 1e-6);
  CHECK(b2.fit.log_likelihood == Approx(3 * b1.fit.log_likelihood).epsilon(1e-10));
  // Refining a point found on the sample takes fewer evaluations of all
  // the data than searching from every start.
  CHECK(b2.fit.iterations < b1.fit.iterations);
}

TEST_CASE("a spend fit on a sample of large data ends where the full search does") {
  const std::vector<CustomerRfm> once = Spenders(90000);
  const std::vector<CustomerRfm> thrice = Thrice(once);
  REQUIRE(thrice.size() > clv::kFullSearch);
  const GammaGammaFit g1 = FitGammaGamma(once, 2), g2 = FitGammaGamma(thrice, 2);
  CHECK(g2.fit.converged);
  CHECK(g2.params.p == Approx(g1.params.p).epsilon(1e-4));
  CHECK(g2.params.q == Approx(g1.params.q).epsilon(1e-4));
  CHECK(g2.params.v == Approx(g1.params.v).epsilon(1e-4));
  CHECK(g2.fit.log_likelihood == Approx(3 * g1.fit.log_likelihood).epsilon(1e-10));
  CHECK(g2.fit.iterations < g1.fit.iterations);
}

TEST_CASE("few repeat customers in a large sample: BG/NBD searches all the data") {
  // Rare buyers: about one customer in a thousand repeats, so a sample of
  // 50,000 would hold some 50 of them. On this draw (seed 4) such a sample
  // led to a worse maximum, a and b near 1e-4, that passed as converged.
  const std::vector<CustomerRfm> once = Drawn(130000, {0.002, 40, 1, 2.5}, 4);
  const std::vector<CustomerRfm> thrice = Thrice(once);
  REQUIRE(thrice.size() > clv::kFullSearch);
  CheckSameBgNbd(FitBgNbd(once, 2), FitBgNbd(thrice, 2), 1e-3);
}

TEST_CASE("parameters identified only in pairs are lost in pairs") {
  const std::vector<std::string> names = {"r", "alpha", "a", "b"};
  using V = std::vector<std::string>;
  CHECK(clv::InPairs({}, names).empty());
  CHECK(clv::InPairs({"alpha"}, names) == V{"r", "alpha"});
  CHECK(clv::InPairs({"b"}, names) == V{"a", "b"});
  CHECK(clv::InPairs({"b", "r"}, names) == V{"r", "alpha", "a", "b"});
  // A name without a mate stands alone.
  CHECK(clv::InPairs({"v"}, {"p", "q", "v"}) == V{"v"});
}

TEST_CASE("FlatRidges: a pair the data pin down only by its ratio") {
  // The log-likelihood of a pair (x, y) whose ratio is known (x / y near
  // 2) and that gains a hair as both grow: a search stops anywhere along
  // the ridge, at numbers that look like estimates (x 4000, y 2000).
  const clv::LogLikelihood ridge = [](const std::vector<double>& t, std::vector<double>*) {
    const double d = std::log(t[1] / t[2]) - std::log(2.0);
    return -(t[0] - 1) * (t[0] - 1) - 50 * d * d - 1 / t[1];
  };
  const std::vector<std::string> names = {"p", "x", "y"};
  const std::vector<double> stopped = {1, 4000, 2000};
  CHECK(clv::FlatRidges(ridge, stopped, ridge(stopped, nullptr), names, {{1, 2}}) ==
        std::vector<std::string>{"x", "y"});
  // A pair pinned down on its own: along the ridge the likelihood falls.
  const clv::LogLikelihood peak = [](const std::vector<double>& t, std::vector<double>*) {
    const double dx = std::log(t[1]) - std::log(4.0), dy = std::log(t[2]) - std::log(2.0);
    return -(t[0] - 1) * (t[0] - 1) - 50 * (dx * dx + dy * dy);
  };
  const std::vector<double> top = {1, 4, 2};
  CHECK(clv::FlatRidges(peak, top, peak(top, nullptr), names, {{1, 2}}).empty());
  // A gain of the limit below kRidgeDrop is flat; above it, not.
  auto gain = [](double g) {
    return clv::LogLikelihood(
        [g](const std::vector<double>& t, std::vector<double>*) { return t[1] > 1e5 ? g : 0.0; });
  };
  CHECK(clv::FlatRidges(gain(-1.9), top, 0.0, names, {{1, 2}}).size() == 2);
  CHECK(clv::FlatRidges(gain(-2.0), top, 0.0, names, {{1, 2}}).empty());
}
