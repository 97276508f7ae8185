// LoadOrders on real-looking files: header variants, formats, compression,
// several files, and errors that point at file, line and column.
// One file for the loader's behaviour seen from outside; the readers and
// blocks below it have their own tests in tests/input/.
#include "retention/load.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "load/column_mapping.h"
#include "load/load_checked.h"
#include "retention/error.h"
#include "retention/metrics.h"
#include "retention/validate.h"
#include "support/temp_file.h"

using namespace retention;

namespace {

OrderTable Load(const std::string& name, const std::string& content,
                LoadOptions options = LoadOptions()) {
  TempFile file(name, content);
  return LoadOrders({file.path()}, options);
}

// The error LoadOrders throws, or an empty one when it does not throw.
DataError LoadError(const std::string& name, const std::string& content,
                    LoadOptions options = LoadOptions()) {
  TempFile file(name, content);
  try {
    LoadOrders({file.path()}, options);
  } catch (const DataError& e) {
    return DataError(Location{name, e.where().line, e.where().column}, e.message());
  }
  return DataError(Location{}, "no error");
}

int64_t Revenue(const OrderTable& t) {
  int64_t sum = 0;
  for (Money m : t.order_value) sum += m.units;
  for (Money m : t.amount_value) sum += m.units;
  return sum;
}

// Every column and count of two tables is the same (parallel vs serial).
void CheckSameTable(const OrderTable& a, const OrderTable& b) {
  CHECK(a.customers == b.customers);
  CHECK(a.order_customer == b.order_customer);
  CHECK(a.order_time == b.order_time);
  CHECK(a.order_value == b.order_value);
  CHECK(a.amount_customer == b.amount_customer);
  CHECK(a.amount_time == b.amount_time);
  CHECK(a.amount_value == b.amount_value);
  CHECK(a.stats.rows == b.stats.rows);
  CHECK(a.stats.purchase_rows == b.stats.purchase_rows);
  CHECK(a.stats.refund_rows == b.stats.refund_rows);
  CHECK(a.stats.first_time == b.stats.first_time);
  CHECK(a.stats.last_time == b.stats.last_time);
}

const char* kOrders =
    "order_id,customer_id,order_date,amount\n"
    "A1,C1,2024-01-05,10.00\n"
    "A1,C1,2024-01-05,2.50\n"  // second line of A1
    "A2,C2,2024-01-07T10:00:00Z,7\n"
    "A1,C1,2024-01-20,-2.50\n"  // refund of a line of A1
    "A3,C1,2024-02-01,1.25\n";

}  // namespace

TEST_CASE("order lines merge into orders, refunds stay money, not orders") {
  OrderTable t = Load("orders.csv", kOrders);
  CHECK(t.customers == StringColumn{"C1", "C2"});
  CHECK(t.order_count() == 3);
  CHECK(t.stats.rows == 5);
  CHECK(t.stats.refund_rows == 1);
  CHECK(Revenue(t) == 182500);  // 10 + 2.5 + 7 - 2.5 + 1.25 = 18.25
  CHECK(t.order_time[0] == TimeFromDate({2024, 1, 5}));
}

TEST_CASE("an order's time is the earliest of its lines, each line's money keeps its date") {
  OrderTable t = Load("o.csv",
                      "order,customer,date,total\n"
                      "X,C,2024-02-03,5\n"
                      "X,C,2024-01-31,4\n");
  REQUIRE(t.order_count() == 1);
  CHECK(t.order_time[0] == TimeFromDate({2024, 1, 31}));
  // The order holds the line at its time; the other line is money apart.
  CHECK(t.order_value[0].units == 40000);
  REQUIRE(t.amount_count() == 1);
  CHECK(t.amount_time[0] == TimeFromDate({2024, 2, 3}));
  CHECK(t.amount_value[0].units == 50000);

  // A1's lines: Jan 5 10.00, Jan 3 5.00, Jan 7 1.00, Jan 5 2.00. The order
  // is at Jan 3 (its earliest line); revenue is 12.00 on Jan 5, 5.00 on
  // Jan 3 and 1.00 on Jan 7, wherever the lines were merged. B1 has no id
  // trouble and stays one order.
  t = Load("dates.csv",
           "order_id,customer_id,order_date,amount\n"
           "A1,C1,2024-01-05,10.00\nB1,C2,2024-01-04,3.00\nA1,C1,2024-01-03,5.00\n"
           "A1,C1,2024-01-07,1.00\nA1,C1,2024-01-05,2.00\n");
  REQUIRE(t.order_count() == 2);
  CHECK(t.order_time[0] == TimeFromDate({2024, 1, 3}));
  CHECK(t.order_time[1] == TimeFromDate({2024, 1, 4}));
  std::map<Time, int64_t> by_time;
  for (size_t i = 0; i < t.order_count(); ++i) {
    if (t.customers[t.order_customer[i]] == "C1")
      by_time[t.order_time[i]] += t.order_value[i].units;
  }
  for (size_t i = 0; i < t.amount_count(); ++i) {
    if (t.customers[t.amount_customer[i]] == "C1")
      by_time[t.amount_time[i]] += t.amount_value[i].units;
  }
  CHECK(by_time == std::map<Time, int64_t>{{TimeFromDate({2024, 1, 3}), 50000},
                                           {TimeFromDate({2024, 1, 5}), 120000},
                                           {TimeFromDate({2024, 1, 7}), 10000}});
}

TEST_CASE("without an order column every purchase row is its own order") {
  OrderTable t = Load("o.csv", "customer,date,amount\nC,2024-01-01,1\nC,2024-01-01,1\n");
  CHECK(t.order_count() == 2);
}

TEST_CASE("only lines that repeat an order's id, customer and date join it") {
  // Reports add a line that repeats the one before byte for byte (but for
  // the amount) straight to its order; these lines look alike and must not.
  OrderTable t = Load("o.csv",
                      "order_id,customer_id,order_date,amount\n"
                      "A1,C1,2024-01-05,1.00\n"
                      ",C1,2024-01-05,2.00\n"  // no order id: an order of its own
                      ",C1,2024-01-05,4.00\n"  // and another
                      "A2,,2024-01-05,8.00\n"  // no customer: left out
                      "A2,,2024-01-05,16.00\n"
                      "A3,C2,2024-01-06,-32.00\n"  // a refund, then a purchase
                      "A3,C2,2024-01-06,64.00\n"
                      "A4,C2,2024-01-07,128.00\n"
                      "A4,C2,2024-01-07 00:00:00,256.00\n"  // same time, other text
                      "A4,C2,2024-01-08,512.00\n");         // a later line of A4
  std::map<std::string, int64_t, std::less<>> by_customer;
  for (size_t i = 0; i < t.order_count(); ++i) {
    by_customer[std::string(t.customers[t.order_customer[i]])] += t.order_value[i].units;
  }
  CHECK(t.order_count() == 5);  // A1, two without id, A3, A4
  CHECK(t.order_value[0].units == 10000);
  CHECK(by_customer["C1"] == 70000);
  CHECK(t.stats.rows_without_customer == 2);
  CHECK(t.stats.refund_rows == 1);
  CHECK(Revenue(t) == 9350000);    // 1 + 2 + 4 - 32 + 64 + 128 + 256 + 512
  REQUIRE(t.amount_count() == 2);  // the refund, and A4's line on Jan 8
  CHECK(t.amount_value[1].units == 5120000);
}

TEST_CASE("repeated order lines merge whatever the shape of their amounts") {
  // Lines that repeat the one before but for the amount join its order,
  // also when the amount needs the general money parser.
  OrderTable t = Load("o.csv",
                      "order_id,customer_id,order_date,amount\n"
                      "A1,C1,2024-01-05 10:00:00,5\n"
                      "A1,C1,2024-01-05 10:00:00,12345678.99\n"
                      "A1,C1,2024-01-05 10:00:00, 7.50 \n"
                      "A1,C1,2024-01-05 10:00:00,$1.01\n"
                      "A2,C1,2024-01-06,1.00\n");
  REQUIRE(t.order_count() == 2);
  CHECK(t.order_value[0].units == 123456925000);  // 5 + 12345678.99 + 7.50 + 1.01
  CHECK(t.amount_count() == 0);
  CHECK(t.stats.rows == 5);
  CHECK(t.stats.purchase_rows == 5);
}

TEST_CASE("header names are found case- and punctuation-insensitively") {
  OrderTable t = Load("o.csv",
                      "InvoiceNo,Customer ID,InvoiceDate,Order-Total,Country\n"
                      "1,C1,2024-01-01,3.00,DE\n");
  CHECK(t.order_count() == 1);
  CHECK(Revenue(t) == 30000);
}

TEST_CASE("header names with a note in brackets are found") {
  OrderTable t = Load("b.csv",
                      "Customer ID,Created (UTC),Amount [EUR],Order No.\n"
                      "C1,2024-03-05 10:00:00,2.50,O1\n"
                      "C2,2024-03-06 11:00:00,3.00,O2\n");
  CHECK(t.order_count() == 2);
  CHECK(Revenue(t) == 55000);
  // A plain name wins over a bracketed one.
  OrderTable plain = Load("p.csv",
                          "customer,Amount (net),amount,date\n"
                          "C1,1.00,2.00,2024-03-05\n");
  CHECK(Revenue(plain) == 20000);
}

TEST_CASE("explicit column names and numbers override detection") {
  LoadOptions o;
  o.columns.customer = "buyer";
  o.columns.date = "when";
  o.columns.amount = "net";
  OrderTable t = Load("o.csv", "buyer,when,net,amount\nB,2024-01-01,4.00,99\n", o);
  CHECK(Revenue(t) == 40000);

  LoadOptions n;
  n.header = false;
  n.delimiter = ' ';
  n.columns.customer = "1";
  n.columns.date = "2";
  n.columns.amount = "4";
  OrderTable cdnow =
      Load("cdnow.txt", " 00001 19970101  1   11.77\n 00002 19970112  5   77.00\n", n);
  CHECK(cdnow.customers == StringColumn{"00001", "00002"});
  CHECK(Revenue(cdnow) == 887700);
}

TEST_CASE("quantity x price makes the amount, exactly") {
  LoadOptions o;
  o.columns.quantity = "Quantity";
  o.columns.price = "UnitPrice";
  OrderTable t = Load("retail.csv",
                      "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
                      "536365,6,12/1/2010 8:26,2.55,17850\n"
                      "536365,3,12/1/2010 8:26,0.10,17850\n",
                      [&] {
                        o.date_format = "%m/%d/%Y %H:%M";
                        return o;
                      }());
  CHECK(Revenue(t) == 156000);  // 6 x 2.55 + 3 x 0.10 = 15.60
  CHECK(t.order_time[0] == TimeFromDate({2010, 12, 1}) + 8 * 3600 + 26 * 60);
}

TEST_CASE("quantity and unit price are used when there is no amount column") {
  OrderTable t = Load("retail.csv", "customer,date,qty,unit_price\nC,2024-01-01,2,1.50\n");
  CHECK(Revenue(t) == 30000);
}

TEST_CASE("quantity and price both named win over a named amount, as in SQL") {
  LoadOptions o;
  o.columns.quantity = "quantity";
  o.columns.price = "price";
  o.columns.amount = "amount";
  const std::string text =
      "customer_id,order_id,order_date,quantity,price,amount\n"
      "A,1,2024-02-05,2,10.00,5.00\nB,2,2024-02-06,1,30.00,7.00\n";
  CHECK(Revenue(Load("qp.csv", text, o)) == 500000);
  CHECK(Revenue(Load("qp.ndjson",
                     "{\"customer_id\":\"A\",\"order_date\":\"2024-02-05\",\"quantity\":2,"
                     "\"price\":10,\"amount\":5}\n",
                     o)) == 200000);
}

TEST_CASE("semicolons, BOM, CRLF and quoted newlines all at once") {
  OrderTable t = Load("excel.csv",
                      "\xEF\xBB\xBF"
                      "customer;date;amount;note\r\n"
                      "C1;2024-01-01;1.50;\"line one\r\nline two; with a semicolon\"\r\n"
                      "C2;2024-01-02;2.50;\r\n");
  CHECK(t.customers.size() == 2);
  CHECK(Revenue(t) == 40000);
}

TEST_CASE("a file of old Mac lines (CR alone) larger than a block reads as its LF twin") {
  // Blocks are cut at CRs, so no "record" spans the file and hits the
  // record length limit.
  std::string lf = "order_id,customer_id,order_date,amount\n";
  for (int i = 0; i < 60000; ++i) {
    char row[80];
    std::snprintf(row, sizeof row, "O%d,C%d,2024-%02d-%02d,%d.25\n", i, i % 997, 1 + i % 12,
                  1 + i % 28, i % 500);
    lf += row;
  }
  std::string cr = lf;
  std::replace(cr.begin(), cr.end(), '\n', '\r');
  REQUIRE(cr.size() > (size_t{1} << 20));
  for (int threads : {1, 2, 4}) {
    LoadOptions options;
    options.threads = threads;
    const OrderTable a = Load("mac.csv", cr, options), b = Load("unix.csv", lf, options);
    CHECK(a.order_count() == 60000);
    CHECK(a.customers.size() == b.customers.size());
    CHECK(Revenue(a) == Revenue(b));
  }
  // A bad amount deep in it is reported on its line.
  std::string bad = cr;
  const size_t row = bad.find("\rO50000,");
  bad.replace(bad.find('\r', row + 1) - 4, 4, "x.yz");
  CHECK(LoadError("mac.csv", bad).where().line == 50002);
}

TEST_CASE("gzip files read transparently, with or without the .gz name") {
  CHECK(Load("orders.csv.gz", kOrders).order_count() == 3);
  // Plain files skip zlib; the gzip bytes, not the name, decide.
  TempFile packed("orders.csv.gz", kOrders);
  std::ifstream in(packed.path(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(bytes.compare(0, 2, "\x1f\x8b") == 0);
  CHECK(Load("orders.csv", bytes).order_count() == 3);
  CHECK(Revenue(Load("orders.csv", bytes)) == Revenue(Load("orders.csv", kOrders)));
  // One byte of gzip's two-byte signature: a (bad) plain file, not a crash.
  CHECK_THROWS_WITH(Load("odd.csv", "\x1f"), Catch::Contains("odd.csv"));
}

TEST_CASE("several files are one data set") {
  TempFile jan("jan.csv", "order_id,customer_id,date,amount\nA1,C1,2024-01-05,10\n");
  TempFile feb("feb.csv",
               "customer_id,amount,date,order_id\nC1,5,2024-02-05,A2\nC2,1,2024-02-06,A3\n");
  OrderTable t = LoadOrders({jan.path(), feb.path()}, LoadOptions());
  CHECK(t.customers.size() == 2);
  CHECK(t.order_count() == 3);
  CHECK(t.stats.files == 2);
}

TEST_CASE("JSON arrays and NDJSON, amounts as numbers or strings") {
  OrderTable a = Load(
      "o.json",
      R"([{"customer_id":"C1","order_id":"A","created_at":"2024-01-01T12:00:00+02:00","total":0.10},
                          {"customer_id":"C1","order_id":"A","created_at":"2024-01-01T12:00:00+02:00","total":"0.20"}])");
  CHECK(a.order_count() == 1);
  CHECK(Revenue(a) == 3000);
  CHECK(a.order_time[0] == TimeFromDate({2024, 1, 1}) + 10 * 3600);  // converted to UTC
  OrderTable n = Load("o.jsonl",
                      "{\"user_id\":\"U\",\"date\":\"2024-01-01\",\"amount\":1}\n"
                      "{\"user_id\":\"V\",\"date\":\"2024-01-02\",\"amount\":2}\n");
  CHECK(n.customers.size() == 2);
}

TEST_CASE("offsets convert to the reporting time zone") {
  LoadOptions o;
  o.time_zone = TimeZone::Parse("+05:00");
  OrderTable t =
      Load("o.csv", "customer,date,amount\nC,2024-01-31T22:00:00Z,1\nC,2024-01-31,1\n", o);
  CHECK(t.order_time[0] == TimeFromDate({2024, 2, 1}) + 3 * 3600);  // Feb 1st there
  CHECK(t.order_time[1] == TimeFromDate({2024, 1, 31}));            // no offset: already local
}

TEST_CASE("rows without a customer are left out and counted, or rejected with --strict") {
  const char* text = "customer,date,amount\nC,2024-01-01,1\n,2024-01-02,5\n  ,2024-01-03,5\n";
  OrderTable t = Load("o.csv", text);
  CHECK(t.stats.rows_without_customer == 2);
  CHECK(t.stats.first_row_without_customer.line == 3);
  CHECK(Revenue(t) == 10000);
  LoadOptions strict;
  strict.strict = true;
  DataError e = LoadError("o.csv", text, strict);
  CHECK(e.where().line == 3);
  CHECK_THAT(e.message(), Catch::Contains("empty customer id"));
}

TEST_CASE("bad values name file, line, column, value and the fix") {
  DataError date =
      LoadError("o.csv", "customer,order_date,amount\nC,2024-01-01,1\nC,03/05/2024,1\n");
  CHECK(date.where().line == 3);
  CHECK(date.where().column == 3);
  CHECK_THAT(date.what(), Catch::Contains("o.csv:3:3") && Catch::Contains("\"03/05/2024\"") &&
                              Catch::Contains("order_date") && Catch::Contains("--date-format"));

  DataError impossible = LoadError("o.csv", "customer,date,amount\nC,2024-02-30,1\n");
  CHECK_THAT(impossible.message(), Catch::Contains("2024-02-30"));

  // A decimal comma after amounts with a decimal point: the file holds to
  // the point its first rows show.
  DataError comma =
      LoadError("o.csv", "customer;date;amount\nC;2024-01-01;12.50\nC;2024-01-02;12,50\n");
  CHECK(comma.where().line == 3);
  CHECK(comma.where().column == 14);
  CHECK_THAT(comma.message(),
             Catch::Contains("\"12,50\"") && Catch::Contains("--decimal-separator ,"));

  DataError nan = LoadError("o.csv", "customer,date,amount\nC,2024-01-01,NaN\n");
  CHECK_THAT(nan.message(), Catch::Contains("amount"));

  DataError ragged = LoadError("o.csv", "customer,date,amount\nC,2024-01-01,1,50\n");
  CHECK(ragged.where().line == 2);
  CHECK_THAT(ragged.message(), Catch::Contains("4 fields") && Catch::Contains("header has 3"));
}

TEST_CASE("a missing column says what the header holds and which flag maps it") {
  DataError e = LoadError("o.csv", "buyer,date,amount\nB,2024-01-01,1\n");
  CHECK_THAT(e.message(),
             Catch::Contains("buyer, date, amount") && Catch::Contains("--customer-col"));
  LoadOptions o;
  o.columns.amount = "net";
  CHECK_THAT(LoadError("o.csv", "customer,date,amount\n", o).message(),
             Catch::Contains("no column named \"net\""));
}

TEST_CASE("one order id with two customers is an error") {
  DataError e =
      LoadError("o.csv", "order,customer,date,amount\nA,C1,2024-01-01,1\nA,C2,2024-01-01,1\n");
  CHECK(e.where().line == 3);
  CHECK_THAT(e.message(), Catch::Contains("C1") && Catch::Contains("C2"));
  // Numeric ids travel as numbers; the message still spells them.
  e = LoadError("o.csv", "order,customer,date,amount\n1001,7,2024-01-01,1\n1001,08,2024-01-01,1\n");
  CHECK_THAT(e.message(), Catch::StartsWith("order \"1001\" was first seen with customer \"7\" "
                                            "but this line names \"08\""));
}

TEST_CASE("files that cannot be read are clear errors") {
  CHECK_THROWS_WITH(LoadOrders({"/nonexistent/orders.csv"}, LoadOptions()),
                    Catch::Contains("/nonexistent/orders.csv") && Catch::Contains("No such file"));
  CHECK_THROWS_WITH(LoadOrders({"/tmp"}, LoadOptions()), Catch::Contains("is a directory"));
  CHECK_THROWS_WITH(Load("empty.csv", ""), Catch::Contains("empty"));
  TempFile truncated("t.csv.gz", std::string(kOrders) + std::string(5000, 'x'));
  {
    // Cut the compressed file in half.
    std::ifstream in(truncated.path(), std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(truncated.path(), std::ios::binary) << all.substr(0, all.size() / 2);
  }
  CHECK_THROWS_AS(LoadOrders({truncated.path()}, LoadOptions()), DataError);
}

TEST_CASE("one million rows of 0.10 through the CSV loader sum to exactly 100000.00") {
  std::string text = "customer,date,amount\n";
  text.reserve(22 * 1000000 + 32);
  for (int i = 0; i < 1000000; ++i) text += "C" + std::to_string(i % 1000) + ",2024-01-01,0.10\n";
  OrderTable t = Load("many.csv.gz", text);
  MetricsOptions options;
  auto m = ComputeMetrics(t, {Period{{2024, 1, 1}, {2024, 2, 1}, "2024-01"}}, options);
  CHECK(m[0].revenue.units == int64_t{100000} * kMoneyScale);
  CHECK(FormatMoneyExact(m[0].revenue) == "100000.00");
  CHECK(m[0].orders == 1000000);
}

TEST_CASE("ten million amounts of 0.10 parse and sum to exactly 1000000.00") {
  OrderTable t;
  t.customers = {"C"};
  MoneyError error = MoneyError::kNone;
  for (int i = 0; i < 10000000; ++i) {
    auto m = ParseMoney("0.10", &error);
    if (!m) FAIL("0.10 did not parse");
    t.amount_customer.push_back(0);
    t.amount_time.push_back(TimeFromDate({2024, 1, 1}));
    t.amount_value.push_back(*m);
  }
  auto metrics = ComputeMetrics(t, {Period{{2024, 1, 1}, {2024, 2, 1}, "2024-01"}}, {});
  CHECK(FormatMoneyExact(metrics[0].revenue) == "1000000.00");
  CHECK(metrics[0].revenue.units == int64_t{1000000} * kMoneyScale);
}

TEST_CASE("JSON objects may leave keys out, roles are matched per object") {
  OrderTable t = Load("k.ndjson",
                      "{\"customer_id\":\"C2\",\"date\":\"2024-03-05\",\"amount\":\"2\"}\n"
                      "{\"order_id\":\"O1\",\"customer_id\":\"C1\",\"date\":\"2024-03-05\","
                      "\"amount\":\"1\"}\n"
                      "{\"amount\":1.5E+0,\"order_id\":\"O1\",\"date\":\"2024-03-05\","
                      "\"customer_id\":\"C1\"}\n"
                      "{\"date\":\"2024-03-05\",\"amount\":\"2\"}\n");
  CHECK(t.order_count() == 2);  // the two O1 lines are one order
  CHECK(Revenue(t) == 45000);   // 2 + 1 + 1.5
  CHECK(t.stats.rows_without_customer == 1);
  DataError e = LoadError("k.ndjson", "{\"customer_id\":\"C\",\"amount\":1}\n");
  CHECK_THAT(e.message(), Catch::Contains("no date") && Catch::Contains("--date-col"));
}

TEST_CASE("JSON objects lacking several roles name them all at once, as a CSV header does") {
  DataError none = LoadError("k.ndjson", "{\"foo\":\"A\",\"bar\":\"2024-03-01\",\"baz\":10}\n");
  CHECK(none.message() ==
        "this object has no customer id, date and amount keys (its keys: foo, bar, baz); name "
        "them with --customer-col, --date-col and --amount-col");
  DataError two = LoadError("k.ndjson", "{\"customer\":\"A\",\"bar\":\"2024-03-01\"}\n");
  CHECK(two.message() ==
        "this object has no date and amount keys (its keys: customer, bar); name them with "
        "--date-col and --amount-col");
  // A key a flag names is said by its name, not among the roles.
  LoadOptions named;
  named.columns.amount = "total";
  DataError given = LoadError("k.ndjson", "{\"customer\":\"A\",\"when\":\"2024-03-01\"}\n", named);
  CHECK(given.message() ==
        "this object has no date (its keys: customer, when); name the key with --date-col");
  DataError one = LoadError("k.ndjson", "{\"customer\":\"A\",\"date\":\"2024-03-01\"}\n");
  CHECK(one.message() ==
        "this object has no amount (its keys: customer, date); name the key with --amount-col "
        "(or --quantity-col and --price-col)");
}

TEST_CASE("JSON objects none of which has a customer key stop, as a CSV header without one does") {
  // Else each row would be a guest's, left out, and every figure zero.
  const std::string content =
      "{\"buyer\":\"A\",\"date\":\"2024-03-01\",\"amount\":10}\n"
      "{\"buyer\":\"B\",\"date\":\"2024-03-02\",\"amount\":5}\n";
  DataError e = LoadError("k.ndjson", content);
  CHECK(e.where().line == 1);
  CHECK(e.message() ==
        "no object has a customer id key (the first object's keys: buyer, date, amount); name "
        "the key of customer ids with --customer-col");
  LoadOptions named;
  named.columns.customer = "buyer";
  CHECK(Revenue(Load("k.ndjson", content, named)) == 150000);
}

TEST_CASE("a misspelled --customer-col is an error also where a layout reads e-mails instead") {
  // Lemon Squeezy's objects: a guest's user_email stands for the customer,
  // but not for a key the flag names and no object has.
  const std::string content =
      "{\"order_number\":1,\"created_at\":\"2024-03-01T10:00:00Z\",\"status\":\"paid\","
      "\"total\":1199,\"total_formatted\":\"$11.99\",\"total_usd\":1199,\"customer_id\":5,"
      "\"user_email\":\"a@example.com\",\"currency\":\"USD\"}\n";
  LoadOptions typo;
  typo.columns.customer = "custmer_id";
  DataError e = LoadError("ls.ndjson", content, typo);
  CHECK(e.message().find("no object has the key \"custmer_id\" that --customer-col names") == 0);
  CHECK(Revenue(Load("ls.ndjson", content)) == 119900);
}

TEST_CASE("a JSON key a flag names that no object has is an error, not a missing column") {
  const std::string ndjson =
      "{\"customer_id\":\"C1\",\"order_no\":\"O1\",\"date\":\"2024-03-05\","
      "\"amount\":\"2\",\"channel\":\"web\"}\n"
      "{\"customer_id\":\"C1\",\"order_no\":\"O1\",\"date\":\"2024-03-05\","
      "\"amount\":\"3\"}\n";
  for (auto [flag, option] : std::vector<std::pair<std::string, std::string ColumnMapping::*>>{
           {"--order-col", &ColumnMapping::order},
           {"--currency-col", &ColumnMapping::currency},
           {"--by", &ColumnMapping::segment},
           {"--customer-col", &ColumnMapping::customer}}) {
    for (const char* name : {"k.ndjson", "k.json"}) {
      LoadOptions options;
      options.columns.*option = "ordr_no";
      std::string content = ndjson;
      if (std::string(name) == "k.json") {
        content =
            "[" + ndjson.substr(0, ndjson.find('\n')) + "," + ndjson.substr(ndjson.find('\n') + 1);
        content.back() = ']';
      }
      INFO(flag << " " << name);
      DataError e = LoadError(name, content, options);
      CHECK(e.where().line == 1);
      CHECK_THAT(e.message(), Catch::Contains("no object has the key \"ordr_no\" that " + flag) &&
                                  Catch::Contains("order_no"));
    }
  }
  // A key some objects have is enough: serializers drop empty ones.
  LoadOptions by_channel;
  by_channel.columns.segment = "channel";
  by_channel.columns.order = "order_no";
  OrderTable t = Load("k.ndjson", ndjson, by_channel);
  CHECK(t.order_count() == 1);
  CHECK(Revenue(t) == 50000);
  // --by and --currency-col naming one key split by currency: found.
  LoadOptions by_currency;
  by_currency.columns.segment = "cur";
  by_currency.columns.currency = "cur";
  OrderTable c = Load(
      "c.ndjson", "{\"customer_id\":\"A\",\"date\":\"2024-01-05\",\"amount\":1,\"cur\":\"USD\"}\n",
      by_currency);
  CHECK(c.order_count() == 1);
  // Validation lists it as an error of the file.
  TempFile file("k.ndjson", ndjson);
  ValidateOptions validate;
  validate.as_of = CivilDate{2025, 1, 1};
  validate.load.columns.order = "ordr_no";
  ValidationReport r = ValidateOrders({file.path()}, validate);
  CHECK(r.errors == 1);
  REQUIRE_FALSE(r.diagnostics.empty());
  CHECK_THAT(r.diagnostics.back().message, Catch::Contains("--order-col"));
}

TEST_CASE("a JSON file with a byte that is not UTF-8 names its line and column") {
  const std::string good = "{\"customer_id\":\"C1\",\"date\":\"2024-03-05\",\"amount\":2}";
  const std::string bad =
      "{\"customer_id\":\"C2\",\"date\":\"2024-03-05\",\"amount\":3,"
      "\"note\":\"\xe9t\xe9\"}";
  for (int threads : {1, 2}) {
    LoadOptions options;
    options.threads = threads;
    DataError n = LoadError("u.ndjson", good + "\n" + bad + "\n", options);
    CHECK(n.where().line == 2);
    CHECK(n.where().column == 60);
    CHECK_THAT(n.message(), Catch::Contains("invalid UTF-8") && Catch::Contains("iconv"));
    DataError a = LoadError("u.json", "[" + good + ",\n" + bad + "]", options);
    CHECK(a.where().line == 2);
    CHECK(a.where().column == 60);
    CHECK_THAT(a.message(), Catch::Contains("invalid UTF-8"));
  }
}

TEST_CASE("currency codes are one currency in any case") {
  OrderTable t = Load("c.csv",
                      "customer_id,date,amount,currency\n"
                      "C1,2024-03-05,2,usd\n"
                      "C2,2024-03-06,3,USD\n"
                      "C3,2024-03-07,4, Usd \n");
  CHECK(Revenue(t) == 90000);
  CHECK(t.stats.currency == "USD");
  DataError e = LoadError("c.csv",
                          "customer_id,date,amount,currency\n"
                          "C1,2024-03-05,2,usd\n"
                          "C2,2024-03-06,3,EUR\n");
  CHECK_THAT(e.message(), Catch::Contains("mixed currencies"));
}

TEST_CASE("a currency's code and its one symbol are one currency, an ambiguous symbol is not") {
  OrderTable t = Load("c.csv",
                      "customer_id,date,amount,currency\n"
                      "C1,2024-03-05,2,US$\n"
                      "C2,2024-03-06,3,USD\n"
                      "C3,2024-03-07,4,usd\n");
  CHECK(Revenue(t) == 90000);
  for (const char* rows : {"C1,2024-03-05,2,EUR\nC2,2024-03-06,3,\xE2\x82\xAC\n",
                           "C1,2024-03-05,2,\xE2\x82\xAC\nC2,2024-03-06,3,EUR\n"}) {
    // Recorded as the code, whichever comes first.
    CHECK(Load("e.csv", std::string("customer_id,date,amount,currency\n") + rows).stats.currency ==
          "EUR");
  }
  DataError e = LoadError("c.csv",
                          "customer_id,date,amount,currency\n"
                          "C1,2024-03-05,2,USD\n"
                          "C2,2024-03-06,3,$\n");
  CHECK_THAT(e.message(), Catch::Contains("mixed currencies"));
}

TEST_CASE("split by currency, codes in any case are one segment") {
  const std::string csv =
      "customer_id,date,amount,currency\n"
      "C1,2024-03-05,2,usd\n"
      "C2,2024-03-06,3,USD\n"
      "C3,2024-03-07,4,EUR\n";
  const std::string ndjson =
      "{\"customer_id\":\"C1\",\"date\":\"2024-03-05\",\"amount\":2,\"currency\":\"usd\"}\n"
      "{\"customer_id\":\"C2\",\"date\":\"2024-03-06\",\"amount\":3,\"currency\":\"USD\"}\n"
      "{\"customer_id\":\"C3\",\"date\":\"2024-03-07\",\"amount\":4,\"currency\":\"EUR\"}\n";
  for (auto [name, content] : {std::pair{"c.csv", csv}, std::pair{"c.ndjson", ndjson}}) {
    INFO(name);
    LoadOptions options;
    options.columns.segment = "currency";
    OrderTable t = Load(name, content, options);
    CHECK(t.segments == std::vector<std::string>{"USD", "EUR"});
    CHECK(t.customer_segment == std::vector<uint32_t>{0, 0, 1});
  }
}

TEST_CASE("JSON column flags given a number are usage errors naming the flag") {
  const std::string ndjson =
      "{\"customer_id\":\"C1\",\"date\":\"2024-03-05\",\"amount\":2,\"channel\":\"web\"}\n";
  for (auto [flag, option] : std::vector<std::pair<std::string, std::string ColumnMapping::*>>{
           {"--by", &ColumnMapping::segment},
           {"--order-col", &ColumnMapping::order},
           {"--price-col", &ColumnMapping::price}}) {
    INFO(flag);
    TempFile file("n.ndjson", ndjson);
    LoadOptions options;
    options.columns.*option = "4";
    try {
      LoadOrders({file.path()}, options);
      FAIL("no error");
    } catch (const UsageError& e) {
      CHECK_THAT(std::string(e.what()), Catch::Contains(flag + " 4: JSON objects have keys") &&
                                            Catch::Contains("(e.g. " + flag + " ") &&
                                            Catch::Contains("n.ndjson"));
    }
  }
}

TEST_CASE("a JSON object without the named quantity or price key says which") {
  const std::string ndjson =
      "{\"customer_id\":\"C1\",\"date\":\"2024-03-05\",\"qty\":2,\"price\":\"1.50\"}\n";
  LoadOptions options;
  options.columns.quantity = "quantity";
  options.columns.price = "price";
  DataError e = LoadError("q.ndjson", ndjson, options);
  CHECK(e.where().line == 1);
  CHECK_THAT(e.message(),
             Catch::Contains("no key \"quantity\" (--quantity-col)") && Catch::Contains("qty"));
  options.columns.quantity = "qty";
  CHECK(Revenue(Load("q.ndjson", ndjson, options)) == 30000);
}

TEST_CASE("JSON numbers with an exponent are exact") {
  OrderTable t = Load("e.json",
                      "[{\"customer\":\"C\",\"date\":\"2024-01-01\",\"amount\":1.25e2},"
                      "{\"customer\":\"C\",\"date\":\"2024-01-01\",\"amount\":-25E-2}]");
  CHECK(Revenue(t) == 1247500);  // 125 - 0.25
}

TEST_CASE("a JSON array may start with a byte order mark") {
  OrderTable t = Load("bom.json",
                      "\xEF\xBB\xBF[{\"Customer_ID\":\"C1\",\"Order_Date\":"
                      "\"2024-03-05\",\"Amount\":\"1\"}]");
  CHECK(t.order_count() == 1);
}

TEST_CASE("a refund naming another customer than its order is an error") {
  DataError e = LoadError("r.csv",
                          "order_id,customer_id,date,amount\nO1,C2,2024-03-05,2\n"
                          "O1,C1,2024-03-06,-1\n");
  CHECK(e.where().line == 3);
  CHECK_THAT(e.message(), Catch::Contains("\"C2\"") && Catch::Contains("\"C1\""));
}

TEST_CASE("quantity x price that needs more than 4 decimals is an error, not rounded") {
  LoadOptions o;
  o.columns.quantity = "qty";
  o.columns.price = "price";
  DataError e = LoadError("q.csv", "customer_id,date,qty,price\nC1,2024-03-01,0.5,0.3333\n", o);
  CHECK_THAT(e.message(), Catch::Contains("0.5 x 0.3333") && Catch::Contains("4 decimal"));
  DataError bad = LoadError("q.csv", "customer_id,date,qty,price\nC1,2024-03-01,two,1\n", o);
  CHECK_THAT(bad.message(), Catch::Contains("cannot read the quantity \"two\""));
}

TEST_CASE("Excel's sep= line names the delimiter, blank-looking lines are skipped") {
  OrderTable t = Load("x.csv", "sep=;\r\ncustomer;date;amount\r\nC1;2024-03-05;1\r\n   \r\n;;\r\n");
  CHECK(t.order_count() == 1);
  CHECK(t.stats.rows == 1);
}

TEST_CASE("a whitespace-aligned file read as CSV suggests --delimiter space") {
  DataError e = LoadError("cdnow.txt",
                          " customer_id  date number_of_cds  dollar_value\n"
                          " 00001 19970101  1   11.77\n");
  CHECK_THAT(e.message(), Catch::Contains("--delimiter space"));
}

TEST_CASE("every thread count gives the same table, and the same first error") {
  // Enough rows for many blocks; quoted newlines and order lines straddle
  // block boundaries.
  std::string text = "order_id,customer_id,date,note,amount\n";
  for (int i = 0; i < 200000; ++i) {
    int order = i / 3;
    text += "O" + std::to_string(order) + ",C" + std::to_string(order % 7919) + ",2024-0" +
            std::to_string(1 + order % 9) + "-1" + std::to_string(order % 10) + "," +
            (i % 50 == 0 ? "\"multi\nline, note\"" : "plain") + "," +
            (i % 97 == 0 ? "-1.5" : "10." + std::to_string(i % 100)) + "\n";
  }
  TempFile file("big.csv", text);
  auto load = [&](int threads) {
    LoadOptions o;
    o.threads = threads;
    return LoadOrders({file.path()}, o);
  };
  OrderTable one = load(1);
  for (int threads : {2, 3, 8}) {
    OrderTable many = load(threads);
    CheckSameTable(many, one);
  }
  CHECK(one.stats.rows == 200000);
  // Two errors far apart: every thread count reports the first.
  std::string broken = text;
  broken += "O999999,C1,2024-13-01,plain,1\n";
  size_t middle = broken.find("\nO40000,");
  broken.insert(middle + 1, "O888888,C1,2024-02-30,plain,1\n");
  TempFile bad("bad.csv", broken);
  for (int threads : {1, 2, 8}) {
    LoadOptions o;
    o.threads = threads;
    try {
      LoadOrders({bad.path()}, o);
      FAIL("expected an error");
    } catch (const DataError& e) {
      CHECK_THAT(e.message(), Catch::Contains("2024-02-30"));
    }
  }
}

TEST_CASE("the block parser reads every line as the row-by-row reader does") {
  // Reports cut the input into blocks and split plain lines themselves;
  // validation reads row by row with the general CSV reader. Both must
  // make the same table of the same awkward lines, spread over many
  // blocks.
  std::string text = "order_id;customer_id;date;note;amount\r\n";
  for (int i = 0; i < 120000; ++i) {
    int order = i / 2;
    std::string note = i % 11 == 0   ? "\"semi;colon\""
                       : i % 13 == 0 ? "\"two\nlines\""
                       : i % 17 == 0 ? "\"\"\"quoted\"\"\""
                       : i % 19 == 0 ? "  spaced  "
                                     : "plain";
    std::string customer = "C" + std::to_string(order % 4001);
    // Quoted ids are the same ids; one stretch of many blocks quotes them
    // all, as some exports quote every field.
    if (i % 29 == 0 || (i >= 60000 && i < 90000)) customer = "\"" + customer + "\"";
    bool quoted = customer[0] == '"';
    text += "O" + std::to_string(order) + ";" + (i % 23 == 0 && !quoted ? " " : "") + customer +
            ";2024-0" + std::to_string(1 + order % 9) + "-0" + std::to_string(1 + order % 9) +
            (i % 5 == 0 ? " 10:00:00" : "") + ";" + note + ";" +
            (i % 31 == 0 ? "-1.50" : " 7." + std::to_string(i % 100)) +
            (i % 7 == 0 ? "\r\n" : "\n");
    if (i % 1009 == 0) text += i % 2 ? "\n" : ";;;;\n";  // blank-looking lines
  }
  TempFile file("awkward.csv", text);
  OrderTable blocks = LoadOrders({file.path()}, LoadOptions());
  retention::ValidationReport report;
  retention::Problems problems(&report, false, retention::ValidateOptions());
  OrderTable rows = retention::LoadOrdersChecked({file.path()}, LoadOptions(), &problems, nullptr);
  CHECK(report.errors == 0);  // (warnings: some orders have lines at two times)
  CheckSameTable(blocks, rows);
  CHECK(blocks.stats.rows == rows.stats.rows);
  CHECK(blocks.stats.rows == 120000);
}

TEST_CASE("the data span starts at the first row even when its lines are merged") {
  OrderTable t = Load("m.csv",
                      "order_id,customer_id,order_date,amount\n"
                      "A1,C1,2024-01-05,10.00\nA1,C1,2024-01-05,5.00\n"
                      "A2,C2,2024-02-07,1.00\n");
  CHECK(t.stats.first_time == TimeFromDate({2024, 1, 5}));
  CHECK(t.stats.last_time == TimeFromDate({2024, 2, 7}));
  CHECK(t.stats.rows == 3);
  CHECK(t.stats.purchase_rows == 3);
}

TEST_CASE("segment values must be UTF-8, since every format prints them") {
  LoadOptions o;
  o.columns.segment = "channel";
  DataError e = LoadError("s.csv", "customer_id,date,amount,channel\nC1,2024-01-05,1,we\xffz\n", o);
  CHECK(e.where().line == 2);
  CHECK_THAT(e.message(), Catch::Contains("invalid UTF-8") && Catch::Contains("'channel'"));
}

TEST_CASE("the segment column is named as the input names it, however --by named it") {
  const std::string csv =
      "customer_id,date,amount,Channel\nC1,2024-01-05,1,web\nC2,2024-01-06,2,shop\n";
  for (const std::string by : {"4", "Channel", "channel", "CHANNEL"}) {
    INFO("--by " << by);
    LoadOptions o;
    o.columns.segment = by;
    OrderTable t = Load("s.csv", csv, o);
    CHECK(t.stats.segment_column == "Channel");
    CHECK(t.stats.segment_column_number == 4);
  }
  // Without a header, the number is its only name.
  LoadOptions numbered;
  numbered.header = false;
  numbered.columns = {"1", "", "2", "3", "", "", "", "4"};
  OrderTable t = Load("s.csv", "C1,2024-01-05,1,web\n", numbered);
  CHECK(t.stats.segment_column == "4");
  CHECK(t.stats.segment_column_number == 4);
  // A JSON key as the first object spells it; JSON has no column numbers.
  LoadOptions o;
  o.columns.segment = "channel";
  for (const char* name : {"s.ndjson", "s.json"}) {
    const std::string object =
        R"({"customer_id":"C1","date":"2024-01-05","amount":1,"Channel":"web"})";
    t = Load(name, std::string(name) == "s.json" ? "[" + object + "]" : object + "\n", o);
    CHECK(t.stats.segment_column == "Channel");
    CHECK(t.stats.segment_column_number == 0);
  }
  // Without --by, nothing.
  CHECK(Load("s.csv", csv).stats.segment_column.empty());
}

TEST_CASE("NDJSON and JSON arrays parse in parallel with the same table and the same first error") {
  std::string text;
  for (int i = 0; i < 150000; ++i) {
    int order = i / 2;
    text += "{\"order_id\":\"O" + std::to_string(order) + "\",\"customer_id\":\"C" +
            std::to_string(order % 5003) + "\",\"date\":\"2024-0" + std::to_string(1 + order % 9) +
            "-15\",\"amount\":" + (i % 89 == 0 ? "-2.5" : "10." + std::to_string(i % 100)) + "}\n";
    if (i % 1000 == 0) text += "\n";  // blank lines are allowed
  }
  TempFile file("big.ndjson", text);
  auto load = [&](int threads) {
    LoadOptions o;
    o.threads = threads;
    return LoadOrders({file.path()}, o);
  };
  OrderTable one = load(1);
  for (int threads : {2, 4}) {
    OrderTable many = load(threads);
    CheckSameTable(many, one);
  }
  CHECK(one.stats.rows == 150000);
  // The same objects as a JSON array, one key a line: blocks of its
  // elements parse in parallel too.
  std::string array = "[\n";
  for (size_t at = 0, end; (end = text.find('\n', at)) != std::string::npos; at = end + 1) {
    std::string object = text.substr(at, end - at);
    if (object.empty()) continue;
    for (size_t comma = 0; (comma = object.find(",\"", comma)) != std::string::npos; comma += 3) {
      object.replace(comma, 1, ",\n  ");
    }
    array += (array.size() > 2 ? ",\n" : "") + object;
  }
  array += "\n]\n";
  TempFile as_array("big.json", array);
  for (int threads : {1, 2, 4}) {
    LoadOptions o;
    o.threads = threads;
    OrderTable t = LoadOrders({as_array.path()}, o);
    CheckSameTable(t, one);
  }
  std::string broken = text;
  size_t middle = broken.find("\n{\"order_id\":\"O40000\"");
  broken.insert(middle + 1, "{\"customer_id\":\"C1\",\"date\":\"2024-02-30\",\"amount\":1}\n");
  broken += "{\"customer_id\":\"C1\",\"date\":\"2024-13-01\",\"amount\":1}\n";
  TempFile bad("bad.ndjson", broken);
  for (int threads : {1, 2, 4}) {
    LoadOptions o;
    o.threads = threads;
    try {
      LoadOrders({bad.path()}, o);
      FAIL("expected an error");
    } catch (const DataError& e) {
      CHECK_THAT(e.message(), Catch::Contains("2024-02-30"));
      CHECK(e.where().line > 80000);
    }
  }
}

TEST_CASE("a header naming a mapped column twice is an error, other columns may repeat") {
  DataError e = LoadError("o.csv", "customer_id,date,amount,customer_id\nC,2024-01-01,1,D\n");
  CHECK(e.where().line == 1);
  CHECK(e.message() ==
        "the header has the column \"customer_id\" twice (columns 1 and 4); rename or drop one, "
        "or pick one by number (--customer-col 1)");
  // Names compare as the mapping matches them.
  e = LoadError("o.csv", "customer,date,Amount,amount\nC,2024-01-01,1,2\n");
  CHECK_THAT(e.message(), Catch::StartsWith("the header has two amount columns, \"Amount\" "
                                            "(column 3) and \"amount\" (column 4)") &&
                              Catch::Contains("--amount-col"));
  // Unmapped columns may repeat; an exact name or a number picks one.
  OrderTable t = Load("o.csv", "customer,date,amount,note,note\nC,2024-01-01,1,a,b\n");
  CHECK(t.stats.rows == 1);
  LoadOptions by_name;
  by_name.columns.amount = "amount";
  t = Load("o.csv", "customer,date,Amount,amount\nC,2024-01-01,1,2\n", by_name);
  CHECK(Revenue(t) == 20000);
  LoadOptions by_number;
  by_number.columns.customer = "4";
  t = Load("o.csv", "customer_id,date,amount,customer_id\nC,2024-01-01,1,D\n", by_number);
  CHECK(t.customers.size() == 1);
}

TEST_CASE("a JSON object naming a mapped key twice is an error at its line") {
  const std::string twice =
      "{\"customer_id\":\"C\",\"date\":\"2024-01-01\",\"amount\":1}\n"
      "{\"customer_id\":\"C\",\"date\":\"2024-01-02\",\"amount\":5,\"amount\":7}\n";
  for (const char* name : {"k.ndjson", "k.json"}) {
    std::string text = std::string(name) == "k.json"
                           ? "[" + twice.substr(0, twice.find('\n')) + ",\n" +
                                 twice.substr(twice.find('\n') + 1) + "]"
                           : twice;
    DataError e = LoadError(name, text);
    CHECK(e.where().line == 2);
    CHECK(e.message() ==
          "the key \"amount\" appears twice in this object; keep one (which is meant cannot be "
          "told)");
  }
  // The parallel NDJSON path finds it too.
  LoadOptions threads;
  threads.threads = 2;
  CHECK(LoadError("k.ndjson", twice, threads).where().line == 2);
  // Keys not mapped may repeat.
  OrderTable t = Load("k.ndjson",
                      "{\"customer_id\":\"C\",\"date\":\"2024-01-01\",\"amount\":1,"
                      "\"x\":1,\"x\":2}\n");
  CHECK(Revenue(t) == 10000);
}

TEST_CASE("orders that all lie after as_of are an error naming both days") {
  // A refund is no order: dated earlier, it does not make the day known.
  OrderTable t = Load("o.csv", "customer,date,amount\nC,2024-03-05,1\nC,2024-02-10,-1\n");
  CHECK_NOTHROW(RequireOrdersBy(t, CivilDate{2024, 3, 5}));
  CHECK_THROWS_WITH(
      RequireOrdersBy(t, CivilDate{2024, 2, 10}),
      "error: no order is dated on or before --as-of 2024-02-10 (the first is on "
      "2024-03-05), so there are no figures to compute; give a later --as-of (default: "
      "today), or check the dates (--date-format, --tz)");
  CHECK_THROWS_WITH(
      RequireOrdersBy(Load("o.csv", "customer,date,amount,x\nC,2024-03-05,-1,\n,2024-03-06,2,\n"),
                      CivilDate{2024, 4, 1}),
      "error: no order: 1 of the 2 rows read is a refund (an amount below 0), which lowers revenue "
      "but is no order, so there are no figures to compute; check the amount column");
  CHECK_NOTHROW(RequireOrdersBy(Load("o.csv", "customer,date,amount\n"), CivilDate{2024, 1, 1}));
}

TEST_CASE("a NUL byte is an error at its field, in every reader and thread count") {
  // Many blocks, so the NUL lies in a later one; quoted lines go through
  // the RFC 4180 reader, plain ones are split in place.
  std::string text = "order_id,customer_id,order_date,amount\n";
  for (int i = 0; i < 100000; ++i) {
    text += "O" + std::to_string(i) + (i % 10 == 0 ? ",\"C1\"" : ",C1") + ",2024-01-05,1.00\n";
  }
  for (const std::string& bad_line : {std::string("X1,C\0x,2024-01-05,1.00\n", 23),
                                      std::string("X1,\"C\0x\",2024-01-05,1.00\n", 25)}) {
    std::string broken = text;
    size_t at = broken.find("\nO60000,") + 1;
    broken.insert(at, bad_line);
    int64_t line =
        std::count(broken.begin(), broken.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1;
    for (int threads : {1, 3}) {
      LoadOptions o;
      o.threads = threads;
      DataError e = LoadError("nul.csv", broken, o);
      CHECK(e.where().line == line);
      CHECK(e.where().column == 4);
      CHECK_THAT(e.message(), Catch::Contains("a NUL byte in column 'customer_id' (byte 2") &&
                                  Catch::Contains("UTF-16"));
    }
    ValidateOptions v;
    v.as_of = CivilDate{2025, 1, 1};
    TempFile file("nul.csv", broken);
    ValidationReport r = ValidateOrders({file.path()}, v);
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].where.line == line);
    CHECK_THAT(r.diagnostics[0].message, Catch::Contains("a NUL byte"));
  }
  // In the header, the file ends there.
  CHECK_THAT(
      LoadError("nul.csv", std::string("order_id,cust\0omer_id,order_date,amount\n", 40)).message(),
      Catch::Contains("a NUL byte in column #2"));
}

TEST_CASE("a line past the limit is an error after the errors before it") {
  std::string text = "order_id,customer_id,order_date,amount\n";
  for (int i = 0; i < 100000; ++i) text += "O" + std::to_string(i) + ",C1,2024-01-05,1.00\n";
  std::string long_line = "X1,C1,2024-01-05," + std::string(5000, '1') + "\n";
  std::string broken = text + long_line;
  broken.insert(broken.find("\nO50000,") + 1, "Y1,C1,2024-13-01,1.00\n");
  for (int threads : {1, 3}) {
    LoadOptions o;
    o.threads = threads;
    o.max_line_length = 4096;
    // Alone, the long line is the error (the mapped file cut in blocks).
    DataError alone = LoadError("long.csv", text + long_line, o);
    CHECK(alone.where().line == 100002);
    CHECK(alone.where().column == 4097);
    CHECK_THAT(alone.message(), Catch::Contains("longer than 4096 bytes"));
    // After another error, that one comes first.
    CHECK_THAT(LoadError("long.csv", broken, o).message(), Catch::Contains("2024-13-01"));
  }
}

TEST_CASE("every id and time shape real exports have loads the same on every thread count") {
  // Customer and order ids as shops, payment services, warehouses and ERPs
  // write them, each with times as plain dates, local times and ISO 8601
  // with offsets; enough rows for many blocks, with lines of one order
  // together and refunds of earlier orders.
  auto hex = [](uint64_t x, int digits) {
    std::string out;
    for (int i = 0; i < digits; ++i) out.push_back("0123456789abcdef"[(x >> (4 * i)) & 15]);
    return out;
  };
  auto base62 = [](uint64_t x, int digits) {
    static const char* kChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string out;
    for (int i = 0; i < digits; ++i, x = x * 6364136223846793005ull + 1442695040888963407ull) {
      out.push_back(kChars[(x >> 33) % 62]);
    }
    return out;
  };
  using IdOf = std::function<std::string(int)>;
  const std::vector<std::pair<std::string, std::pair<IdOf, IdOf>>> shapes = {
      {"numeric",
       {[](int c) { return std::to_string(100000 + c); },
        [](int o) { return std::to_string(5000000 + o); }}},
      {"prefixed",
       {[](int c) {
          return "C" + std::string(7 - std::to_string(c).size(), '0') + std::to_string(c);
        },
        [](int o) { return "O" + std::to_string(100000000 + o).substr(1); }}},
      {"uuid",
       {[&](int c) {
          uint64_t h = static_cast<uint64_t>(c) * 0x9E3779B97F4A7C15ull;
          return hex(h, 8) + "-" + hex(h >> 32, 4) + "-4" + hex(h >> 16, 3) + "-a" +
                 hex(h >> 8, 3) + "-" + hex(h * 31, 12);
        },
        [](int o) { return "#" + std::to_string(1001 + o); }}},
      {"email",
       {[](int c) { return "customer." + std::to_string(c) + "@example.com"; },
        [](int o) { return "#" + std::to_string(1001 + o); }}},
      {"stripe",
       {[&](int c) { return "cus_" + base62(static_cast<uint64_t>(c) + 7, 14); },
        [&](int o) { return "ch_" + base62(static_cast<uint64_t>(o) * 3 + 1, 24); }}},
      // Numbers of several forms in one column: one form is kept as
      // numbers, the others get tickets by their text.
      {"mixed forms",
       {[](int c) {
          const std::string n = std::to_string(c);
          return c % 3 == 0 ? "C" + std::string(7 - n.size(), '0') + n : c % 3 == 1 ? "K" + n : n;
        },
        [](int o) { return (o % 4 == 3 ? "CN-" : "INV-") + std::to_string(1001 + o); }}},
  };
  const std::vector<std::pair<std::string, std::function<std::string(int)>>> times = {
      {"date",
       [](int o) { return "2024-0" + std::to_string(1 + o % 9) + "-1" + std::to_string(o % 10); }},
      {"datetime",
       [](int o) {
         return "2024-0" + std::to_string(1 + o % 9) + "-1" + std::to_string(o % 10) + " 1" +
                std::to_string(o % 10) + ":3" + std::to_string(o % 6) + ":05";
       }},
      {"offset",
       [](int o) {
         return "2024-0" + std::to_string(1 + o % 9) + "-1" + std::to_string(o % 10) + "T0" +
                std::to_string(o % 10) + ":15:00" +
                (o % 3 == 0   ? "Z"
                 : o % 3 == 1 ? "+02:00"
                              : "-05:00");
       }},
  };
  for (const auto& [shape, ids] : shapes) {
    for (const auto& [time_shape, time_of] : times) {
      SECTION(shape + " ids, " + time_shape + " times") {
        std::string text = "customer_id,order_id,order_date,amount\n";
        for (int i = 0; i < 60000; ++i) {
          int order = i / 2;  // two lines each
          int customer = (order * 7) % 4001;
          text += ids.first(customer) + "," + ids.second(order) + "," + time_of(order) + "," +
                  std::to_string(5 + i % 40) + ".25\n";
          if (i % 101 == 0 && order > 10) {  // a refund of an earlier order
            int earlier = order - 10;
            text += ids.first((earlier * 7) % 4001) + "," + ids.second(earlier) + "," +
                    time_of(order) + ",-3.10\n";
          }
        }
        TempFile file("shape.csv", text);
        auto load = [&](int threads) {
          LoadOptions o;
          o.threads = threads;
          return LoadOrders({file.path()}, o);
        };
        OrderTable one = load(1);
        CHECK(one.order_count() == 30000);
        CHECK(one.customers.size() == 4001);
        // Ids kept as numbers (#1001, C0001616) are spelled back as written.
        std::set<std::string> names;
        for (size_t c = 0; c < one.customers.size(); ++c) names.emplace(one.customers[c]);
        for (int c = 0; c < 4001; ++c) CHECK(names.count(ids.first(c)) == 1);
        for (int threads : {2, 4}) CheckSameTable(load(threads), one);
      }
    }
  }
}

TEST_CASE("a line's amount is read before an order's total, whose repeats on lines are told") {
  // Both columns: the lines' amounts are summed, not the total per line.
  OrderTable both = Load("both.csv",
                         "order_id,customer_id,order_date,line_total,order_total\n"
                         "1,a,2024-02-01,10.00,30.00\n"
                         "1,a,2024-02-01,20.00,30.00\n");
  CHECK(Revenue(both) == 300000);
  CHECK(!OrderTotalOnLinesWarning(both.stats));

  // Only a total, the same on every line of each order: counted as read,
  // and the warning names the column.
  const char* repeated =
      "order_id,customer_id,order_date,quantity,price,total\n"
      "1,a,2024-02-01,1,10.00,35.00\n"
      "1,a,2024-02-01,1,25.00,35.00\n"
      "2,b,2024-02-03,2,5.00,10.00\n";
  OrderTable t = Load("repeated.csv", repeated);
  CHECK(Revenue(t) == 800000);
  CHECK(t.stats.order_total_lines == 1);
  CHECK(t.stats.first_order_total_line.line == 3);
  auto warning = OrderTotalOnLinesWarning(t.stats);
  REQUIRE(warning);
  CHECK(warning->find("column \"total\"") != std::string::npos);

  // Lines whose totals differ are line totals: no warning.
  OrderTable lines = Load("lines.csv",
                          "order_id,customer_id,order_date,total\n"
                          "1,a,2024-02-01,10.00\n"
                          "1,a,2024-02-01,25.00\n"
                          "2,b,2024-02-03,7.00\n"
                          "2,b,2024-02-03,7.00\n");
  CHECK(lines.stats.order_total_lines == 2);
  CHECK(!OrderTotalOnLinesWarning(lines.stats));

  // Named with --amount-col, the column is what the user means.
  LoadOptions named;
  named.columns.amount = "total";
  CHECK(!OrderTotalOnLinesWarning(Load("repeated.csv", repeated, named).stats));
}

TEST_CASE("a currency code in the amount column's name is the file's currency") {
  CHECK(CurrencyInName("Amount [EUR]") == "EUR");
  CHECK(CurrencyInName("Total (usd)") == "USD");
  CHECK(CurrencyInName("Created (UTC)").empty());
  CHECK(CurrencyInName("Amount (net)").empty());
  CHECK(CurrencyInName("amount").empty());
  OrderTable t = Load("eur.csv", "order_id,customer_id,date,Amount [EUR]\n1,a,2024-02-01,10\n");
  CHECK(t.stats.currency == "EUR");
}

TEST_CASE("a value past the first rows that reads both ways stops, as it would among them") {
  // The first rows tell no decimal separator (whole numbers): "1.500"
  // later may be 1.5 or 1500, and is not read as either.
  std::string whole = "order_id;customer_id;date;amount\n";
  for (int i = 0; i < 2500; ++i) {
    whole += "o" + std::to_string(i) + ";c" + std::to_string(i % 50) + ";2024-02-0" +
             std::to_string(1 + i % 9) + ";" + std::to_string(10 + i % 7) + "\n";
  }
  DataError e = LoadError("late.csv", whole + "x1;c1;2024-02-10;1.500\n");
  CHECK(e.where().line == 2502);
  CHECK(e.message().find("cannot tell how the number \"1.500\"") != std::string::npos);
  // One way only: read.
  OrderTable t = Load("late.csv", whole + "x1;c1;2024-02-10;1.50\n");
  CHECK(t.order_count() == 2501);
  // Told by a flag: read that way.
  LoadOptions comma;
  comma.decimal_separator = ',';
  CHECK(Load("late.csv", whole + "x1;c1;2024-02-10;1.500\n", comma).order_count() == 2501);
}

TEST_CASE("an id a spreadsheet rounded into scientific notation is an error, not a merge") {
  // 12345678901234567 and 12345678901234999 both saved as 1.23457E+16.
  DataError customer = LoadError("o.csv",
                                 "customer_id,order_id,order_date,amount\n"
                                 "1.23457E+16,1001,2024-03-01,10.00\n"
                                 "1.23457E+16,1002,2024-03-02,12.00\n");
  CHECK(customer.where().line == 2);
  CHECK(customer.where().column == 1);
  CHECK(customer.message().find("the customer id \"1.23457E+16\" in column 'customer_id' is a "
                                "number in scientific notation") == 0);
  DataError order = LoadError("o.csv",
                              "customer_id,order_id,order_date,amount\n"
                              "C1,1E+11,2024-03-01,10.00\n");
  CHECK(order.message().find("the order id \"1E+11\"") == 0);
  // German and French spreadsheets write a decimal comma.
  CHECK(LoadError("o.csv",
                  "customer_id;order_id;order_date;amount\n"
                  "1,23457E+16;1001;2024-03-01;10,00\n")
            .message()
            .find("the customer id \"1,23457E+16\"") == 0);
  // Ids that only look alike: hex with an e, a code with a plus.
  OrderTable fine = Load("o.csv",
                         "customer_id,order_id,order_date,amount\n"
                         "3e4f1a2b-9c0d-4e5f-8a7b-6c5d4e3f2a1e,A-1E+5,2024-03-01,10.00\n"
                         "12e+4x,1e+,2024-03-02,12.00\n");
  CHECK(fine.customers.size() == 2);
}

TEST_CASE("a file saved by a German spreadsheet: WAHR cancels, Gesamtergebnis is a total row") {
  OrderTable t = Load("o.csv",
                      "customer_id;order_id;order_date;amount;cancelled\n"
                      "C1;1;01.03.2024;10,00;FALSCH\n"
                      "C2;2;02.03.2024;20,00;WAHR\n"
                      "C3;3;02.03.2024;5,00;vrai\n");
  CHECK(t.customers == StringColumn{"C1"});
  CHECK(t.stats.rows_left_out == 2);
  // Japanese, Chinese and Korean totals and subtotals too (dated, they
  // were a sale of a customer named so).
  for (const char* label : {"Gesamtergebnis", "Total général", "TOTAAL:", "合計", "総計", "小計",
                            "合计", "总计", "합계", "총계:", "合計\xEF\xBC\x9A"}) {
    DataError e = LoadError("o.csv", std::string("customer_id;order_id;order_date;amount\n"
                                                 "C1;1;01.03.2024;10,00\n") +
                                         label + ";;01.03.2024;10,00\n");
    CHECK(e.message().find("is a spreadsheet's summary row") != std::string::npos);
  }
}

TEST_CASE("a JSON key named by a flag that an object lacks is named, not called missing") {
  const std::string line =
      "{\"customer_id\": \"C1\", \"order_date\": \"2024-01-05\", \"amount\": {\"value\": 10}}\n";
  LoadOptions options;
  options.columns.amount = "amount.cents";
  DataError e = LoadError("o.ndjson", line, options);
  CHECK(e.message() ==
        "this object has no key \"amount.cents\" (--amount-col) (its keys: customer_id, "
        "order_date, amount); name one of them; a value inside an object is named "
        "by its path (\"amount.value\")");
  // The value inside the object, by its path.
  options.columns.amount = "amount.value";
  const OrderTable t = Load("o.ndjson", line, options);
  REQUIRE(t.order_value.size() == 1);
  CHECK(t.order_value[0].units == 100000);
}

TEST_CASE("keys inside JSON objects are read when named, never found by the usual names") {
  // "customer.id" and "total.amount" are no second customer id or amount
  // beside the object's own keys.
  const std::string lines =
      "{\"customer_id\": \"C1\", \"order_id\": \"o1\", \"order_date\": \"2024-01-05\", "
      "\"amount\": 10, \"customer\": {\"id\": \"X9\"}, \"total\": {\"amount\": \"99.00\"}}\n"
      "{\"customer_id\": \"C2\", \"order_id\": \"o2\", \"order_date\": \"2024-01-06\", "
      "\"amount\": 20, \"customer\": {\"id\": \"X8\"}, \"total\": {\"amount\": \"99.00\"}}\n";
  OrderTable t = Load("o.ndjson", lines);
  CHECK(t.customers == StringColumn{"C1", "C2"});
  CHECK(t.order_value[0].units + t.order_value[1].units == 300000);
  LoadOptions options;
  options.columns.customer = "customer.id";
  options.columns.amount = "total.amount";
  t = Load("o.ndjson", lines, options);
  CHECK(t.customers == StringColumn{"X9", "X8"});
  CHECK(t.order_value[0].units == 990000);
  // A flag naming the outer key in other spelling names it alone.
  LoadOptions spelled;
  spelled.columns.customer = "Customer_ID";
  CHECK(Load("o.ndjson", lines, spelled).customers == StringColumn{"C1", "C2"});
}

TEST_CASE("a JSON number id written with an exponent lost its digits too: an error") {
  DataError e = LoadError("o.ndjson",
                          "{\"customer_id\": 1.23457E+16, \"order_id\": \"o1\", \"order_date\": "
                          "\"2024-01-05\", \"amount\": 10}\n");
  CHECK(e.message().find("is a number in scientific notation") != std::string::npos);
  // An amount with an exponent is a number like any other.
  OrderTable t = Load("o.ndjson",
                      "{\"customer_id\": \"c1\", \"order_id\": \"o1\", \"order_date\": "
                      "\"2024-01-05\", \"amount\": 1e2}\n");
  CHECK(Revenue(t) == 100 * kMoneyScale);
}

TEST_CASE("an ideographic space around a value is a space, as a no-break space is") {
  // Typed in Japanese or Chinese, "C1" with U+3000 after it was a second
  // customer, and the same after an amount an error.
  const std::string ideographic = "\xe3\x80\x80";
  for (int threads : {1, 2}) {
    LoadOptions options;
    options.threads = threads;
    const OrderTable csv =
        Load("ideographic.csv",
             "customer_id,order_id,order_date,amount\nC1,1,2024-03-01,10\nC1" + ideographic +
                 ",2,2024-03-02,20\n" + ideographic + "C1,3,2024-03-03,5" + ideographic + "\n",
             options);
    CHECK(csv.customers.size() == 1);
    CHECK(Revenue(csv) == 350000);
    const OrderTable json = Load("ideographic.ndjson",
                                 "{\"customer_id\":\"C1\",\"order_id\":\"1\",\"order_date\":"
                                 "\"2024-03-01\",\"amount\":10}\n{\"customer_id\":\"C1" +
                                     ideographic +
                                     "\",\"order_id\":\"2\",\"order_date\":\"2024-03-02\","
                                     "\"amount\":20}\n",
                                 options);
    CHECK(json.customers.size() == 1);
  }
}

TEST_CASE(
    "a value in a legacy encoding is told the iconv of its encoding: Shift_JIS, Windows-1251 or "
    "-1252") {
  // 山田太郎 in Shift_JIS: converted from Windows-1252, as the message said,
  // the name came out as mojibake.
  DataError e = LoadError("sj.csv",
                          "customer_id,order_id,order_date,amount\n"
                          "\x8eR\x93\x63\x91\xbe\x98Y,1,2024-03-01,10\n");
  CHECK_THAT(e.message(), Catch::Contains("iconv -f cp932 -t utf-8") &&
                              Catch::Contains("Chinese text takes -f gbk"));
  // Katakana, half ASCII in its trail bytes: テスト.
  e = LoadError(
      "k.csv",
      "customer_id,order_id,order_date,amount\n\x83\x65\x83\x58\x83\x67,1,2024-03-01,10\n");
  CHECK_THAT(e.message(), Catch::Contains("iconv -f cp932 -t utf-8"));
  // An accented letter in a Western name: Windows-1252.
  e = LoadError("w.csv", "customer_id,order_id,order_date,amount\nM\xfcller,1,2024-03-01,10\n");
  CHECK_THAT(e.message(), Catch::Contains("iconv -f cp1252 -t utf-8"));
  // Cyrillic in Windows-1251 (Иван, Петров): one byte a letter, mostly
  // lower case; it was sent to Shift_JIS.
  for (const char* name : {"\xc8\xe2\xe0\xed", "\xcf\xe5\xf2\xf0\xee\xe2"}) {
    e = LoadError("ru.csv", std::string("customer_id,order_id,order_date,amount\n") + name +
                                ",1,2024-03-01,10\n");
    CHECK_THAT(e.message(), Catch::Contains("iconv -f cp1251 -t utf-8") &&
                                Catch::Contains("ru-utf8.csv (Windows-1251"));
  }
}

TEST_CASE("exports in Spanish, Portuguese and the Nordic languages are read with no flags") {
  SECTION("a line's amount in any language is read before the order's total") {
    // Importe beside Total was read from Total, repeated on each line:
    // 330.00, not 180.00.
    for (const char* amount : {"Importe", "Betrag", "Montant", "Monto", "Belopp"}) {
      OrderTable t = Load("lines.csv", std::string("Cliente;Pedido;Fecha;Producto;") + amount +
                                           ";Total\n"
                                           "A;1;2024-01-05;X;100,00;150,00\n"
                                           "A;1;2024-01-05;Y;50,00;150,00\n"
                                           "B;2;2024-01-06;X;30,00;30,00\n");
      CAPTURE(amount);
      CHECK(Revenue(t) == 1800000);
      CHECK(t.order_value.size() == 2);
    }
  }
  SECTION("order ids under Nº Pedido, Número de orden, Ordernummer, Tilausnumero") {
    for (const char* order : {"Nº Pedido", "N° Pedido", "Número de orden", "Número do pedido",
                              "Ordernummer", "Ordrenummer", "Tilausnumero"}) {
      OrderTable t = Load("np.csv", std::string("Kund,") + order +
                                        ",Datum,Belopp\nA,1,2024-01-05,10.00\nA,1,2024-01-05,"
                                        "5.00\n");
      CAPTURE(order);
      CHECK(t.order_value.size() == 1);
    }
  }
  SECTION("order ids under Order #, Invoice #, Receipt #") {
    for (const char* order : {"Order #", "Invoice #", "Receipt #", "Transaction #"}) {
      OrderTable t = Load("np.csv", std::string("customer_id,") + order +
                                        ",date,amount\nA,X1,2024-01-05,10.00\nA,X1,2024-01-05,"
                                        "5.00\n");
      CAPTURE(order);
      CHECK(t.order_value.size() == 1);
    }
  }
  SECTION("a status nested in brackets, and Shopware's state machine, leave cancelled orders out") {
    for (const char* status : {"invoice[status]", "stateMachineState.technicalName",
                               "transactions.stateMachineState.technicalName"}) {
      OrderTable t = Load("st.csv", std::string("customer_id,order,date,amount,") + status +
                                        "\nA,1,2024-01-05,100.00,completed\n"
                                        "B,2,2024-01-06,50.00,cancelled\n"
                                        "C,3,2024-01-07,70.00,Payment error\n");
      CAPTURE(status);
      CHECK(Revenue(t) == 1000000);
      CHECK(t.stats.rows_left_out == 2);
    }
  }
  SECTION("another thing's nested keys are not the order's: shipping[amount], shipment[date]") {
    OrderTable qp = Load("qp.csv",
                         "customer_id,order_id,date,quantity,unit_price,shipping[amount]\n"
                         "A,1,2024-03-01,2,10.00,3.00\nB,2,2024-03-02,1,5.00,3.00\n");
    CHECK(Revenue(qp) == 250000);
    OrderTable noted = Load("n.csv",
                            "customer_id,Order (ID),Created (UTC),Total (EUR),shipping[amount],"
                            "shipment[date],parent[order_id]\n"
                            "A,1,2024-03-01,10.00,3.00,2024-04-02,1\n"
                            "A,2,2024-03-31,5.50,3.00,2024-04-02,1\n");
    CHECK(Revenue(noted) == 155000);
    CHECK(noted.order_count() == 2);
    CHECK(noted.order_time[1] == TimeFromDate(CivilDate{2024, 3, 31}));
    // The order's own: invoice[date], invoice[total], customer[email].
    OrderTable own = Load("o.csv",
                          "invoice[id],customer[email],invoice[date],invoice[total],"
                          "invoice[status]\n"
                          "I1,a@example.com,2024-03-01,10.00,paid\n"
                          "I2,a@example.com,2024-03-02,5.00,voided\n");
    CHECK(Revenue(own) == 100000);
    CHECK(own.stats.rows_left_out == 1);
    // A customer's sign-up date is not the order's; Date[UTC] is a note.
    OrderTable signup = Load("s.csv",
                             "order[id],order[created_at],customer[id],customer[created_at],"
                             "order[total]\n"
                             "1,2024-03-05,A,2023-01-01,10.00\n");
    CHECK(signup.order_time[0] == TimeFromDate(CivilDate{2024, 3, 5}));
    CHECK(Revenue(Load("u.csv", "customer_id,Date[UTC],amount\nA,2024-03-05,10.00\n")) == 100000);
  }
  SECTION("a status as Latin American and Brazilian shops name it leaves cancelled orders out") {
    for (const char* status : {"Estado de la orden", "Status do pedido", "Situação"}) {
      OrderTable t = Load("st.csv", std::string("Cliente;Pedido;Fecha;Importe;") + status +
                                        "\nA;1;2024-01-05;100,00;Pagado\n"
                                        "B;2;2024-01-06;50,00;Cancelado\n"
                                        "C;3;2024-01-07;70,00;Annullerad\n");
      CAPTURE(status);
      CHECK(Revenue(t) == 1000000);
      CHECK(t.stats.rows_left_out == 2);
    }
  }
  SECTION("kroner written kr. and kr, and a minus sign U+2212") {
    OrderTable t = Load("dk.csv",
                        "Kunde;Ordrenummer;Dato;Beløb\n"
                        "A;1;2024-01-05;1.234,56 kr.\n"
                        "A;2;2024-01-06;kr. 1.000,00\n"
                        "B;3;2024-01-07;\xE2\x88\x92"
                        "234,56 kr\n");
    CHECK(Revenue(t) == 20000000);
    CHECK(t.order_value.size() == 2);
  }
  SECTION("day-first times with an offset right after them, a dot in the time, p. m.") {
    for (const char* date : {"31/12/2024 23:30:00-03:00", "31.12.2024 23:30:00Z",
                             "31.12.2024 23.30", "31/12/2024 11:30 p. m."}) {
      OrderTable t = Load(
          "d.csv", std::string("customer_id,order_id,order_date,amount\nA,1,") + date + ",1.00\n");
      CAPTURE(date);
      // 23:30 at -03:00 is 02:30 the next day in UTC.
      const bool offset = std::string(date).find("-03:00") != std::string::npos;
      CHECK(t.order_time[0] ==
            TimeFromDate(offset ? CivilDate{2025, 1, 1} : CivilDate{2024, 12, 31}) +
                (offset ? 9000 : 84600));
    }
  }
}

TEST_CASE("a JSON number id with a zero fraction is the whole number: 17850.0 is 17850") {
  // pandas writes a column of ids with gaps as floats: 17850.0 and an
  // older file's 17850 were two customers, and an order two orders.
  OrderTable t = Load("ids.ndjson",
                      "{\"customer_id\": 17850, \"order_id\": 7, \"order_date\": \"2024-01-05\", "
                      "\"amount\": 5}\n"
                      "{\"customer_id\": 17850.0, \"order_id\": 7.00, \"order_date\": "
                      "\"2024-01-05\", \"amount\": 5}\n"
                      "{\"customer_id\": \"17850.0\", \"order_id\": 8, \"order_date\": "
                      "\"2024-02-05\", \"amount\": 5}\n"
                      "{\"customer_id\": 2.5, \"order_id\": 9, \"order_date\": \"2024-02-06\", "
                      "\"amount\": 5}\n");
  // A string is text as written: "17850.0" is its own id, as in a CSV.
  CHECK(t.customers.size() == 3);
  CHECK(t.order_value.size() == 3);
  CHECK(t.customers[0] == "17850");
  CHECK(t.customers[1] == "17850.0");
  CHECK(t.customers[2] == "2.5");
}

TEST_CASE("exports from Central and Eastern Europe, Turkey and the Middle East") {
  SECTION("a dash for the cents is a whole amount, not a sign after the number") {
    // 1 234,- Kč was read as a refund of 1234: orders 2, revenue 256.50.
    OrderTable t = Load("cz.csv",
                        "Klient;Objednávka;Datum;Kwota\n"
                        "Novák;1;01.12.2024;1 234,- Kč\n"
                        "Dvořák;2;02.12.2024;990,50 Kč\n"
                        "Novák;3;10.12.2024;500,\xE2\x80\x93 Kč\n");
    CHECK(Revenue(t) == 27245000);
    CHECK(t.order_value.size() == 3);
    // Swiss francs: 12.- beside 1'234.50; the SAP credit 12.50- stays -12.50.
    t = Load("ch.csv",
             "customer,order,date,amount\nA,1,2024-12-01,12.-\nA,2,2024-12-02,1'234.50\n"
             "A,3,2024-12-03,12.50-\n");
    CHECK(Revenue(t) == 12340000);
  }
  SECTION("invisible marks around an id are trimmed, as spaces are") {
    // An RLM before, an LRM or a zero-width space after: three customers.
    OrderTable t = Load("rtl.csv",
                        "customer_id,order_id,date,amount\n"
                        "\xE2\x80\x8F"
                        "C-1,1,2024-11-05,10.00\n"
                        "C-1,2,2024-12-05,20.00\n"
                        "C-1\xE2\x80\x8E,3,2024-12-06,30.00\n"
                        "C-1\xE2\x80\x8B,3,2024-12-06,5.00\n"
                        "\xEF\xBB\xBF"
                        "C-1\xE2\x81\xA9,4,2024-12-07,1.00\n");
    CHECK(t.customers.size() == 1);
    CHECK(t.order_value.size() == 4);
  }
  SECTION("currencies as Russia, Ukraine, Bulgaria, Turkey, Kenya and South Africa write them") {
    OrderTable t = Load("ru.csv",
                        "customer;order;date;amount\n"
                        "A;1;01.12.2024;1 234,56 \xE2\x82\xBD\n"
                        "A;2;02.12.2024;1\xE2\x80\x89"
                        "000,00 \xD1\x80\xD1\x83\xD0\xB1.\n"
                        "A;3;03.12.2024;RUB 5,44\n");
    CHECK(Revenue(t) == 22400000);
    // Each read as its number, the second row's 1,50 beside it.
    const std::pair<const char*, int64_t> amounts[] = {
        {"12,50 \xD0\xBB\xD0\xB2.", 140000},
        {"1.234,56 TL", 12360600},
        {"\xE2\x82\xBA"
         "1.234,56",
         12360600},
        {"120,00 \xD0\xB3\xD1\x80\xD0\xBD", 1215000}};
    for (const auto& [amount, units] : amounts) {
      CAPTURE(amount);
      CHECK(Revenue(Load("x.csv", std::string("customer;order;date;amount\nA;1;01.12.2024;") +
                                      amount + "\nA;2;02.12.2024;1,50\n")) == units);
    }
    t = Load("za.csv",
             "customer,order,date,amount\nA,1,2024-12-01,R 1 234.56\nB,2,2024-12-02,"
             "R5\n");
    CHECK(Revenue(t) == 12395600);
    t = Load("ke.csv", "customer,order,date,amount\nA,1,2024-12-01,\"KSh 1,000.00\"\n");
    CHECK(Revenue(t) == 10000000);
    // Two currencies: refused as mixed, never read as one.
    CHECK_THAT(LoadError("za.csv",
                         "customer,order,date,amount\nA,1,2024-12-01,R 1 234.56\n"
                         "C,3,2024-12-03,5 EUR\n")
                   .message(),
               Catch::Contains("mixed currencies: EUR here") ||
                   Catch::Contains("mixed currencies: an amount in EUR here"));
  }
  SECTION("summary rows and cancellations in Polish, Russian, Turkish, Greek") {
    for (const char* total : {"Razem", "Итого", "Toplam", "Σύνολο", "Összesen"}) {
      CAPTURE(total);
      CHECK_THAT(LoadError("t.csv", std::string("customer;order;date;amount\nA;1;06.12.2024;"
                                                "150,00\n") +
                                        total + ";;06.12.2024;150,00\n")
                     .message(),
                 Catch::Contains("is a spreadsheet's summary row"));
    }
    OrderTable t = Load("st.csv",
                        "Klient;Zamówienie;Data;Kwota;Status\n"
                        "A;1;01.12.2024;100,00;Zrealizowane\n"
                        "B;2;02.12.2024;50,00;Anulowane\n"
                        "C;3;03.12.2024;70,00;Отменён\n"
                        "D;4;04.12.2024;30,00;İptal edildi\n");
    CHECK(Revenue(t) == 1000000);
    t = Load("st.csv",
             "Клиент;Заказ;Дата;Сумма;Статус\nA;1;01.12.2024;100,00;Выполнен\n"
             "B;2;02.12.2024;50,00;Заказ отменён\n",
             [] {
               LoadOptions o;
               o.columns.customer = "Клиент";
               o.columns.order = "Заказ";
               o.columns.date = "Дата";
               o.columns.amount = "Сумма";
               return o;
             }());
    CHECK(Revenue(t) == 1000000);
  }
}

TEST_CASE("the new languages' rules do not misread what they did not mean") {
  SECTION("statuses in capitals, negated or partly cancelled") {
    OrderTable t = Load("st.csv",
                        "customer,order,date,amount,status\n"
                        "a,1,2024-01-05,10,ОТМЕНЕНО\n"
                        "b,2,2024-01-06,20,ZRUŠENO\n"
                        "c,3,2024-01-07,30,BAŞARISIZ\n"
                        "d,4,2024-01-08,40,Не отменён\n"
                        "e,5,2024-01-09,50,İptal edilmedi\n"
                        "f,6,2024-01-10,60,zrušeno částečně\n"
                        "g,7,2024-01-11,70,niet geannuleerd\n"
                        "h,8,2024-01-12,80,paid\n");
    CHECK(Revenue(t) == 3000000);
    CHECK(t.stats.rows_left_out == 3);
  }
  SECTION("a Brazilian export's Estado is the state, beside the order's status") {
    OrderTable t = Load("br.csv",
                        "Cliente,Número do pedido,Data do pedido,Valor,Estado,Status do pedido\n"
                        "ana,1,2024-01-05,10.00,SP,Pago\n"
                        "bia,2,2024-01-06,20.00,RJ,Cancelado\n");
    CHECK(Revenue(t) == 100000);
  }
  SECTION("Valor beside Total is one unit's price as often as not: Total is read") {
    OrderTable t = Load("pt.csv",
                        "Cliente,Pedido,Data,Quantidade,Valor,Total\n"
                        "ana,1,2024-01-05,2,10.00,20.00\n"
                        "bia,2,2024-01-06,3,5.00,15.00\n");
    CHECK(Revenue(t) == 350000);
  }
  SECTION("a customer's code before their name") {
    OrderTable t = Load("cc.csv",
                        "Cliente,Código cliente,Pedido,Data,Importe\n"
                        "Anna,K1,1,2024-01-05,10\nanna,K1,2,2024-01-06,10\n");
    CHECK(t.customers.size() == 1);
  }
  SECTION("a dash for the cents after a dot that groups thousands") {
    OrderTable t = Load("d.csv",
                        "customer,order,date,amount\nc1,1,2024-01-01,\"2.500.-\"\n"
                        "c2,2,2024-01-02,\"1,234,-\"\n");
    CHECK(Revenue(t) == 37340000);
  }
  SECTION("a negative JSON id with a zero fraction") {
    OrderTable t = Load("n.ndjson",
                        "{\"customer_id\": -5, \"order_id\": 1, \"order_date\": \"2024-01-05\", "
                        "\"amount\": 5}\n{\"customer_id\": -5.0, \"order_id\": 2, \"order_date\": "
                        "\"2024-01-06\", \"amount\": 5}\n");
    CHECK(t.customers.size() == 1);
  }
}

TEST_CASE("a read-through of the new rules: signs, marks and headers in other encodings") {
  // A minus sign U+2212 before a symbol hid the currency: $5 and −€5 were
  // summed.
  CHECK_THAT(LoadError("m.csv",
                       "customer,order,date,amount\nA,1,2024-12-01,$5.00\n"
                       "B,2,2024-12-02,\xE2\x88\x92\xE2\x82\xAC"
                       "5.00\n")
                 .message(),
             Catch::Contains("mixed currencies"));
  // The Arabic letter mark (U+061C) around an id, as the other marks.
  OrderTable t = Load("alm.csv",
                      "customer_id,order_id,date,amount\n\xD8\x9C"
                      "C1,1,2024-11-05,10.00\nC1\xD8\x9C,2,2024-12-05,20.00\n");
  CHECK(t.customers.size() == 1);
  // A header name in Windows-1251 ("Статус") may be the status: the file
  // stops, where a Latin-1 reading of it found no column and the
  // cancelled row counted.
  CHECK_THAT(LoadError("ru.csv",
                       "customer_id,order_id,date,amount,\xD1\xF2\xE0\xF2\xF3\xF1\n"
                       "A,1,2024-12-01,10.00,x\n")
                 .message(),
             Catch::Contains("iconv -f cp1251"));
}

TEST_CASE("a currency column that holds dates is refused, --currency-col none reads without it") {
  // A German bank export's Valuta (the value date) was the currency
  // "08.01.2024", or two dates "mixed currencies".
  const std::string text =
      "Kunde;Bestellung;Datum;Valuta;Betrag\n"
      "anna;1;05.01.2024;08.01.2024;12,50\n"
      "ben;2;06.01.2024;09.01.2024;20,00\n";
  CHECK_THAT(LoadError("bank.csv", text).message(),
             Catch::Contains("the currency \"08.01.2024\" in column 'Valuta' is no currency") &&
                 Catch::Contains("--currency-col none"));
  LoadOptions none;
  none.columns.currency = "none";
  CHECK(Revenue(Load("bank.csv", text, none)) == 325000);
}

TEST_CASE("Hungarian dates, year first with a dot after each part") {
  for (const char* date : {"2024.12.31.", "2024. 12. 31.", "2024. 12. 31. 14:30"}) {
    CAPTURE(date);
    OrderTable t =
        Load("hu.csv", std::string("customer,order,date,amount\nA,1,") + date + ",1.00\n");
    CHECK(DateFromTime(t.order_time[0]).day == 31);
  }
}

TEST_CASE("a customer named TOTAL with an invoice of its own, and charges for a return") {
  // A spreadsheet's total row has no order id: one with its own invoice
  // is a customer's sale (it stopped the run, with no way to read it).
  OrderTable t = Load("tot.csv",
                      "Invoice,Customer,Date,Amount\n1,TOTAL,2024-02-01,100.00\n"
                      "2,Shell,2024-02-02,50.00\n");
  CHECK(Revenue(t) == 1500000);
  CHECK_THAT(LoadError("tot.csv",
                       "Invoice,Customer,Date,Amount\n1,Shell,2024-02-01,100.00\n"
                       ",TOTAL,2024-02-29,100.00\n")
                 .message(),
             Catch::Contains("is a spreadsheet's summary row"));
  // Return postage is a charge, as Return shipping is: it was a refund.
  t = Load("rp.csv",
           "Order ID,Customer ID,Order Date,Type,Total\n1,A,2024-02-01,Sale,50.00\n"
           "2,A,2024-02-02,Return postage,4.95\n3,B,2024-02-03,Sale,20.00\n"
           "4,B,2024-02-04,Return label,4.95\n5,B,2024-02-05,Return,10.00\n");
  CHECK(Revenue(t) == 699000);
  CHECK(t.order_value.size() == 4);
}
