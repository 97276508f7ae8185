// Cohort heatmaps: tables whose cells are shaded on a colour scale.
#pragma once

#include <string>
#include <vector>

#include "cli/print/print_cohorts.h"
#include "retention/cohorts.h"
#include "retention/period.h"

namespace retention::html {

/// What a heatmap shows: retention (blues) or cumulative revenue per
/// customer (oranges).

/// One row per cohort with its size, a shaded cell per offset (blank for
/// periods not over yet), a size-weighted average row and the colour scale.
std::string Heatmap(const std::vector<Cohort>& cohorts, CohortMetric metric, Unit unit,
                    const std::string& id);

}  // namespace retention::html
