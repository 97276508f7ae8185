// Splitting figures by a customer attribute (--by channel): each customer
// belongs to the segment of their first order, and every figure is
// computed within each segment.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "retention/orders.h"

namespace retention {

/// Customers reported together: one segment value, or the rest of the
/// values beyond --top gathered as "(other)".
struct SegmentGroup {
  /// The segment value ("" shows as "(empty)"), or "(other)"; a label
  /// that is also a value of the column is numbered ("(other 2)").
  std::string name;
  /// True for the "(other)" group.
  bool other = false;
  /// Indices into OrderTable::segments that belong to the group.
  std::vector<uint32_t> segments;
  /// Customers with at least one order in the group.
  int64_t customers = 0;
};

/// The segments of `table`, largest first (by customers with an order,
/// ties by name). With `top` > 0 only the `top` largest are kept and the
/// others are gathered into one "(other)" group at the end. Only what is
/// dated before `known_until` counts (the day after --as-of: a report as
/// of a past day ranks and keeps the segments as they were then); a
/// segment with nothing before it is no segment.
std::vector<SegmentGroup> GroupSegments(const OrderTable& table, int top,
                                        Time known_until = std::numeric_limits<Time>::max());

/// One table per group, holding only that group's customers (re-indexed)
/// with their orders and amounts; the parts have no segment columns. One pass over `table`, so the
/// cost does not grow with the number of groups.
std::vector<OrderTable> SplitByGroup(const OrderTable& table,
                                     const std::vector<SegmentGroup>& groups);

}  // namespace retention
