// KPI cards: the headline figures of one period, each with its change
// against the period before.
#pragma once

#include <string>

#include "retention/metrics.h"

namespace retention::html {

/// The primary and secondary cards for `m`; with `prev`, each card shows
/// the change against it.
std::string Cards(const PeriodMetrics& m, const PeriodMetrics* prev);

}  // namespace retention::html
