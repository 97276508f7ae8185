// KPI gates: parsing, three-valued logic on null figures, and reporting.
#include "retention/gates.h"

#include <catch2/catch.hpp>

#include "retention/error.h"

using namespace retention;

namespace {

PeriodMetrics Month(std::optional<double> churn, int64_t orders, int64_t revenue_cents) {
  PeriodMetrics m;
  m.period = Period{{2024, 3, 1}, {2024, 4, 1}, "2024-03"};
  m.churn_rate = churn;
  m.orders = orders;
  m.revenue = Money{revenue_cents * 100};
  return m;
}

}  // namespace

TEST_CASE("a comparison holds or not") {
  Gate gate = Gate::Parse("churn_rate > 0.08");
  CHECK(gate.Holds(Month(0.1, 5, 0)) == std::optional<bool>(true));
  CHECK(gate.Holds(Month(0.08, 5, 0)) == std::optional<bool>(false));
  CHECK(Gate::Parse("churn_rate >= 0.08").Holds(Month(0.08, 5, 0)) == std::optional<bool>(true));
  CHECK(Gate::Parse("orders < 100").Holds(Month(0.1, 99, 0)) == std::optional<bool>(true));
  CHECK(Gate::Parse("orders == 99").Holds(Month(0.1, 99, 0)) == std::optional<bool>(true));
  CHECK(Gate::Parse("orders != 99").Holds(Month(0.1, 99, 0)) == std::optional<bool>(false));
  CHECK(Gate::Parse("revenue<=12.5").Holds(Month(0.1, 1, 1250)) == std::optional<bool>(true));
}

TEST_CASE("percentages are fractions") {
  CHECK(Gate::Parse("churn_rate > 8%").Holds(Month(0.081, 1, 0)) == std::optional<bool>(true));
  CHECK(Gate::Parse("churn_rate > 8%").Holds(Month(0.079, 1, 0)) == std::optional<bool>(false));
}

TEST_CASE("and binds tighter than or, parentheses group") {
  PeriodMetrics m = Month(0.1, 50, 0);
  CHECK(Gate::Parse("orders > 100 and churn_rate > 0.05 or churn_rate > 0.09").Holds(m) ==
        std::optional<bool>(true));
  CHECK(Gate::Parse("orders > 100 and (churn_rate > 0.05 or churn_rate > 0.09)").Holds(m) ==
        std::optional<bool>(false));
  CHECK(Gate::Parse("orders < 100 AND churn_rate > 0.05").Holds(m) == std::optional<bool>(true));
}

TEST_CASE("a null figure leaves the rule undecided unless the other side settles it") {
  PeriodMetrics empty = Month(std::nullopt, 0, 0);
  CHECK_FALSE(Gate::Parse("churn_rate > 0.08").Holds(empty).has_value());
  CHECK(Gate::Parse("churn_rate > 0.08 or orders < 1").Holds(empty) == std::optional<bool>(true));
  CHECK(Gate::Parse("churn_rate > 0.08 and orders > 1").Holds(empty) == std::optional<bool>(false));
  CHECK_FALSE(Gate::Parse("churn_rate > 0.08 or orders > 1").Holds(empty).has_value());
}

TEST_CASE("CheckGates lists broken and undecided rules per period with the values") {
  std::vector<Gate> gates{Gate::Parse("churn_rate > 0.08"), Gate::Parse("orders < 10")};
  PeriodMetrics ok = Month(0.05, 20, 0);
  PeriodMetrics bad = Month(0.113, 5, 0);
  bad.period.label = "2024-04";
  PeriodMetrics null = Month(std::nullopt, 20, 0);
  null.period.label = "2024-05";
  auto failures = CheckGates(gates, {ok, bad, null});
  REQUIRE(failures.size() == 3);
  CHECK(failures[0].period == "2024-04");
  CHECK(failures[0].gate == "churn_rate > 0.08");
  CHECK(failures[0].values == "churn_rate = 0.113");
  CHECK_FALSE(failures[0].undecided);
  CHECK(failures[1].gate == "orders < 10");
  CHECK(failures[2].period == "2024-05");
  CHECK(failures[2].undecided);
  CHECK(failures[2].values == "churn_rate = null");
}

TEST_CASE("failures show money exactly and rates as their doubles") {
  // 1234567.89 + 0.01 over 2 orders: revenue 1234567.90, aov 617283.95;
  // six digits showed 1.23457e+06 and 617284, above a '<' rule that held.
  PeriodMetrics m = Month(1.0 / 3.0, 2, 123456790);
  m.aov = Money{6172839500};
  auto failures = CheckGates({Gate::Parse("revenue < 1234567.95"), Gate::Parse("aov > 617283.9"),
                              Gate::Parse("churn_rate > 0.3")},
                             {m});
  REQUIRE(failures.size() == 3);
  CHECK(failures[0].values == "revenue = 1234567.90");
  CHECK(failures[1].values == "aov = 617283.95");
  CHECK(failures[2].values == "churn_rate = 0.3333333333333333");
  // A change of money is the exact difference, not one of doubles.
  PeriodMetrics before = Month(0.1, 2, 10);  // 0.10
  m.revenue = Money{3000};                   // 0.30
  const std::vector<PeriodMetrics> compared = {before};
  failures = CheckGates({Gate::Parse("revenue_change > 0.1")}, {m}, &compared);
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].values == "revenue_change = 0.20");
}

TEST_CASE("a percentage is for rates only") {
  CHECK_THROWS_WITH(Gate::Parse("orders > 10%"), Catch::Contains("orders is no rate"));
  CHECK_THROWS_WITH(Gate::Parse("revenue < 50%"), Catch::Contains("compare it with a number"));
  CHECK_NOTHROW(Gate::Parse("churn_rate_change > 2%"));
}

TEST_CASE("rules that cannot be read say where and how") {
  // The figure meant, by its start or a letter off; none when nothing is near.
  CHECK_THROWS_WITH(Gate::Parse("churn > 0.08"),
                    Catch::Contains("unknown figure \"churn\" (churn_rate?); use one of"));
  CHECK_THROWS_WITH(Gate::Parse("revenu > 5"), Catch::Contains("\"revenu\" (revenue?)"));
  CHECK_THROWS_WITH(Gate::Parse("orderz > 5"), Catch::Contains("\"orderz\" (orders?)"));
  CHECK_THROWS_WITH(Gate::Parse("chrun_rate > 5"), Catch::Contains("\"chrun_rate\" (churn_rate?)"));
  CHECK_THROWS_WITH(Gate::Parse("xyz > 5"), Catch::Contains("unknown figure \"xyz\"; use"));
  CHECK_THROWS_WITH(Gate::Parse("churn_rate 0.08"), Catch::Contains("comparison"));
  CHECK_THROWS_WITH(Gate::Parse("churn_rate > high"),
                    Catch::Contains("character 14") && Catch::Contains("number"));
  CHECK_THROWS_AS(Gate::Parse("(churn_rate > 1"), UsageError);
  CHECK_THROWS_AS(Gate::Parse("churn_rate > 1 xor orders > 1"), UsageError);
  CHECK_THROWS_AS(Gate::Parse(""), UsageError);
}

TEST_CASE("a rate compared with a plain number above 1 is a percentage without its sign") {
  CHECK_THROWS_WITH(Gate::Parse("churn_rate > 8"),
                    Catch::Contains("character 14") && Catch::Contains("did you mean 8%?"));
  CHECK_THROWS_WITH(Gate::Parse("orders < 5 or retention_rate < 80"),
                    Catch::Contains("did you mean 80%?"));
  CHECK_THROWS_AS(Gate::Parse("repeat_rate >= 1.5"), UsageError);
  CHECK_THROWS_AS(Gate::Parse("returning_rate < -2"), UsageError);
  // Fractions, percentages (retention can pass 100%) and non-rates pass.
  CHECK_NOTHROW(Gate::Parse("churn_rate > 1"));
  CHECK_NOTHROW(Gate::Parse("retention_rate > 120%"));
  CHECK_NOTHROW(Gate::Parse("orders < 8"));
  CHECK_NOTHROW(Gate::Parse("purchase_frequency < 1.5"));
}

TEST_CASE("a failure on a partial period says so") {
  PeriodMetrics month = Month(0.2, 5, 0);
  month.partial = true;
  auto failures = CheckGates({Gate::Parse("churn_rate > 0.1")}, {month, Month(0.3, 5, 0)});
  REQUIRE(failures.size() == 2);
  CHECK(failures[0].partial);
  CHECK_FALSE(failures[1].partial);
}

TEST_CASE("every figure has a name") {
  PeriodMetrics m = Month(0.25, 7, 1234);
  m.aov = Money{17628};
  CHECK(MetricValue(m, "orders") == Approx(7));
  CHECK(*MetricValue(m, "revenue") == Approx(12.34));
  CHECK(*MetricValue(m, "aov") == Approx(1.7628));
  CHECK_FALSE(MetricValue(m, "clv").has_value());
  CHECK(GateMetricNames().size() == 17);
  CHECK_THROWS_AS(MetricValue(m, "nope"), UsageError);
}

TEST_CASE("parentheses nest at most kMaxGateNesting deep") {
  auto nested = [](int depth) {
    return std::string(static_cast<size_t>(depth), '(') + "orders < 1" +
           std::string(static_cast<size_t>(depth), ')');
  };
  CHECK(Gate::Parse(nested(kMaxGateNesting)).Holds(Month(0.1, 0, 0)) == std::optional<bool>(true));
  CHECK_THROWS_WITH(Gate::Parse(nested(kMaxGateNesting + 1)),
                    Catch::Contains("character 65") && Catch::Contains("deeper than 64 levels"));
  // Deep enough to overflow the stack without the limit; the message names
  // the rule by its start only.
  CHECK_THROWS_WITH(Gate::Parse(nested(20000)),
                    Catch::Contains("'((((((") && Catch::Contains("...' at character 65"));
}

TEST_CASE("long chains of and/or are flat, not deep") {
  std::string rule = "orders > 5";
  for (int i = 0; i < 100000; ++i) rule += i % 2 ? " or orders > 5" : " and orders > 5";
  Gate gate = Gate::Parse(rule);
  CHECK(gate.Holds(Month(0.1, 9, 0)) == std::optional<bool>(true));
  CHECK(gate.Holds(Month(0.1, 1, 0)) == std::optional<bool>(false));
  std::string any = "orders > 5";
  for (int i = 0; i < 1000; ++i) any += " or churn_rate > 0.5";
  CHECK(Gate::Parse(any + " or orders < 2").Holds(Month(std::nullopt, 1, 0)) ==
        std::optional<bool>(true));
  CHECK_FALSE(Gate::Parse(any).Holds(Month(std::nullopt, 1, 0)).has_value());
}

TEST_CASE("rules on the compared period: FIGURE_previous and FIGURE_change") {
  PeriodMetrics now = Month(0.12, 80, 150000);      // churn 12%, 80 orders, 1500.00
  PeriodMetrics before = Month(0.09, 100, 100000);  // churn 9%, 100 orders, 1000.00
  // Churn rose 3 points: 0.12 - 0.09.
  CHECK(Gate::Parse("churn_rate_change > 2%").Holds(now, &before) == std::optional<bool>(true));
  CHECK(Gate::Parse("churn_rate_change > 4%").Holds(now, &before) == std::optional<bool>(false));
  CHECK(Gate::Parse("orders_change <= -20").Holds(now, &before) == std::optional<bool>(true));
  CHECK(Gate::Parse("revenue_change == 500").Holds(now, &before) == std::optional<bool>(true));
  CHECK(Gate::Parse("orders_previous == 100").Holds(now, &before) == std::optional<bool>(true));
  CHECK(*MetricValue(now, "churn_rate_change", &before) == Approx(0.03));
  // Without the compared period, or with a null figure in it, undecided.
  CHECK_FALSE(Gate::Parse("orders_change < 0").Holds(now).has_value());
  PeriodMetrics no_churn = Month(std::nullopt, 100, 0);
  CHECK_FALSE(Gate::Parse("churn_rate_change > 0").Holds(now, &no_churn).has_value());
  // What needs --compare, and the fraction check on changes of rates.
  CHECK(Gate::Parse("churn_rate_change > 2% or orders < 5").compares());
  CHECK_FALSE(Gate::Parse("churn_rate > 2%").compares());
  CHECK_THROWS_WITH(Gate::Parse("churn_rate_change > 3"), Catch::Contains("did you mean 3%?"));
  CHECK_THROWS_WITH(Gate::Parse("churn_rate_diff > 3%"),
                    Catch::Contains("followed by _previous or _change"));
  // CheckGates pairs each period with its compared one, in order.
  std::vector<PeriodMetrics> both = {now, before};
  std::vector<PeriodMetrics> compared = {before, now};
  auto failures = CheckGates({Gate::Parse("orders_change < 0")}, both, &compared);
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].values == "orders_change = -20");
}

TEST_CASE("a number with an exponent or separators is told how to write it") {
  for (const char* rule :
       {"revenue > 1e2", "revenue > 1E2", "revenue > 1,000", "revenue > 1_000"}) {
    INFO(rule);
    CHECK_THROWS_WITH(Gate::Parse(rule), Catch::Contains("character 12") &&
                                             Catch::Contains("without an exponent or separators"));
  }
  CHECK(Gate::Parse("revenue > 100 and orders > 5").Holds(Month(0.1, 9, 1000000)) ==
        std::optional<bool>(true));
}
