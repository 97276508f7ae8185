// NLopt wrapped for the CLV fits (see optimize.h).
#include "clv/optimize.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlopt.hpp>
#include <utility>

namespace retention::clv {
namespace {

struct Search {
  const LogLikelihood* ll = nullptr;
  double weight = 1;
  int64_t evaluations = 0;
  std::vector<double> best_u;
  double best = -std::numeric_limits<double>::infinity();
};

// The objective on u = log(theta): the mean log-likelihood, and its
// gradient by the chain rule d/du = theta * d/dtheta. Non-finite values
// (overflow far from the optimum) become a very low value so L-BFGS backs
// off instead of failing.
double Objective(const std::vector<double>& u, std::vector<double>& grad, void* data) {
  auto* s = static_cast<Search*>(data);
  ++s->evaluations;
  std::vector<double> theta(u.size());
  for (size_t i = 0; i < u.size(); ++i) theta[i] = std::exp(u[i]);
  std::vector<double> g(u.size(), 0.0);
  double value = (*s->ll)(theta, grad.empty() ? nullptr : &g) / s->weight;
  bool finite = std::isfinite(value);
  for (size_t i = 0; i < grad.size(); ++i) {
    grad[i] = g[i] * theta[i] / s->weight;
    finite = finite && std::isfinite(grad[i]);
  }
  if (!finite) {
    for (double& x : grad) x = 0;
    return -1e300;
  }
  if (value > s->best) {
    s->best = value;
    s->best_u = u;
  }
  return value;
}

double GradientNorm(const LogLikelihood& ll, const std::vector<double>& theta, double weight) {
  std::vector<double> g(theta.size(), 0.0);
  ll(theta, &g);
  double sum = 0;
  for (size_t i = 0; i < theta.size(); ++i) sum += std::pow(g[i] * theta[i] / weight, 2);
  return std::sqrt(sum);
}

// Inverse of a small symmetric matrix by Gauss-Jordan with partial
// pivoting; nullopt when singular.
std::optional<std::vector<std::vector<double>>> Invert(std::vector<std::vector<double>> m) {
  size_t n = m.size();
  std::vector<std::vector<double>> inv(n, std::vector<double>(n, 0.0));
  for (size_t i = 0; i < n; ++i) inv[i][i] = 1;
  for (size_t col = 0; col < n; ++col) {
    size_t pivot = col;
    for (size_t r = col + 1; r < n; ++r) {
      if (std::abs(m[r][col]) > std::abs(m[pivot][col])) pivot = r;
    }
    if (!(std::abs(m[pivot][col]) > 1e-300)) return std::nullopt;
    std::swap(m[pivot], m[col]);
    std::swap(inv[pivot], inv[col]);
    double d = m[col][col];
    for (size_t k = 0; k < n; ++k) {
      m[col][k] /= d;
      inv[col][k] /= d;
    }
    for (size_t r = 0; r < n; ++r) {
      if (r == col) continue;
      double f = m[r][col];
      for (size_t k = 0; k < n; ++k) {
        m[r][k] -= f * m[col][k];
        inv[r][k] -= f * inv[col][k];
      }
    }
  }
  return inv;
}

// Standard errors of the parameters `which`, the others held where they
// are: the square roots of the diagonal of the inverse of the observed
// information -H, H by central differences of the analytic gradient
// (symmetrized). NaN for the others; unset when -H is not positive
// definite.
std::optional<std::vector<double>> StandardErrors(const LogLikelihood& ll,
                                                  const std::vector<double>& theta,
                                                  const std::vector<size_t>& which) {
  const size_t n = theta.size(), k = which.size();
  std::vector<std::vector<double>> info(k, std::vector<double>(k, 0.0));
  for (size_t b = 0; b < k; ++b) {
    const size_t j = which[b];
    double h = 1e-5 * std::max(std::abs(theta[j]), 1e-4);
    std::vector<double> up = theta, down = theta, g_up(n), g_down(n);
    up[j] += h;
    down[j] -= h;
    ll(up, &g_up);
    ll(down, &g_down);
    for (size_t a = 0; a < k; ++a) info[a][b] = -(g_up[which[a]] - g_down[which[a]]) / (2 * h);
  }
  for (size_t a = 0; a < k; ++a) {
    for (size_t b = 0; b < a; ++b) info[a][b] = info[b][a] = (info[a][b] + info[b][a]) / 2;
  }
  auto cov = Invert(info);
  if (!cov) return std::nullopt;
  std::vector<double> se(n, std::nan(""));
  for (size_t a = 0; a < k; ++a) {
    double v = (*cov)[a][a];
    if (!(v > 0) || !std::isfinite(v)) return std::nullopt;
    se[which[a]] = std::sqrt(v);
  }
  return se;
}

}  // namespace

size_t SampleStride(size_t n) {
  // About kFullSearch / 4 customers: enough to place the optimum well
  // inside the basin the full data's is in.
  return n <= kFullSearch ? 1 : (n + kFullSearch / 4 - 1) / (kFullSearch / 4);
}

std::vector<std::string> FlatRidges(const LogLikelihood& ll, const std::vector<double>& theta,
                                    double at_theta, const std::vector<std::string>& names,
                                    const std::vector<RidgePair>& pairs) {
  std::vector<std::string> flat;
  if (!std::isfinite(at_theta)) return flat;
  for (const auto& [i, j] : pairs) {
    const double larger = std::max(theta[i], theta[j]);
    if (!(larger > 0) || std::log(larger) >= kLogBoundary) continue;  // there already
    const double scale = std::exp(kLogBoundary) / larger;
    std::vector<double> far = theta;
    far[i] *= scale;
    far[j] *= scale;
    const double at_far = ll(far, nullptr);
    if (std::isfinite(at_far) && at_theta - at_far < kRidgeDrop) {
      flat.push_back(names[i]);
      flat.push_back(names[j]);
    }
  }
  return flat;
}

std::vector<std::string> InPairs(const std::vector<std::string>& lost,
                                 const std::vector<std::string>& names) {
  auto has = [&](const std::string& name) {
    return std::find(lost.begin(), lost.end(), name) != lost.end();
  };
  std::vector<std::string> out;
  for (size_t i = 0; i < names.size(); ++i) {
    const bool mate_lost = (i ^ 1) < names.size() && has(names[i ^ 1]);
    if (has(names[i]) || mate_lost) out.push_back(names[i]);
  }
  return out;
}

void ForgetLostErrors(const std::vector<std::string>& lost, const std::vector<std::string>& names,
                      std::optional<std::vector<double>>* errors) {
  if (!*errors) return;
  for (size_t i = 0; i < names.size(); ++i) {
    if (std::find(lost.begin(), lost.end(), names[i]) != lost.end()) {
      (**errors)[i] = std::nan("");
    }
  }
}

Maximum Maximize(const LogLikelihood& ll, const std::vector<std::string>& names,
                 const std::vector<std::vector<double>>& starts, double weight, Sample sample) {
  const size_t n = names.size();
  Search search;
  search.ll = sample.ll ? sample.ll : &ll;
  search.weight = sample.ll ? sample.weight : weight;
  // Each start runs a short, loose search; the best point found is then
  // polished with tight tolerances. Several starts guard against a poor
  // local optimum without paying for a full search from each.
  auto run = [&](std::vector<double> u, double ftol, int max_evaluations) {
    nlopt::opt opt(nlopt::LD_LBFGS, static_cast<unsigned>(n));
    opt.set_lower_bounds(std::vector<double>(n, -kLogBound));
    opt.set_upper_bounds(std::vector<double>(n, kLogBound));
    opt.set_max_objective(Objective, &search);
    opt.set_ftol_rel(ftol);
    opt.set_xtol_rel(ftol * 1e-2);
    opt.set_maxeval(max_evaluations);
    double value = 0;
    try {
      nlopt::result result = opt.optimize(u, value);
      return result > 0 && result != nlopt::MAXEVAL_REACHED;
    } catch (const std::exception&) {
      // Round-off limits near the optimum are common with tight tolerances;
      // the best point seen is kept either way and judged by its gradient.
      return false;
    }
  };
  // Each start's loose search, on whatever `search` evaluates, recording
  // the best point of all; with `ends`, also where each one got to.
  auto search_starts = [&](std::vector<std::vector<double>>* ends) {
    for (const std::vector<double>& start : starts) {
      std::vector<double> u(n);
      for (size_t i = 0; i < n; ++i) u[i] = std::log(start[i]);
      if (ends) {
        search.best_u.clear();
        search.best = -std::numeric_limits<double>::infinity();
      }
      run(u, 1e-6, 40);
      if (ends) ends->push_back(search.best_u.empty() ? u : search.best_u);
    }
  };
  // Evaluates `u` on all the data as the searches do: the best so far is
  // recorded.
  auto evaluate = [&](const std::vector<double>& u) {
    std::vector<double> no_gradient;
    Objective(u, no_gradient, &search);
  };
  // The best point so far, polished; it keeps its own record from there.
  auto refine = [&] {
    const std::vector<double> from = std::move(search.best_u);
    search.best_u.clear();
    search.best = -std::numeric_limits<double>::infinity();
    const bool success = !from.empty() && run(from, 1e-14, 3000);
    return std::make_pair(success, search.best);
  };
  bool any_success = false;
  if (!sample.ll) {
    search_starts(nullptr);
    any_success = refine().first;
  } else {
    // Where each start's search on the sample ended, and each start itself,
    // judged on all the data: the refinement begins at the best of them, so
    // it ends no lower than any (a sample's maximum where all the data is
    // flat and low loses to the start it came from).
    std::vector<std::vector<double>> candidates;
    search_starts(&candidates);
    for (const std::vector<double>& start : starts) {
      std::vector<double> u(n);
      for (size_t i = 0; i < n; ++i) u[i] = std::log(start[i]);
      candidates.push_back(u);
    }
    search.ll = &ll;
    search.weight = weight;
    search.evaluations = 0;
    search.best_u.clear();
    search.best = -std::numeric_limits<double>::infinity();
    for (const std::vector<double>& u : candidates) evaluate(u);
    auto [success, value] = refine();
    any_success = success;
    // A sample can mislead where the data barely identify the model (few
    // repeat customers, a boundary, a flat ridge): unless the refined
    // point is an interior maximum of all the data, search from every
    // start on all of it, and keep the better of the two.
    bool interior = !search.best_u.empty();
    for (double u : search.best_u) interior = interior && std::abs(u) <= kLogBoundary;
    std::vector<double> theta(search.best_u.size());
    for (size_t i = 0; i < theta.size(); ++i) theta[i] = std::exp(search.best_u[i]);
    if (!interior || !(GradientNorm(ll, theta, weight) < 1e-6)) {
      const std::vector<double> refined = search.best_u;
      search.best_u.clear();
      search.best = -std::numeric_limits<double>::infinity();
      search_starts(nullptr);
      auto [again, again_value] = refine();
      if (search.best_u.empty() || (!refined.empty() && value > again_value)) {
        search.best_u = refined;  // the first was better
      } else {
        any_success = again;
      }
    }
  }
  Maximum m;
  m.report.starts = static_cast<int>(starts.size());
  m.report.iterations = search.evaluations;
  m.theta.resize(n);
  if (search.best_u.empty()) {
    m.theta.assign(n, std::nan(""));
    m.report.log_likelihood = std::nan("");
    return m;
  }
  bool at_boundary = false;
  std::vector<size_t> inside;  // the parameters short of the boundary
  for (size_t i = 0; i < n; ++i) {
    m.theta[i] = std::exp(search.best_u[i]);
    if (std::abs(search.best_u[i]) > kLogBoundary) {
      m.report.not_identified.push_back(names[i]);
      at_boundary = true;
    } else {
      inside.push_back(i);
    }
  }
  m.report.log_likelihood = ll(m.theta, nullptr);
  m.report.gradient_norm = GradientNorm(ll, m.theta, weight);
  m.report.converged = (any_success || m.report.gradient_norm < 1e-6) && !at_boundary &&
                       m.report.gradient_norm < 1e-4;
  // The errors of the parameters short of the boundary, the others held
  // there; reported only when no parameter is at it.
  const std::optional<std::vector<double>> errors =
      inside.empty() ? std::nullopt : StandardErrors(ll, m.theta, inside);
  if (!at_boundary) m.standard_errors = errors;
  // On a flat likelihood the optimizer stops wherever its tolerance lets
  // it, short of the boundary the parameter runs to: a standard error of a
  // hundred times the estimate says the same as the boundary would. With
  // no errors to go by, a parameter beyond e^±7 has run that way.
  for (size_t i : inside) {
    const bool flat =
        errors ? (*errors)[i] > kFlatRatio * m.theta[i] : std::abs(search.best_u[i]) > kLogFarOut;
    if (flat) m.report.not_identified.push_back(names[i]);
  }
  return m;
}

}  // namespace retention::clv
