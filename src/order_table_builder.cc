#include "order_table_builder.h"

#include <exception>
#include <thread>

namespace retention {

CustomerIndex OrderTableBuilder::Customer(std::string_view name, uint64_t code) {
  if (has_last_customer_ && code == last_customer_code_ &&
      (StringInterner::Exact(code) || name == last_customer_)) {
    return last_customer_index_;
  }
  bool inserted = false;
  last_customer_index_ = customers_.Intern(name, code, &inserted);
  if (!StringInterner::Exact(code)) last_customer_.assign(name.data(), name.size());
  last_customer_code_ = code;
  has_last_customer_ = true;
  return last_customer_index_;
}

OrderTableBuilder::Added OrderTableBuilder::Add(std::string_view customer, uint64_t customer_code,
                                                std::string_view order_id, uint64_t order_code,
                                                Time time, Money amount) {
  CustomerIndex who = Customer(customer, customer_code);
  // Refunds lower revenue; they are not orders and not activity.
  if (amount.units < 0) {
    // A refund of a known order must name that order's customer.
    if (!order_id.empty()) {
      if (auto id = order_ids_.Find(order_id, order_code)) {
        const Order& order = orders_[*id];
        if (order.customer != who) {
          conflict_ = std::string(customers_.key(order.customer));
          return Added::kOrderOfOtherCustomer;
        }
      }
    }
    amounts_.push_back(Amount{who, time, amount});
    return Added::kOk;
  }
  if (order_id.empty()) {
    AddOrder(&unnamed_, who, time, amount);
    return Added::kOk;
  }
  uint32_t index;
  if (has_last_order_ && order_code == last_order_code_ &&
      (StringInterner::Exact(order_code) || order_id == last_order_)) {
    index = last_order_index_;
  } else {
    bool inserted = false;
    index = order_ids_.Intern(order_id, order_code, &inserted);
    if (inserted) AddOrder(&orders_, who, time, amount);
    if (!StringInterner::Exact(order_code)) last_order_.assign(order_id.data(), order_id.size());
    last_order_code_ = order_code;
    last_order_index_ = index;
    has_last_order_ = true;
    if (inserted) return Added::kOk;
  }
  Order& order = orders_[index];
  if (order.customer != who) {
    conflict_ = std::string(customers_.key(order.customer));
    return Added::kOrderOfOtherCustomer;
  }
  Added result = Added::kOk;
  if (time != order.time) {
    earlier_line_time_ = order.time;
    result = Added::kOkOnOtherDate;
  }
  // Lines at the order's time merge; a line dated elsewhere keeps its own
  // date so revenue lands in the right period. An earlier line becomes the
  // order's time, and what was booked at the old time stays booked there.
  // (A sum too large for one entry simply stays split.)
  Money sum{order.units};
  if (time < order.time) {
    amounts_.push_back(Amount{who, order.time, sum});
    order.time = time;
    order.units = amount.units;
  } else if (time != order.time || !AddMoney(&sum, amount)) {
    amounts_.push_back(Amount{who, time, amount});
  } else {
    order.units = sum.units;
  }
  return result;
}

void OrderTableBuilder::NoteSegment(std::string_view value, Time time, bool purchase) {
  CustomerIndex who = last_customer_index_;
  if (customer_segment_.size() <= who) {
    customer_segment_.resize(customers_.size(), SegmentChoice{UINT32_MAX, 0, false});
  }
  SegmentChoice& choice = customer_segment_[who];
  bool better = choice.segment == UINT32_MAX || (purchase && !choice.purchase) ||
                (purchase == choice.purchase && time < choice.time);
  if (!better) return;
  bool inserted = false;
  choice = SegmentChoice{segments_.Intern(value, &inserted), time, purchase};
}

OrderTable OrderTableBuilder::Finish() {
  OrderTable table;
  if (!customer_segment_.empty() || segments_.size() > 0) {
    for (uint32_t s = 0; s < segments_.size(); ++s) table.segments.emplace_back(segments_.key(s));
    table.customer_segment.resize(customers_.size(), UINT32_MAX);
    for (size_t c = 0; c < customer_segment_.size(); ++c) {
      table.customer_segment[c] = customer_segment_[c].segment;
    }
  }
  // Peak memory is the builder plus the table, so free what the table does
  // not need first, then free the orders chunk by chunk as they are copied.
  order_ids_ = StringInterner();
  // Customer ids are spelled on a thread of their own while the orders are
  // copied here: first writes to fresh memory are slow (the kernel zeroes
  // every page), and the two share nothing.
  std::exception_ptr spell_failed;
  std::thread spell_customers([this, &table, &spell_failed] {
    try {
      table.customers.reserve(customers_.size(), size_t{customers_.size()} * 8);
      for (uint32_t c = 0; c < customers_.size(); ++c) table.customers.push_back(customers_.key(c));
      customers_ = StringInterner();
    } catch (...) {  // out of memory: rethrown below
      spell_failed = std::current_exception();
    }
  });
  // Joined on every path: a thread still running at its destruction ends
  // the process.
  struct Joiner {
    std::thread& thread;
    ~Joiner() {
      if (thread.joinable()) thread.join();
    }
  } joiner{spell_customers};
  size_t order_count = orders_.size() + unnamed_.size();
  table.order_customer.reserve(order_count);
  table.order_time.reserve(order_count);
  table.order_value.reserve(order_count);
  table.amount_customer.reserve(amounts_.size());
  table.amount_time.reserve(amounts_.size());
  table.amount_value.reserve(amounts_.size());
  auto advise = [](const auto& column) {
    AdviseHugePages(column.data(), column.capacity() * sizeof(column[0]));
  };
  advise(table.order_customer);
  advise(table.order_time);
  advise(table.order_value);
  auto add_order = [&](const Order& o) {
    table.order_customer.push_back(o.customer);
    table.order_time.push_back(o.time);
    table.order_value.push_back(Money{o.units});
  };
  orders_.Drain(add_order);
  unnamed_.Drain(add_order);
  amounts_.Drain([&](const Amount& a) {
    table.amount_customer.push_back(a.customer);
    table.amount_time.push_back(a.time);
    table.amount_value.push_back(a.value);
  });
  spell_customers.join();
  if (spell_failed) std::rethrow_exception(spell_failed);
  *this = OrderTableBuilder();
  return table;
}

}  // namespace retention
