// The definitions of a run (retention/definitions.h) as the command line
// knows them: version, settings, and the inputs' fingerprint.
#pragma once

#include <string>
#include <vector>

#include "retention/dates.h"
#include "retention/definitions.h"
#include "retention/orders.h"

namespace retention {

/// Tool version, time zone, as-of day, the counting rules, and the inputs:
/// `files` with their sizes (stat; -1 for stdin), the rows read and the
/// first and last order date of `table`. The caller adds window, margin,
/// lifespan, activity and rates.
Definitions DescribeRun(const std::vector<std::string>& files, const OrderTable& table,
                        CivilDate as_of, const std::string& time_zone);

/// The segment column of `--by by` as the input names it
/// (LoadStats::segment_column), which is how definitions record it: --by 7
/// and --by channel split alike and must agree. `by` as given when no file
/// had the column.
std::string SegmentColumnOf(const OrderTable& table, const std::string& by);

}  // namespace retention
