// Cohort heatmaps: tables whose cells are shaded on a colour scale.
#pragma once

#include <string>
#include <vector>

#include "cli/print/print_cohorts.h"
#include "retention/cohorts.h"
#include "retention/period.h"

namespace retention::html {

/// One row per cohort with its size, a cell per offset shaded by `metric`
/// (shares and counts in blues, money in oranges; blank for periods not
/// over yet), an "All cohorts" row (shares and revenue per customer
/// averaged by size, counts and revenue summed) and the colour scale.
std::string Heatmap(const std::vector<Cohort>& cohorts, CohortMetric metric, Unit unit,
                    const std::string& id);

}  // namespace retention::html
