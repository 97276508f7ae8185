// Telling how a file writes dates and numbers from its first rows
// (SniffFormats), and loading held to that choice: hand-made values for
// each layout, the ambiguous ones, and contradictions after the sample.
#include "load/sniff.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "calendar/date_formats.h"
#include "retention/error.h"
#include "retention/load.h"
#include "retention/validate.h"
#include "support/temp_file.h"

using namespace retention;

namespace {

// A sample of one column of values, on lines 2, 3, ...
Sample Numbers(const std::vector<std::string>& values) {
  Sample sample;
  int64_t line = 2;
  for (const std::string& v : values) sample.numbers.push_back({v, line++, 10, "'amount'"});
  sample.rows = static_cast<int64_t>(values.size());
  return sample;
}

Sample Dates(const std::vector<std::string>& values) {
  Sample sample;
  int64_t line = 2;
  for (const std::string& v : values) sample.dates.push_back({v, line++, 4, "'date'"});
  sample.rows = static_cast<int64_t>(values.size());
  return sample;
}

FileFormats Sniff(const Sample& sample, LoadOptions options = LoadOptions()) {
  return SniffFormats(options, "f.csv", sample);
}

// The message SniffFormats throws, or "" when it does not.
std::string SniffError(const Sample& sample, LoadOptions options = LoadOptions()) {
  try {
    Sniff(sample, options);
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

int64_t Units(const std::string& text, const NumberFormat& format) {
  Money m;
  REQUIRE(ParseMoneyAs(text, format, &m) == MoneyError::kNone);
  return m.units;
}

bool Reads(const std::string& text, const NumberFormat& format) {
  Money m;
  return ParseMoneyAs(text, format, &m) == MoneyError::kNone;
}

}  // namespace

TEST_CASE("a decimal comma with '.' between thousands: 1.234,56") {
  FileFormats f = Sniff(Numbers({"12,50", "1.234,56", "7"}));
  CHECK(f.numbers.decimal == ',');
  CHECK(f.decimal_evidence == "\"12,50\" on line 2");
  CHECK(f.thousands_used == '.');
  CHECK(Units("1.234,56", f.numbers) == 12345600);
  CHECK(Units("1234,5", f.numbers) == 12345000);
  CHECK(Units("-1.234.567,8", f.numbers) == -12345678000);
  CHECK(DescribeFormats(f) == "amounts with a decimal comma and '.' between thousands (1.234,56)");
}

TEST_CASE("spaces between thousands, also no-break and narrow no-break spaces") {
  FileFormats f = Sniff(Numbers({"1 234,56",
                                 "2\xC2\xA0"
                                 "345,00",
                                 "3\xE2\x80\xAF"
                                 "456,10"}));
  CHECK(f.numbers.decimal == ',');
  CHECK(f.thousands_used == ' ');
  CHECK(Units("2\xC2\xA0"
              "345,00",
              f.numbers) == 23450000);
  CHECK(Units("3\xE2\x80\xAF"
              "456,10",
              f.numbers) == 34561000);
  CHECK(DescribeFormats(f) ==
        "amounts with a decimal comma and a space between thousands (1 234,56)");
}

TEST_CASE("',' between thousands with a decimal point: 1,234.56") {
  FileFormats f = Sniff(Numbers({"1,234.56", "99"}));
  CHECK(f.numbers.decimal == '.');
  CHECK(f.thousands_used == ',');
  CHECK(Units("1,234,567.5", f.numbers) == 12345675000);
  CHECK(DescribeFormats(f) == "amounts with ',' between thousands (1,234.56)");
}

TEST_CASE("a decimal comma with the euro sign after the number: 1.234,56 €") {
  FileFormats f = Sniff(Numbers({"12,50 \xE2\x82\xAC", "1.234,56 \xE2\x82\xAC", "7 \xE2\x82\xAC"}));
  CHECK(f.numbers.decimal == ',');
  CHECK(Units("1.234,56 \xE2\x82\xAC", f.numbers) == 12345600);
  CHECK(Units("12,50\xC2\xA0\xE2\x82\xAC", f.numbers) == 125000);
}

TEST_CASE("a symbol after the number changes nothing: 1.234 € reads two ways as 1.234 does") {
  CHECK(SniffError(Numbers({"1.234 \xE2\x82\xAC", "2.500 \xE2\x82\xAC"}))
            .find("cannot tell how the number") != std::string::npos);
  FileFormats f = Sniff(Numbers({"1.234 \xE2\x82\xAC", "3,25"}));
  CHECK(f.numbers.decimal == ',');
  CHECK(Units("1.234 \xE2\x82\xAC", f.numbers) == 12340000);
  CHECK(Units("1 234,56 \xE2\x82\xAC", f.numbers) == 12345600);
}

TEST_CASE("a decimal comma alone: 1234,5") {
  FileFormats f = Sniff(Numbers({"1234,5"}));
  CHECK(f.numbers.decimal == ',');
  CHECK(f.thousands_used == 0);
  CHECK(DescribeFormats(f) == "amounts with a decimal comma (1234,56)");
}

TEST_CASE("plain decimals are the default and say nothing") {
  FileFormats f = Sniff(Numbers({"12.50", "7", "-3.99"}));
  CHECK(f.numbers.decimal == '.');
  CHECK(DescribeFormats(f).empty());
  // A ',' is never taken for a thousands separator without a proof.
  FileFormats none = Sniff(Numbers({"12", "7"}));
  CHECK_FALSE(Reads("1,234", none.numbers));
  CHECK(Units("1.234", none.numbers) == 12340);
}

TEST_CASE("every value like 1,234 reads two ways: stop, naming both and the flags") {
  std::string error = SniffError(Numbers({"1,234", "2,500", "12"}));
  CHECK_THAT(error, Catch::StartsWith("f.csv:2:10: error: cannot tell how the number \"1,234\""));
  CHECK_THAT(error, Catch::Contains("as 1234 with ',' between thousands (give "
                                    "--decimal-separator .)"));
  CHECK_THAT(error, Catch::Contains("or as 1.234 with a decimal comma (give "
                                    "--decimal-separator ,)"));
  CHECK_THAT(SniffError(Numbers({"1.234"})),
             Catch::Contains("as 1.234 with a decimal point (give --decimal-separator .), or "
                             "as 1234 with '.' between thousands (give --decimal-separator ,)"));
  // One value that tells is enough; a leading 0 group is no grouping.
  CHECK(Sniff(Numbers({"1,234", "0,5"})).numbers.decimal == ',');
  CHECK(Sniff(Numbers({"1,234", "3.5"})).numbers.decimal == '.');
}

TEST_CASE("the flags decide what the sample cannot") {
  LoadOptions comma;
  comma.decimal_separator = ',';
  FileFormats f = Sniff(Numbers({"1,234"}), comma);
  CHECK(Units("1,234", f.numbers) == 12340);
  LoadOptions grouped;
  grouped.thousands_separator = ',';
  CHECK(Units("1,234", Sniff(Numbers({"1,234"}), grouped).numbers) == 12340000);
  LoadOptions plain;
  plain.thousands_separator = kNoThousandsSeparator;
  FileFormats p = Sniff(Numbers({"1.234"}), plain);
  CHECK(Units("1.234", p.numbers) == 12340);
  CHECK_FALSE(Reads("1,234", p.numbers));
}

TEST_CASE("ParseMoneyAs refuses misplaced separators") {
  NumberFormat de{',', "."};
  CHECK_FALSE(Reads("12.50", de));     // a group of two
  CHECK_FALSE(Reads("1.23,4", de));    // a group of two before the decimals
  CHECK_FALSE(Reads("1234.567", de));  // a first group of four
  CHECK_FALSE(Reads("1,2,3", de));     // two decimal separators
  CHECK_FALSE(Reads("0.123", de));     // a leading zero group
  NumberFormat mixed{',', ". "};
  CHECK_FALSE(Reads("1.234 567,8", mixed));  // two kinds of separator in one value
  CHECK(Units("(1.234,50)", de) == -12345000);
  CHECK(Units("€1.234,50", de) == 12345000);
  NumberFormat plain;
  CHECK_FALSE(Reads("1,5", plain));
}

TEST_CASE("a yen or won amount grouped by a comma tells a decimal point") {
  // "¥1,234" is no 1.234 yen: the run stopped, asking which.
  FileFormats f =
      Sniff(Numbers({"\xC2\xA5"
                     "1,234",
                     "\xC2\xA5"
                     "500"}));
  CHECK(f.numbers.decimal == '.');
  CHECK(Units("\xC2\xA5"
              "1,234",
              f.numbers) == 12340000);
  // Grouped by a dot, as a German export writes yen: whole yen too.
  FileFormats de =
      Sniff(Numbers({"\xC2\xA5"
                     "1.234"}));
  CHECK(de.numbers.decimal == ',');
  // A euro amount still asks.
  CHECK_THROWS_AS(Sniff(Numbers({"\xE2\x82\xAC"
                                 "1,234"})),
                  DataError);
}

TEST_CASE("India's grouping by lakhs and crores reads, and only whole") {
  NumberFormat point{'.', ","};
  CHECK(Units("1,00,000.50", point) == 1000005000);
  CHECK(Units("12,34,567", point) == 12345670000);
  CHECK(Units("1,00,00,000.25", point) == 100000002500);
  CHECK(Units("\xe2\x82\xb9"
              "10,00,000.00",
              point) == 10000000000);               // ₹
  CHECK(Units("1,234,567", point) == 12345670000);  // three by three, as before
  CHECK_FALSE(Reads("1,234,56,789", point));        // two by two after three by three
  CHECK_FALSE(Reads("123,45,678", point));          // a first group of three
  CHECK_FALSE(Reads("1,00,00", point));             // the last group of two
  CHECK_FALSE(Reads("1,00", point));
  CHECK_FALSE(Reads("1.00.000", NumberFormat{',', "."}));  // grouped by dots: no lakhs
}

TEST_CASE("dates with dots that show neither order are read day first, and say so") {
  FileFormats f = Sniff(Dates({"05.03.2024", "06.03.2024 10:00"}));
  CHECK(f.date_format == "%d.%m.%Y");
  CHECK(f.date_order_assumed);
  CHECK(f.date_evidence.find("give --date-format '%m.%d.%Y' to read the month first") !=
        std::string::npos);
  // With dashes or slashes either order is as likely: no guess.
  CHECK_THROWS_AS(Sniff(Dates({"05-03-2024"})), DataError);
  CHECK_THROWS_AS(Sniff(Dates({"05/03/2024"})), DataError);
}

TEST_CASE("dates: the layouts besides ISO, day or month first when a day proves it") {
  CHECK(Sniff(Dates({"31.12.2023", "05.01.2024"})).date_format == "%d.%m.%Y");
  FileFormats us = Sniff(Dates({"12/1/2010 8:26", "12/13/2010 9:00"}));
  CHECK(us.date_format == "%m/%d/%Y %H:%M");
  CHECK(us.date_evidence == "\"12/13/2010 9:00\" on line 3");
  CHECK(DescribeFormats(us) == "dates as MM/DD/YYYY hh:mm (--date-format '%m/%d/%Y %H:%M')");
  CHECK(Sniff(Dates({"25-12-2023 14:30:05"})).date_format == "%d-%m-%Y %H:%M:%S");
  CHECK(Sniff(Dates({"13/1/2024 8:26 PM"})).date_format == "%d/%m/%Y %I:%M %p");
  CHECK(Sniff(Dates({"Dec 31, 2023"})).date_format == "%b %d, %Y");
  CHECK(Sniff(Dates({"31 December 2023"})).date_format == "%d %b %Y");
  CHECK(Sniff(Dates({"2023.12.31"})).date_format == "%Y.%m.%d");
  // Ten digits: seconds since 1970 (Stripe's API, database dumps).
  FileFormats unix_seconds = Sniff(Dates({"1709251200", "1709337600.25"}));
  CHECK(unix_seconds.date_format == "%s");
  CHECK(DescribeFormats(unix_seconds) ==
        "dates as Unix time (seconds, or milliseconds in 13 digits) (--date-format '%s')");
  CHECK(Sniff(Dates({"170925120"})).date_format.empty());
  // Thirteen: milliseconds (JavaScript's Date.now()).
  CHECK(Sniff(Dates({"1709251200000", "1709337600000.5"})).date_format == "%s");
  CHECK(Sniff(Dates({"17092512000"})).date_format.empty());
  // Month names with a four-digit year, in the other orders exports use.
  CHECK(Sniff(Dates({"2023-Dec-31"})).date_format == "%Y-%b-%d");
  CHECK(Sniff(Dates({"31/Dec/2023"})).date_format == "%d/%b/%Y");
}

TEST_CASE("dates no format reads get a hint that reads them") {
  CHECK(SuggestDateFormat("31-Dec-23") ==
        "; a two-digit year: --date-format '%d-%b-%y' reads it (years 69 to 99 as 19xx, the "
        "others as 20xx)");
  CHECK(SuggestDateFormat("Dec 31, 2023") == "; --date-format '%b %d, %Y' reads it");
  // eBay's order dates; Toast's, read either way round: both readings.
  CHECK(SuggestDateFormat("Mar-05-24") ==
        "; a two-digit year: --date-format '%b-%d-%y' reads it (years 69 to 99 as 19xx, the "
        "others as 20xx)");
  CHECK(SuggestDateFormat("Dec-31-2023") == "; --date-format '%b-%d-%Y' reads it");
  CHECK(SuggestDateFormat("3/5/24 2:31 PM") ==
        "; a two-digit year: --date-format '%m/%d/%y %I:%M %p' (month first) or "
        "'%d/%m/%y %I:%M %p' (day first) reads it (years 69 to 99 as 19xx, the others as 20xx)");
  CHECK(SuggestDateFormat("25/5/24 2:31 PM").find("'%d/%m/%y %I:%M %p' reads it") !=
        std::string::npos);
  // Unix seconds under another format: named, not a refused format ('%s' with more).
  CHECK(SuggestDateFormat("1735655400") == "; --date-format '%s' reads it");
  CHECK(SuggestDateFormat("45356").find("a spreadsheet's day number (45356 days after "
                                        "1899-12-30)") != std::string::npos);
  CHECK(SuggestDateFormat("45356.25").find("day number") != std::string::npos);
  CHECK(SuggestDateFormat("12345").empty());  // 1933: no day number of an order
  CHECK(SuggestDateFormat("yesterday").empty());
}

TEST_CASE(
    "a number past the bound still shows its separators, for its row to say it is too large") {
  FileFormats grouped = Sniff(Numbers({"5,000,000,000,000.00"}));
  CHECK(grouped.numbers.decimal == '.');
  CHECK(grouped.decimal_evidence == "\"5,000,000,000,000.00\" on line 2");
  CHECK(Sniff(Numbers({"5.000.000.000.000,00"})).numbers.decimal == ',');
}

TEST_CASE("dates with and without a time of day in one column: any of them shows the order") {
  // Spreadsheets write midnight as the date alone.
  FileFormats month_first = Sniff(Dates({"2/3/2024", "2/14/2024 13:05"}));
  CHECK(month_first.date_format == "%m/%d/%Y");
  CHECK(month_first.date_evidence == "\"2/14/2024 13:05\" on line 3");
  CHECK(Sniff(Dates({"2/3/2024 10:00", "14/2/2024"})).date_format == "%d/%m/%Y %H:%M");
  // The hint for a date the file's format does not read names the
  // order that reads it.
  CHECK(SuggestDateFormat("2/14/2024 13:05") == "; --date-format '%m/%d/%Y %H:%M' reads it");
  CHECK(SuggestDateFormat("14/2/2024 13:05") == "; --date-format '%d/%m/%Y %H:%M' reads it");
}

TEST_CASE("dates: a value of no date shape before the first date says nothing") {
  FileFormats f = Sniff(Dates({"N/A", "", "31.12.2023", "15.02.2024"}));
  CHECK(f.date_format == "%d.%m.%Y");
  CHECK(f.date_evidence == "\"31.12.2023\" on line 4");
}

TEST_CASE("dates ISO reads stay the default") {
  for (const char* iso : {"2024-03-05", "20240105", "2024-03-05 14:31:22 +0100",
                          "2024-03-05T14:31:22Z", "2024/03/05"}) {
    FileFormats f = Sniff(Dates({iso}));
    CHECK(f.date_format.empty());
    CHECK(DescribeFormats(f).empty());
  }
  // A shape nothing reads is left to the row's error.
  CHECK(Sniff(Dates({"yesterday"})).date_format.empty());
  // So is a two-digit year, rather than a date in the year 24 or 31.
  for (const char* short_year : {"31.12.24", "24.12.31", "31-Dec-24", "31 Dec 24", "Dec 31, 24"}) {
    CHECK(Sniff(Dates({short_year})).date_format.empty());
  }
}

TEST_CASE("dates with no day above 12: stop, naming both --date-format") {
  std::string error = SniffError(Dates({"05/01/2024", "06/02/2024 "}));
  CHECK(error ==
        "f.csv:2:4: error: cannot tell whether the date \"05/01/2024\" in column 'date' has the "
        "day or "
        "the month first: no date in the first 2 rows has a day above 12; give --date-format "
        "'%d/%m/%Y' (day first: 2024-01-05) or --date-format '%m/%d/%Y' (month first: "
        "2024-05-01)");
  // A given format is not second-guessed.
  LoadOptions given;
  given.date_format = "%m/%d/%Y";
  CHECK(Sniff(Dates({"05/01/2024"}), given).date_format == "%m/%d/%Y");
}

TEST_CASE("DescribeDateFormat writes a pattern as people do") {
  CHECK(DescribeDateFormat("%d.%m.%Y") == "DD.MM.YYYY");
  CHECK(DescribeDateFormat("%m/%d/%Y %I:%M %p") == "MM/DD/YYYY hh:mm AM/PM");
}

namespace {

// A `;` file of `rows` German rows (days 1..28, amounts "N,50"), with
// `odd` in place of row `at` (1-based data row) when given.
std::string GermanFile(int rows, int at = 0, const std::string& odd = "") {
  std::string text = "Kunde;Bestellung;Datum;Betrag\n";
  for (int i = 1; i <= rows; ++i) {
    if (i == at) {
      text += odd + "\n";
      continue;
    }
    char date[16];
    std::snprintf(date, sizeof date, "%02d.%02d.2024", i % 28 + 1, i % 12 + 1);
    text += "K" + std::to_string(i % 40) + ";B" + std::to_string(i) + ";" + date + ";" +
            std::to_string(i % 900 + 1) + ".0" + std::to_string(i % 10) + "0,50\n";
  }
  return text;
}

}  // namespace

TEST_CASE("a file is held to the choice after the sample, on any number of threads") {
  for (int threads : {1, 2}) {
    INFO("threads " << threads);
    LoadOptions options;
    options.threads = threads;
    std::string notes;
    options.notice = [&](const std::string& note) { notes += note + "\n"; };
    TempFile good("de.csv", GermanFile(5000));
    OrderTable table = LoadOrders({good.path()}, options);
    CHECK(table.stats.rows == 5000);
    CHECK_THAT(notes, Catch::Contains("de.csv: read amounts with a decimal comma and '.' between "
                                      "thousands (1.234,56) and dates as DD.MM.YYYY"));
    // Row 4000 (line 4001) is past the sample: its ISO date is an error there.
    TempFile iso("de.csv", GermanFile(5000, 4000, "K1;X;2024-03-05;1,00"));
    try {
      LoadOrders({iso.path()}, options);
      FAIL("no error");
    } catch (const DataError& e) {
      CHECK(e.where().line == 4001);
      CHECK(e.where().column == 6);
      CHECK_THAT(e.message(), Catch::Contains("dates here are read as DD.MM.YYYY"));
    }
    // So is an amount with a decimal point.
    TempFile dot("de.csv", GermanFile(5000, 4000, "K1;X;05.03.2024;1.5"));
    try {
      LoadOrders({dot.path()}, options);
      FAIL("no error");
    } catch (const DataError& e) {
      CHECK(e.where().line == 4001);
      CHECK_THAT(e.message(),
                 Catch::Contains("numbers here are read with a decimal comma, as \"2.010,50\""));
    }
  }
}

TEST_CASE("NDJSON and JSON: numbers as strings are sniffed alike") {
  const std::string lines =
      "{\"customer\":\"C1\",\"date\":\"31.12.2023\",\"amount\":\"1.234,56\"}\n"
      "{\"customer\":\"C2\",\"date\":\"05.01.2024\",\"amount\":\"12,50\"}\n";
  for (const std::string& name : {std::string("o.ndjson"), std::string("o.json")}) {
    INFO(name);
    std::string text = name == "o.ndjson" ? lines
                                          : "[" + lines.substr(0, lines.find('\n')) + "," +
                                                lines.substr(lines.find('\n') + 1) + "]";
    TempFile file(name, text);
    OrderTable table = LoadOrders({file.path()}, LoadOptions());
    REQUIRE(table.order_value.size() == 2);
    CHECK(table.order_value[0].units + table.order_value[1].units == 12470600);
  }
}

TEST_CASE("JSON numbers are read as JSON writes them, whatever the strings say") {
  // 1.234 as a number is one and a bit, even where strings have a decimal
  // comma ("12,50") or --decimal-separator , says so; and a number is no
  // evidence against the strings' comma.
  const std::string lines =
      "{\"customer\":\"C1\",\"date\":\"2024-01-05\",\"amount\":\"12,50\"}\n"
      "{\"customer\":\"C2\",\"date\":\"2024-01-06\",\"amount\":1.234}\n"
      "{\"customer\":\"C3\",\"date\":\"2024-01-07\",\"amount\":1234.5}\n";
  for (char given : {'\0', ','}) {
    INFO(given);
    LoadOptions options;
    options.decimal_separator = given;
    TempFile file("n.ndjson", lines);
    OrderTable table = LoadOrders({file.path()}, options);
    REQUIRE(table.order_value.size() == 3);
    CHECK(table.order_value[0].units == 125000);
    CHECK(table.order_value[1].units == 12340);
    CHECK(table.order_value[2].units == 12345000);
  }
}

TEST_CASE("validation reads as a report does, and stops where it does") {
  TempFile file("d.csv", "customer,date,amount\nC1,05/01/2024,1\nC2,06/02/2024,2\n");
  ValidateOptions options;
  options.as_of = {2025, 1, 1};
  ValidationReport report = ValidateOrders({file.path()}, options);
  REQUIRE(report.errors == 1);
  CHECK_THAT(report.diagnostics[0].message, Catch::StartsWith("cannot tell whether the date"));
  CHECK_THROWS_AS(LoadOrders({file.path()}, LoadOptions()), DataError);
}

TEST_CASE("an amount that does not read names the separator flag that decided") {
  auto message = [](const std::string& content, LoadOptions options) {
    TempFile file("n.csv", content);
    try {
      LoadOrders({file.path()}, options);
    } catch (const DataError& e) {
      return e.message();
    }
    return std::string("no error");
  };
  const std::string file = "customer_id,date,amount\nc,2024-01-01,1.234\nc,2024-01-02,12.50\n";
  LoadOptions thousands;
  thousands.thousands_separator = '.';
  // The decimal comma follows from the flag; '--decimal-separator .' would
  // be refused beside it, so the hint names the flag to change.
  CHECK_THAT(message(file, thousands),
             Catch::Contains("cannot read the amount \"12.50\"") &&
                 Catch::Contains("read with a decimal comma, as --thousands-separator . says; "
                                 "give --thousands-separator , (or none)"));
  LoadOptions decimal;
  decimal.decimal_separator = ',';
  CHECK_THAT(message(file, decimal),
             Catch::Contains("read with a decimal comma, as --decimal-separator , says; give "
                             "--decimal-separator . to read them otherwise"));
  // A value grouped by thousands: the hint names the separator it has;
  // both flags given: the hint changes both, since one alone is refused.
  const std::string grouped = "customer_id,date,amount\nc,2024-01-01,\"1,234.50\"\n";
  CHECK_THAT(message(grouped, thousands),
             Catch::Contains("give --thousands-separator , to read them otherwise"));
  LoadOptions both = decimal;
  both.thousands_separator = '.';
  CHECK_THAT(message(grouped, both),
             Catch::Contains("give --decimal-separator . --thousands-separator , to read"));
  CHECK_THAT(message(file, both),
             Catch::Contains("give --decimal-separator . --thousands-separator none to read"));
  // --thousands-separator none, and a value grouped by thousands.
  LoadOptions none;
  none.thousands_separator = kNoThousandsSeparator;
  CHECK_THAT(message(grouped, none),
             Catch::Contains("--thousands-separator none says no number has a separator between "
                             "thousands, and this one has ',': give --thousands-separator , (or "
                             "leave the flag out)"));
  // A decimal comma under none is no thousands separator: the decimal
  // hint, not this one.
  const std::string comma = "customer_id,date,amount\nc,2024-01-01,\"12,50\"\n";
  none.decimal_separator = '.';
  CHECK_THAT(message(comma, none), !Catch::Contains("--thousands-separator none says"));
  FileFormats f = Sniff(Numbers({"1.234", "5"}), thousands);
  CHECK(f.numbers.decimal == ',');
  CHECK(f.numbers.thousands == ".");
  // "1,234" past the sampled rows of whole numbers: both readings, each
  // with its flag (the hint named only --decimal-separator , which read
  // 1,234 yen as 1.234).
  std::string whole = "customer_id,date,amount\n";
  for (int i = 0; i < 2100; ++i) whole += "c,2024-01-01," + std::to_string(1000 + i) + "\n";
  CHECK_THAT(message(whole + "c,2024-01-02,\"1,234\"\n", LoadOptions()),
             Catch::Contains("give --decimal-separator . to read it as 1234.00 with ',' between "
                             "thousands, or --decimal-separator , to read it as 1.234"));
}

TEST_CASE("a value that is no real day either way, and values that are") {
  CHECK(NoRealDayEitherWay("31.02.2024"));
  CHECK(NoRealDayEitherWay("02/31/2024"));
  CHECK(NoRealDayEitherWay(" 31-13-2024 10:00 "));
  CHECK_FALSE(NoRealDayEitherWay("05.01.2024"));
  CHECK_FALSE(NoRealDayEitherWay("12.13.2024"));        // month first
  CHECK_FALSE(NoRealDayEitherWay("29.02.2024"));        // a leap day
  CHECK_FALSE(NoRealDayEitherWay("2023.12.31"));        // another layout
  CHECK_FALSE(NoRealDayEitherWay("2024-01-05"));        // ISO
  CHECK_FALSE(NoRealDayEitherWay("31.12.24"));          // a two-digit year
  CHECK_FALSE(NoRealDayEitherWay("05.01.2024 10:00"));  // a time after a real day
}

TEST_CASE("values that start with a date, and dates that say there is none") {
  auto starts = [](std::string_view value) {
    bool unset = false;
    return StartsWithDate(value, &unset) ? (unset ? "none" : "date") : "no";
  };
  CHECK(std::string(starts("2024-03-05 10:00")) == "date");
  CHECK(std::string(starts("05/03/2024")) == "date");
  CHECK(std::string(starts("5.3.24")) == "date");
  CHECK(std::string(starts("20240305")) == "date");
  CHECK(std::string(starts("15032024")) == "date");  // day, month, year
  CHECK(std::string(starts("12345678")) == "no");    // a reference number
  CHECK(std::string(starts("Sept 5, 2024")) == "date");
  CHECK(std::string(starts("05-MAR-2024 10:00")) == "date");
  CHECK(std::string(starts("5 Septem 2024")) == "no");  // no month's name
  CHECK(std::string(starts("12-34-56")) == "no");
  CHECK(std::string(starts("1-2-3")) == "no");        // no group of two digits
  CHECK(std::string(starts("2024-03-05,")) == "no");  // ',' ends only the others
  CHECK(std::string(starts("20240305,")) == "date");
  for (std::string_view none :
       {"1970-01-01", "01.01.1970", "19700101", "01-Jan-1970", "Jan 1, 1970", "1970-Jan-01",
        "0001-01-01", "1899-12-30", "9999-12-31 23:59:59", "00000000", "00-00-00"}) {
    INFO(none);
    CHECK(std::string(starts(none)) == "none");
  }
}
