// Known exports read with no flags: each layout's rules on small files
// with the platform's header, the figures worked out by hand, and the
// ways to turn recognition off or force it.
#include "load/export_layouts.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "retention/error.h"
#include "retention/load.h"
#include "retention/validate.h"
#include "support/temp_file.h"

using namespace retention;

namespace {

OrderTable Load(const std::string& content, LoadOptions options = LoadOptions(),
                const std::string& name = "export.csv") {
  TempFile file(name, content);
  return LoadOrders({file.path()}, options);
}

std::string LoadMessage(const std::string& content, LoadOptions options = LoadOptions()) {
  TempFile file("export.csv", content);
  try {
    LoadOrders({file.path()}, options);
  } catch (const DataError& e) {
    return e.message();
  }
  return "no error";
}

std::vector<int64_t> Units(const Column<Money>& values) {
  std::vector<int64_t> out;
  for (Money m : values) out.push_back(m.units);
  return out;
}

// A Shopify order export cut to the columns its rules read, plus a few
// others: #1001 has two line items (the total on its first row only),
// #1002 is partly refunded, #1003 voided, #1004 cancelled, #1005 fully
// refunded.
const char* kShopify =
    "Name,Email,Financial Status,Paid at,Currency,Subtotal,Total,Created at,Lineitem quantity,"
    "Lineitem name,Lineitem price,Cancelled at,Refunded Amount,Id\n"
    "#1001,anna@example.com,paid,2024-03-05 14:31:22 +0100,EUR,84.00,89.90,"
    "2024-03-05 14:31:22 +0100,2,Linen shirt,30.00,,0.00,5400000001\n"
    "#1001,anna@example.com,,,,,,2024-03-05 14:31:22 +0100,1,\"Scarf, wool\",24.00,,,\n"
    "#1002,ben@example.com,partially_refunded,2024-03-09 09:02:11 +0100,EUR,45.00,45.00,"
    "2024-03-09 09:02:11 +0100,1,Tote,45.00,,20.00,5400000002\n"
    "#1003,carla@example.com,voided,,EUR,120.00,120.00,2024-03-12 18:45:00 +0100,1,Bag,"
    "120.00,,0.00,5400000003\n"
    "#1004,ben@example.com,paid,2024-04-20 23:30:00 +0200,EUR,50.00,50.00,"
    "2024-04-20 23:30:00 +0200,1,Belt,50.00,2024-04-21 08:00:00 +0200,0.00,5400000004\n"
    "#1005,dan@example.com,refunded,2024-04-08 11:00:00 +0200,EUR,35.00,35.00,"
    "2024-04-08 11:00:00 +0200,1,Cap,35.00,,35.00,5400000005\n";

}  // namespace

TEST_CASE("a Shopify export: totals from the order row, refunds, voided and cancelled left out") {
  std::vector<std::string> notes;
  LoadOptions options;
  options.notice = [&](const std::string& note) { notes.push_back(note); };
  OrderTable t = Load(kShopify, options);
  CHECK(t.customers == StringColumn{"anna@example.com", "ben@example.com", "dan@example.com"});
  // #1001 (89.90, not 2 x 30 + 24), #1002, #1005.
  CHECK(Units(t.order_value) == std::vector<int64_t>{899000, 450000, 350000});
  // The refunds, dated with their orders.
  CHECK(Units(t.amount_value) == std::vector<int64_t>{-200000, -350000});
  CHECK(t.amount_time[0] == t.order_time[1]);
  // 2024-03-05 14:31:22 +0100 is 13:31:22 UTC.
  CHECK(t.order_time[0] == TimeFromDate({2024, 3, 5}) + (13 * 3600 + 31 * 60 + 22));
  CHECK(t.stats.rows == 6);
  CHECK(t.stats.rows_left_out == 2);
  CHECK(t.stats.first_row_left_out.line == 5);
  CHECK(t.stats.currency == "EUR");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("export.csv: read as a Shopify order export: customers by Email, orders by "
                      "Name, dates from Created at, amounts from Total, refunds from Refunded "
                      "Amount") != std::string::npos);
}

TEST_CASE("a layout is the same on every thread count and in validation") {
  std::string big =
      "Name,Email,Financial Status,Currency,Total,Created at,Lineitem quantity,"
      "Cancelled at,Refunded Amount\n";
  for (int i = 0; i < 30000; ++i) {
    std::string name = "#" + std::to_string(1000 + i);
    std::string day = "2024-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10);
    std::string status = i % 7 == 0 ? "voided" : "paid";
    big += name + ",c" + std::to_string(i % 997) + "@example.com," + status + ",USD," +
           std::to_string(10 + i % 50) + ".50," + day + " 10:00:00 -0500,1,," +
           (i % 5 == 0 ? "3.25" : "0.00") + "\n";
    big +=
        name + ",c" + std::to_string(i % 997) + "@example.com,,,," + day + " 10:00:00 -0500,2,,\n";
  }
  LoadOptions one, many;
  one.threads = 1;
  many.threads = 4;
  OrderTable a = Load(big, one);
  OrderTable b = Load(big, many);
  CHECK(a.customers == b.customers);
  CHECK(a.order_value == b.order_value);
  CHECK(a.order_time == b.order_time);
  CHECK(a.amount_value == b.amount_value);
  CHECK(a.stats.rows == 60000);
  CHECK(b.stats.rows == 60000);
  CHECK(a.stats.rows_left_out == b.stats.rows_left_out);
  CHECK(a.stats.rows_left_out == 30000 / 7 + 1);
}

TEST_CASE("layout none reads a Shopify export as plain rows, which stops at the empty total") {
  LoadOptions options;
  options.layout = "none";
  CHECK_THAT(LoadMessage(kShopify, options),
             Catch::Contains("cannot read the amount \"\" in column 'Total'"));
}

TEST_CASE("a forced layout names the columns the header lacks") {
  LoadOptions options;
  options.layout = "shopify";
  CHECK_THAT(LoadMessage("customer,date,amount\nC,2024-01-01,1\n", options),
             Catch::Contains("--layout shopify needs the columns of a Shopify order export") &&
                 Catch::Contains("\"Name\", \"Email\", \"Financial Status\""));
  options.layout = "prestashop";
  CHECK_THAT(LoadMessage("customer,date,amount\nC,2024-01-01,1\n", options),
             Catch::Contains("unknown --layout \"prestashop\""));
}

TEST_CASE("a column flag wins over the layout's column") {
  LoadOptions options;
  options.columns.customer = "Id";  // nonsense, but what was asked
  OrderTable t = Load(kShopify, options);
  CHECK(t.customers == StringColumn{"5400000001", "5400000002", "5400000005"});
}

TEST_CASE("headers without a layout's columns are read as before") {
  CHECK(ChooseLayout("", {"customer", "date", "amount"}, "f.csv") == nullptr);
  CHECK(ChooseLayout("", {"Name", "Email", "Total", "Created at"}, "f.csv") == nullptr);
  const ExportLayout* shopify = ChooseLayout(
      "", {"Name", "Email", "Financial Status", "Total", "Created at", "Lineitem quantity"},
      "f.csv");
  REQUIRE(shopify != nullptr);
  CHECK(shopify->name == "shopify");
  // An export trimmed to the columns the rules read is still Shopify's.
  const ExportLayout* trimmed =
      ChooseLayout("", {"Name", "Email", "Financial Status", "Total", "Created at"}, "f.csv");
  REQUIRE(trimmed != nullptr);
  CHECK(trimmed->name == "shopify");
  CHECK(KnownLayouts() ==
        std::vector<std::string>{"shopify", "shopify-api", "shopify-graphql", "woocommerce",
                                 "woocommerce-analytics", "bigcommerce", "magento", "amazon",
                                 "stripe", "stripe-api", "lemonsqueezy-api", "online-retail"});
}

TEST_CASE("Online Retail: quantity x unit price, month-first dates, C invoices as refunds") {
  const char* retail =
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
      "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United "
      "Kingdom\n"
      "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom\n"
      "536414,22139,,56,12/1/2010 11:52,0,,United Kingdom\n"
      "C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom\n"
      "536370,22728,ALARM CLOCK BAKELIKE PINK,24,12/1/2010 8:45,3.75,12583,France\n";
  OrderTable t = Load(retail);
  CHECK(t.customers == StringColumn{"17850", "14527", "12583"});
  // 6 x 2.55 + 6 x 3.39 = 35.64; 24 x 3.75 = 90.
  CHECK(Units(t.order_value) == std::vector<int64_t>{356400, 900000});
  CHECK(Units(t.amount_value) == std::vector<int64_t>{-275000});
  // Month first: December 1st, though no day above 12 shows it.
  CHECK(t.order_time[0] == TimeFromDate({2010, 12, 1}) + (8 * 3600 + 26 * 60));
  CHECK(t.stats.rows_without_customer == 1);

  // Online Retail II names three columns differently.
  OrderTable ii = Load(
      "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
      "489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085.0,"
      "United Kingdom\n"
      "C489449,22087,PAPER BUNTING WHITE LACE,-12,2009-12-01 10:33:00,2.95,16321.0,Australia\n");
  CHECK(Units(ii.order_value) == std::vector<int64_t>{834000});
  CHECK(Units(ii.amount_value) == std::vector<int64_t>{-354000});
}

TEST_CASE("a layout's date order gives way to a value that shows the other") {
  OrderTable t = Load(
      "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
      "1,A,1,01/02/2011 10:00,1,C1\n"
      "2,A,1,25/02/2011 10:00,1,C1\n");
  CHECK(t.order_time[0] == TimeFromDate({2011, 2, 1}) + 10 * 3600);
}

TEST_CASE("Stripe payments: failed, uncaptured and test charges left out, refunds, guest e-mails") {
  const char* stripe =
      "id,Description,Created (UTC),Amount,Amount Refunded,Currency,Captured,Mode,Status,"
      "Customer ID,Customer Email\n"
      "ch_3OqA1,Order 1,2024-03-05 14:31,12.50,0.00,usd,true,Live,Paid,cus_PfQ1,a@example.com\n"
      "ch_3OqA2,Order 2,2024-03-06 09:00,40.00,15.00,usd,true,Live,Paid,cus_PfQ2,b@example.com\n"
      "ch_3OqA3,Order 3,2024-03-07 10:10,99.00,0.00,usd,false,Live,Failed,cus_PfQ1,a@example.com\n"
      "ch_3OqA4,Order 4,2024-03-08 11:11,25.00,0.00,usd,false,Live,Paid,cus_PfQ2,b@example.com\n"
      "ch_3OqA5,Order 5,2024-03-09 12:12,30.00,30.00,usd,true,Live,Refunded,,guest@example.com\n"
      "ch_3OqA6,Test,2024-03-10 13:13,1.00,0.00,usd,true,Test,Paid,cus_PfQ9,t@example.com\n";
  OrderTable t = Load(stripe);
  CHECK(t.customers == StringColumn{"cus_PfQ1", "cus_PfQ2", "guest@example.com"});
  CHECK(Units(t.order_value) == std::vector<int64_t>{125000, 400000, 300000});
  CHECK(Units(t.amount_value) == std::vector<int64_t>{-150000, -300000});
  CHECK(t.stats.rows_left_out == 3);
  CHECK(t.stats.first_row_left_out.line == 4);
  CHECK(t.stats.currency == "USD");
  CHECK(t.order_time[0] == TimeFromDate({2024, 3, 5}) + 14 * 3600 + 31 * 60);

  // guest@example.com is a guest only; no e-mail is two customers'.
  CHECK(t.stats.shared_emails.count == 0);

  // Saved again by a German spreadsheet: Captured FALSCH is false.
  OrderTable resaved = Load(
      "id;Created (UTC);Amount;Amount Refunded;Currency;Captured;Status;Customer ID\n"
      "ch_1;05.03.2024 14:31;12,50;0,00;usd;WAHR;Paid;cus_1\n"
      "ch_2;06.03.2024 09:00;1.234,50;0,00;usd;FALSCH;Paid;cus_2\n");
  CHECK(Units(resaved.order_value) == std::vector<int64_t>{125000});
  CHECK(resaved.stats.rows_left_out == 1);

  // The newer unified_payments.csv names the date column differently.
  OrderTable unified = Load(
      "ID,Created date (UTC),Amount,Amount Refunded,Currency,Status,Customer ID\n"
      "py_1,2024-03-05 14:31:02,12.50,0,eur,Paid,cus_1\n"
      "py_2,2024-03-05 15:00:00,8.00,0,eur,requires_payment_method,cus_2\n");
  CHECK(Units(unified.order_value) == std::vector<int64_t>{125000});
  CHECK(unified.stats.rows_left_out == 1);
}

TEST_CASE("Stripe: an e-mail under several customer ids, or also a guest's, is counted") {
  const std::string stripe =
      "id,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer ID,Customer Email\n"
      "ch_1,2024-03-01 10:00,10.00,0,usd,Paid,cus_A,Anna@Example.com\n"
      "ch_2,2024-03-02 10:00,10.00,0,usd,Paid,cus_A,anna@example.com\n"
      "ch_3,2024-03-05 10:00,20.00,0,usd,Paid,cus_B,anna@example.com\n"
      "ch_4,2024-03-07 10:00,5.00,0,usd,Paid,,ANNA@example.com\n"
      "ch_5,2024-03-08 10:00,5.00,0,usd,Paid,,ben@example.com\n"
      "ch_6,2024-03-09 10:00,5.00,0,usd,Paid,cus_C,ben@example.com\n";
  for (int threads : {1, 3}) {
    LoadOptions options;
    options.threads = threads;
    OrderTable t = Load(stripe, options);
    CHECK(t.customers.size() == 5);
    // anna (cus_A, cus_B, a guest) and ben (a guest, cus_C): each once.
    CHECK(t.stats.shared_emails.count == 2);
    CHECK(t.stats.shared_emails.first.line == 2);
    CHECK(t.stats.shared_emails.other.line == 4);
    CHECK(t.stats.shared_emails.fix == "--customer-col 'Customer Email' counts people by e-mail");
  }
}

TEST_CASE("a date column named UTC is read as UTC in any reporting zone") {
  // Stripe writes "Created (UTC)" without an offset: 23:30 UTC on 31
  // January is 00:30 on 1 February in Berlin.
  const char* stripe =
      "id,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer ID\n"
      "ch_1,2024-01-31 23:30:00,10.00,0.00,usd,Paid,cus_1\n"
      "ch_2,2024-01-31 12:00:00,20.00,0.00,usd,Paid,cus_2\n";
  LoadOptions berlin;
  berlin.time_zone = TimeZone::Parse("Europe/Berlin");
  OrderTable t = Load(stripe, berlin);
  CHECK(t.order_time[0] == TimeFromDate({2024, 2, 1}) + 30 * 60);
  CHECK(t.order_time[1] == TimeFromDate({2024, 1, 31}) + 13 * 3600);
  // Any file whose date column says UTC, and JSON keys too.
  LoadOptions named = berlin;
  named.columns.date = "created_at_utc";
  OrderTable plain = Load(
      "customer_id,order_id,created_at_utc,amount\n"
      "c1,o1,2024-01-31T23:30:00,10.00\n",
      named);
  CHECK(plain.order_time[0] == TimeFromDate({2024, 2, 1}) + 30 * 60);
  OrderTable json = Load(
      "{\"customer_id\": \"c1\", \"order_id\": \"o1\", \"date_utc\": \"2024-01-31 23:30\", "
      "\"amount\": \"10.00\"}\n",
      [&] {
        LoadOptions o = berlin;
        o.columns.date = "date_utc";
        return o;
      }(),
      "export.ndjson");
  CHECK(json.order_time[0] == TimeFromDate({2024, 2, 1}) + 30 * 60);
  // Other names keep the reporting zone's clock.
  OrderTable local = Load(
      "customer_id,order_id,order_date,amount\n"
      "c1,o1,2024-01-31T23:30:00,10.00\n",
      berlin);
  CHECK(local.order_time[0] == TimeFromDate({2024, 1, 31}) + 23 * 3600 + 30 * 60);
  CHECK(NameSaysUtc("Created (UTC)"));
  CHECK(NameSaysUtc("created_at_utc"));
  CHECK(NameSaysUtc("UTC date"));
  CHECK_FALSE(NameSaysUtc("Outcome"));
  CHECK_FALSE(NameSaysUtc("utcoffset"));
  CHECK(NameSaysUtc("Order Date (GMT)"));
  CHECK_FALSE(NameSaysUtc("Date (UTC+01:00)"));
  CHECK_FALSE(NameSaysUtc("Date (GMT-5)"));
  CHECK_FALSE(NameSaysUtc("Date (UTC +01:00)"));
  CHECK_FALSE(NameSaysUtc("Date (GMT - 5)"));
  CHECK(NameSaysUtc("Date UTC (local)"));
  CHECK_FALSE(NameSaysUtc("Date (UTC\xC2\xB1hh:mm)"));
}

TEST_CASE("an order listed twice by exports that overlap is an error, not twice the money") {
  const std::string header =
      "id,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer ID\n";
  TempFile march("payments-march.csv", header +
                                           "ch_1,2024-03-05 10:00:00,10.00,0.00,usd,Paid,cus_1\n"
                                           "ch_2,2024-03-30 10:00:00,20.00,0.00,usd,Paid,cus_2\n");
  TempFile april("payments-april.csv", header +
                                           "ch_2,2024-03-30 10:00:00,20.00,0.00,usd,Paid,cus_2\n"
                                           "ch_3,2024-04-02 10:00:00,30.00,0.00,usd,Paid,cus_1\n");
  try {
    LoadOrders({march.path(), april.path()}, LoadOptions());
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK(e.where().file == april.path());
    CHECK(e.where().line == 2);
    CHECK(e.where().column == 1);  // the order id's cell
    CHECK_THAT(e.message(), Catch::Contains("order \"ch_2\" is listed again") &&
                                Catch::Contains("keep each order in one file"));
  }
  // Within one file too, next to each other or not.
  CHECK_THAT(LoadMessage(header + "ch_1,2024-03-05 10:00:00,10.00,0.00,usd,Paid,cus_1\n" +
                         "ch_1,2024-03-05 10:00:00,10.00,0.00,usd,Paid,cus_1\n"),
             Catch::Contains("order \"ch_1\" is listed again"));
  // A Shopify order's line items are one order; its first row twice is not.
  CHECK(Load(kShopify).order_count() == 3);
  const std::string shopify(kShopify);
  const std::string first_row = shopify.substr(shopify.find("#1002"));
  CHECK_THAT(LoadMessage(shopify + first_row.substr(0, first_row.find('\n') + 1)),
             Catch::Contains("order \"#1002\" is listed again"));
  // WooCommerce's rows of one order follow each other: merged; the order
  // again after another, or in the next file, is listed again.
  const std::string woo_header = "order_id,order_date,status,order_total,billing_email\n";
  const std::string w1 = "2101,2024-03-05 10:00:00,completed,10.00,a@example.com\n";
  const std::string w2 = "2102,2024-03-06 10:00:00,completed,20.00,b@example.com\n";
  CHECK(Load(woo_header + w1 + w1 + w2).order_count() == 2);
  CHECK_THAT(LoadMessage(woo_header + w1 + w2 + w1),
             Catch::Contains("order \"2101\" is listed again"));
  TempFile woo_march("woo-march.csv", woo_header + w1 + w2);
  TempFile woo_april("woo-april.csv", woo_header + w2);
  CHECK_THROWS_WITH(LoadOrders({woo_march.path(), woo_april.path()}, LoadOptions()),
                    Catch::Contains("order \"2102\" is listed again"));
  // Validation names it as an error too.
  ValidateOptions validate;
  validate.as_of = CivilDate{2025, 1, 1};
  ValidationReport r = ValidateOrders({march.path(), april.path()}, validate);
  CHECK(r.errors == 1);
}

TEST_CASE("WooCommerce order export: billing e-mail, listed refunds, unpaid orders left out") {
  const char* woo =
      "order_id,order_number,order_date,paid_date,status,order_total,order_currency,"
      "customer_id,customer_email,billing_email,refund_items\n"
      "101,101,2024-03-05 14:31:22,2024-03-05 14:32:00,completed,59.90,EUR,7,anna@example.com,"
      "anna@example.com,\n"
      "102,102,2024-03-06 10:00:00,2024-03-06 10:01:00,completed,100.00,EUR,0,,"
      "guest@example.com,\"amount:12.5|reason:broken|date:2024-03-10 09:00:00;"
      "amount:7.25|reason:late|date:2024-03-12 09:00:00\"\n"
      "103,103,2024-03-07 11:00:00,,failed,20.00,EUR,7,anna@example.com,anna@example.com,\n"
      "104,104,2024-03-08 12:00:00,,pending,30.00,EUR,0,,other@example.com,\n"
      "105,105,2024-03-09 13:00:00,2024-03-09 13:00:00,refunded,15.00,EUR,7,anna@example.com,"
      "anna@example.com,amount:15|reason:|date:2024-03-11 08:00:00\n";
  OrderTable t = Load(woo);
  CHECK(t.customers == StringColumn{"anna@example.com", "guest@example.com"});
  CHECK(Units(t.order_value) == std::vector<int64_t>{599000, 1000000, 150000});
  // 12.50 and 7.25 for order 102, each on its own day; the full 15 for 105.
  CHECK(Units(t.amount_value) == std::vector<int64_t>{-125000, -72500, -150000});
  CHECK(t.amount_time[1] == TimeFromDate(CivilDate{2024, 3, 12}) + 9 * 3600);
  CHECK(t.stats.rows_left_out == 2);
}

TEST_CASE("WooCommerce Analytics orders: refunds are rows of their own with negative net sales") {
  const char* analytics =
      "Date,Order #,N. Revenue (formatted),Status,Customer,Customer type,Product(s),Items sold,"
      "Coupon(s),Net Sales,Attribution\n"
      "2024-03-05 14:31:22,1201,\"€59,90\",completed,Anna Schmidt,new,Shirt,1,,59.90,Direct\n"
      "2024-03-06 10:00:00,1202,\"€100,00\",refunded,Ben Meyer,new,\"Bag, Belt\",2,,100.00,"
      "Organic: Google\n"
      "2024-03-07 10:00:00,1203,\"€20,00\",failed,Anna Schmidt,returning,Cap,1,,20.00,Direct\n"
      "2024-03-09 09:00:00,1202,\"-€100,00\",refunded,Ben Meyer,new,\"Bag, Belt\",-2,,-100.00,"
      "Organic: Google\n";
  OrderTable t = Load(analytics);
  CHECK(t.customers == StringColumn{"Anna Schmidt", "Ben Meyer"});
  CHECK(Units(t.order_value) == std::vector<int64_t>{599000, 1000000});
  CHECK(Units(t.amount_value) == std::vector<int64_t>{-1000000});
  CHECK(t.amount_time[0] == TimeFromDate({2024, 3, 9}) + 9 * 3600);
  CHECK(t.stats.rows_left_out == 1);
}

TEST_CASE("NDJSON objects with a layout's keys are read by its rules too") {
  std::string lines =
      "{\"id\":\"ch_1\",\"Created (UTC)\":\"2024-03-05 14:31\",\"Amount\":\"12.50\","
      "\"Amount Refunded\":\"2.50\",\"Currency\":\"usd\",\"Status\":\"Paid\","
      "\"Customer ID\":\"cus_1\"}\n"
      "{\"id\":\"ch_2\",\"Created (UTC)\":\"2024-03-06 14:31\",\"Amount\":\"9.00\","
      "\"Amount Refunded\":\"0\",\"Currency\":\"usd\",\"Status\":\"Failed\","
      "\"Customer ID\":\"cus_2\"}\n";
  for (int threads : {1, 3}) {
    LoadOptions options;
    options.threads = threads;
    OrderTable t = Load(lines, options, "payments.ndjson");
    CHECK(t.customers == StringColumn{"cus_1"});
    CHECK(Units(t.order_value) == std::vector<int64_t>{125000});
    CHECK(Units(t.amount_value) == std::vector<int64_t>{-25000});
    CHECK(t.stats.rows_left_out == 1);
  }
  LoadOptions none;
  none.layout = "none";
  TempFile file("payments.ndjson", lines);
  // Without the layout's rules every charge is an order, failed or not
  // ("Created (UTC)" is still found as the date).
  OrderTable plain = LoadOrders({file.path()}, none);
  CHECK(Units(plain.order_value) == std::vector<int64_t>{125000, 90000});
  CHECK(plain.amount_value.empty());
}

// A charge object as Stripe's API writes it, trimmed to the keys read
// and nested ones the reader steps over.
std::string ApiCharge(const std::string& id, int64_t created, const std::string& amount,
                      const std::string& currency, const std::string& customer,
                      int64_t refunded = 0, const std::string& status = "succeeded",
                      const std::string& livemode = "true") {
  return "{\"id\": \"" + id + "\", \"object\": \"charge\", \"amount\": " + amount +
         ", \"amount_refunded\": " + std::to_string(refunded) +
         ", \"billing_details\": {\"email\": null, \"address\": {\"country\": \"US\"}}" +
         ", \"captured\": true, \"created\": " + std::to_string(created) + ", \"currency\": \"" +
         currency + "\", \"customer\": " + customer + ", \"livemode\": " + livemode +
         ", \"receipt_email\": \"guest@example.com\", \"refunds\": {\"object\": \"list\", "
         "\"data\": []}, \"status\": \"" +
         status + "\"}\n";
}

TEST_CASE("Stripe API charges: amounts in the currency's smallest unit, Unix dates") {
  const int64_t t = 1709649060;  // 2024-03-05 14:31:00 UTC
  const std::string lines =
      ApiCharge("ch_1", t, "1099", "usd", "\"cus_A\"") +
      ApiCharge("ch_2", t + 60, "2500", "usd", "\"cus_A\"", 500) +
      ApiCharge("ch_3", t + 120, "4000", "usd", "null") +  // a guest
      ApiCharge("ch_4", t + 180, "7500", "usd", "\"cus_B\"", 0, "failed") +
      ApiCharge("ch_5", t + 240, "900", "usd", "\"cus_T\"", 0, "succeeded", "false");  // test mode
  for (int threads : {1, 3}) {
    LoadOptions options;
    options.threads = threads;
    OrderTable table = Load(lines, options, "charges.ndjson");
    CHECK(table.customers == StringColumn{"cus_A", "guest@example.com"});
    CHECK(Units(table.order_value) == std::vector<int64_t>{109900, 250000, 400000});
    CHECK(Units(table.amount_value) == std::vector<int64_t>{-50000});
    CHECK(table.stats.rows_left_out == 2);
    CHECK(table.order_time[0] == TimeFromDate({2024, 3, 5}) + 14 * 3600 + 31 * 60);
  }
  // As a JSON array (the "data" of a page of `stripe charges list`).
  const std::string array = "[" + ApiCharge("ch_1", t, "1099", "usd", "\"cus_A\"") + "]";
  CHECK(Units(Load(array, LoadOptions(), "charges.json").order_value) ==
        std::vector<int64_t>{109900});
}

TEST_CASE("Lemon Squeezy API orders: cents, refunds, fraudulent and test orders left out") {
  // An order object's fields, as keys of their own (`prefix` ""), under
  // "attributes" of a JSON:API resource as the API returns them
  // ("nested"), or flattened to keys by their path as jq writes them
  // ("attributes."), which is how the reader names the nested ones.
  auto order = [](const std::string& prefix, int number, const char* customer, const char* total,
                  const char* status, const char* refunded = "0", const char* test = "false") {
    const std::string n = std::to_string(number);
    const bool nested = prefix == "nested";
    auto key = [&](const char* name) {
      return std::string(nested && std::string(name) == "customer_id" ? "" : ",") + "\"" +
             (nested ? "" : prefix) + name + "\":";
    };
    return "{\"type\":\"orders\",\"id\":\"" + n + "\"" + (nested ? ",\"attributes\":{" : "") +
           key("customer_id") + customer + key("order_number") + n + key("user_email") + "\"u" + n +
           "@example.com\"" + key("currency") + "\"USD\"" + key("total") + total +
           key("refunded_amount") + refunded + key("status") + "\"" + status + "\"" +
           key("total_formatted") + "\"$\"" + key("total_usd") + "1" + key("test_mode") + test +
           key("created_at") + "\"2024-03-0" + std::to_string(number % 10) + "T10:15:22.000000Z\"" +
           (nested ? "}" : "") + "}\n";
  };
  for (const std::string prefix : {"", "attributes.", "nested"}) {
    CAPTURE(prefix);
    const std::string lines = order(prefix, 1, "5001", "1199", "paid") +
                              order(prefix, 2, "5002", "4900", "partial_refund", "900") +
                              order(prefix, 3, "null", "2500", "paid") +  // a guest: by e-mail
                              order(prefix, 4, "5001", "9900", "fraudulent") +
                              order(prefix, 5, "5002", "1000", "failed") +
                              order(prefix, 6, "5003", "700", "paid", "0", "true");
    OrderTable t = Load(lines, LoadOptions(), "orders.ndjson");
    CHECK(t.customers == StringColumn{"5001", "5002", "u3@example.com"});
    CHECK(Units(t.order_value) == std::vector<int64_t>{119900, 490000, 250000});
    CHECK(Units(t.amount_value) == std::vector<int64_t>{-90000});
    CHECK(t.order_time[0] == TimeFromDate(CivilDate{2024, 3, 1}) + 10 * 3600 + 15 * 60 + 22);
    CHECK(t.stats.rows_left_out == 3);
  }
}

TEST_CASE("Stripe API amounts: yen have no smaller unit, Kuwaiti dinars three decimals") {
  CHECK(MinorUnitDigits("usd") == 2);
  CHECK(MinorUnitDigits("JPY") == 0);
  CHECK(MinorUnitDigits(" krw ") == 0);
  CHECK(MinorUnitDigits("kwd") == 3);
  CHECK(MinorUnitDigits("isk") == 2);  // written in hundredths by the API
  const int64_t t = 1709649060;
  OrderTable yen =
      Load(ApiCharge("ch_1", t, "8000", "jpy", "\"cus_A\"", 500), LoadOptions(), "charges.ndjson");
  CHECK(Units(yen.order_value) == std::vector<int64_t>{80000000});
  CHECK(Units(yen.amount_value) == std::vector<int64_t>{-5000000});
  OrderTable dinar =
      Load(ApiCharge("ch_1", t, "12345", "kwd", "\"cus_A\""), LoadOptions(), "charges.ndjson");
  CHECK(Units(dinar.order_value) == std::vector<int64_t>{123450});
  // Split by currency, the currency is read as the segment: still yen.
  LoadOptions by_currency;
  by_currency.columns.segment = "currency";
  OrderTable split = Load(ApiCharge("ch_1", t, "8000", "jpy", "\"cus_A\"") +
                              ApiCharge("ch_2", t, "1999", "usd", "\"cus_B\""),
                          by_currency, "charges.ndjson");
  CHECK(Units(split.order_value) == std::vector<int64_t>{80000000, 199900});
}

TEST_CASE("Shopify API orders: the total after refunds, cancelled, voided and test orders out") {
  auto order = [](const std::string& name, const std::string& created, const std::string& total,
                  const std::string& current, const std::string& cancelled_at = "null",
                  const std::string& test = "false") {
    return "{\"id\": 1, \"name\": \"" + name + "\", \"email\": \"" +
           (name == "#1003" ? "" : "anna@example.com") +
           "\", \"contact_email\": \"guest@example.com\", \"created_at\": \"" + created +
           "\", \"currency\": \"EUR\", \"total_price\": \"" + total +
           "\", \"current_total_price\": \"" + current +
           "\", \"financial_status\": \"paid\", \"cancelled_at\": " + cancelled_at +
           ", \"test\": " + test +
           ", \"customer\": {\"id\": 7}, \"refunds\": [], \"line_items\": [{\"price\": \"1\"}]}\n";
  };
  const std::string lines =
      order("#1001", "2024-03-05T14:31:22+01:00", "89.90", "89.90") +
      order("#1002", "2024-03-09T09:02:11+01:00", "45.00", "25.00") +  // 20.00 refunded
      order("#1003", "2024-03-10T10:00:00+01:00", "10.00", "10.00") +  // no email: a guest
      order("#1004", "2024-03-11T10:00:00+01:00", "50.00", "50.00",
            "\"2024-03-11T12:00:00+01:00\"") +
      order("#1005", "2024-03-12T10:00:00+01:00", "30.00", "30.00", "null", "true");
  for (int threads : {1, 3}) {
    LoadOptions options;
    options.threads = threads;
    OrderTable table = Load(lines, options, "orders.ndjson");
    CHECK(table.customers == StringColumn{"anna@example.com", "guest@example.com"});
    CHECK(Units(table.order_value) == std::vector<int64_t>{899000, 250000, 100000});
    CHECK(table.stats.rows_left_out == 2);
    CHECK(table.stats.currency == "EUR");
    CHECK(table.order_time[0] == TimeFromDate({2024, 3, 5}) + 13 * 3600 + 31 * 60 + 22);
  }
}

std::string JsonLoadMessage(const std::string& lines) {
  TempFile file("charges.ndjson", lines);
  try {
    LoadOrders({file.path()}, LoadOptions());
  } catch (const DataError& e) {
    return e.message();
  }
  return "no error";
}

TEST_CASE("a Stripe API amount with a decimal point is an error, not a hundredth of it") {
  // 20.00 too: what a script that divided by 100 writes.
  for (const char* amount : {"10.99", "20.00", "\"20.0\""}) {
    const std::string message =
        JsonLoadMessage(ApiCharge("ch_1", 1709649060, amount, "usd", "\"cus_A\""));
    CHECK(message.find("in column 'amount' has a decimal point, but Stripe API charge objects "
                       "give whole numbers of the currency's smallest unit") != std::string::npos);
    CHECK(message.find("--layout none") != std::string::npos);
  }
}

TEST_CASE("a Stripe API refund larger than its charge, or negative, is an error") {
  const int64_t t = 1709649060;
  CHECK(JsonLoadMessage(ApiCharge("ch_1", t, "2000", "usd", "\"cus_A\"", 2500)) ==
        "the refunded amount \"2500\" in column 'amount_refunded' is more than the charge's "
        "amount \"2000\", which Stripe API charge objects never give: the charge is not as the API "
        "wrote it; check it");
  CHECK(JsonLoadMessage(ApiCharge("ch_1", t, "2000", "usd", "\"cus_A\"", -500))
            .find("\"-500\" in column 'amount_refunded' is negative") != std::string::npos);
  CHECK(JsonLoadMessage(ApiCharge("ch_1", t, "-2000", "usd", "\"cus_A\""))
            .find("\"-2000\" in column 'amount' is negative") != std::string::npos);
}

TEST_CASE("Shopify API orders without the total after refunds are refused, not counted gross") {
  const std::string old =
      "{\"id\": 1, \"name\": \"#1001\", \"email\": \"a@example.com\", \"created_at\": "
      "\"2024-03-05T14:31:22+01:00\", \"total_price\": \"45.00\", \"financial_status\": "
      "\"partially_refunded\", \"refunds\": [{\"transactions\": [{\"amount\": \"20.00\"}]}]}\n";
  const std::string message = JsonLoadMessage(old);
  CHECK(message.find("these look like order objects of Shopify's API (keys name, "
                     "financial_status, total_price), but lack \"current_total_price\"") == 0);
  CHECK(message.find("total_price would count refunded money as sales") != std::string::npos);
}

TEST_CASE("other objects among Stripe API charges are left out, a file of them is refused") {
  const int64_t t = 1709649060;
  std::string refund = ApiCharge("re_1", t + 60, "500", "usd", "\"cus_A\"");
  refund.replace(refund.find("\"charge\""), 8, "\"refund\"");
  OrderTable table = Load(ApiCharge("ch_1", t, "1099", "usd", "\"cus_A\"") + refund, LoadOptions(),
                          "charges.ndjson");
  CHECK(Units(table.order_value) == std::vector<int64_t>{109900});
  CHECK(table.stats.rows_left_out == 1);
  // Payment intents: amounts in cents, but no amount_refunded.
  const std::string intent =
      "{\"id\": \"pi_1\", \"object\": \"payment_intent\", \"amount\": 1099, "
      "\"amount_received\": 1099, \"created\": 1709649060, \"currency\": \"usd\", "
      "\"customer\": \"cus_A\", \"livemode\": true, \"status\": \"succeeded\"}\n";
  CHECK(JsonLoadMessage(intent) ==
        "these look like objects of Stripe's API (keys \"object\" and \"created\"), whose "
        "amounts are in the currency's smallest unit; charge objects are read so, but these lack "
        "\"amount_refunded\" (payment intents, invoices and refunds are not read: their money is "
        "in the charges); list the charges whole (stripe charges list)");
  LoadOptions none;
  none.layout = "none";
  CHECK(Units(Load(intent, none, "intents.ndjson").order_value) == std::vector<int64_t>{10990000});
}

TEST_CASE("ListRefunds reads WooCommerce's refund lists entry by entry") {
  // The amounts (or dates) of the refunds `text` lists.
  auto listed = [](std::string_view text, std::string_view ListedRefund::*part) {
    std::vector<std::string> out;
    for (const ListedRefund& r : ListRefunds(text)) out.emplace_back(r.*part);
    return out;
  };
  auto amounts = [&](std::string_view text) { return listed(text, &ListedRefund::amount); };
  auto dates = [&](std::string_view text) { return listed(text, &ListedRefund::date); };
  CHECK(ListRefunds("").empty());
  CHECK(amounts("12.50") == std::vector<std::string>{"12.50"});
  CHECK(dates("12.50") == std::vector<std::string>{""});
  CHECK(amounts("amount:0.1|reason:x;amount:0.2|reason:y") ==
        std::vector<std::string>{"0.1", "0.2"});
  CHECK(amounts("amount:abc|reason:x") == std::vector<std::string>{"abc"});
  // "amount:" inside a free-text reason is text, not a refund.
  CHECK(amounts("amount:12.5|reason:customer said amount: 5 was wrong|date:2024-03-10") ==
        std::vector<std::string>{"12.5"});
  CHECK(dates("amount:12.5|reason:customer said amount:5|date:2024-03-10 09:00:00") ==
        std::vector<std::string>{"2024-03-10 09:00:00"});
  CHECK(amounts("amount:1|reason:a; b|c amount:5|date:x;amount:2|reason:c") ==
        std::vector<std::string>{"1", "2"});
  CHECK(dates("amount:1|reason:a; b|c amount:5|date:x;amount:2|reason:c") ==
        std::vector<std::string>{"x", ""});
  CHECK(amounts("amount:1|reason:x; amount:2|reason:y") == std::vector<std::string>{"1", "2"});
  // A trailing ';' ends the list, not the date.
  CHECK(dates("amount:30|reason:x|date:2024-04-27 10:00:00;") ==
        std::vector<std::string>{"2024-04-27 10:00:00"});
  // A reason that says "|date:" comes before the entry's own date.
  CHECK(dates("amount:3|reason:see |date: above|date:2024-04-01") ==
        std::vector<std::string>{"2024-04-01"});
  // Text that only mentions an amount is no list: it fails as a number.
  CHECK(amounts("reason:see amount:5") == std::vector<std::string>{"reason:see amount:5"});
}

TEST_CASE("a WooCommerce refund listed with its date lowers revenue on that date") {
  OrderTable t = Load(
      "order_id,order_date,status,order_total,billing_email,refund_items\n"
      "210,2024-03-25 10:00:00,completed,105.00,a@example.com,"
      "amount:30.00|reason:x|date:2024-04-27 10:00:00;amount:5.00|reason:y\n");
  CHECK(Units(t.order_value) == std::vector<int64_t>{1050000});
  CHECK(Units(t.amount_value) == std::vector<int64_t>{-300000, -50000});
  REQUIRE(t.amount_time.size() == 2);
  CHECK(t.amount_time[0] == TimeFromDate(CivilDate{2024, 4, 27}) + 10 * 3600);
  // Undated, it goes with its order.
  CHECK(t.amount_time[1] == TimeFromDate(CivilDate{2024, 3, 25}) + 10 * 3600);
  CHECK(LoadMessage("order_id,order_date,status,order_total,billing_email,refund_items\n"
                    "1,2024-03-25 10:00:00,completed,5.00,a@example.com,"
                    "amount:1|reason:x|date:next week\n")
            .find("cannot read the date \"next week\" of a refund in column "
                  "'refund_items'") != std::string::npos);
}

TEST_CASE("a WooCommerce export saved again by a German spreadsheet: the refund list as written") {
  // The spreadsheet rewrote the order's columns (";", 1234,5, day first)
  // but not the plugin's refund list: 30.000 is thirty, and its date ISO.
  for (int threads : {1, 3}) {
    LoadOptions options;
    options.threads = threads;
    OrderTable t = Load(
        "order_id;order_date;status;order_total;order_currency;billing_email;refund_items\n"
        "101;05.01.2024 10:00;wc-completed;1234,5;EUR;a@x.com;\n"
        "103;03.02.2024 12:00;wc-completed;100;EUR;a@x.com;"
        "amount:30.000|reason:broken|date:2024-02-10 09:00:00\n",
        options);
    CHECK(Units(t.order_value) == std::vector<int64_t>{12345000, 1000000});
    CHECK(Units(t.amount_value) == std::vector<int64_t>{-300000});
    REQUIRE(t.amount_time.size() == 1);
    CHECK(t.amount_time[0] == TimeFromDate(CivilDate{2024, 2, 10}) + 9 * 3600);
    CHECK(t.stats.refunds_above_amount == 0);
  }
}

TEST_CASE("a refund list with only a decimal comma is read as the file's amounts are") {
  OrderTable t = Load(
      "order_id;order_date;status;order_total;order_currency;billing_email;refund_items\n"
      "103;03.02.2024 12:00;wc-completed;100,50;EUR;a@x.com;amount:30,00|reason:broken\n");
  CHECK(Units(t.amount_value) == std::vector<int64_t>{-300000});
}

TEST_CASE("refunds above their order's amount are counted for a warning") {
  OrderTable t = Load(
      "order_id,order_date,status,order_total,billing_email,refund_items\n"
      "1,2024-02-03 12:00,wc-completed,100,a@x.com,amount:130.00|reason:broken\n"
      "2,2024-02-04 12:00,wc-completed,100,b@x.com,amount:100.00|reason:all\n");
  CHECK(t.stats.refunds_above_amount == 1);
  CHECK(t.stats.first_refunds_above_amount.line == 2);
  CHECK(Units(t.amount_value) == std::vector<int64_t>{-1300000, -1000000});
}

TEST_CASE("a WooCommerce refund reason that mentions an amount refunds nothing more") {
  OrderTable t = Load(
      "order_id,order_date,status,order_total,billing_email,refund_items\n"
      "1,2024-03-05 10:00:00,completed,100.00,a@example.com,"
      "amount:12.5|reason:customer said amount:5|date:2024-03-10 09:00:00\n"
      "2,2024-03-06 10:00:00,completed,50.00,b@example.com,"
      "amount:10|reason:customer said amount: 5 was wrong|date:2024-03-11 09:00:00\n");
  CHECK(Units(t.amount_value) == std::vector<int64_t>{-125000, -100000});
}

TEST_CASE("a refund on a row that joins the order row before it is kept") {
  // Two rows of one order, as an export that splits an order does: the
  // second joins the first, and its refund must not go with it.
  OrderTable t = Load(
      "order_id,order_date,status,order_total,billing_email,refund_items\n"
      "7,2024-03-05 10:00:00,completed,10.00,a@example.com,\n"
      "7,2024-03-05 10:00:00,completed,5.00,a@example.com,amount:2.50|reason:x\n");
  CHECK(Units(t.order_value) == std::vector<int64_t>{150000});
  CHECK(Units(t.amount_value) == std::vector<int64_t>{-25000});
  CHECK(t.stats.rows == 2);
}

TEST_CASE(
    "any other file with a status or type column: no-sale rows left out, credit notes refunds") {
  // The status rules stand behind the known layouts and "none" turns
  // them off.
  const ExportLayout* rules =
      ChooseLayout("", {"order", "customer", "date", "total", "Status"}, "f");
  REQUIRE(rules != nullptr);
  CHECK(IsStatusRules(rules));
  CHECK_FALSE(IsStatusRules(
      ChooseLayout("", {"Name", "Email", "Financial Status", "Total", "Created at"}, "f")));
  CHECK(ChooseLayout("none", {"order", "customer", "date", "total", "Status"}, "f") == nullptr);
  CHECK(ChooseLayout("", {"order", "customer", "date", "total", "refunded"}, "f") == nullptr);

  std::vector<std::string> notes;
  LoadOptions options;
  options.notice = [&](const std::string& note) { notes.push_back(note); };
  // 1: a sale; 2: void; 3: failed; 4: a sale with a later cancellation
  // date; CN-1: a credit note written positive; CN-2 one written negative.
  OrderTable t = Load(
      "order,customer,date,total,Status,Document Type,Cancelled at\n"
      "1,a,2024-03-01,100.00,Paid,Invoice,\n"
      "2,a,2024-03-02,40.00,VOID,Invoice,\n"
      "3,b,2024-03-03,5.00,failed,Invoice,\n"
      "4,b,2024-03-04,7.00,paid,Invoice,2024-03-05\n"
      "CN-1,a,2024-03-10,30.00,paid,Credit Memo,\n"
      "CN-2,a,2024-03-11,-5.00,,credit_note,\n",
      options);
  CHECK(t.customers == StringColumn{"a"});
  CHECK(Units(t.order_value) == std::vector<int64_t>{1000000});
  CHECK(Units(t.amount_value) == std::vector<int64_t>{-300000, -50000});
  CHECK(t.stats.rows_left_out == 3);
  CHECK(t.stats.first_row_left_out.line == 3);
  CHECK(t.stats.first_row_left_out.column == 22);
  REQUIRE(notes.size() == 1);
  CHECK(
      notes[0].find(
          "export.csv: read as an order file with a status or type column: customers by "
          "customer, orders by order, dates from date, amounts from total; rows with Status "
          "cancelled, canceled, cancel, void, voided, failed, failure, payment failed, declined, "
          "denied, error, expired, not paid, incomplete, uncollectible, draft, deleted, payment "
          "error, fraudulent or blocked (or the "
          "same in another European language or Turkish; a cancellation also first or last "
          "in a longer value: Cancelled by buyer) left out; rows with Cancelled at filled in left "
          "out; rows with Document Type credit note, credit memo, refund or return, alone or "
          "first or last in a longer value (Sales credit note, A/R Credit Memo, out_refund), or "
          "the same in German, French, Spanish, Italian or Dutch read as refunds") !=
      std::string::npos);

  // --layout none: every row a sale at its amount, as written.
  LoadOptions none;
  none.layout = "none";
  none.threads = 2;
  OrderTable all = Load(
      "order,customer,date,total,Status\n1,a,2024-03-01,100.00,Paid\n2,a,2024-03-02,40.00,void\n",
      none);
  CHECK(Units(all.order_value) == std::vector<int64_t>{1000000, 400000});
}

TEST_CASE("a credit note lowers revenue by its total, whichever sign its lines are written with") {
  // A note of 50.00 with a discount of 5.00 takes 45.00, written positive
  // (most ERPs: the discount negative) or negative (the discount
  // positive); thousands of notes, so some straddle the blocks the threads
  // parse.
  std::string text = "invoice,customer,date,amount,type\n";
  for (int i = 0; i < 40000; ++i) {
    const std::string customer = ",C" + std::to_string(i % 501);
    const std::string note = "CN" + std::to_string(i) + customer + ",2024-03-06,";
    const bool positive = i % 2 == 0;
    text += "I" + std::to_string(i) + customer + ",2024-03-05,100.00,Invoice\n";
    text += note + (positive ? "50.00" : "-50.00") + ",Credit Note\n";
    text += note + (positive ? "-5.00" : "5.00") + ",Credit Note\n";
  }
  // A note's lines apart from each other (a file sorted by product) are
  // one total too: 25.00; lines dated apart take theirs on their own
  // dates: 40.00 on the 7th, 10.00 back on the 8th.
  text +=
      "CN-A,C1,2024-03-07,30.00,Credit Note\nI-A,C1,2024-03-07,1.00,Invoice\n"
      "CN-A,C1,2024-03-07,-5.00,Credit Note\n"
      "CN-B,C1,2024-03-07,40.00,Credit Note\nCN-B,C1,2024-03-08,-10.00,Credit Note\n";
  // A note whose lines cancel out takes nothing; one that is a single
  // discount line takes it. Dated apart with its discount line first, a
  // note written positive still lowers revenue by each line at its date
  // (10.00 back on the 9th, 50.00 taken on the 10th), in any order.
  text +=
      "CN-Z,C2,2024-03-08,7.00,Credit Note\nCN-Z,C2,2024-03-08,-7.00,Credit Note\n"
      "CN-D,C3,2024-03-08,-2.50,Credit Note\n"
      "CN-C,C3,2024-03-09,-10.00,Credit Note\nCN-C,C3,2024-03-10,50.00,Credit Note\n";
  for (int threads : {1, 2, 3}) {
    LoadOptions options;
    options.threads = threads;
    const OrderTable t = Load(text, options);
    int64_t revenue = 0;
    for (Money m : t.order_value) revenue += m.units;
    for (Money m : t.amount_value) revenue += m.units;
    CHECK(t.order_count() == 40001);
    CHECK(revenue == int64_t{40000 * 55 + 1 - 25 - 30 - 0 - 40} * 10000 - 25000);
    CHECK(t.stats.refund_rows == 80009);
    // Amounts apart from orders, by day of March.
    auto on = [&](int day) {
      int64_t sum = 0;
      for (size_t i = 0; i < t.amount_count(); ++i) {
        if (t.amount_time[i] == TimeFromDate(CivilDate{2024, 3, day}))
          sum += t.amount_value[i].units;
      }
      return sum;
    };
    CHECK(on(8) == 100000 - 25000);  // CN-B's 10.00 back, CN-Z's nothing, CN-D's 2.50
    CHECK(on(9) == 100000);
    CHECK(on(10) == -500000);
  }
}

TEST_CASE("BigCommerce orders: customers by e-mail, as every guest's Customer ID is 0") {
  const char* bigcommerce =
      "Order ID,Customer ID,Customer Name,Customer Email,Customer Phone,Order Date,Order Status,"
      "Subtotal (inc tax),Order Total (inc tax),Order Total (ex tax),Payment Method,"
      "Order Currency Code,Refund Amount\n"
      "100,12,Alice Smith,alice@example.com,,2024-03-01,Completed,50.00,50.00,50.00,Card,USD,"
      "0.00\n"
      "101,0,Guest One,g1@example.com,,2024-03-02,Shipped,30.00,30.00,30.00,PayPal,USD,0.00\n"
      "102,0,Guest Two,g2@example.com,,2024-03-05,Refunded,40.00,40.00,40.00,PayPal,USD,40.00\n"
      "103,0,Guest Three,g3@example.com,,2024-03-06,Incomplete,70.00,70.00,70.00,Card,USD,0.00\n"
      "104,12,Alice Smith,alice@example.com,,2024-03-07,Awaiting Payment,9.00,9.00,9.00,Bank,"
      "USD,0.00\n"
      "105,0,Guest One,g1@example.com,,2024-03-09,Completed,20.00,20.00,20.00,Card,USD,5.00\n";
  std::vector<std::string> notes;
  LoadOptions options;
  options.notice = [&](const std::string& note) { notes.push_back(note); };
  OrderTable t = Load(bigcommerce, options);
  CHECK(t.customers == StringColumn{"alice@example.com", "g1@example.com", "g2@example.com"});
  CHECK(Units(t.order_value) == std::vector<int64_t>{500000, 300000, 400000, 200000});
  CHECK(Units(t.amount_value) == std::vector<int64_t>{-400000, -50000});
  CHECK(t.stats.rows_left_out == 2);
  REQUIRE(!notes.empty());
  CHECK(notes[0].find("read as a BigCommerce order export: customers by Customer Email") !=
        std::string::npos);
}

TEST_CASE("Magento order grid: Closed orders less Total Refunded, canceled ones left out") {
  // As the admin grid exports it: a byte-order mark, CRLF, the store view
  // on three lines of a quoted field, dates as the admin shows them.
  const char* magento =
      "\xEF\xBB\xBF\"ID\",\"Purchase Point\",\"Purchase Date\",\"Bill-to Name\","
      "\"Grand Total (Base)\",\"Grand Total (Purchased)\",\"Status\",\"Customer Email\","
      "\"Total Refunded\"\r\n"
      "\"000000101\",\"Main Website\nMain Website Store\nDefault Store View\","
      "\"Mar 5, 2024 3:30:00 PM\",\"Alice Smith\",\"$1,250.00\",\"$1,250.00\",\"Complete\","
      "\"alice@example.com\",\"\"\r\n"
      "\"000000102\",\"Main Website\nMain Website Store\nDefault Store View\","
      "\"Mar 6, 2024 9:00:00 AM\",\"Ben Ode\",\"$80.00\",\"$80.00\",\"Closed\","
      "\"ben@example.com\",\"$80.00\"\r\n"
      "\"000000103\",\"Main Website\nMain Website Store\nDefault Store View\","
      "\"Mar 7, 2024 10:00:00 AM\",\"Carla Diaz\",\"$40.00\",\"$40.00\",\"Canceled\","
      "\"carla@example.com\",\"\"\r\n"
      "\"000000104\",\"Main Website\nMain Website Store\nDefault Store View\","
      "\"Mar 8, 2024 11:00:00 AM\",\"Alice Smith\",\"$60.00\",\"$60.00\",\"Processing\","
      "\"alice@example.com\",\"$20.00\"\r\n";
  OrderTable t = Load(magento);
  CHECK(t.customers == StringColumn{"alice@example.com", "ben@example.com"});
  CHECK(Units(t.order_value) == std::vector<int64_t>{12500000, 800000, 600000});
  CHECK(Units(t.amount_value) == std::vector<int64_t>{-800000, -200000});
  CHECK(t.order_time[0] == TimeFromDate({2024, 3, 5}) + 15 * 3600 + 30 * 60);
  CHECK(t.stats.rows_left_out == 1);
}

TEST_CASE("status words of payment services and billing systems: denied, not paid, incomplete") {
  OrderTable t = Load(
      "invoice,customer,date,total,Status\n"
      "1,a,2024-03-01,100.00,Paid\n"
      "2,a,2024-03-02,40.00,Not Paid\n"
      "3,b,2024-03-03,5.00,Denied\n"
      "4,b,2024-03-04,7.00,incomplete\n"
      "5,b,2024-03-05,9.00,not_paid\n");
  CHECK(Units(t.order_value) == std::vector<int64_t>{1000000});
  CHECK(t.stats.rows_left_out == 4);
}

TEST_CASE("accounting systems' words: drafts and deleted invoices, credit notes within a type") {
  // "Not Paid" as a payment status is an issued invoice, a sale (Odoo);
  // as an invoice's status, one whose collection failed (Chargebee).
  OrderTable t = Load(
      "invoice,customer,date,total,Status,Payment Status,Type\n"
      "1,a,2024-03-01,100.00,Posted,Not Paid,Invoice\n"
      "2,a,2024-03-02,40.00,DRAFT,,Invoice\n"
      "3,b,2024-03-03,5.00,Entwurf,,Invoice\n"
      "4,b,2024-03-04,7.00,deleted,,Invoice\n"
      "5,b,2024-03-05,9.00,Posted,failure,Invoice\n"
      "6,b,2024-03-06,11.00,uncollectible,,Invoice\n"
      "7,c,2024-03-07,20.00,Posted,Paid,Invoice\n"
      "8,c,2024-03-08,3.00,Posted,Paid,Sales Credit Note\n"
      "9,c,2024-03-09,2.00,Posted,Paid,out_refund\n"
      "10,c,2024-03-10,1.00,Posted,Paid,Refundable deposit\n");
  CHECK(Units(t.order_value) == std::vector<int64_t>{1000000, 200000, 10000});
  CHECK(Units(t.amount_value) == std::vector<int64_t>{-30000, -20000});
  CHECK(t.stats.rows_left_out == 5);
}

TEST_CASE("a Cancelled column holding the cancellation's date leaves the row out") {
  OrderTable t = Load(
      "order,customer,date,total,Cancelled\n"
      "1,a,2024-03-01,100.00,\n"
      "2,a,2024-03-02,40.00,2024-03-03\n"
      "3,b,2024-03-03,5.00,03/04/2024 10:00\n"
      "4,b,2024-03-04,7.00,0000-00-00\n"
      "5,b,2024-03-05,9.00,1970-01-01 00:00:00\n"
      "6,c,2024-03-06,11.00,No\n"
      "7,c,2024-03-07,13.00,5.3.24\n"
      "8,c,2024-03-08,15.00,1.2.3\n"
      "13,c,2024-03-13,5.00,12-34-56\n"
      // "No date", however a column writes it: the epoch, .NET's empty
      // date, a spreadsheet's day 0, an end of time.
      "9,d,2024-03-09,1.00,01.01.1970\n"
      "10,d,2024-03-10,2.00,0001-01-01\n"
      "11,d,2024-03-11,3.00,12/30/1899\n"
      "12,d,2024-03-12,4.00,9999-12-31 23:59:59\n");
  CHECK(Units(t.order_value) == std::vector<int64_t>{1000000, 70000, 90000, 110000, 150000, 50000,
                                                     10000, 20000, 30000, 40000});
  CHECK(t.stats.rows_left_out == 3);
}

TEST_CASE("Cancelled at: dates that say none leave the row in, however written") {
  OrderTable t = Load(
      "order,customer,date,total,Cancelled at\n"
      "1,a,2024-03-01,1.00,01.01.1970\n"
      "2,a,2024-03-02,2.00,0001-01-01 00:00:00\n"
      "3,a,2024-03-03,3.00,12/30/1899\n"
      "4,a,2024-03-04,4.00,9999-12-31\n"
      "5,a,2024-03-05,5.00,2024-03-06 10:00\n");
  CHECK(Units(t.order_value) == std::vector<int64_t>{10000, 20000, 30000, 40000});
  CHECK(t.stats.rows_left_out == 1);
}

TEST_CASE(
    "dates with a month's name or in eight digits: a cancellation, or none when they say so") {
  // 19700101 and 01-Jan-1970 are the epoch as compact and spelled-out
  // columns write "no date"; 05-Mar-2024 in a Cancelled column is when.
  OrderTable at = Load(
      "order,customer,date,total,Cancelled at\n"
      "1,a,2024-03-01,1.00,19700101\n"
      "2,a,2024-03-02,2.00,01-Jan-1970\n"
      "3,a,2024-03-03,3.00,\"Jan 1, 1970\"\n"
      "4,a,2024-03-04,4.00,00000000\n"
      "5,a,2024-03-05,5.00,99991231\n"
      "6,a,2024-03-06,6.00,1 January 1970 00:00\n"
      "7,a,2024-03-07,7.00,20240308\n"
      "8,a,2024-03-08,8.00,08-Mar-2024\n"
      "9,a,2024-03-09,9.00,1970-Jan-01\n"
      // Day, month and year (a cancellation; the epoch), and eight digits
      // that are no date: filled in, so cancelled.
      "10,a,2024-03-10,10.00,15032024\n"
      "11,a,2024-03-11,11.00,01011970\n"
      "12,a,2024-03-12,12.00,12345678\n"
      "13,a,2024-03-13,13.00,05032024\n");
  CHECK(Units(at.order_value) ==
        std::vector<int64_t>{10000, 20000, 30000, 40000, 50000, 60000, 90000, 110000});
  CHECK(at.stats.rows_left_out == 5);
  OrderTable flag = Load(
      "order,customer,date,total,Cancelled\n"
      "1,a,2024-03-01,1.00,05-Mar-2024\n"
      "2,a,2024-03-02,2.00,\"Mar 5, 2024 10:00\"\n"
      "3,a,2024-03-03,3.00,20240305\n"
      "4,a,2024-03-04,4.00,01-Jan-1970\n"
      "5,a,2024-03-05,5.00,19700101\n"
      "6,a,2024-03-06,6.00,No\n"
      "7,a,2024-03-07,7.00,May\n"
      "8,a,2024-03-08,8.00,12345678\n"
      "9,a,2024-03-09,9.00,15032024\n");
  CHECK(Units(flag.order_value) == std::vector<int64_t>{40000, 50000, 60000, 70000, 80000});
  CHECK(flag.stats.rows_left_out == 4);
}

TEST_CASE("a cancellation taken back in other words is a sale: never, reinstated") {
  OrderTable t = Load(
      "order,customer,date,total,Status\n"
      "1,a,2024-03-01,100.00,Never cancelled\n"
      "2,a,2024-03-02,40.00,Reinstated (was cancelled)\n"
      "3,b,2024-03-03,5.00,Order was cancelled\n"
      "4,b,2024-03-04,7.00,\"Cancelled, items restored to stock\"\n"
      "5,b,2024-03-05,9.00,Cancelled - customer never responded\n"
      "6,c,2024-03-06,11.00,Voided - never captured\n");
  CHECK(Units(t.order_value) == std::vector<int64_t>{1000000, 400000});
  CHECK(t.stats.rows_left_out == 4);
}

TEST_CASE("a WooCommerce export of a row per order line: line amounts, refunds once") {
  // Beside line_total, order_total is the order's total repeated on each
  // line, and so is its refund list: of two refunds on order 1001, each
  // once, on its own date.
  const char* lines =
      "order_id,order_date,status,order_total,billing_email,line_total,refund_items\n"
      "1001,2024-03-01,completed,42.00,a@example.com,30.00,"
      "amount:5|reason:|date:2024-03-04;amount:2|reason:|date:2024-03-08\n"
      "1001,2024-03-01,completed,42.00,a@example.com,12.00,"
      "amount:5|reason:|date:2024-03-04;amount:2|reason:|date:2024-03-08\n"
      "1002,2024-03-05,cancelled,30.00,b@example.com,30.00,\n"
      "1003,2024-03-06,pending,9.00,b@example.com,9.00,\n"
      "1004,2024-03-06,completed,30.00,b@example.com,30.00,amount:5|reason:|date:2024-03-07\n";
  OrderTable t = Load(lines);
  CHECK(t.customers == StringColumn{"a@example.com", "b@example.com"});
  CHECK(Units(t.order_value) == std::vector<int64_t>{420000, 300000});
  CHECK(Units(t.amount_value) == std::vector<int64_t>{-50000, -20000, -50000});
  CHECK(std::vector<Time>(t.amount_time.begin(), t.amount_time.end()) ==
        std::vector<Time>{TimeFromDate(CivilDate{2024, 3, 4}), TimeFromDate(CivilDate{2024, 3, 8}),
                          TimeFromDate(CivilDate{2024, 3, 7})});
  CHECK(t.stats.rows_left_out == 2);
}

TEST_CASE("a total-refunded column no rule reads is named in a note, not passed over") {
  std::vector<std::string> notes;
  LoadOptions options;
  options.notice = [&](const std::string& note) { notes.push_back(note); };
  Load("customer_id,date,amount,Total Refunded\nA,2024-03-01,80.00,80.00\n", options);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("column \"Total Refunded\" is not read") != std::string::npos);
  notes.clear();
  // Etsy's sold orders: the total after adjustments beside the one read.
  Load("customer_id,date,Order Total,Adjusted Order Total\nA,2024-03-01,80.00,60.00\n", options);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("column \"Adjusted Order Total\" is not read") != std::string::npos);
  // Gumroad's refund marks; a refund's date or state.
  for (const char* column :
       {"Refunded?", "Partial Refund ($)", "Fully Refunded?", "Refund Status", "refunded_at"}) {
    notes.clear();
    Load(std::string("customer_id,date,amount,") + column + "\nA,2024-03-01,80.00,1\n", options);
    CAPTURE(column);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].find(std::string("column \"") + column + "\" is not read") != std::string::npos);
  }
}

TEST_CASE("quantity x a column named just price says how it read the price") {
  std::vector<std::string> notes;
  LoadOptions options;
  options.notice = [&](const std::string& note) { notes.push_back(note); };
  OrderTable t = Load("email,timestamp,quantity,price\na@x.com,2024-03-01,2,30.00\n", options);
  CHECK(Units(t.order_value) == std::vector<int64_t>{600000});
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find(
            "export.csv: amounts are quantity x price, price read as the price of one unit; if "
            "it is the whole line's, give --amount-col price") != std::string::npos);
  notes.clear();
  Load("email,timestamp,quantity,unit_price\na@x.com,2024-03-01,2,30.00\n", options);
  CHECK(notes.empty());
}

TEST_CASE("the status rules say nothing of a file where no role's column is found") {
  // The error that follows names what is missing; "customers by (none),
  // dates from (none)" before it only confused.
  const std::vector<std::string> header = {"type", "customer_id", "order_date", "amount"};
  CHECK(HowReadNotes("t.ndjson", header, &StatusRules(), ColumnIndices{}).empty());
  ColumnIndices found;
  found.customer = 1;
  found.date = 2;
  found.amount = 3;
  const std::vector<std::string> notes = HowReadNotes("t.ndjson", header, &StatusRules(), found);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].rfind("t.ndjson: read as an order file with a status or type column: customers "
                       "by customer_id",
                       0) == 0);
}
