// The order table: what every loader produces and every computation reads.
//
// It is column-oriented and already reduced: lines of one order are merged
// into one order, so its size grows with customers and orders, not with
// input rows.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "retention/dates.h"
#include "retention/error.h"
#include "retention/money.h"

namespace retention {

/// Index of a customer in OrderTable::customers.
using CustomerIndex = uint32_t;

namespace column_pages {
/// Storage for Column (src/page_memory.cc): `bytes` of zeroed pages, and
/// the same grown in place or moved by remapping, never by copying.
void* Grow(void* data, size_t old_bytes, size_t new_bytes);
void Free(void* data, size_t bytes);
}  // namespace column_pages

/// A column of plain values with a std::vector's interface (as far as the
/// table needs one). It grows by remapping its pages rather than copying
/// them, so a column being filled by the loader never exists twice, and
/// the loader's columns become the table's as they are.
template <typename T>
class Column {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "a Column holds plain values");

 public:
  Column() = default;
  Column(std::initializer_list<T> values) {
    for (const T& v : values) push_back(v);
  }
  Column(const Column& other) { *this = other; }
  Column(Column&& other) noexcept { Swap(&other); }
  Column& operator=(const Column& other) {
    if (this != &other) {
      size_ = 0;
      reserve(other.size_);
      if (other.size_ > 0) std::memcpy(data_, other.data_, other.size_ * sizeof(T));
      size_ = other.size_;
    }
    return *this;
  }
  Column& operator=(Column&& other) noexcept {
    Column gone;
    gone.Swap(&other);
    Swap(&gone);
    return *this;
  }
  ~Column() { column_pages::Free(data_, capacity_ * sizeof(T)); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t capacity() const { return capacity_; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

  void push_back(const T& value) {
    if (size_ == capacity_) reserve(std::max<size_t>(capacity_ * 2, 1024));
    std::memcpy(data_ + size_, &value, sizeof(T));
    ++size_;
  }
  /// Appends `count` values.
  void append(const T* values, size_t count) {
    if (size_ + count > capacity_) reserve(std::max<size_t>({capacity_ * 2, size_ + count, 1024}));
    if (count > 0) std::memcpy(data_ + size_, values, count * sizeof(T));
    size_ += count;
  }
  void reserve(size_t capacity) {
    if (capacity <= capacity_) return;
    data_ = static_cast<T*>(column_pages::Grow(data_, capacity_ * sizeof(T), capacity * sizeof(T)));
    capacity_ = capacity;
  }

  bool operator==(const Column& other) const {
    return size_ == other.size_ && std::equal(begin(), end(), other.begin());
  }
  bool operator!=(const Column& other) const { return !(*this == other); }

 private:
  void Swap(Column* other) {
    std::swap(data_, other->data_);
    std::swap(size_, other->size_);
    std::swap(capacity_, other->capacity_);
  }

  T* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

/// Strings stored end to end: a column of millions of short ids costs
/// their characters and one offset each, where std::vector<std::string>
/// would spend 32 bytes on every id.
class StringColumn {
 public:
  StringColumn() = default;
  StringColumn(std::initializer_list<std::string_view> values) {
    for (std::string_view v : values) push_back(v);
  }

  size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](size_t i) const {
    size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(chars_.data() + begin, ends_[i] - begin);
  }

  /// Starts fetching the offsets operator[](i) reads (not the text), for
  /// a caller about to visit values in no order memory likes (a ranking
  /// of customers).
  void Prefetch(size_t i) const { __builtin_prefetch(ends_.data() + i); }

  void push_back(std::string_view value) {
    chars_.append(value.data(), value.size());
    if (chars_.size() > UINT32_MAX) throw std::length_error("more than 4 GB of ids");
    ends_.push_back(static_cast<uint32_t>(chars_.size()));
  }
  /// Room for `strings` values of `chars` characters in all.
  void reserve(size_t strings, size_t chars) {
    ends_.reserve(strings);
    chars_.reserve(chars);
  }

  bool operator==(const StringColumn& other) const {
    return ends_ == other.ends_ && chars_ == other.chars_;
  }
  bool operator!=(const StringColumn& other) const { return !(*this == other); }

 private:
  Column<char> chars_;
  Column<uint32_t> ends_;  // value i ends at ends_[i]
};

/// E-mail addresses a known export gives to more than one customer (a
/// Stripe guest who later has a Customer ID, or several Customer IDs): one
/// person counted as several customers.
struct SharedEmails {
  int64_t count = 0;
  /// The row where the first such e-mail was one customer's, and the row
  /// where it was another's.
  Location first, other;
  /// What counts people by e-mail in that export, for the note
  /// ("--customer-col 'Customer Email' counts people by e-mail").
  std::string fix;
};

/// What the loader saw, for warnings and summaries.
struct LoadStats {
  /// Input files read.
  int64_t files = 0;
  /// Data rows read (header excluded, blank lines excluded).
  int64_t rows = 0;
  /// Rows with amount >= 0.
  int64_t purchase_rows = 0;
  /// Rows with amount < 0.
  int64_t refund_rows = 0;
  /// Rows left out of every figure because their customer id was empty.
  int64_t rows_without_customer = 0;
  /// The first such row, to point the user at it.
  Location first_row_without_customer;
  /// Rows a known export layout says are no orders (a voided order, a
  /// failed payment), left out of every figure, and the first of them.
  int64_t rows_left_out = 0;
  Location first_row_left_out;
  /// Purchase rows whose order id an earlier file already listed (not as
  /// the order that file ended with, which may go on in the next): the
  /// mark of exports whose dates overlap, whose orders count twice. The
  /// first such row, and its order id.
  int64_t rows_of_earlier_files_orders = 0;
  Location first_row_of_earlier_files_order;
  std::string first_earlier_files_order;
  /// The first file without order ids holding days the files before it
  /// hold too, and the first and last instant of those shared days: if
  /// the files are exports whose dates overlap, a row in both counts
  /// twice, and no order id tells. Empty when there is none.
  std::string overlapping_file;
  Time overlap_from = 0, overlap_to = 0;
  SharedEmails shared_emails;
  /// Orders whose refunds (a known export's refunded amount) are more
  /// than their amount, and the first.
  int64_t refunds_above_amount = 0;
  Location first_refunds_above_amount;
  /// --order-col none: every row was read as an order of its own.
  bool every_row_an_order = false;
  /// Further lines of an order (after its first, at its time) read from an
  /// amount column named like an order's total ("order_total", "Total"),
  /// and those whose amount is the line before's: when every line repeats
  /// it, the column is likely the order's total on each line, summed once
  /// per line. The first such line and the column's name.
  int64_t order_total_lines = 0;
  int64_t order_total_repeats = 0;
  Location first_order_total_line;
  std::string order_total_column;
  /// The segment column (--by) is the currency column: mixed currencies are
  /// allowed, since every segment is one currency, but an all-customers
  /// total would add them up.
  bool segments_are_currencies = false;
  /// The segment column (--by) as the first file names it: its header name
  /// (a JSON key) whether --by gave that name, another spelling of it or
  /// its number; the number as given for a file without a header. Empty
  /// without --by (or when no file had the column).
  std::string segment_column;
  /// Its position in that file, from 1; 0 when unknown (JSON).
  int segment_column_number = 0;
  /// The currency every row names (its currency column), for display;
  /// empty without a currency column or when segments are currencies.
  std::string currency;
  /// Earliest and latest time of any counted row (valid when rows counted).
  Time first_time = 0;
  Time last_time = 0;
};

/// Orders and amounts of a data set.
///
/// - An *order* is a distinct order id among purchase lines (amount >= 0),
///   or a purchase row when there is no order id. Its time is the earliest
///   time among its lines.
/// - Money is dated: revenue in a period is the sum of every purchase line
///   and refund dated in it. Most of it is an order's own lines, dated at
///   the order's time: that sum is the order's `order_value`. The rest
///   (refunds, and lines dated apart from their order's earliest line) are
///   *amounts*, each with its own customer and time.
struct OrderTable {
  /// Customer ids as written in the input, indexed by CustomerIndex.
  StringColumn customers;

  /// Per order: who placed it.
  Column<CustomerIndex> order_customer;
  /// Per order: when (the earliest of its purchase lines).
  Column<Time> order_time;
  /// Per order: the sum of its lines dated at order_time.
  Column<Money> order_value;

  /// Per amount: whose money it is.
  Column<CustomerIndex> amount_customer;
  /// Per amount: when it was booked.
  Column<Time> amount_time;
  /// Per amount: the value; negative for refunds.
  Column<Money> amount_value;

  /// With a segment column (--by): its distinct values, and per customer
  /// the index of the value on their first order (their acquisition
  /// channel, their first country). Empty without a segment column.
  std::vector<std::string> segments;
  std::vector<uint32_t> customer_segment;

  /// What the loader saw.
  LoadStats stats;

  size_t order_count() const { return order_time.size(); }
  size_t amount_count() const { return amount_time.size(); }

  /// The first and last order's times (refunds are no orders, so not
  /// stats.first_time and last_time, which count them); {0, 0} without
  /// orders.
  std::pair<Time, Time> order_span() const {
    if (order_time.size() == 0) return {0, 0};
    auto [first, last] = std::minmax_element(order_time.begin(), order_time.end());
    return {*first, *last};
  }
};

}  // namespace retention
