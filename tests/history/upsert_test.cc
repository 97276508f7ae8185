// Merging a run into a history: one row per period and segment, and a
// re-run period holds the run's rows alone.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "retention/history.h"

using namespace retention;

namespace {

// A row of `period` (a month of 2024) and `segment` ("" for the total),
// with `customers` as its one figure.
HistoryRow Row(const std::string& month, const std::string& segment, const std::string& customers,
               bool partial = false) {
  HistoryRow row;
  row.fields = {
      {"segment", HistoryValue{segment, segment.empty(), !segment.empty()}},
      {"period", HistoryValue{"2024-" + month, false, true}},
      {"start", HistoryValue{"2024-" + month + "-01", false, true}},
      {"end", HistoryValue{"2024-" + month + "-28", false, true}},
      {"partial", HistoryValue{partial ? "true" : "false"}},
      {"customers_end", HistoryValue{customers}},
  };
  return row;
}

// "period/segment=customers" for each row, in order.
std::vector<std::string> Keys(const std::vector<HistoryRow>& rows) {
  std::vector<std::string> out;
  for (const HistoryRow& row : rows) {
    out.push_back(row.Text("period") + "/" + row.Segment().value_or("") + "=" +
                  row.Text("customers_end"));
  }
  return out;
}

}  // namespace

TEST_CASE("a re-run replaces rows and adds new periods") {
  std::vector<HistoryRow> history = {Row("02", "", "10"), Row("02", "web", "4")};
  UpsertResult r = UpsertHistory(history, {Row("03", "", "12"), Row("03", "web", "5")});
  CHECK(Keys(r.rows) ==
        std::vector<std::string>{"2024-02/=10", "2024-02/web=4", "2024-03/=12", "2024-03/web=5"});
  CHECK(r.added == 2);
  CHECK(r.replaced == 0);
  CHECK(r.removed.empty());
  r = UpsertHistory(r.rows, {Row("02", "", "11"), Row("02", "web", "4")});
  CHECK(r.replaced == 2);
  REQUIRE(r.changes.size() == 1);
  CHECK(r.changes[0].figure == "customers_end");
  CHECK(r.changes[0].restated);
}

TEST_CASE("a segment the re-run of a period lacks is removed, not kept beside the run's") {
  // --top 2, then --top 1: paid_search is summed into (other) now; kept,
  // it would be counted twice.
  std::vector<HistoryRow> history = {Row("02", "", "100"),           Row("03", "", "101"),
                                     Row("03", "organic", "36"),     Row("03", "paid_search", "23"),
                                     Row("03", "(other)", "42"),     Row("04", "", "90"),
                                     Row("04", "paid_search", "20"), Row("04", "(other)", "70")};
  UpsertResult r = UpsertHistory(
      history, {Row("03", "", "101"), Row("03", "organic", "36"), Row("03", "(other)", "65")});
  CHECK(Keys(r.rows) == std::vector<std::string>{"2024-02/=100", "2024-03/=101",
                                                 "2024-03/organic=36", "2024-03/(other)=65",
                                                 "2024-04/=90", "2024-04/paid_search=20",
                                                 "2024-04/(other)=70"});
  CHECK(r.added == 0);
  CHECK(r.replaced == 3);
  REQUIRE(r.removed.size() == 1);
  CHECK(r.removed[0].period == "2024-03");
  CHECK(r.removed[0].segment == std::optional<std::string>("paid_search"));
  CHECK(r.removed[0].restated);
}

TEST_CASE("a removed row of a partial period is an update, not a restatement") {
  UpsertResult r = UpsertHistory({Row("03", "", "5", true), Row("03", "web", "5", true)},
                                 {Row("03", "", "6", true), Row("03", "shop", "6", true)});
  CHECK(Keys(r.rows) == std::vector<std::string>{"2024-03/=6", "2024-03/shop=6"});
  CHECK(r.added == 1);
  CHECK(r.replaced == 1);
  REQUIRE(r.removed.size() == 1);
  CHECK(r.removed[0].segment == std::optional<std::string>("web"));
  CHECK_FALSE(r.removed[0].restated);
}

TEST_CASE("the all-customers total the run lacks is removed too") {
  // Split by currency the run has no total: an earlier total is not kept.
  UpsertResult r = UpsertHistory({Row("03", "", "9"), Row("03", "EUR", "4"), Row("03", "USD", "5")},
                                 {Row("03", "EUR", "4"), Row("03", "USD", "5")});
  CHECK(Keys(r.rows) == std::vector<std::string>{"2024-03/EUR=4", "2024-03/USD=5"});
  REQUIRE(r.removed.size() == 1);
  CHECK_FALSE(r.removed[0].segment.has_value());
}

namespace {

HistoryRow Spanning(const std::string& period, const std::string& start, const std::string& end,
                    const std::string& customers) {
  HistoryRow row;
  row.fields = {{"period", HistoryValue{period, false, true}},
                {"start", HistoryValue{start, false, true}},
                {"end", HistoryValue{end, false, true}},
                {"partial", HistoryValue{"true"}},
                {"customers_end", HistoryValue{customers}}};
  return row;
}

}  // namespace

TEST_CASE("a to-date period is matched by its start: May's is not June's") {
  const HistoryRow may = Spanning("month-to-date", "2024-05-01", "2024-05-21", "1");
  const HistoryRow may_later = Spanning("month-to-date", "2024-05-01", "2024-05-22", "2");
  const HistoryRow june = Spanning("month-to-date", "2024-06-01", "2024-06-11", "3");
  CHECK(PeriodKey(may) == "2024-05");
  CHECK(PeriodUnit(may) == Unit::kMonth);
  UpsertResult r = UpsertHistory({may}, {may_later});
  CHECK(Keys(r.rows) == std::vector<std::string>{"month-to-date/=2"});
  CHECK(r.replaced == 1);
  r = UpsertHistory(r.rows, {june});
  CHECK(Keys(r.rows) == std::vector<std::string>{"month-to-date/=2", "month-to-date/=3"});
  CHECK(r.added == 1);
  CHECK(r.removed.empty());
  // The finished month replaces its month-to-date.
  HistoryRow finished = Spanning("2024-05", "2024-05-01", "2024-06-01", "4");
  r = UpsertHistory(r.rows, {finished});
  CHECK(Keys(r.rows) == std::vector<std::string>{"2024-05/=4", "month-to-date/=3"});
  CHECK(r.replaced == 1);
}

TEST_CASE("a range that is one whole month is that month") {
  const HistoryRow range = Spanning("2024-01..2024-01", "2024-01-01", "2024-02-01", "1");
  const HistoryRow days = Spanning("2024-01-01..2024-01-31", "2024-01-01", "2024-02-01", "2");
  const HistoryRow month = Spanning("2024-01", "2024-01-01", "2024-02-01", "3");
  const HistoryRow part = Spanning("2024-01-01..2024-01-15", "2024-01-01", "2024-01-16", "4");
  CHECK(PeriodKey(range) == "2024-01");
  CHECK(PeriodKey(days) == "2024-01");
  CHECK(PeriodKey(part) == "2024-01-01..2024-01-15");
  CHECK(PeriodUnit(part) == std::nullopt);
  CHECK(PeriodUnit(Spanning("2024-W10", "2024-03-04", "2024-03-11", "5")) == Unit::kWeek);
  UpsertResult r = UpsertHistory({range}, {month});
  CHECK(Keys(r.rows) == std::vector<std::string>{"2024-01/=3"});
  // A range over a named row replaces its figures and keeps its name.
  r = UpsertHistory(r.rows, {days});
  CHECK(Keys(r.rows) == std::vector<std::string>{"2024-01/=2"});
  r = UpsertHistory(r.rows, {part});
  CHECK(r.rows.size() == 2);
}

TEST_CASE("a row a run would replace with figures known earlier is listed") {
  // Final -> partial: a run that knows less; partial -> final and
  // partial -> later partial are what runs over a month do.
  UpsertResult r = UpsertHistory({Row("03", "", "9"), Row("04", "", "5", true)},
                                 {Row("03", "", "7", true), Row("04", "", "6")});
  REQUIRE(r.known_earlier.size() == 1);
  CHECK(r.known_earlier[0].period == "2024-03");
  CHECK(r.known_earlier[0].had.Text("customers_end") == "9");
  CHECK(r.known_earlier[0].now.Text("customers_end") == "7");
  CHECK(
      UpsertHistory({Row("04", "", "5", true)}, {Row("04", "", "6", true)}).known_earlier.empty());
  // Partial -> partial as of an earlier day (rows recording their day).
  auto as_of = [](HistoryRow row, const std::string& day) {
    row.fields.push_back({"as_of", HistoryValue{day, false, true}});
    return row;
  };
  const HistoryRow may25 = as_of(Row("05", "", "56", true), "2024-05-25");
  const HistoryRow may03 = as_of(Row("05", "", "6", true), "2024-05-03");
  r = UpsertHistory({may25}, {may03});
  REQUIRE(r.known_earlier.size() == 1);
  CHECK(r.known_earlier[0].had.Text("as_of") == "2024-05-25");
  CHECK(UpsertHistory({may03}, {may25}).known_earlier.empty());
  CHECK(UpsertHistory({may25}, {may25}).known_earlier.empty());
}

TEST_CASE("a label report writes fits its dates, a spreadsheet label does not") {
  // The label the message asks to write back.
  auto need = [](const std::string& label, const std::string& start,
                 const std::string& end) -> std::optional<std::string> {
    const std::optional<std::string> why = WhyPeriodDisagrees(Spanning(label, start, end, "1"));
    if (!why) return std::nullopt;
    const size_t from = why->find("so write ");
    REQUIRE(from != std::string::npos);
    return why->substr(from + 9, why->rfind(" back") - from - 9);
  };
  CHECK_FALSE(need("2024-03", "2024-03-01", "2024-04-01"));
  CHECK_FALSE(need("2024-03-05", "2024-03-05", "2024-03-06"));
  CHECK_FALSE(need("2025-W01", "2024-12-30", "2025-01-06"));  // an ISO week across years
  CHECK_FALSE(need("2024-Q1", "2024-01-01", "2024-04-01"));
  CHECK_FALSE(need("2024", "2024-01-01", "2025-01-01"));
  CHECK_FALSE(need("month-to-date", "2024-05-01", "2024-05-21"));
  CHECK_FALSE(need("2024-01..2024-03", "2024-01-01", "2024-04-01"));
  CHECK_FALSE(need("2024-03-04..2024-03-10", "2024-03-04", "2024-03-11"));
  CHECK(need("Feb-24", "2024-02-01", "2024-03-01") == std::optional<std::string>("2024-02"));
  CHECK(need("2024-3", "2024-03-01", "2024-04-01") == std::optional<std::string>("2024-03"));
  CHECK(need("2024-W1", "2024-01-01", "2024-01-08") == std::optional<std::string>("2024-W01"));
  // Dates of no whole unit need a range's label.
  CHECK(need("March", "2024-03-05", "2024-03-12") ==
        std::optional<std::string>("2024-03-05..2024-03-11"));
  CHECK(need("March", "2024-03-04", "2024-03-11") == std::optional<std::string>("2024-W10"));
  CHECK_FALSE(need("x", "2024-03-04", "bad"));  // dates unread: said elsewhere
}

TEST_CASE("a period that ends before it starts, or whose label holds controls, is refused") {
  // Accepted before: diff called such files the same, --append kept the
  // row out of order, render printed the label's ESC raw.
  auto why = [](const std::string& label, const std::string& start, const std::string& end) {
    return WhyPeriodDisagrees(Spanning(label, start, end, "1")).value_or("");
  };
  CHECK_THAT(why("2024-02", "9999-12-31", "2024-03-01"),
             Catch::Contains("runs from 9999-12-31 to 2024-03-01: its end is not after its start"));
  CHECK_THAT(why("2024-01..2024-03", "2024-01-01", "2023-12-01"),
             Catch::Contains("its end is not after its start"));
  CHECK_THAT(why("2024-01..2024-03", "2024-01-01", "2024-01-01"),
             Catch::Contains("its end is not after its start"));
  CHECK_THAT(why("2024-02\x1b]0;x\x07", "2024-02-01", "2024-03-01"),
             Catch::Contains("2024-02\\x1b]0;x\\x07 has control characters"));
  CHECK(why("2024-02", "2024-02-01", "2024-03-01").empty());
}

TEST_CASE("a margin or lifespan that is no number report writes is refused") {
  auto why = [](const std::string& margin, const std::string& lifespan) {
    HistoryRow row = Spanning("2024-02", "2024-02-01", "2024-03-01", "1");
    row.fields.emplace_back("margin", HistoryValue{margin});
    row.fields.emplace_back("lifespan", HistoryValue{lifespan});
    return WhyMarginOrLifespanUnreadable(row).value_or("");
  };
  CHECK(why("0.3", "").empty());
  CHECK(why("1", "24").empty());
  CHECK_THAT(why("0.3, \"hacked\": true", ""),
             Catch::Contains("has margin \"0.3, \"hacked\": true\", which is not a number above 0 "
                             "and at most 1"));
  CHECK_THAT(why("abc", ""), Catch::Contains("has margin \"abc\""));
  CHECK_THAT(why("-1", ""), Catch::Contains("has margin \"-1\""));
  CHECK_THAT(why("1.5", ""), Catch::Contains("has margin \"1.5\""));
  CHECK_THAT(why("1", "}}}"),
             Catch::Contains("has lifespan \"}}}\", which is not a number above 0"));
  CHECK_THAT(why("1", "0"), Catch::Contains("has lifespan \"0\""));
}
