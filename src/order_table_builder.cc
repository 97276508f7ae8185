#include "order_table_builder.h"

namespace retention {

CustomerIndex OrderTableBuilder::Customer(std::string_view name) {
  key_.assign(name.data(), name.size());
  auto [it, inserted] =
      customer_index_.try_emplace(key_, static_cast<CustomerIndex>(customers_.size()));
  if (inserted) customers_.push_back(key_);
  return it->second;
}

OrderTableBuilder::Added OrderTableBuilder::Add(std::string_view customer,
                                                std::string_view order_id, Time time,
                                                Money amount) {
  CustomerIndex who = Customer(customer);
  // Refunds lower revenue; they are not orders and not activity.
  if (amount.units < 0 || order_id.empty()) {
    if (amount.units < 0) {
      amounts_.push_back(Amount{who, time, amount});
    } else {
      orders_.push_back(Order{who, time, time, amount});
    }
    return Added::kOk;
  }
  key_.assign(order_id.data(), order_id.size());
  auto [it, inserted] = order_index_.try_emplace(key_, static_cast<uint32_t>(orders_.size()));
  if (inserted) {
    orders_.push_back(Order{who, time, time, amount});
    return Added::kOk;
  }
  Order& order = orders_[it->second];
  if (order.customer != who) {
    conflict_ = customers_[order.customer];
    return Added::kOrderOfOtherCustomer;
  }
  if (time < order.time) order.time = time;
  Added result = Added::kOk;
  if (time != order.amount_time) {
    first_line_time_ = order.amount_time;
    result = Added::kOkOnOtherDate;
  }
  // Lines booked at the order's time merge; a line dated elsewhere keeps its
  // own date so revenue lands in the right period. (A sum too large for one
  // entry simply stays split.)
  if (time != order.amount_time || !AddMoney(&order.amount, amount)) {
    amounts_.push_back(Amount{who, time, amount});
  }
  return result;
}

OrderTable OrderTableBuilder::Finish() {
  OrderTable table;
  table.customers = std::move(customers_);
  table.order_customer.reserve(orders_.size());
  table.order_time.reserve(orders_.size());
  size_t amount_count = orders_.size() + amounts_.size();
  table.amount_customer.reserve(amount_count);
  table.amount_time.reserve(amount_count);
  table.amount_value.reserve(amount_count);
  for (const Order& order : orders_) {
    table.order_customer.push_back(order.customer);
    table.order_time.push_back(order.time);
    table.amount_customer.push_back(order.customer);
    table.amount_time.push_back(order.amount_time);
    table.amount_value.push_back(order.amount);
  }
  for (const Amount& amount : amounts_) {
    table.amount_customer.push_back(amount.customer);
    table.amount_time.push_back(amount.time);
    table.amount_value.push_back(amount.value);
  }
  *this = OrderTableBuilder();
  return table;
}

}  // namespace retention
