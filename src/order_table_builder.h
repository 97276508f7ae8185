// Reduces input rows to an OrderTable while they stream by: order lines
// merge into orders, so memory follows customers and orders, not rows.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "retention/orders.h"

namespace retention {

class OrderTableBuilder {
 public:
  /// What Add made of a row.
  enum class Added {
    kOk,
    /// Added, but the order's earlier lines are dated differently;
    /// `first_line_time()` says when.
    kOkOnOtherDate,
    /// The order id was first seen with another customer; the row is not
    /// added. `conflicting_customer()` names that customer.
    kOrderOfOtherCustomer,
  };

  /// Adds one row. An empty `order_id` makes a purchase row its own order.
  /// Amounts >= 0 are purchase lines; < 0 are refunds (money, not orders).
  Added Add(std::string_view customer, std::string_view order_id, Time time, Money amount);

  /// The customer an order id belonged to, after kOrderOfOtherCustomer.
  const std::string& conflicting_customer() const { return conflict_; }
  /// The time of the order's first line, after kOkOnOtherDate.
  Time first_line_time() const { return first_line_time_; }

  /// The table; the builder is left empty.
  OrderTable Finish();

 private:
  struct Order {
    CustomerIndex customer;
    Time time;         // earliest purchase line
    Time amount_time;  // the time its merged amount is booked at
    Money amount;
  };
  struct Amount {
    CustomerIndex customer;
    Time time;
    Money value;
  };

  CustomerIndex Customer(std::string_view name);

  std::unordered_map<std::string, CustomerIndex> customer_index_;
  std::vector<std::string> customers_;
  std::unordered_map<std::string, uint32_t> order_index_;
  std::vector<Order> orders_;
  std::vector<Amount> amounts_;  // refunds and lines booked apart from their order
  std::string key_;              // reused to look up without allocating
  std::string conflict_;
  Time first_line_time_ = 0;
};

}  // namespace retention
