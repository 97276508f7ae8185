// The clv printers on many customers: the same text whatever the number
// of threads writing the customer lists, and JSON with one customer per
// line, ranked by CLV.
#include "cli/print/print_clv.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "support/many_customers.h"

using namespace retention;

TEST_CASE("clv CSV and JSON are the same text on one thread and on four") {
  const fixtures::Orders o = fixtures::ManyCustomers(60000, 3);
  RfmOptions rfm;
  rfm.calibration_end = {2024, 12, 31};
  const ClvModel model = ComputeClv(o.table, rfm, ClvOptions{});
  const std::vector<ClvSection> sections = {{&model, &o.table}};
  ClvReportInfo one, four;
  one.threads = 1;
  four.threads = 4;
  const std::string csv = FormatClvCsv(sections, one);
  CHECK(csv == FormatClvCsv(sections, four));
  const std::string json = FormatClvJson(sections, one);
  CHECK(json == FormatClvJson(sections, four));

  // One line per customer: the header and 60,000 rows; in JSON, each
  // customer an object on its own line.
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 60001);
  std::istringstream lines(json);
  size_t customer_lines = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("    {\"customer\": \"cus_", 0) != 0) continue;
    ++customer_lines;
    CHECK(nlohmann::json::parse(line.substr(4, line.size() - 4 - (line.back() == ','))).size() ==
          9);
  }
  CHECK(customer_lines == 60000);
  const nlohmann::json doc = nlohmann::json::parse(json);
  const nlohmann::json& customers = doc["customers"];
  REQUIRE(customers.size() == 60000);
  size_t out_of_order = 0;
  for (size_t i = 1; i < customers.size(); ++i) {
    out_of_order += customers[i]["clv"].get<double>() > customers[i - 1]["clv"].get<double>();
  }
  CHECK(out_of_order == 0);

  // Both models report their fit in the same keys.
  for (const char* model : {"bgnbd", "gamma_gamma"}) {
    INFO(model);
    const nlohmann::json& m = doc["model"][model];
    for (const char* key : {"log_likelihood", "converged", "iterations", "gradient_norm",
                            "not_identified", "standard_errors"}) {
      CHECK(m.contains(key));
    }
    CHECK(m["gradient_norm"].is_number());
  }
}

TEST_CASE("a failing customer line stops every writer, without a hang") {
  std::vector<size_t> ranking(200000);
  for (size_t i = 0; i < ranking.size(); ++i) ranking[i] = i;
  std::string expected;
  for (size_t i : ranking) expected += std::to_string(i) + "\n";
  std::string out;
  const TextSink append = [&out](std::string_view piece) { out += piece; };
  for (int threads : {1, 2, 4}) {
    out.clear();
    CHECK_THROWS_WITH(WriteRanked(
                          ranking, threads, append, [](size_t i) { return i; },
                          [](size_t i, std::string* line) {
                            if (i == 70000) throw std::runtime_error("line 70000");
                            *line += std::to_string(i) + "\n";
                          },
                          [](size_t, int) {}),
                      "line 70000");
    // What came before the failing chunk may be there, in order; nothing
    // of it or after it.
    CHECK(expected.compare(0, out.size(), out) == 0);
    CHECK(out.size() <= expected.find("\n70000\n") + 1);
  }
  // A sink that fails stops them too.
  for (int threads : {1, 2, 4}) {
    int pieces = 0;
    CHECK_THROWS_WITH(WriteRanked(
                          ranking, threads,
                          [&](std::string_view) {
                            if (++pieces == 5) throw std::runtime_error("disk full");
                          },
                          [](size_t i) { return i; },
                          [](size_t i, std::string* line) { *line += std::to_string(i) + "\n"; },
                          [](size_t, int) {}),
                      "disk full");
    CHECK(pieces == 5);
  }
  for (int threads : {1, 3}) {
    // A sink slow now and then: the chunks done meanwhile wait, and are
    // passed on in order by whichever thread finds them.
    out.clear();
    int pieces = 0;
    WriteRanked(
        ranking, threads,
        [&](std::string_view piece) {
          if (++pieces % 10 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
          out += piece;
        },
        [](size_t i) { return i; },
        [](size_t i, std::string* line) { *line += std::to_string(i) + "\n"; }, [](size_t, int) {});
    CHECK(out == expected);
  }
}

TEST_CASE("customers rank by CLV, equal CLVs by id") {
  // Customers with one purchase on the same day share their CLV; their ids
  // (cus_9, cus_10, ...) sort otherwise than the order they came in.
  const fixtures::Orders o = fixtures::ManyCustomers(20000, 5);
  RfmOptions rfm;
  rfm.calibration_end = {2024, 12, 31};
  const ClvModel model = ComputeClv(o.table, rfm, ClvOptions{});
  const ClvSection section{&model, &o.table};
  for (int threads : {1, 3}) {
    const std::vector<size_t> ranking = ClvRanking(section, threads);
    REQUIRE(ranking.size() == model.customers.size());
    size_t ties = 0, misplaced = 0;
    for (size_t k = 1; k < ranking.size(); ++k) {
      const CustomerClv &a = model.customers[ranking[k - 1]], &b = model.customers[ranking[k]];
      if (a.clv != b.clv) {
        misplaced += a.clv < b.clv;
        continue;
      }
      ++ties;
      misplaced += !(o.table.customers[a.customer] < o.table.customers[b.customer]);
    }
    CHECK(ties > 1000);
    CHECK(misplaced == 0);
    // --top's cut, made without sorting everyone, is the head of the whole.
    for (size_t limit : {size_t{1}, size_t{10}, size_t{5000}}) {
      const std::vector<size_t> head = ClvRanking(section, threads, limit);
      CHECK(head == std::vector<size_t>(ranking.begin(), ranking.begin() + limit));
    }
    CHECK(ClvRanking(section, threads, ranking.size() + 1) == ranking);
  }
}

TEST_CASE("the ranking orders any CLV and any id as comparing them does") {
  // NaN ranks last with -inf, -0 ties with 0; ids share prefixes, hold
  // zero and high bytes, and end inside another's first 8 bytes after it.
  const double clvs[] = {std::nan(""), -HUGE_VAL, -2.5, -1e-300, -0.0,    0.0,
                         1e-300,       2.5,       2.5,  1e300,   HUGE_VAL};
  const std::string pieces[] = {"", std::string(1, '\0'), "a", "b", "\xff", "cus_", "cus_abcdefgh"};
  OrderTable table;
  ClvModel model;
  uint64_t state = 7;
  auto next = [&state](uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>((state >> 33) % n);
  };
  std::set<std::string> seen;
  while (table.customers.size() < 3000) {
    std::string id = "cus_";  // a prefix every id of a run shares, skipped
    for (size_t k = 0, parts = 1 + next(6); k < parts; ++k) id += pieces[next(std::size(pieces))];
    if (!seen.insert(id).second) continue;
    CustomerRfm rfm;
    rfm.customer = static_cast<CustomerIndex>(table.customers.size());
    table.customers.push_back(id);
    model.rfm.customers.push_back(rfm);
    CustomerClv clv;
    clv.clv = clvs[next(std::size(clvs))];
    model.customers.push_back(clv);
  }
  auto key = [&](size_t i) {
    const double v = model.customers[i].clv;
    return std::isnan(v) ? -HUGE_VAL : v;
  };
  std::vector<size_t> expected(model.customers.size());
  for (size_t i = 0; i < expected.size(); ++i) expected[i] = i;
  std::sort(expected.begin(), expected.end(), [&](size_t a, size_t b) {
    return key(a) > key(b) || (key(a) == key(b) && table.customers[a] < table.customers[b]);
  });
  const ClvSection section{&model, &table};
  for (int threads : {1, 3}) {
    CHECK(ClvRanking(section, threads) == expected);
    CHECK(ClvRanking(section, threads, 100) ==
          std::vector<size_t>(expected.begin(), expected.begin() + 100));
  }
}

TEST_CASE("notes say what a fit on a handful of customers left") {
  const fixtures::Orders o = fixtures::HandfulOfCustomers();
  RfmOptions rfm;
  rfm.calibration_end = {2024, 12, 31};
  const ClvModel model = ComputeClv(o.table, rfm, ClvOptions{});
  const std::vector<std::string> notes = ClvNotes({&model, &o.table});
  auto has = [&](const std::string& text) {
    return std::any_of(notes.begin(), notes.end(),
                       [&](const std::string& n) { return n.find(text) != std::string::npos; });
  };
  CHECK(has("only 4 customers: too few"));
  // a and b off together at a / (a + b) of about 3/4: not "no sign of leaving".
  CHECK(has("the same probability, about 7"));
  CHECK_FALSE(has("no sign of customers leaving"));
  // q and v off: the population's mean, not each customer's own.
  CHECK(has("Gamma-Gamma: q, v ran to a boundary"));
  CHECK(has("close to the population's mean (about 25.00)"));
  CHECK_FALSE(has("own mean"));
  // Neither the estimates nor the errors of those are printed as numbers.
  const std::string table = FormatClvTable({{&model, &o.table}}, ClvReportInfo{});
  CHECK(table.find("a            not identified (-> inf)         n/a") != std::string::npos);
  CHECK(table.find("q            not identified (-> inf)         n/a") != std::string::npos);
}
