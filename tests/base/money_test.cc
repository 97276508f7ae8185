#include "retention/money.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>

using retention::AddMoney;
using retention::CurrencyCodeOf;
using retention::CurrencySymbolFits;
using retention::CurrencySymbolOf;
using retention::CurrencySymbolText;
using retention::DescribeMoneyError;
using retention::DivideMoney;
using retention::FormatMoneyExact;
using retention::FormatMoneyRounded;
using retention::IsKnownCurrencyCode;
using retention::kMaxAmountUnits;
using retention::kMaxCurrencySymbol;
using retention::Money;
using retention::MoneyError;
using retention::MultiplyMoney;
using retention::NumberFormat;
using retention::ParseMoney;
using retention::ParseMoneyAs;
using retention::ParseMoneyFigure;
using retention::ParseMoneyInto;
using retention::TwoCurrencySymbols;

namespace {

// Units of a text that must parse.
int64_t Units(const std::string& text) {
  MoneyError error = MoneyError::kNone;
  auto value = ParseMoney(text, &error);
  INFO("text: \"" << text << "\"");
  REQUIRE(value.has_value());
  CHECK(error == MoneyError::kNone);
  return value->units;
}

// Why a text must not parse.
MoneyError Rejects(const std::string& text) {
  MoneyError error = MoneyError::kNone;
  auto value = ParseMoney(text, &error);
  INFO("text: \"" << text << "\"");
  REQUIRE_FALSE(value.has_value());
  return error;
}

}  // namespace

TEST_CASE("ParseMoney reads plain decimals") {
  CHECK(Units("19.99") == 199900);
  CHECK(Units("0") == 0);
  CHECK(Units("-0") == 0);
  CHECK(Units("5") == 50000);
  CHECK(Units("-5") == -50000);
  CHECK(Units("+0.5") == 5000);
  CHECK(Units(".5") == 5000);
  CHECK(Units("-.5") == -5000);
  CHECK(Units("5.") == 50000);
  CHECK(Units("0.0001") == 1);
  CHECK(Units("1.2345") == 12345);
  CHECK(Units("007.10") == 71000);
  CHECK(Units("1000000000000") == kMaxAmountUnits);
  CHECK(Units("-1000000000000.0000") == -kMaxAmountUnits);
}

TEST_CASE("ParseMoney accepts trailing zeros beyond four decimals") {
  CHECK(Units("1.230000") == 12300);
  CHECK(Units("0.10000000000000000000") == 1000);
  CHECK(Units("1000000000000.00000") == kMaxAmountUnits);
}

TEST_CASE("ParseMoney accepts spaces, signs, symbols and parentheses") {
  CHECK(Units("  12.50  ") == 125000);
  CHECK(Units("\t12.50\t") == 125000);
  CHECK(Units("$5.00") == 50000);
  CHECK(Units("-$5.00") == -50000);
  CHECK(Units("+$5.00") == 50000);
  CHECK(Units("$-5.00") == -50000);
  CHECK(Units("\xE2\x82\xAC"
              "3.10") == 31000);  // €3.10
  CHECK(Units("-\xE2\x82\xAC"
              "3.10") == -31000);  // -€3.10
  CHECK(Units("\xC2\xA3"
              "0.99") == 9900);  // £0.99
  CHECK(Units("(5.00)") == -50000);
  CHECK(Units(" ( 5.00 ) ") == -50000);
  CHECK(Units("($5.00)") == -50000);
}

TEST_CASE("ParseMoney accepts a currency symbol after the number, with or without a space") {
  CHECK(Units("12.50 \xE2\x82\xAC") == 125000);  // 12.50 €
  CHECK(Units("12.50\xE2\x82\xAC") == 125000);   // 12.50€
  CHECK(Units("-12.50 \xE2\x82\xAC") == -125000);
  CHECK(Units("12.50\xC2\xA0\xE2\x82\xAC") == 125000);      // a no-break space
  CHECK(Units("12.50\xE2\x80\xAF\xE2\x82\xAC") == 125000);  // a narrow one
  CHECK(Units("\xE2\x82\xAC\xC2\xA0"
              "5") == 50000);  // before the number too
  CHECK(Units("\xC2\xA0"
              "7.25\xC2\xA0") == 72500);  // around a plain number
  CHECK(Units("0.99 \xC2\xA3") == 9900);
  CHECK(Units("5$") == 50000);
  CHECK(Units("(5.00 \xE2\x82\xAC)") == -50000);
  // One symbol, before or after.
  CHECK(Rejects("\xE2\x82\xAC"
                "5 \xE2\x82\xAC") == MoneyError::kNotANumber);
  CHECK(Rejects("$5$") == MoneyError::kNotANumber);
  CHECK(Rejects(" \xE2\x82\xAC") == MoneyError::kNotANumber);
}

TEST_CASE("ParseMoney rejects what is not a plain decimal") {
  CHECK(Rejects("") == MoneyError::kEmpty);
  CHECK(Rejects("   ") == MoneyError::kEmpty);
  CHECK(Rejects("\t") == MoneyError::kEmpty);
  CHECK(Rejects("-") == MoneyError::kNotANumber);
  CHECK(Rejects("+") == MoneyError::kNotANumber);
  CHECK(Rejects(".") == MoneyError::kNotANumber);
  CHECK(Rejects("-.") == MoneyError::kNotANumber);
  CHECK(Rejects("$") == MoneyError::kNotANumber);
  CHECK(Rejects("()") == MoneyError::kNotANumber);
  CHECK(Rejects("(5.00") == MoneyError::kNotANumber);
  CHECK(Rejects("(-5.00)") == MoneyError::kNotANumber);
  CHECK(Rejects("NaN") == MoneyError::kNotANumber);
  CHECK(Rejects("nan") == MoneyError::kNotANumber);
  CHECK(Rejects("inf") == MoneyError::kNotANumber);
  CHECK(Rejects("-inf") == MoneyError::kNotANumber);
  CHECK(Rejects("Infinity") == MoneyError::kNotANumber);
  CHECK(Rejects("1e3") == MoneyError::kNotANumber);
  CHECK(Rejects("1E3") == MoneyError::kNotANumber);
  CHECK(Rejects("1,234.00") == MoneyError::kNotANumber);
  CHECK(Rejects("12,50") == MoneyError::kNotANumber);
  CHECK(Rejects("1.2.3") == MoneyError::kNotANumber);
  CHECK(Rejects("--5") == MoneyError::kNotANumber);
  CHECK(Rejects("+-5") == MoneyError::kNotANumber);
  CHECK(Rejects("5-") == MoneyError::kNotANumber);
  CHECK(Rejects("12 50") == MoneyError::kNotANumber);
  CHECK(Rejects("0x10") == MoneyError::kNotANumber);
  CHECK(Rejects("5 US") == MoneyError::kNotANumber);
  CHECK(Rejects("$$5") == MoneyError::kNotANumber);
  CHECK(Rejects("\xE2\x82") == MoneyError::kNotANumber);  // truncated €
}

TEST_CASE("ParseMoney rejects non-zero digits beyond four decimals") {
  CHECK(Rejects("1.23456") == MoneyError::kTooPrecise);
  CHECK(Rejects("0.00001") == MoneyError::kTooPrecise);
  CHECK(Rejects("-0.123400001") == MoneyError::kTooPrecise);
}

TEST_CASE("ParseMoney rejects values out of range without overflowing") {
  CHECK(Rejects("1000000000000.0001") == MoneyError::kOutOfRange);
  CHECK(Rejects("-1000000000000.0001") == MoneyError::kOutOfRange);
  CHECK(Rejects("1000000000001") == MoneyError::kOutOfRange);
  CHECK(Rejects("9223372036854775807") == MoneyError::kOutOfRange);
  CHECK(Rejects("18446744073709551617") == MoneyError::kOutOfRange);
  CHECK(Rejects("1234567890123456789012345678901234567890") == MoneyError::kOutOfRange);
  CHECK(Rejects("-1234567890123456789012345678901234567890.5") == MoneyError::kOutOfRange);
  // Leading zeros do not count towards the size.
  CHECK(Units("0000000000000000000000000000001.5") == 15000);
}

TEST_CASE("ParseMoney tolerates a null error pointer") {
  CHECK(ParseMoney("x", nullptr) == std::nullopt);
  CHECK(ParseMoney("1", nullptr)->units == 10000);
}

TEST_CASE("DescribeMoneyError gives short phrases") {
  CHECK(DescribeMoneyError(MoneyError::kTooPrecise) == "more than 4 decimal places");
  CHECK(DescribeMoneyError(MoneyError::kEmpty) == "the value is empty");
  CHECK(DescribeMoneyError(MoneyError::kNotANumber) == "not a decimal number");
  CHECK(DescribeMoneyError(MoneyError::kOutOfRange).find("1000000000000") != std::string::npos);
}

TEST_CASE("Sums of parsed money are exact") {
  MoneyError error = MoneyError::kNone;
  Money total;
  for (int i = 0; i < 10'000'000; ++i) {
    auto value = ParseMoney("0.10", &error);
    if (!value || !AddMoney(&total, *value)) FAIL("parse or add failed at row " << i);
  }
  CHECK(total.units == int64_t{1000000} * 10000);
  CHECK(FormatMoneyExact(total) == "1000000.00");
  CHECK(FormatMoneyRounded(total) == "1000000.00");
}

TEST_CASE("AddMoney detects overflow and leaves the sum unchanged") {
  Money a{std::numeric_limits<int64_t>::max() - 1};
  CHECK(AddMoney(&a, Money{1}));
  CHECK(a.units == std::numeric_limits<int64_t>::max());
  CHECK_FALSE(AddMoney(&a, Money{1}));
  CHECK(a.units == std::numeric_limits<int64_t>::max());
  Money b{std::numeric_limits<int64_t>::min()};
  CHECK_FALSE(AddMoney(&b, Money{-1}));
  CHECK(b.units == std::numeric_limits<int64_t>::min());
  Money c{50000};
  CHECK(AddMoney(&c, Money{-70000}));
  CHECK(c.units == -20000);
}

TEST_CASE("MultiplyMoney rounds half away from zero") {
  // 3 x 19.99
  CHECK(MultiplyMoney(Money{30000}, Money{199900})->units == 599700);
  // 0.5 x 0.0001 = 0.00005 -> 0.0001
  CHECK(MultiplyMoney(Money{5000}, Money{1})->units == 1);
  CHECK(MultiplyMoney(Money{-5000}, Money{1})->units == -1);
  CHECK(MultiplyMoney(Money{5000}, Money{-1})->units == -1);
  // 0.4999 x 0.0001 rounds down to 0.
  CHECK(MultiplyMoney(Money{4999}, Money{1})->units == 0);
  CHECK(MultiplyMoney(Money{-4999}, Money{1})->units == 0);
  // 1.5 x 2.25 = 3.375
  CHECK(MultiplyMoney(Money{15000}, Money{22500})->units == 33750);
  // 0.3333 x 0.3333 = 0.11108889 -> 0.1111
  CHECK(MultiplyMoney(Money{3333}, Money{3333})->units == 1111);
  CHECK(MultiplyMoney(Money{0}, Money{kMaxAmountUnits})->units == 0);
}

TEST_CASE("MultiplyMoney refuses results out of range") {
  CHECK(MultiplyMoney(Money{10000}, Money{kMaxAmountUnits})->units == kMaxAmountUnits);
  CHECK(MultiplyMoney(Money{-10000}, Money{kMaxAmountUnits})->units == -kMaxAmountUnits);
  CHECK_FALSE(MultiplyMoney(Money{20000}, Money{kMaxAmountUnits}).has_value());
  CHECK_FALSE(MultiplyMoney(Money{kMaxAmountUnits}, Money{kMaxAmountUnits}).has_value());
  CHECK_FALSE(MultiplyMoney(Money{std::numeric_limits<int64_t>::min()},
                            Money{std::numeric_limits<int64_t>::min()})
                  .has_value());
}

TEST_CASE("FormatMoneyExact keeps every significant digit") {
  CHECK(FormatMoneyExact(Money{123400}, 2) == "12.34");
  CHECK(FormatMoneyExact(Money{123456}, 2) == "12.3456");
  CHECK(FormatMoneyExact(Money{123450}, 2) == "12.345");
  CHECK(FormatMoneyExact(Money{120000}, 2) == "12.00");
  CHECK(FormatMoneyExact(Money{120000}, 0) == "12");
  CHECK(FormatMoneyExact(Money{120000}, 4) == "12.0000");
  CHECK(FormatMoneyExact(Money{0}) == "0.00");
  CHECK(FormatMoneyExact(Money{1}) == "0.0001");
  CHECK(FormatMoneyExact(Money{-1}) == "-0.0001");
  CHECK(FormatMoneyExact(Money{-50000}) == "-5.00");
  CHECK(FormatMoneyExact(Money{-123456}, 0) == "-12.3456");
  CHECK(FormatMoneyExact(Money{std::numeric_limits<int64_t>::min()}) == "-922337203685477.5808");
  CHECK(FormatMoneyExact(Money{std::numeric_limits<int64_t>::max()}) == "922337203685477.5807");
}

TEST_CASE("FormatMoneyRounded rounds half away from zero") {
  CHECK(FormatMoneyRounded(Money{123450}) == "12.35");
  CHECK(FormatMoneyRounded(Money{123449}) == "12.34");
  CHECK(FormatMoneyRounded(Money{-123450}) == "-12.35");
  CHECK(FormatMoneyRounded(Money{-123449}) == "-12.34");
  CHECK(FormatMoneyRounded(Money{125000}, 0) == "13");
  CHECK(FormatMoneyRounded(Money{-125000}, 0) == "-13");
  CHECK(FormatMoneyRounded(Money{124999}, 0) == "12");
  CHECK(FormatMoneyRounded(Money{99950}, 2) == "10.00");
  CHECK(FormatMoneyRounded(Money{99950}, 3) == "9.995");
  CHECK(FormatMoneyRounded(Money{12345}, 4) == "1.2345");
  CHECK(FormatMoneyRounded(Money{12345}, 1) == "1.2");
  CHECK(FormatMoneyRounded(Money{15000}, 0) == "2");
  CHECK(FormatMoneyRounded(Money{5000}, 0) == "1");
  CHECK(FormatMoneyRounded(Money{-5000}, 0) == "-1");
  // Tiny negatives round to zero without a minus sign.
  CHECK(FormatMoneyRounded(Money{-49}, 2) == "0.00");
  CHECK(FormatMoneyRounded(Money{-50}, 2) == "-0.01");
  CHECK(FormatMoneyRounded(Money{0}) == "0.00");
  CHECK(FormatMoneyRounded(Money{std::numeric_limits<int64_t>::min()}) == "-922337203685477.58");
  CHECK(FormatMoneyRounded(Money{std::numeric_limits<int64_t>::max()}) == "922337203685477.58");
}

TEST_CASE("DivideMoney rounds half away from zero") {
  CHECK(DivideMoney(Money{100000}, 4).units == 25000);
  CHECK(DivideMoney(Money{100000}, 3).units == 33333);
  CHECK(DivideMoney(Money{200000}, 3).units == 66667);
  CHECK(DivideMoney(Money{-200000}, 3).units == -66667);
  CHECK(DivideMoney(Money{200000}, -3).units == -66667);
  CHECK(DivideMoney(Money{-200000}, -3).units == 66667);
  // Exact halves.
  CHECK(DivideMoney(Money{5}, 2).units == 3);
  CHECK(DivideMoney(Money{-5}, 2).units == -3);
  CHECK(DivideMoney(Money{5}, -2).units == -3);
  CHECK(DivideMoney(Money{-5}, -2).units == 3);
  CHECK(DivideMoney(Money{7}, 2).units == 4);
  CHECK(DivideMoney(Money{3}, 7).units == 0);
  CHECK(DivideMoney(Money{4}, 7).units == 1);
  CHECK(DivideMoney(Money{0}, 9).units == 0);
  CHECK(DivideMoney(Money{std::numeric_limits<int64_t>::min()}, 1).units ==
        std::numeric_limits<int64_t>::min());
  CHECK(DivideMoney(Money{std::numeric_limits<int64_t>::min()}, 2).units ==
        std::numeric_limits<int64_t>::min() / 2);
  // The one quotient that does not fit saturates instead of trapping.
  CHECK(DivideMoney(Money{std::numeric_limits<int64_t>::min()}, -1).units ==
        std::numeric_limits<int64_t>::max());
  CHECK(DivideMoney(Money{std::numeric_limits<int64_t>::max()}, std::numeric_limits<int64_t>::min())
            .units == -1);
}

TEST_CASE("ParseMoneyInto agrees with ParseMoney") {
  for (const char* text : {"19.99", " -5 ", "(5.00)", "$1,000", "1e5", "", "0.00001", "12.3456",
                           "999999999999", "1000000000001", "abc", "-0"}) {
    INFO(text);
    MoneyError why = MoneyError::kNone;
    auto expected = retention::ParseMoney(text, &why);
    Money value{-1};
    MoneyError got = retention::ParseMoneyInto(text, &value);
    CHECK(got == why);
    if (expected) CHECK(value == *expected);
    if (!expected) CHECK(value.units == -1);  // left alone on error
  }
}

TEST_CASE("ParseMoney reads short amounts as the general parser does") {
  // Amounts of 4 to 8 bytes take a word-at-a-time path; a leading space
  // sends the same text through the general parser, the reference here.
  std::mt19937 random(7);
  auto pick = [&](const char* from) {
    std::string_view s(from);
    return s[std::uniform_int_distribution<size_t>(0, s.size() - 1)(random)];
  };
  auto digits = [&](int count) {
    std::string s;
    for (int i = 0; i < count; ++i) s += pick("0123456789");
    return s;
  };
  int accepted = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string text;
    if (i % 4 == 0) {  // any bytes amounts are made of
      int size = std::uniform_int_distribution<int>(1, 10)(random);
      for (int k = 0; k < size; ++k) text += pick("0123456789.-.9 x/:");
    } else {  // shaped like an amount
      if (i % 3 == 0) text += '-';
      text += digits(std::uniform_int_distribution<int>(0, 9)(random));
      if (i % 5 != 0) text += '.' + digits(std::uniform_int_distribution<int>(0, 6)(random));
    }
    INFO("text: \"" << text << "\"");
    MoneyError fast_error = MoneyError::kNone, general_error = MoneyError::kNone;
    auto fast = ParseMoney(text, &fast_error);
    auto general = ParseMoney(" " + text, &general_error);
    REQUIRE(fast.has_value() == general.has_value());
    REQUIRE(fast_error == general_error);
    if (fast) {
      REQUIRE(fast->units == general->units);
      ++accepted;
    }
  }
  CHECK(accepted > 100000);
  CHECK(Units("117.95") == 1179500);
  CHECK(Units("-8.99") == -89900);
  CHECK(Units("12345678") == 123456780000);
  CHECK(Units("1.2345") == 12345);
  CHECK(Units("0.10") == 1000);
}

TEST_CASE("the currency symbol an amount is written with") {
  CHECK(CurrencySymbolOf("$5") == 1);
  CHECK(CurrencySymbolOf(" -$5.00 ") == 1);
  CHECK(CurrencySymbolOf("$-5") == 1);
  CHECK(CurrencySymbolOf("($5)") == 1);
  CHECK(CurrencySymbolOf("\xE2\x82\xAC"
                         "20") == 2);
  CHECK(CurrencySymbolOf("12,50 \xE2\x82\xAC") == 2);
  CHECK(CurrencySymbolOf("\xC2\xA3"
                         "3") == 3);
  CHECK(CurrencySymbolOf("5$") == 1);
  CHECK(CurrencySymbolOf("5") == 0);
  CHECK(CurrencySymbolOf("-5.00") == 0);
  CHECK(CurrencySymbolOf("$") == 0);  // no amount
  CHECK(CurrencySymbolText(2) == "\xE2\x82\xAC");
  CHECK(CurrencySymbolText(0).empty());
  // The longest symbol that fits: R$ and US$ are not "$".
  CHECK(CurrencySymbolText(CurrencySymbolOf("R$ 1.234,56")) == "R$");
  CHECK(CurrencySymbolText(CurrencySymbolOf("99,00 R$")) == "R$");
  CHECK(CurrencySymbolText(CurrencySymbolOf("US$5")) == "US$");
  CHECK(CurrencySymbolText(CurrencySymbolOf("5 S$")) == "S$");
  CHECK(CurrencySymbolFits(CurrencySymbolOf("R$5"), "BRL"));
  CHECK(!CurrencySymbolFits(CurrencySymbolOf("R$5"), "USD"));
  // The other symbols exports carry: yen, rupee, the crowns, zloty.
  const int yen = CurrencySymbolOf(
      "\xC2\xA5"
      "1200");
  CHECK(yen > 3);
  CHECK(CurrencySymbolText(yen) == "\xC2\xA5");
  CHECK(CurrencySymbolOf("1200 \xC2\xA5") == yen);
  const int rupee = CurrencySymbolOf(
      "\xE2\x82\xB9"
      "1,250.00");
  CHECK(rupee > 3);
  CHECK(rupee != yen);
  const int crowns = CurrencySymbolOf("12,50 kr");
  CHECK(crowns > 3);
  CHECK(CurrencySymbolOf("kr 99") == crowns);
  CHECK(CurrencySymbolOf("12,50 z\xC5\x82") > 3);
  CHECK(CurrencySymbolOf("kr") == 0);
  CHECK(CurrencySymbolText(kMaxCurrencySymbol).empty());
}

TEST_CASE("an ISO currency code beside the number is its symbol") {
  const int eur = CurrencySymbolOf("12,50 EUR");
  CHECK(CurrencySymbolText(eur) == "EUR");
  CHECK(CurrencySymbolOf("EUR 12.50") == eur);
  CHECK(CurrencySymbolOf("-12.50EUR") == eur);
  CHECK(CurrencySymbolText(CurrencySymbolOf("12.50 CHF")) == "CHF");
  CHECK(CurrencySymbolOf("12.50\xC2\xA0USD") == CurrencySymbolOf("USD 1"));
  CHECK(CurrencySymbolOf("12.50 eur") == 0);  // capitals only
  CHECK(CurrencySymbolOf("12.50 XYZ") == 0);  // no code we know
  CHECK(CurrencySymbolOf("EUR") == 0);        // no amount
  Money m;
  NumberFormat comma;
  comma.decimal = ',';
  comma.thousands = ".";
  REQUIRE(ParseMoneyAs("1.234,50 EUR", comma, &m) == MoneyError::kNone);
  CHECK(m.units == 12345000);
  CHECK(Units("CHF 99.00") == 990000);
  CHECK(Units("USD -5") == -50000);
  CHECK(Units("(5.00 USD)") == -50000);
  // Letters on a code's other side make it no code.
  CHECK(Rejects("EURO 5") == MoneyError::kNotANumber);
  CHECK(Rejects("5 XEUR") == MoneyError::kNotANumber);
  CHECK(Rejects("EUR 5 EUR") == MoneyError::kNotANumber);
  CHECK(Units("(5.00) USD") == -50000);  // the symbol after the parentheses
  // Two currencies on one amount, with a thousands separator to read too
  // (the path that normalizes the number): never one of them dropped.
  NumberFormat point;
  point.thousands = ",";
  CHECK(ParseMoneyAs("1,234.50 USD", point, &m) == MoneyError::kNone);
  CHECK(m.units == 12345000);
  for (const char* two : {"\xE2\x82\xAC"
                          "10 USD",
                          "\xE2\x82\xAC"
                          "10$",
                          "10 EUR USD", "$10 EUR", "(5.00 USD) EUR", "$1,234.50 EUR"}) {
    CHECK(ParseMoneyAs(two, point, &m) == MoneyError::kNotANumber);
  }
  const std::pair<int, int> none{0, 0};
  CHECK(TwoCurrencySymbols("\xE2\x82\xAC"
                           "10 USD") == std::pair<int, int>{2, CurrencySymbolOf("1 USD")});
  CHECK(TwoCurrencySymbols("(5.00 USD) EUR") ==
        std::pair<int, int>{CurrencySymbolOf("1 USD"), CurrencySymbolOf("1 EUR")});
  CHECK(TwoCurrencySymbols("$10") == none);
  CHECK(TwoCurrencySymbols("5$$") == none);  // one currency, written twice
  // A symbol and the code of its currency are one currency, and read.
  CHECK(TwoCurrencySymbols("$10 USD") == none);
  CHECK(Units("\xE2\x82\xAC"
              "10 EUR") == 100000);
  CHECK(Units("($5.00) USD") == -50000);
  REQUIRE(ParseMoneyAs("$1,234.50 USD", point, &m) == MoneyError::kNone);
  CHECK(m.units == 12345000);
  CHECK(CurrencySymbolFits(eur, "EUR"));
  CHECK(CurrencySymbolFits(eur, "eur"));
  CHECK_FALSE(CurrencySymbolFits(eur, "USD"));
  CHECK(CurrencySymbolFits(eur, "points"));  // no code: nothing says otherwise
}

TEST_CASE("amounts with the other symbols read as numbers") {
  Money m;
  CHECK(ParseMoneyInto("\xC2\xA5"
                       "1200",
                       &m) == MoneyError::kNone);
  CHECK(m.units == 12000000);
  CHECK(ParseMoneyInto("-\xE2\x82\xB9"
                       "5.50",
                       &m) == MoneyError::kNone);
  CHECK(m.units == -55000);
  CHECK(ParseMoneyInto("99 kr", &m) == MoneyError::kNone);
  CHECK(m.units == 990000);
  CHECK(ParseMoneyInto("kr 99", &m) == MoneyError::kNone);
  CHECK(m.units == 990000);
  NumberFormat comma;
  comma.decimal = ',';
  comma.thousands = ".";
  CHECK(ParseMoneyAs("1.234,50 z\xC5\x82", comma, &m) == MoneyError::kNone);
  CHECK(m.units == 12345000);
  CHECK(ParseMoneyAs("1.234,50\xC2\xA0K\xC4\x8D", comma, &m) == MoneyError::kNone);
  CHECK(m.units == 12345000);
  // Danish kroner with a dot, and the minus sign U+2212.
  CHECK(ParseMoneyAs("1.234,50 kr.", comma, &m) == MoneyError::kNone);
  CHECK(m.units == 12345000);
  CHECK(ParseMoneyAs("kr. 1.234,50", comma, &m) == MoneyError::kNone);
  CHECK(m.units == 12345000);
  CHECK(ParseMoneyAs("\xE2\x88\x92"
                     "1.234,50 kr",
                     comma, &m) == MoneyError::kNone);
  CHECK(m.units == -12345000);
}

TEST_CASE("amounts as Asian shops write them: 円, 元, 원, ￥, Rs., RM, Rp, NT$") {
  const NumberFormat point{'.', ","};
  const std::pair<const char*, int64_t> amounts[] = {
      {"1234\xE5\x86\x86", 12340000},   // 1234円
      {"1,234\xE5\x86\x86", 12340000},  // 1,234円
      {"\xEF\xBF\xA5"
       "1,234",
       12340000},                         // ￥1,234
      {"12,000\xEC\x9B\x90", 120000000},  // 12,000원
      {"1234 \xE5\x85\x83", 12340000},    // 1234 元
      {"Rs. 1,234.50", 12345000},
      {"(Rs. 1,234.50)", -12345000},
      {"Rs 1,00,000", 1000000000},
      {"RM 12.50", 125000},
      {"NT$500", 5000000},
      {"AU$12.50", 125000},
  };
  for (const auto& [text, units] : amounts) {
    INFO(text);
    Money m;
    REQUIRE(ParseMoneyAs(text, point, &m) == MoneyError::kNone);
    CHECK(m.units == units);
  }
  CHECK(retention::CurrencySymbolFits(retention::CurrencySymbolOf("1234\xE5\x86\x86"), "JPY"));
  CHECK_FALSE(retention::CurrencySymbolFits(retention::CurrencySymbolOf("Rs. 5"), "EUR"));
  CHECK(CurrencySymbolText(CurrencySymbolOf("RMB 12.50")) != "RM");  // yuan, no ringgit
  CHECK(
      retention::SymbolOfWholeAmounts(retention::CurrencySymbolOf("\xC2\xA5"
                                                                  "1,234")));
  CHECK_FALSE(
      retention::SymbolOfWholeAmounts(retention::CurrencySymbolOf("\xE2\x82\xAC"
                                                                  "1,234")));
}

TEST_CASE("a minus after the number, as SAP writes credits: 100,00-") {
  Money m;
  NumberFormat comma;
  comma.decimal = ',';
  comma.thousands = ".";
  CHECK(ParseMoneyAs("1.234,56-", comma, &m) == MoneyError::kNone);
  CHECK(m.units == -12345600);
  CHECK(ParseMoneyAs(" 100,00 - ", comma, &m) == MoneyError::kNone);
  CHECK(m.units == -1000000);
  CHECK(ParseMoneyAs("19.99-", NumberFormat(), &m) == MoneyError::kNone);
  CHECK(m.units == -199900);
  // Two signs, a lone minus, or a bad number before it stay no number.
  CHECK(ParseMoneyAs("-5-", NumberFormat(), &m) == MoneyError::kNotANumber);
  CHECK(ParseMoneyAs("(5)-", NumberFormat(), &m) == MoneyError::kNotANumber);
  CHECK(ParseMoneyAs("-", NumberFormat(), &m) != MoneyError::kNone);
  CHECK(ParseMoneyAs("1,2,3-", comma, &m) == MoneyError::kNotANumber);
  CHECK(ParseMoneyAs("0,12345-", comma, &m) == MoneyError::kTooPrecise);
  // The symbol before the sign is the amount's all the same.
  CHECK(ParseMoneyAs("12,50 \xE2\x82\xAC-", comma, &m) == MoneyError::kNone);
  CHECK(m.units == -125000);
  CHECK(CurrencySymbolOf("12,50 \xE2\x82\xAC-") == CurrencySymbolOf("12,50 \xE2\x82\xAC"));
  CHECK(CurrencySymbolOf("$5-") == CurrencySymbolOf("$5"));
  // Or after the sign: "1.234,50- EUR".
  CHECK(ParseMoneyAs("1.234,50- EUR", comma, &m) == MoneyError::kNone);
  CHECK(m.units == -12345000);
  CHECK(ParseMoneyAs("5.00- USD", NumberFormat(), &m) == MoneyError::kNone);
  CHECK(m.units == -50000);
  CHECK(CurrencySymbolOf("5.00- USD") == CurrencySymbolOf("5 USD"));
  CHECK(ParseMoneyAs("5.00- USD EUR", NumberFormat(), &m) == MoneyError::kNotANumber);
}

TEST_CASE("CurrencySymbolFits: a symbol and a code that say other currencies do not fit") {
  CHECK(CurrencySymbolFits(1, "USD"));
  CHECK(CurrencySymbolFits(1, " cad "));
  CHECK(CurrencySymbolFits(2, "eur"));
  CHECK(CurrencySymbolFits(3, "GBP"));
  CHECK_FALSE(CurrencySymbolFits(1, "EUR"));
  CHECK_FALSE(CurrencySymbolFits(2, "USD"));
  CHECK_FALSE(CurrencySymbolFits(3, "JPY"));
  const int yen = CurrencySymbolOf(
      "\xC2\xA5"
      "5");
  CHECK(CurrencySymbolFits(yen, "JPY"));
  CHECK(CurrencySymbolFits(yen, "cny"));
  CHECK_FALSE(CurrencySymbolFits(yen, "USD"));
  const int crowns = CurrencySymbolOf("5 kr");
  CHECK(CurrencySymbolFits(crowns, "SEK"));
  CHECK(CurrencySymbolFits(crowns, "DKK"));
  CHECK_FALSE(CurrencySymbolFits(crowns, "EUR"));
  // No symbol, or a currency that is no known code: nothing to contradict.
  CHECK(CurrencySymbolFits(0, "EUR"));
  CHECK(CurrencySymbolFits(2, "Euro"));
  CHECK(CurrencySymbolFits(1, "XYZ"));
  CHECK(IsKnownCurrencyCode("chf"));
  CHECK_FALSE(IsKnownCurrencyCode("UTC"));
}

TEST_CASE("CurrencyCodeOf: a code in capitals, or the one currency a symbol writes") {
  CHECK(CurrencyCodeOf(" usd ") == "USD");
  CHECK(CurrencyCodeOf("US$") == "USD");
  CHECK(CurrencyCodeOf("\xE2\x82\xAC") == "EUR");
  CHECK(CurrencyCodeOf("R$") == "BRL");
  CHECK(CurrencyCodeOf("$").empty());
  CHECK(CurrencyCodeOf("kr").empty());
  CHECK(CurrencyCodeOf("dollars").empty());
}

TEST_CASE("ParseMoneyFigure reads sums past one amount's bound") {
  auto units = [](const char* text) {
    std::optional<Money> m = ParseMoneyFigure(text);
    return m ? std::optional<int64_t>(m->units) : std::nullopt;
  };
  CHECK(units("1999999999999.9998") == int64_t{19999999999999998});
  CHECK(units("-5") == -50000);
  CHECK(units("+0.5") == 5000);
  CHECK(units(".5") == 5000);
  CHECK(units("12.50000000") == 125000);  // NUMERIC's trailing zeros
  CHECK(units("5.") == 50000);
  CHECK(units("\xC2\xA0"
              "5\xC2\xA0") == 50000);
  CHECK_FALSE(units("1.2.3"));
  CHECK(units("922337203685477.5807") == std::numeric_limits<int64_t>::max());
  CHECK_FALSE(units("922337203685477.5808"));  // one past
  CHECK_FALSE(units("99999999999999999999"));
  CHECK_FALSE(units("1.23456"));
  CHECK_FALSE(units("1e3"));
  CHECK_FALSE(units("$5"));
  CHECK_FALSE(units(""));
  CHECK_FALSE(units("-"));
  CHECK_FALSE(units("."));
}

TEST_CASE("Excel's accounting format as a spreadsheet saves it: $(20.00), and $ - for zero") {
  NumberFormat point;
  point.thousands = ",";
  NumberFormat comma;
  comma.decimal = ',';
  comma.thousands = ".";
  Money m;
  REQUIRE(ParseMoneyAs(" $(20.00)", point, &m) == MoneyError::kNone);
  CHECK(m.units == -200000);
  REQUIRE(ParseMoneyAs(" $ (1,234.50) ", point, &m) == MoneyError::kNone);
  CHECK(m.units == -12345000);
  REQUIRE(ParseMoneyAs("€(20,00)", comma, &m) == MoneyError::kNone);
  CHECK(m.units == -200000);
  REQUIRE(ParseMoneyAs(" $ -   ", point, &m) == MoneyError::kNone);
  CHECK(m.units == 0);
  // A dash without a symbol says nothing: no zero read into it.
  CHECK(ParseMoneyAs("-", point, &m) == MoneyError::kNotANumber);
  CHECK(ParseMoneyAs("$(20.00", point, &m) == MoneyError::kNotANumber);
}
