// Segments: a customer belongs to the value on their first order; figures
// within segments add up to the total.
#include "retention/segments.h"

#include <catch2/catch.hpp>
#include <numeric>

#include "retention/load.h"
#include "retention/metrics.h"
#include "support/temp_file.h"

using namespace retention;

namespace {

// In a folder of its own: ctest runs the test cases as processes side by
// side, and one fixed path was written by two at once.
OrderTable LoadText(const std::string& text, const std::string& by) {
  const TempFile file("segments.csv", text);
  LoadOptions options;
  options.columns.segment = by;
  return LoadOrders({file.path()}, options);
}

const char* kOrders =
    "order_id,customer_id,date,amount,channel\n"
    "A2,C1,2024-02-10,5.00,email\n"    // C1's second order names another channel...
    "A1,C1,2024-01-05,10.00,social\n"  // ...but their first order (earlier) decides
    "A3,C2,2024-01-07,20.00,email\n"
    "A4,C3,2024-02-01,-3.00,paid\n"    // C3 has only a refund first...
    "A5,C3,2024-02-03,7.00,organic\n"  // ...a purchase wins over it
    "A6,C4,2024-02-04,1.00,email\n"
    "A7,C5,2024-02-05,1.00,organic\n";

}  // namespace

TEST_CASE("a customer belongs to the segment of their first order") {
  OrderTable t = LoadText(kOrders, "channel");
  REQUIRE(t.customer_segment.size() == t.customers.size());
  auto segment_of = [&](const std::string& customer) {
    size_t c = 0;
    while (c < t.customers.size() && t.customers[c] != customer) ++c;
    REQUIRE(c < t.customers.size());
    return t.segments[t.customer_segment[c]];
  };
  CHECK(segment_of("C1") == "social");
  CHECK(segment_of("C2") == "email");
  CHECK(segment_of("C3") == "organic");
}

TEST_CASE("segments are ordered by customers, --top gathers the rest as (other)") {
  OrderTable t = LoadText(kOrders, "channel");
  auto groups = GroupSegments(t, 0);
  REQUIRE(groups.size() == 3);  // "paid" has no customer of its own
  CHECK(groups[0].name == "email");
  CHECK(groups[0].customers == 2);
  CHECK(groups[1].name == "organic");
  CHECK(groups[2].name == "social");
  auto top = GroupSegments(t, 1);
  REQUIRE(top.size() == 2);
  CHECK(top[1].name == "(other)");
  CHECK(top[1].other);
  CHECK(top[1].customers == 3);
}

TEST_CASE("the labels of the empty value and of the rest are never a value of the column") {
  OrderTable t = LoadText(
      "customer_id,date,amount,channel\n"
      "B,2024-01-05,10,\n"
      "E,2024-01-06,10,(empty)\n"
      "F,2024-01-06,10,(empty)\n"
      "G,2024-01-06,10,(empty 2)\n"
      "O,2024-01-07,10,(other)\n"
      "P,2024-01-07,10,(other)\n"
      "Q,2024-01-07,10,web\n",
      "channel");
  std::vector<std::string> names;
  for (const SegmentGroup& g : GroupSegments(t, 0)) names.push_back(g.name);
  CHECK(names == std::vector<std::string>{"(empty)", "(other)", "(empty 3)", "(empty 2)", "web"});
  names.clear();
  for (const SegmentGroup& g : GroupSegments(t, 2)) names.push_back(g.name);
  CHECK(names == std::vector<std::string>{"(empty)", "(other)", "(other 2)"});
}

TEST_CASE("figures within segments add up to the total") {
  OrderTable t = LoadText(kOrders, "channel");
  std::vector<Period> periods{Period{{2024, 1, 1}, {2024, 2, 1}, "2024-01"},
                              Period{{2024, 2, 1}, {2024, 3, 1}, "2024-02"}};
  MetricsOptions options;
  auto total = ComputeMetrics(t, periods, options);
  std::vector<PeriodMetrics> sum(periods.size());
  auto groups = GroupSegments(t, 0);
  auto parts = SplitByGroup(t, groups);
  REQUIRE(parts.size() == groups.size());
  CHECK(parts[0].customers == StringColumn{"C2", "C4"});  // email, re-indexed
  for (const OrderTable& table : parts) {
    auto part = ComputeMetrics(table, periods, options);
    for (size_t p = 0; p < periods.size(); ++p) {
      sum[p].customers_start += part[p].customers_start;
      sum[p].customers_end += part[p].customers_end;
      sum[p].customers_new += part[p].customers_new;
      sum[p].customers_active += part[p].customers_active;
      sum[p].orders += part[p].orders;
      sum[p].revenue.units += part[p].revenue.units;
    }
  }
  for (size_t p = 0; p < periods.size(); ++p) {
    CHECK(sum[p].customers_start == total[p].customers_start);
    CHECK(sum[p].customers_end == total[p].customers_end);
    CHECK(sum[p].customers_new == total[p].customers_new);
    CHECK(sum[p].customers_active == total[p].customers_active);
    CHECK(sum[p].orders == total[p].orders);
    CHECK(sum[p].revenue == total[p].revenue);
  }
  CHECK(total[1].revenue.units == 110000);  // 5 - 3 + 7 + 1 + 1
}

TEST_CASE("an unknown --by column is an error naming the header") {
  CHECK_THROWS_WITH(LoadText(kOrders, "region"),
                    Catch::Contains("no column named \"region\"") && Catch::Contains("channel"));
}

TEST_CASE("segments are made and ranked from what was known on --as-of") {
  // "mail" and most of "shop" come after January: a report as of January 31
  // ranks web first and knows no mail, as it did on that day.
  OrderTable t = LoadText(
      "order_id,customer_id,date,amount,channel\n"
      "o1,a1,2024-01-05,10,web\n"
      "o2,a2,2024-01-06,10,web\n"
      "o3,b1,2024-01-07,10,shop\n"
      "o4,c1,2024-01-08,10,phone\n"
      "o5,d1,2024-03-01,10,shop\n"
      "o6,d2,2024-03-02,10,shop\n"
      "o7,d3,2024-03-03,10,mail\n"
      "o8,d4,2024-03-04,10,mail\n"
      "o9,d5,2024-03-05,10,mail\n"
      "o10,d6,2024-03-06,10,mail\n",
      "channel");
  auto now = GroupSegments(t, 1);
  REQUIRE(now.size() == 2);
  CHECK(now[0].name == "mail");
  CHECK(now[0].customers == 4);
  auto then = GroupSegments(t, 1, TimeFromDate(CivilDate{2024, 2, 1}));
  REQUIRE(then.size() == 2);
  CHECK(then[0].name == "web");
  CHECK(then[0].customers == 2);
  CHECK(then[1].name == "(other)");
  CHECK(then[1].customers == 2);  // b1 and c1; mail is no segment yet
  auto all = GroupSegments(t, 0, TimeFromDate(CivilDate{2024, 2, 1}));
  REQUIRE(all.size() == 3);
  CHECK(all[1].name == "phone");
  CHECK(all[2].name == "shop");
  CHECK(all[2].customers == 1);
}
