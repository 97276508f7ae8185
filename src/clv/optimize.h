// Maximum likelihood for the CLV models: NLopt's L-BFGS on log parameters
// from several starting points, and standard errors from a numerical
// Hessian. Internal to src/clv.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "retention/clv.h"

namespace retention::clv {

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
Maximum Maximize(const LogLikelihood& ll, const std::vector<std::string>& names,
                 const std::vector<std::vector<double>>& starts, double weight);

/// Search range of log parameters: e^18 is about 6.6e7.
inline constexpr double kLogBound = 18;
/// A log parameter beyond this is taken to have run to its boundary.
inline constexpr double kLogBoundary = 14;

}  // namespace retention::clv
