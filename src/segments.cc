#include "retention/segments.h"

#include <algorithm>

namespace retention {

std::vector<SegmentGroup> GroupSegments(const OrderTable& table, int top) {
  // Customers with an order, per segment; a value no customer belongs to
  // (it only appeared on later rows) is no segment.
  std::vector<int64_t> customers(table.segments.size(), 0);
  std::vector<bool> assigned(table.segments.size(), false);
  for (uint32_t s : table.customer_segment) {
    if (s < assigned.size()) assigned[s] = true;
  }
  std::vector<bool> counted(table.customers.size(), false);
  for (CustomerIndex c : table.order_customer) {
    if (counted[c]) continue;
    counted[c] = true;
    uint32_t s = c < table.customer_segment.size() ? table.customer_segment[c] : UINT32_MAX;
    if (s < customers.size()) ++customers[s];
  }
  std::vector<uint32_t> order(table.segments.size());
  for (uint32_t s = 0; s < order.size(); ++s) order[s] = s;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (customers[a] != customers[b]) return customers[a] > customers[b];
    return table.segments[a] < table.segments[b];
  });
  std::vector<SegmentGroup> groups;
  SegmentGroup other{"(other)", true, {}, 0};
  for (uint32_t s : order) {
    if (!assigned[s]) continue;
    if (top > 0 && groups.size() >= static_cast<size_t>(top)) {
      other.segments.push_back(s);
      other.customers += customers[s];
      continue;
    }
    const std::string& value = table.segments[s];
    groups.push_back(SegmentGroup{value.empty() ? "(empty)" : value, false, {s}, customers[s]});
  }
  if (!other.segments.empty()) groups.push_back(std::move(other));
  return groups;
}

OrderTable CustomersOf(const OrderTable& table, const SegmentGroup& group) {
  std::vector<bool> in_group(table.segments.size(), false);
  for (uint32_t s : group.segments) in_group[s] = true;
  auto keep = [&](CustomerIndex c) {
    uint32_t s = c < table.customer_segment.size() ? table.customer_segment[c] : UINT32_MAX;
    return s < in_group.size() && in_group[s];
  };
  OrderTable out;
  out.customers = table.customers;
  out.segments = table.segments;
  out.customer_segment = table.customer_segment;
  out.stats = table.stats;
  for (size_t i = 0; i < table.order_count(); ++i) {
    if (!keep(table.order_customer[i])) continue;
    out.order_customer.push_back(table.order_customer[i]);
    out.order_time.push_back(table.order_time[i]);
  }
  for (size_t i = 0; i < table.amount_count(); ++i) {
    if (!keep(table.amount_customer[i])) continue;
    out.amount_customer.push_back(table.amount_customer[i]);
    out.amount_time.push_back(table.amount_time[i]);
    out.amount_value.push_back(table.amount_value[i]);
  }
  return out;
}

}  // namespace retention
