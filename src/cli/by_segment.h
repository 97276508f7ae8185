// --by in every command: the same computation per segment group, after the
// all-customers records.
#pragma once

#include <utility>
#include <vector>

#include "retention/dates.h"
#include "retention/orders.h"
#include "retention/segments.h"

namespace retention {

// --by: appends `compute`'s records for each segment group, after the
// all-customers records already in `*records`, each naming its segment.
// The groups (which segments, their ranks for --top) are those known on
// `as_of`: rows dated later change no figure, nor which segments show.
// Split by currency, the all-customers total would add currencies up, so
// it is dropped.
template <typename Compute, typename Record>
void AppendBySegment(const OrderTable& table, int top, CivilDate as_of, Compute compute,
                     std::vector<Record>* records) {
  if (table.stats.segments_are_currencies) records->clear();
  std::vector<SegmentGroup> groups = GroupSegments(table, top, TimeFromDate(AddDays(as_of, 1)));
  std::vector<OrderTable> parts = SplitByGroup(table, groups);
  for (size_t g = 0; g < groups.size(); ++g) {
    for (Record& record : compute(parts[g])) {
      record.segment = groups[g].name;
      records->push_back(std::move(record));
    }
  }
}

}  // namespace retention
