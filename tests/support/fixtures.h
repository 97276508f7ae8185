// Small order and contract tables built in code, and the helpers the
// definition tests share to read their figures. Every test that builds a
// table by hand uses these, so a fixture means the same thing everywhere.
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "retention/dates.h"
#include "retention/money.h"
#include "retention/orders.h"
#include "retention/period.h"
#include "retention/subscriptions.h"

namespace fixtures {

using retention::CivilDate;
using retention::CustomerIndex;
using retention::Money;
using retention::Period;
using retention::Time;

/// Midnight at the start of a day.
inline Time Day(int y, int m, int d) { return retention::TimeFromDate(CivilDate{y, m, d}); }
/// A time within a day.
inline Time At(int y, int m, int d, int hh, int mm, int ss) {
  return Day(y, m, d) + hh * 3600 + mm * 60 + ss;
}
/// Money from cents: Cents(1999) is 19.99.
inline Money Cents(int64_t cents) { return Money{cents * 100}; }

/// The calendar month y-m as a period labelled "YYYY-MM".
inline Period Month(int y, int m) {
  char label[16];
  std::snprintf(label, sizeof label, "%04d-%02d", y, m);
  CivilDate end = m == 12 ? CivilDate{y + 1, 1, 1} : CivilDate{y, m + 1, 1};
  return Period{CivilDate{y, m, 1}, end, label};
}

/// Customer ids interned in first-seen order, as the loader numbers them.
template <typename Table>
CustomerIndex Intern(Table* table, std::map<std::string, CustomerIndex>* index,
                     const std::string& id) {
  auto it = index->find(id);
  if (it != index->end()) return it->second;
  auto i = static_cast<CustomerIndex>(table->customers.size());
  table->customers.push_back(id);
  (*index)[id] = i;
  return i;
}

/// An OrderTable the way the loader leaves it (order lines already merged).
struct Orders {
  retention::OrderTable table;
  std::map<std::string, CustomerIndex> index;

  CustomerIndex Customer(const std::string& id) { return Intern(&table, &index, id); }
  /// An order and its (merged) lines at its time.
  void Order(const std::string& id, Time t, Money amount) {
    CustomerIndex c = Customer(id);
    table.order_customer.push_back(c);
    table.order_time.push_back(t);
    table.order_value.push_back(amount);
  }
  /// Money apart from an order: a refund, or a line of an order on another
  /// date.
  void Amount(const std::string& id, Time t, Money amount) {
    CustomerIndex c = Customer(id);
    table.amount_customer.push_back(c);
    table.amount_time.push_back(t);
    table.amount_value.push_back(amount);
  }
};

/// Four customers of 2024, three of them repeating in its first weeks and
/// all silent for the rest of it: the fits on them lose a and b (dropout
/// about 3/4 after each purchase) and q and v (spend alike for all).
inline Orders HandfulOfCustomers() {
  Orders o;
  o.Order("A", Day(2024, 1, 5), Cents(1000));
  o.Order("A", Day(2024, 1, 20), Cents(1200));
  o.Order("B", Day(2024, 1, 6), Cents(2000));
  o.Order("B", Day(2024, 2, 10), Cents(2500));
  o.Order("B", Day(2024, 2, 20), Cents(2200));
  o.Order("C", Day(2024, 1, 7), Cents(3000));
  o.Order("D", Day(2024, 1, 8), Cents(4000));
  o.Order("D", Day(2024, 1, 15), Cents(4100));
  return o;
}

/// A SubscriptionTable of contracts, interned the way the loader does.
struct Contracts {
  retention::SubscriptionTable table;
  std::map<std::string, CustomerIndex> index;

  void Add(const std::string& id, Time start, Time end = retention::kOpenEnded) {
    CustomerIndex c = Intern(&table, &index, id);
    table.customer.push_back(c);
    table.start.push_back(start);
    table.end.push_back(end);
  }
};

/// The value of a rate that must be defined.
inline double Rate(const std::optional<double>& rate) {
  REQUIRE(rate.has_value());
  return *rate;
}
/// The units (1/10000) of a money figure that must be defined.
inline int64_t Units(const std::optional<Money>& money) {
  REQUIRE(money.has_value());
  return money->units;
}

/// Exact text of optional figures, so failed comparisons print something
/// readable ("null" when undefined).
inline std::string Show(const std::optional<double>& v) {
  if (!v) return "null";
  std::ostringstream out;
  out.precision(17);
  out << *v;
  return out.str();
}
inline std::string Show(const std::optional<Money>& v) {
  return v ? std::to_string(v->units) : std::string("null");
}

}  // namespace fixtures
