// The report printers, checked as text: JSON parses back with every field,
// CSV has one row per period, the table reads right.
#include "cli/print/printers.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/print/text_format.h"
#include "retention/error.h"

using namespace retention;

namespace {

PeriodMetrics Sample() {
  PeriodMetrics m;
  m.period = Period{{2024, 3, 1}, {2024, 4, 1}, "2024-03"};
  m.window = Window{Unit::kMonth, 1};
  m.customers_start = 10;
  m.customers_end = 12;
  m.customers_new = 4;
  m.customers_lost = 2;
  m.customers_active = 9;
  m.customers_repeat = 3;
  m.customers_returning = 5;
  m.orders = 14;
  m.revenue = Money{12345678};  // 1234.5678
  m.churn_rate = 0.2;
  m.retention_rate = 0.8;
  m.repeat_rate = 3.0 / 9;
  m.returning_rate = 5.0 / 9;
  m.purchase_frequency = 14.0 / 9;
  m.aov = Money{881834};
  m.clv = std::nullopt;
  return m;
}

PeriodMetrics Empty() {
  PeriodMetrics m;
  m.period = Period{{2024, 4, 1}, {2024, 5, 1}, "2024-04"};
  m.partial = true;
  return m;
}

const ReportInfo kInfo({2024, 4, 15}, "UTC");

}  // namespace

TEST_CASE("JSON has the contract's shape, exact money and nulls") {
  auto doc = nlohmann::json::parse(FormatJson({Sample(), Empty()}, kInfo));
  CHECK(doc["schema_version"] == 1);
  REQUIRE(doc["periods"].is_array());
  REQUIRE(doc["periods"].size() == 2);
  const auto& p = doc["periods"][0];
  CHECK(p["start"] == "2024-03-01");
  CHECK(p["end"] == "2024-04-01");
  CHECK(p["partial"] == false);
  for (const char* name :
       {"customers_start", "customers_end", "customers_new", "customers_lost",
        "customers_reactivated", "customers_active", "orders", "revenue", "churn_rate",
        "retention_rate", "repeat_rate", "returning_rate", "purchase_frequency", "aov", "clv"}) {
    CHECK(p.contains(name));
  }
  CHECK(p["customers_start"] == 10);
  CHECK(p["churn_rate"] == Approx(0.2));
  CHECK(p["clv"].is_null());
  const auto& e = doc["periods"][1];
  CHECK(e["partial"] == true);
  CHECK(e["churn_rate"].is_null());
  CHECK(e["aov"].is_null());
  CHECK(e["revenue"] == 0);
}

TEST_CASE("JSON money is the exact decimal text") {
  std::string json = FormatJson({Sample()}, kInfo);
  CHECK_THAT(json, Catch::Contains("\"revenue\": 1234.5678"));
  CHECK_THAT(json, Catch::Contains("\"aov\": 88.1834"));
  CHECK_THAT(json, Catch::Contains("\"churn_rate\": 0.2,"));
}

// A segment name from the input may hold bytes a terminal acts on: C0
// controls, DEL and C1 controls (C2 9B is CSI) are written as \u escapes,
// so `--format json` on a terminal shows none of them raw, and a JSON
// reader gets the same text back.
TEST_CASE("JSON strings escape every control character: C0, DEL and C1") {
  CHECK(JsonQuote("a\x1b[31m") == "\"a\\u001b[31m\"");
  CHECK(JsonQuote("c1\xc2\x9bz\xc2\x80") == "\"c1\\u009bz\\u0080\"");
  CHECK(JsonQuote("d\x7f") == "\"d\\u007f\"");
  // Other text, U+00A0 (C2 A0) included, is as it was.
  CHECK(JsonQuote("\xc3\xa9t\xc3\xa9 \xc2\xa0") == "\"\xc3\xa9t\xc3\xa9 \xc2\xa0\"");
  // A byte that is no UTF-8 (a lone C2, Latin-1) would make the document
  // no JSON: it is the text \xc2, as messages show it.
  CHECK(JsonQuote("x\xc2") == "\"x\\\\xc2\"");
  CHECK(JsonQuote("na\xffme\xe9") == "\"na\\\\xffme\\\\xe9\"");
  CHECK(nlohmann::json::parse(JsonQuote("na\xffme")) == "na\\xffme");

  PeriodMetrics m = Sample();
  m.segment = "c1\xc2\x9bz\x7f\x1b";
  ReportInfo info = kInfo;
  info.segmented = true;
  std::string json = FormatJson({m}, info);
  CHECK(json.find("\xc2\x9b") == std::string::npos);
  CHECK(json.find('\x7f') == std::string::npos);
  CHECK(json.find('\x1b') == std::string::npos);
  auto doc = nlohmann::json::parse(json);
  CHECK(doc["periods"][0]["segment"] == "c1\xc2\x9bz\x7f\x1b");
}

TEST_CASE("tables round rates half away from zero, as money is rounded") {
  CHECK(Percent(1.0 / 16) == "6.3%");  // printf's tie to even gave 6.2%
  CHECK(Percent(3.0 / 16) == "18.8%");
  CHECK(Percent(1.0 / 3) == "33.3%");
  CHECK(Percent(-1.0 / 16) == "-6.3%");
  CHECK(Percent(std::nullopt) == "n/a");
  CHECK(Decimal(1.125) == "1.13");
  // Halves that a double holds a hair below: 201 / 200 is 1.00499999...
  CHECK(Decimal(201.0 / 200) == "1.01");
  CHECK(Decimal(-201.0 / 200) == "-1.01");
  CHECK(Decimal(2009.0 / 2000) == "1.00");   // 1.0045: no half
  CHECK(Percent(7.0 / 2000) == "0.4%");      // 0.35%
  CHECK(Percent(2001.0 / 4000) == "50.0%");  // 50.025%: no half at one decimal
  CHECK(Percent(20001.0 / 40000) == "50.0%");
  CHECK(Percent(1001.0 / 2000) == "50.1%");  // 50.05%
  // Near a half but not one: a quotient of ten billion customers.
  CHECK(Decimal(10049999999.0 / 10000000000) == "1.00");
  // Large figures (a CLV in yen, won or rupiah) are no halves either: the
  // tolerance is units in the last place of the value, not a share of it.
  CHECK(Decimal(400000000000.0) == "400000000000.00");
  CHECK(Decimal(481000000000.3732) == "481000000000.37");
  CHECK(Decimal(1282566283932.1426) == "1282566283932.14");
  CHECK(Decimal(-1282566283932.1426) == "-1282566283932.14");
  CHECK(Decimal(9007199254740993.0) == "9007199254740992.00");  // past 2^53: as held
}

TEST_CASE("JSON of no periods is still the same shape") {
  auto doc = nlohmann::json::parse(FormatJson({}, kInfo));
  CHECK(doc["periods"].is_array());
  CHECK(doc["periods"].empty());
}

TEST_CASE("CSV: a header with every field and one row per period") {
  std::string csv = FormatCsv({Sample(), Empty()}, kInfo);
  std::istringstream in(csv);
  std::string header, row1, row2, extra;
  std::getline(in, header);
  std::getline(in, row1);
  std::getline(in, row2);
  CHECK_FALSE(std::getline(in, extra));
  CHECK(header.rfind("period,start,end,partial,window,customers_start,", 0) == 0);
  CHECK(row1.rfind("2024-03,2024-03-01,2024-04-01,false,1m,10,12,4,2,0,9,3,5,14,1234.5678,0.2,0.8,",
                   0) == 0);
  CHECK(std::count(header.begin(), header.end(), ',') == std::count(row2.begin(), row2.end(), ','));
  CHECK_THAT(row2, Catch::Contains(",true,") && Catch::Contains(",,"));  // nulls are empty
}

TEST_CASE("CSV: text that a spreadsheet would run as a formula starts with a quote") {
  ReportInfo info = kInfo;
  info.segmented = true;
  std::vector<PeriodMetrics> periods;
  for (const char* name :
       {"=1+1", "+49 30", "-x", "@SUM(A1)", "\tnote", "\rnote", "plain", "a=b"}) {
    periods.push_back(Sample());
    periods.back().segment = name;
  }
  periods.back().revenue = Money{-50000};  // a refund-heavy period: a number, not text
  std::istringstream in(FormatCsv(periods, info));
  std::vector<std::string> segments;
  std::string row, last;
  std::getline(in, row);
  while (std::getline(in, row)) {
    segments.push_back(row.substr(0, row.find(",2024-03,")));
    last = row;
  }
  // A CR is shown as text (it would move a terminal's cursor), so no
  // longer a formula's start.
  CHECK(segments == std::vector<std::string>{"'=1+1", "'+49 30", "'-x", "'@SUM(A1)", "'\tnote",
                                             "\\x0dnote", "plain", "a=b"});
  CHECK_THAT(last, Catch::Contains(",14,-5.00,"));
}

// CSV and OpenMetrics have no escape for ESC, CR, DEL or a C1 control
// (C2 9B is CSI): printed raw, a segment name from the input would drive
// the terminal the output is printed on. They show as error messages show
// them; TSV writes PostgreSQL COPY's \xHH, which COPY reads back exactly.
TEST_CASE("CSV, TSV and OpenMetrics show the control characters a terminal acts on") {
  CHECK(ShowTerminalControls("a\x1b[31m\tb\nc\rd\x7f\xc2\x9b\xc2\xa0") ==
        "a\\x1b[31m\tb\nc\\x0dd\\x7f\\u009b\xc2\xa0");
  CHECK_FALSE(HasTerminalControls("plain\ttab\nline \xc3\xa9 \xc2\xa0 \xe2\x82\xac"));
  // Bidirectional controls reorder the line; a byte that is no UTF-8 (a
  // Latin-1 file name, a character cut short) is shown as messages show it.
  for (const char* text : {"\x1b", "\r", "\x7f", "\xc2\x80", "x\xc2\x9f", "\x01",
                           "a\xe2\x80\xae"
                           "b",
                           "\xe2\x81\xa6", "\xd8\x9c", "x\xc2", "\x9b", "\xff"})
    CHECK(HasTerminalControls(text));
  CHECK(ShowTerminalControls("a\xe2\x80\xae"
                             "b\x9b\xd8\x9c") == "a\\u202eb\\x9b\\u061c");
  CHECK(EscapeJsonControls("{\"a\": \"b\x7f\xc2\x9b\xc2\xa0\xe2\x80\xae\xe2\x82\xac\"}") ==
        "{\"a\": \"b\\u007f\\u009b\xc2\xa0\\u202e\xe2\x82\xac\"}");

  ReportInfo info = kInfo;
  info.segmented = true;
  PeriodMetrics m = Sample();
  m.segment = "web\x1b[31m\xc2\x9b,x\ry\x7f";
  const std::string csv = FormatCsv({m}, info);
  const std::string tsv = FormatTsv({m}, info);
  const std::string metrics = FormatOpenMetrics({m}, info);
  for (const std::string* text : {&csv, &tsv, &metrics}) {
    CHECK(text->find('\x1b') == std::string::npos);
    CHECK(text->find('\r') == std::string::npos);
    CHECK(text->find('\x7f') == std::string::npos);
    CHECK(text->find("\xc2\x9b") == std::string::npos);
  }
  CHECK_THAT(csv, Catch::Contains("\n\"web\\x1b[31m\\u009b,x\\x0dy\\x7f\",2024-03,"));
  CHECK_THAT(tsv, Catch::Contains("\nweb\\x1b[31m\\xc2\\x9b,x\\ry\\x7f\t2024-03\t"));
  CHECK_THAT(metrics, Catch::Contains("segment=\"web\\\\x1b[31m\\\\u009b,x\\\\x0dy\\\\x7f\""));
}

// A segment named with ESC and one named with the four characters \x1b
// were one label in the CSV: a history holding both was refused as a
// history with a repeated row on the next --append.
TEST_CASE("CSV and OpenMetrics never show two texts alike") {
  CHECK(ReadsAsEscape("a\\x1b"));
  CHECK(ReadsAsEscape("\\u202E"));
  for (const char* plain : {"C:\\orders", "\\x1", "a\\u12", "\\", "\\xyz", "plain"})
    CHECK_FALSE(ReadsAsEscape(plain));
  CHECK(ShowTerminalControls("\x1b") == "\\x1b");
  CHECK(ShowTerminalControls("\\x1b") == "\\\\x1b");
  CHECK(ShowTerminalControls("a\\b\x1b") == "a\\\\b\\x1b");
  CHECK(ShowTerminalControls("C:\\orders") == "C:\\orders");  // nothing to tell apart
  ReportInfo info = kInfo;
  info.segmented = true;
  PeriodMetrics escape = Sample(), written = Sample();
  escape.segment = "\x1b";
  written.segment = "\\x1b";
  CHECK(FormatCsv({escape}, info) != FormatCsv({written}, info));
  CHECK_THAT(FormatCsv({written}, info), Catch::Contains("\n\\\\x1b,2024-03,"));
  CHECK(FormatOpenMetrics({escape}, info) != FormatOpenMetrics({written}, info));
  // Read back (a CSV history, render), every text is itself again.
  for (const char* text : {"\x1b", "\\x1b", "a\\b\x1b", "C:\\orders", "web\xc2\x9b\xe2\x80\xae",
                           "\\\\x41", "\xff\\u0041", "plain"}) {
    INFO(text);
    CHECK(UnshowControls(ShowTerminalControls(text)) == text);
  }
  // No output writes these: read as the text they are.
  CHECK(UnshowControls("\\ud800\\x41") == "\\ud800A");
  CHECK(UnshowControls("\\u0041\\x41") == "\\u0041A");
}

TEST_CASE("table: one period as a list, rates as percentages, money with two decimals") {
  std::string t = FormatTable({Sample()}, kInfo);
  CHECK_THAT(t, Catch::Contains("Period 2024-03: 2024-03-01 to 2024-04-01"));
  CHECK_THAT(t, Catch::Contains("Churn rate"));
  CHECK_THAT(t, Catch::Contains("20.0%"));
  CHECK_THAT(t, Catch::Contains("80.0%"));
  CHECK_THAT(t, Catch::Contains("1,234.57"));
  CHECK_THAT(t, Catch::Contains("n/a"));  // CLV undefined
}

TEST_CASE("table columns line up whatever the characters: wide, combining, joined") {
  CHECK(DisplayWidth("cafe") == 4);
  CHECK(DisplayWidth("caf\xc3\xa9") == 4);               // é as one character
  CHECK(DisplayWidth("cafe\xcc\x81") == 4);              // e and a combining acute
  CHECK(DisplayWidth("\xe6\x97\xa5\xe6\x9c\xac") == 4);  // 日本
  CHECK(DisplayWidth("\xf0\x9f\x98\x80") == 2);          // an emoji
  CHECK(DisplayWidth("a\xe2\x80\x8d"
                     "b") == 2);  // a zero-width joiner
  TextTable t;
  t.Add({"cafe\xcc\x81", "1"});
  t.Add({"\xe6\x97\xa5", "22"});
  t.Add({"caf\xc3\xa9", "333"});
  CHECK(t.Render() == "cafe\xcc\x81    1\n\xe6\x97\xa5     22\ncaf\xc3\xa9  333\n");
}

TEST_CASE("a segment the input names as the total does not read as the total") {
  CHECK(SegmentLabel(std::nullopt) == "(all customers)");
  CHECK(SegmentLabel(std::string("(all customers)")) == "\"(all customers)\"");
  CHECK(SegmentLabel(std::string("web\x1b")) == "web\\x1b");
  PeriodMetrics total = Sample(), named = Sample();
  named.segment = "(all customers)";
  ReportInfo info = kInfo;
  info.segmented = true;
  const std::string t = FormatTable({total, named}, info);
  CHECK_THAT(t,
             Catch::Contains("\n(all customers)  ") && Catch::Contains("\n\"(all customers)\"  "));
}

TEST_CASE("table: a series is one row per period, partial and >100% are explained") {
  PeriodMetrics surge = Sample();
  surge.retention_rate = 1.5;
  std::string t = FormatTable({surge, Empty()}, kInfo);
  CHECK_THAT(t, Catch::Contains("2024-04*"));
  CHECK_THAT(t, Catch::Contains("not over on 2024-04-15"));
  CHECK_THAT(t, Catch::Contains("150.0%"));
  CHECK_THAT(t, Catch::Contains("reactivated"));
  CHECK_FALSE(Catch::Contains("reactivated customers (R)").match(FormatTable({Sample()}, kInfo)));
}

TEST_CASE("files are written whole or not at all") {
  char dir[] = "/tmp/retention-out-XXXXXX";
  std::string folder = mkdtemp(dir);
  std::string path = folder + "/report.json";
  WriteFileAtomically(path, "first");
  WriteFileAtomically(path, "second");
  std::ifstream in(path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(content == "second");
  CHECK_THROWS_AS(WriteFileAtomically(folder + "/missing/report.json", "x"), DataError);
  std::remove(path.c_str());
  CHECK(rmdir(folder.c_str()) == 0);  // no temporary file was left behind
}

namespace {

// Values of every magnitude, exact binary fractions (ties at some
// precision) and the range the clv outputs write.
std::vector<double> NumbersToWrite() {
  std::vector<double> values = {
      0.0,    -0.0,         0.5,           1.5,          2.5,      0.125,        0.375,
      -0.125, 1e-300,       -1e-5,         0.00005,      0.00015,  123.456,      9.99995,
      1e13,   -1e13,        1e17,          1e300,        4.9e-324, 2.5e-5,       0.99995,
      1e-4,   9.9999999995, 9.99999999949, 999999999.95, 1e15,     99999.999995, 0.000099999999995};
  uint64_t state = 11;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state;
  };
  // Just below and above every power of ten, where the exponent is
  // decided by rounding.
  for (int k = -6; k <= 19; ++k) {
    double v = std::pow(10.0, k);
    for (int i = 0; i < 4; ++i) v = std::nextafter(v, 0.0);
    for (int i = 0; i < 8; ++i, v = std::nextafter(v, 1e300)) values.push_back(v);
  }
  for (int i = 0; i < 200000; ++i) {
    const uint64_t r = next();
    double v;
    switch (i % 4) {
      case 0:  // any bits that make a finite number
        std::memcpy(&v, &r, sizeof v);
        if (!std::isfinite(v)) continue;
        break;
      case 1:  // k / 2^j: halfway cases at many precisions
        v = std::ldexp(static_cast<double>(r % 100000000), -static_cast<int>(next() % 40));
        break;
      case 2:  // near powers of ten, where the exponent is decided by rounding
        v = std::pow(10.0, static_cast<int>(r % 24) - 8) *
            (1 - std::ldexp(1.0, -static_cast<int>(next() % 50)));
        break;
      default:  // the range the clv outputs write
        v = static_cast<double>(static_cast<int64_t>(r % 2000000000) - 1000000000) / 65536.0;
    }
    values.push_back(r & 1 ? -v : v);
  }
  return values;
}

std::string ToChars(double v, std::chars_format format, int precision) {
  char text[400];
  auto [end, error] = std::to_chars(text, text + sizeof text, v, format, precision);
  return error == std::errc() ? std::string(text, end) : "(error)";
}

}  // namespace

TEST_CASE("AppendFixed and AppendGeneral write what std::to_chars writes, ties to even included") {
  size_t differ = 0;
  for (double v : NumbersToWrite()) {
    for (int decimals : {0, 1, 2, 4, 8}) {
      std::string out = "x";
      AppendFixed(&out, v, decimals);
      if (out.substr(1) != ToChars(v, std::chars_format::fixed, decimals) && ++differ <= 5) {
        FAIL_CHECK("fixed " << decimals << ": " << out.substr(1));
      }
    }
    for (int precision : {1, 5, 10, 15}) {
      std::string out = "x";
      const int decimals = AppendGeneral(&out, v, precision);
      if (out.substr(1) != ToChars(v, std::chars_format::general, precision) && ++differ <= 5) {
        FAIL_CHECK("general " << precision << ": " << out.substr(1) << " for "
                              << ToChars(v, std::chars_format::general, 17));
      }
      // What it says it wrote: the digits after the point, or -1 for a
      // text that may have an exponent.
      const size_t point = out.find('.');
      if (decimals >= 0 &&
          (out.find('e') != std::string::npos ||
           (decimals == 0 ? point != std::string::npos
                          : point == std::string::npos ||
                                out.size() - point - 1 != static_cast<size_t>(decimals))) &&
          ++differ <= 5) {
        FAIL_CHECK("general " << precision << ": " << out.substr(1) << " said " << decimals);
      }
    }
  }
  CHECK(differ == 0);
}
