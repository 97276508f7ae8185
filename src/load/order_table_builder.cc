#include "load/order_table_builder.h"

namespace retention {

CustomerIndex OrderTableBuilder::Customer(std::string_view name, uint64_t code) {
  if (last_customer_.Is(code, name)) return last_customer_index_;
  bool inserted = false;
  last_customer_index_ = customers_.Intern(name, code, &inserted);
  if (inserted) {
    // A number's text is not passed in (see Add); it is the number.
    char digits[20];
    if (StringInterner::IsNumber(code)) name = StringInterner::Spell(code, digits);
    table_.customers.push_back(name);
  }
  last_customer_.Set(code, name);
  return last_customer_index_;
}

OrderTableBuilder::Added OrderTableBuilder::Refund(CustomerIndex who, std::string_view order_id,
                                                   uint64_t order_code, Time time, Money amount) {
  if (!order_id.empty()) {
    if (auto id = order_ids_.Find(order_id, order_code)) {
      CustomerIndex owner = table_.order_customer[*id];
      if (owner != who) {
        conflict_ = std::string(table_.customers[owner]);
        return Added::kOrderOfOtherCustomer;
      }
    }
  }
  AddAmount(who, time, amount);
  return Added::kOk;
}

OrderTableBuilder::Added OrderTableBuilder::Add(std::string_view customer, uint64_t customer_code,
                                                std::string_view order_id, uint64_t order_code,
                                                Time time, Money amount) {
  CustomerIndex who = Customer(customer, customer_code);
  earlier_files_order_ = false;
  added_to_earlier_row_ = false;
  // Refunds lower revenue; they are not orders and not activity.
  if (amount.units < 0) return Refund(who, order_id, order_code, time, amount);
  if (order_id.empty()) {
    has_continued_order_ = false;  // another order: the last file's is over
    order_ids_.AddKeyless();       // keeps the interner's indices those of the columns
    added_order_ = static_cast<uint32_t>(table_.order_count());
    AddOrder(who, time, amount);
    return Added::kOk;
  }
  uint32_t index;
  if (last_order_.Is(order_code, order_id)) {
    index = last_order_index_;
    added_order_ = index;
  } else {
    bool inserted = false;
    index = order_ids_.Intern(order_id, order_code, &inserted);
    added_order_ = index;
    if (inserted) AddOrder(who, time, amount);
    last_order_.Set(order_code, order_id);
    last_order_index_ = index;
    // The last file's order goes on only before any other order.
    if (index != continued_order_) has_continued_order_ = false;
    if (inserted) return Added::kOk;
    if (orders_together_) return Added::kRepeatedOrder;
  }
  if (index < file_first_order_) NoteEarlierFilesOrder(index, time, amount);
  CustomerIndex owner = table_.order_customer[index];
  if (owner != who) {
    conflict_ = std::string(table_.customers[owner]);
    return Added::kOrderOfOtherCustomer;
  }
  if (whole_orders_) return Added::kRepeatedOrder;
  Time& order_time = table_.order_time[index];
  Money& order_value = table_.order_value[index];
  added_to_earlier_row_ = true;
  order_value_before_ = order_value.units;
  Added result = Added::kOk;
  if (time != order_time) {
    earlier_line_time_ = order_time;
    result = Added::kOkOnOtherDate;
  }
  // Lines at the order's time merge; a line dated elsewhere keeps its own
  // date so revenue lands in the right period. An earlier line becomes the
  // order's time, and what was booked at the old time stays booked there.
  // (A sum too large for one entry simply stays split.)
  if (time < order_time) {
    AddAmount(who, order_time, order_value);
    order_time = time;
    order_value = amount;
  } else if (time != order_time || !AddMoney(&order_value, amount)) {
    AddAmount(who, time, amount);
  }
  return result;
}

// An order listed by an earlier file: a repeat, unless it is the order
// that file ended with going on, at this file's start, with other lines
// (an export split in the middle of an order). The lines of one order and
// date that follow each other come summed from the parse threads, so a
// repeat of them is a row of the value the order had at its time; a
// repeat of only some of them reads as a continuation.
void OrderTableBuilder::NoteEarlierFilesOrder(uint32_t index, Time time, Money amount) {
  if (!has_continued_order_ || index != continued_order_) {
    earlier_files_order_ = true;
    return;
  }
  if (time != continued_time_ || amount.units != continued_value_) return;
  has_continued_order_ = false;  // repeated: whatever follows is a repeat too
  earlier_files_order_ = true;
}

void OrderTableBuilder::NoteSegment(std::string_view value, Time time, bool purchase) {
  CustomerIndex who = last_customer_index_;
  if (customer_segment_.size() <= who) {
    customer_segment_.resize(customers_.size(), SegmentChoice{UINT32_MAX, 0, false, false});
  }
  SegmentChoice& choice = customer_segment_[who];
  // A row after --as-of was not known that day: any known row comes first.
  const bool known = time < known_until_;
  bool better = choice.segment == UINT32_MAX || (known && !choice.known) ||
                (known == choice.known && ((purchase && !choice.purchase) ||
                                           (purchase == choice.purchase && time < choice.time)));
  if (!better) return;
  bool inserted = false;
  choice = SegmentChoice{segments_.Intern(value, &inserted), time, purchase, known};
}

std::optional<std::string> OrderTableBuilder::OtherSegmentOfLastCustomer(
    std::string_view value) const {
  const CustomerIndex who = last_customer_index_;
  if (customer_segment_.size() <= who || customer_segment_[who].segment == UINT32_MAX) {
    return std::nullopt;
  }
  std::string had = segments_.key(customer_segment_[who].segment);
  if (had == value) return std::nullopt;
  return had;
}

OrderTable OrderTableBuilder::Finish() {
  OrderTable table = std::move(table_);
  if (!customer_segment_.empty() || segments_.size() > 0) {
    for (uint32_t s = 0; s < segments_.size(); ++s) table.segments.emplace_back(segments_.key(s));
    table.customer_segment.resize(table.customers.size(), UINT32_MAX);
    for (size_t c = 0; c < customer_segment_.size(); ++c) {
      table.customer_segment[c] = customer_segment_[c].segment;
    }
  }
  *this = OrderTableBuilder();
  return table;
}

}  // namespace retention
