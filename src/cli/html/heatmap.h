// Cohort heatmaps: tables whose cells are shaded on a colour scale.
#pragma once

#include <string>
#include <vector>

#include "retention/cohorts.h"
#include "retention/period.h"

namespace retention::html {

/// What a heatmap shows: retention (blues) or cumulative revenue per
/// customer (oranges).
enum class HeatMetric { kRetention, kClv };

/// One row per cohort with its size, a shaded cell per offset (blank for
/// periods not over yet), a size-weighted average row and the colour scale.
std::string Heatmap(const std::vector<Cohort>& cohorts, HeatMetric metric, Unit unit,
                    const std::string& id);

}  // namespace retention::html
