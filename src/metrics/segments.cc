#include "retention/segments.h"

#include <algorithm>

namespace retention {

std::vector<SegmentGroup> GroupSegments(const OrderTable& table, int top, Time known_until) {
  // Customers with an order known by `known_until`, per segment; a value
  // no customer belongs to by then (it only appeared on later rows, or on
  // rows dated later) is no segment.
  auto segment_of = [&](CustomerIndex c) {
    return c < table.customer_segment.size() ? table.customer_segment[c] : UINT32_MAX;
  };
  std::vector<int64_t> customers(table.segments.size(), 0);
  std::vector<bool> assigned(table.segments.size(), false);
  std::vector<bool> counted(table.customers.size(), false);
  for (size_t i = 0; i < table.order_count(); ++i) {
    if (table.order_time[i] >= known_until) continue;
    CustomerIndex c = table.order_customer[i];
    uint32_t s = segment_of(c);
    if (s < assigned.size()) assigned[s] = true;
    if (counted[c]) continue;
    counted[c] = true;
    if (s < customers.size()) ++customers[s];
  }
  // Customers with only refunds or amounts by then belong to a segment too.
  for (size_t i = 0; i < table.amount_count(); ++i) {
    if (table.amount_time[i] >= known_until) continue;
    uint32_t s = segment_of(table.amount_customer[i]);
    if (s < assigned.size()) assigned[s] = true;
  }
  std::vector<uint32_t> order(table.segments.size());
  for (uint32_t s = 0; s < order.size(); ++s) order[s] = s;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (customers[a] != customers[b]) return customers[a] > customers[b];
    return table.segments[a] < table.segments[b];
  });
  // The labels of the empty value and of the rest must not be a value of
  // the column too: two groups of one name would be one row of a history
  // twice, and the later --append or diff would refuse it.
  auto unused_label = [&](const std::string& word) {
    std::string label = "(" + word + ")";
    for (int n = 2;
         std::find(table.segments.begin(), table.segments.end(), label) != table.segments.end();
         ++n) {
      label = "(" + word + " " + std::to_string(n) + ")";
    }
    return label;
  };
  const std::string empty_label = unused_label("empty");
  std::vector<SegmentGroup> groups;
  SegmentGroup other{unused_label("other"), true, {}, 0};
  for (uint32_t s : order) {
    if (!assigned[s]) continue;
    if (top > 0 && groups.size() >= static_cast<size_t>(top)) {
      other.segments.push_back(s);
      other.customers += customers[s];
      continue;
    }
    const std::string& value = table.segments[s];
    groups.push_back(SegmentGroup{value.empty() ? empty_label : value, false, {s}, customers[s]});
  }
  if (!other.segments.empty()) groups.push_back(std::move(other));
  return groups;
}

std::vector<OrderTable> SplitByGroup(const OrderTable& table,
                                     const std::vector<SegmentGroup>& groups) {
  constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> group_of_segment(table.segments.size(), kNone);
  for (uint32_t g = 0; g < groups.size(); ++g) {
    for (uint32_t s : groups[g].segments) group_of_segment[s] = g;
  }
  // Each customer's group and index within it.
  std::vector<OrderTable> out(groups.size());
  std::vector<uint32_t> group(table.customers.size(), kNone);
  std::vector<CustomerIndex> local(table.customers.size(), 0);
  for (size_t c = 0; c < table.customers.size(); ++c) {
    uint32_t s = c < table.customer_segment.size() ? table.customer_segment[c] : kNone;
    if (s == kNone || group_of_segment[s] == kNone) continue;
    uint32_t g = group_of_segment[s];
    group[c] = g;
    local[c] = static_cast<CustomerIndex>(out[g].customers.size());
    out[g].customers.push_back(table.customers[c]);
  }
  // The parts carry no segment columns: each is one group already.
  for (OrderTable& part : out) part.stats = table.stats;
  for (size_t i = 0; i < table.order_count(); ++i) {
    CustomerIndex c = table.order_customer[i];
    if (group[c] == kNone) continue;
    OrderTable& part = out[group[c]];
    part.order_customer.push_back(local[c]);
    part.order_time.push_back(table.order_time[i]);
    part.order_value.push_back(table.order_value[i]);
  }
  for (size_t i = 0; i < table.amount_count(); ++i) {
    CustomerIndex c = table.amount_customer[i];
    if (group[c] == kNone) continue;
    OrderTable& part = out[group[c]];
    part.amount_customer.push_back(local[c]);
    part.amount_time.push_back(table.amount_time[i]);
    part.amount_value.push_back(table.amount_value[i]);
  }
  return out;
}

}  // namespace retention
