// Reduces input rows to an OrderTable while they stream by: order lines
// merge into orders, so memory follows customers and orders, not rows.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "load/string_interner.h"
#include "retention/orders.h"

namespace retention {

class OrderTableBuilder {
 public:
  /// What Add made of a row.
  enum class Added {
    kOk,
    /// Added, but the order's earlier lines are dated differently;
    /// `earlier_line_time()` says when.
    kOkOnOtherDate,
    /// The order id was first seen with another customer; the row is not
    /// added. `conflicting_customer()` names that customer.
    kOrderOfOtherCustomer,
    /// With whole orders or orders together (StartFile), a purchase row of
    /// an order id already added; the row is not added.
    kRepeatedOrder,
  };

  /// How the next file lists orders (called at the start of each file).
  /// With `whole` (ExportLayout::whole_orders) each order is one row: a
  /// second purchase row of an order id is kRepeatedOrder, not a line.
  /// With `together` (ExportLayout::order_rows_together) an order's rows
  /// follow each other: its id again after other orders, or in another
  /// file, is kRepeatedOrder.
  void StartFile(bool whole, bool together) {
    whole_orders_ = whole;
    orders_together_ = together;
    // The order the last file ended with may go on in this one, with
    // other lines than it had there: its value at its time then tells a
    // repeat of those lines (merged as they come) from more of them.
    has_continued_order_ = last_order_.any();
    continued_order_ = last_order_index_;
    if (last_order_.any()) {
      continued_time_ = table_.order_time[last_order_index_];
      continued_value_ = table_.order_value[last_order_index_].units;
    }
    file_first_order_ = static_cast<uint32_t>(table_.order_count());
    last_order_.Forget();
  }

  /// Whether the purchase row Add just added belongs to an order an
  /// earlier file listed, other than the order that file ended with.
  bool added_to_earlier_files_order() const { return earlier_files_order_; }
  /// Whether the file read lists an order's rows together (StartFile).
  bool orders_together() const { return orders_together_; }

  /// Room for `orders` orders and customers before the rows come, up to
  /// 2 MB a column: the columns then start in 2 MB pages instead of growing
  /// through 4 KB pages (a page fault each). Past 2 MB a column grows by
  /// moving its pages, not copying them, so reserving more would only
  /// take address space (which `ulimit -v` limits).
  void Reserve(size_t orders) {
    auto reserve = [&](auto* column) {
      column->reserve(std::min(orders, (size_t{2} << 20) / sizeof((*column)[0])));
    };
    reserve(&table_.order_customer);
    reserve(&table_.order_time);
    reserve(&table_.order_value);
    table_.customers.reserve(std::min(orders, (size_t{2} << 20) / sizeof(uint32_t)), 0);
  }

  /// Adds one row. An empty `order_id` makes a purchase row its own order.
  /// Amounts >= 0 are purchase lines; < 0 are refunds (money, not orders).
  Added Add(std::string_view customer, std::string_view order_id, Time time, Money amount) {
    return Add(customer, StringInterner::Code(customer), order_id, StringInterner::Code(order_id),
               time, amount);
  }
  /// The same with the ids' codes (StringInterner::Code, or a ticket code
  /// of id_tickets.h, the same table for every row) computed by the caller,
  /// which may do so on another thread. The text of an id whose code is a
  /// number is not read, only whether it is empty; the text of a customer
  /// with a ticket is read when the customer is new.
  Added Add(std::string_view customer, uint64_t customer_code, std::string_view order_id,
            uint64_t order_code, Time time, Money amount);
  /// Adds money that is no order, whatever its sign: a refund, or a line
  /// of a credit note (whose lines may have either sign; RowAggregator
  /// lowers revenue by the note's total). Of a known order, it must name
  /// that order's customer.
  Added AddRefund(std::string_view customer, uint64_t customer_code, std::string_view order_id,
                  uint64_t order_code, Time time, Money amount) {
    earlier_files_order_ = false;
    added_to_earlier_row_ = false;
    return Refund(Customer(customer, customer_code), order_id, order_code, time, amount);
  }

  /// Notes the segment value of the row just added (Add's customer): a
  /// customer belongs to the value on their earliest purchase line (or on
  /// their first row, when they only have refunds), among the rows known
  /// (KnowUntil) when they have any.
  void NoteSegment(std::string_view value, Time time, bool purchase);
  /// Rows at `future` or later are known to no figure (an --as-of).
  void KnowUntil(Time future) { known_until_ = future; }
  /// The segment noted for the customer of the last row added, when one
  /// was and it is not `value`.
  std::optional<std::string> OtherSegmentOfLastCustomer(std::string_view value) const;

  /// Hints that a row with these ids comes soon (see StringInterner).
  void Prefetch(uint64_t customer_code, uint64_t order_code) const {
    customers_.Prefetch(customer_code);
    order_ids_.Prefetch(order_code);
  }

  /// Hints that a refund of this order comes soon, after Prefetch(): the
  /// order's customer, which a refund is checked against, is a second
  /// lookup that misses the cache.
  void PrefetchOrderOwner(uint64_t order_code) const {
    if (auto index = order_ids_.FindNumber(order_code)) {
      StringInterner::PrefetchLine(table_.order_customer.data() + *index);
    }
  }

  /// The customer an order id belonged to, after kOrderOfOtherCustomer.
  const std::string& conflicting_customer() const { return conflict_; }
  /// The order's time before this line (that of an earlier line), after
  /// kOkOnOtherDate.
  Time earlier_line_time() const { return earlier_line_time_; }
  /// Whether the purchase row Add just added went to an order an earlier
  /// row had, and that order's value at its time before it did.
  bool added_to_earlier_row() const { return added_to_earlier_row_; }
  int64_t order_value_before() const { return order_value_before_; }
  /// The order the purchase row Add just added went to (a new one or not).
  uint32_t added_order() const { return added_order_; }

  /// The number of amounts added so far: AddRefund's amount, when kOk, is
  /// the last of them.
  size_t amount_count() const { return table_.amount_count(); }
  /// Turns the sign of amount `i` (a credit note's line, once the note's
  /// total is known).
  void NegateAmount(size_t i) { table_.amount_value[i].units = -table_.amount_value[i].units; }

  /// The table; the builder is left empty.
  OrderTable Finish();

 private:
  CustomerIndex Customer(std::string_view name, uint64_t code);
  void NoteEarlierFilesOrder(uint32_t index, Time time, Money amount);
  void AddOrder(CustomerIndex who, Time time, Money amount) {
    table_.order_customer.push_back(who);
    table_.order_time.push_back(time);
    table_.order_value.push_back(amount);
  }
  Added Refund(CustomerIndex who, std::string_view order_id, uint64_t order_code, Time time,
               Money amount);
  void AddAmount(CustomerIndex who, Time time, Money amount) {
    table_.amount_customer.push_back(who);
    table_.amount_time.push_back(time);
    table_.amount_value.push_back(amount);
  }

  // Rows go straight into the table's columns (which grow without
  // copying): the customers as first seen, the orders in the order of
  // their first lines, the amounts as they come.
  OrderTable table_;
  StringInterner customers_{false};  // index: in table_.customers
  StringInterner order_ids_{false};  // index: in table_'s order columns
  // Lines of one order usually follow each other: remember the last ones.
  LastId last_customer_;
  CustomerIndex last_customer_index_ = 0;
  LastId last_order_;
  uint32_t last_order_index_ = 0;
  std::string conflict_;
  Time earlier_line_time_ = 0;
  bool added_to_earlier_row_ = false;
  int64_t order_value_before_ = 0;
  uint32_t added_order_ = 0;
  bool whole_orders_ = false;
  bool orders_together_ = false;
  // Orders from this index on were first listed by the current file.
  uint32_t file_first_order_ = 0;
  bool has_continued_order_ = false;
  uint32_t continued_order_ = 0;
  bool earlier_files_order_ = false;
  Time continued_time_ = 0;
  int64_t continued_value_ = 0;
  StringInterner segments_;
  struct SegmentChoice {
    uint32_t segment;
    Time time;
    bool purchase;
    bool known;
  };
  Time known_until_ = INT64_MAX;
  std::vector<SegmentChoice> customer_segment_;  // by customer; grows as they appear
};

}  // namespace retention
