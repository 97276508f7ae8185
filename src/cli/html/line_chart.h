// The report's trend charts: SVG line and bar charts over the periods, each
// with a legend and a table of its exact numbers.
#pragma once

#include <string>
#include <vector>

#include "retention/metrics.h"

namespace retention::html {

/// The trend section of a series: customers, churn and retention, and
/// (with order data) revenue and order and customer value. `x_title`
/// names the period axis.
std::string Charts(const std::vector<PeriodMetrics>& ps, const std::string& x_title);

}  // namespace retention::html
