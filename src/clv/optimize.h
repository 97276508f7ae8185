// Maximum likelihood for the CLV models: NLopt's L-BFGS on log parameters
// from several starting points, and standard errors from a numerical
// Hessian. Internal to src/clv.
#pragma once

#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "retention/clv.h"

namespace retention::clv {

/// log Gamma(x), as std::lgamma gives it, without writing the global sign
/// std::lgamma sets: the fits call it on several threads at once.
inline double LogGamma(double x) {
  int sign;
  return ::lgamma_r(x, &sign);
}

/// The log-likelihood at natural parameters `theta`; with `gradient`
/// non-null, also its gradient with respect to `theta`.
using LogLikelihood =
    std::function<double(const std::vector<double>& theta, std::vector<double>* gradient)>;

/// The maximum found and how the search went.
struct Maximum {
  std::vector<double> theta;
  FitReport report;
  std::optional<std::vector<double>> standard_errors;
};

/// Maximizes `ll` over positive parameters named `names`, searching
/// log(theta) in [-kLogBound, kLogBound] from each of `starts`. `weight` is
/// the number of customers: the search works on the mean log-likelihood so
/// its tolerances do not depend on the data's size. Parameters that end
/// near a bound are reported in FitReport::not_identified.
///
/// With `sample` set (its log-likelihood on a sample of the customers and
/// the sample's size), the starts are searched on the sample, which only
/// has to find the right basin, and the best point found there is refined
/// on `ll`: on a million customers the starts were 85% of the fit. The
/// refinement begins at the best, on `ll`, of the starts and of where their
/// searches on the sample ended. If it does not end at an interior maximum
/// of `ll`, the starts are searched again on `ll` and the better kept.
/// FitReport::iterations counts the evaluations of `ll` alone.
struct Sample {
  const LogLikelihood* ll = nullptr;
  double weight = 1;
};
Maximum Maximize(const LogLikelihood& ll, const std::vector<std::string>& names,
                 const std::vector<std::vector<double>>& starts, double weight, Sample sample = {});

/// Parameters that move together: each pair is identified only through
/// its ratio when both grow without bound (r and alpha, a and b, q and v).
using RidgePair = std::pair<size_t, size_t>;

/// The names of the pairs of `theta` (indices into `names`) along whose
/// ridge `ll` is flat: scaled together, their ratio kept, until the larger
/// is e^kLogBoundary, the log-likelihood drops by less than kRidgeDrop
/// from `at_theta` (ll at theta). The data then cannot tell the estimates
/// from the limit in which every customer shares what the pair describes,
/// however finite the numbers the search stopped at: which numbers those
/// are depends on the unit of money or time, the verdict does not.
std::vector<std::string> FlatRidges(const LogLikelihood& ll, const std::vector<double>& theta,
                                    double at_theta, const std::vector<std::string>& names,
                                    const std::vector<RidgePair>& pairs);
/// Half the 95% point of chi-square with one degree of freedom: a likelihood
/// ratio test of the limit at 5%.
inline constexpr double kRidgeDrop = 1.92;

/// `lost` (names of parameters not identified) with the mate of each:
/// `names` in pairs, (0, 1), (2, 3), ..., that are identified only
/// together. In the order of `names`.
std::vector<std::string> InPairs(const std::vector<std::string>& lost,
                                 const std::vector<std::string>& names);

/// NaN for the standard error of each parameter of `names` that is in
/// `lost`: an error measured on a flat likelihood measures nothing.
void ForgetLostErrors(const std::vector<std::string>& lost, const std::vector<std::string>& names,
                      std::optional<std::vector<double>>* errors);

/// Every how-many-th customer a fit's sample takes, for `n` customers: 1
/// (no sample) up to kFullSearch customers, so small data is searched in
/// full from every start.
size_t SampleStride(size_t n);
inline constexpr size_t kFullSearch = 200000;

/// Search range of log parameters: e^18 is about 6.6e7.
inline constexpr double kLogBound = 18;
/// A log parameter beyond this is taken to have run to its boundary.
inline constexpr double kLogBoundary = 14;
/// A parameter whose standard error is more than this times its estimate
/// is taken to be on its way to the boundary.
inline constexpr double kFlatRatio = 100;
/// Without standard errors, a log parameter beyond this is taken to be on
/// its way to the boundary: no real customer base has rates or dropout
/// odds of e^7 (about 1100) or its inverse.
inline constexpr double kLogFarOut = 7;

}  // namespace retention::clv
