#include "retention/period.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "retention/error.h"

using retention::ActiveUntil;
using retention::AddUnits;
using retention::CivilDate;
using retention::DateFromTime;
using retention::FormatDate;
using retention::FormatWindow;
using retention::IsPartial;
using retention::kSecondsPerDay;
using retention::ParsePeriod;
using retention::ParseRange;
using retention::ParseUnit;
using retention::ParseWindow;
using retention::Period;
using retention::PeriodOf;
using retention::SplitPeriod;
using retention::StartOf;
using retention::SubtractWindow;
using retention::Time;
using retention::TimeFromDate;
using retention::Unit;
using retention::UnitName;
using retention::UnitOfPeriodText;
using retention::UsageError;
using retention::Window;
using retention::WindowOfPeriod;

namespace {

Time At(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  return TimeFromDate(CivilDate{y, m, d}) + hh * 3600 + mm * 60 + ss;
}

// "[start, end) label" so a failure shows all three at once.
std::string Show(const Period& p) {
  return "[" + FormatDate(p.start) + ", " + FormatDate(p.end) + ") " + p.label;
}

std::string Parsed(const std::string& text, CivilDate as_of) {
  return Show(ParsePeriod(text, as_of));
}

std::vector<std::string> Labels(const std::vector<Period>& periods) {
  std::vector<std::string> out;
  for (const auto& p : periods) out.push_back(p.label);
  return out;
}

std::string UsageMessage(const std::string& text) {
  try {
    ParsePeriod(text, CivilDate{2024, 3, 15});
  } catch (const UsageError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("Unit names") {
  CHECK(UnitName(Unit::kDay) == "day");
  CHECK(UnitName(Unit::kWeek) == "week");
  CHECK(UnitName(Unit::kMonth) == "month");
  CHECK(UnitName(Unit::kQuarter) == "quarter");
  CHECK(UnitName(Unit::kYear) == "year");
  CHECK(ParseUnit("month") == Unit::kMonth);
  CHECK(ParseUnit("monthly") == Unit::kMonth);
  CHECK(ParseUnit("daily") == Unit::kDay);
  CHECK(ParseUnit("weekly") == Unit::kWeek);
  CHECK(ParseUnit("quarterly") == Unit::kQuarter);
  CHECK(ParseUnit("yearly") == Unit::kYear);
  CHECK(ParseUnit("year") == Unit::kYear);
  CHECK_FALSE(ParseUnit("fortnight"));
  CHECK_FALSE(ParseUnit(""));
}

TEST_CASE("StartOf and AddUnits") {
  CivilDate d{2024, 3, 15};  // a Friday
  CHECK(StartOf(Unit::kDay, d) == d);
  CHECK(StartOf(Unit::kWeek, d) == CivilDate{2024, 3, 11});
  CHECK(StartOf(Unit::kWeek, CivilDate{2024, 3, 11}) == CivilDate{2024, 3, 11});
  CHECK(StartOf(Unit::kWeek, CivilDate{2024, 3, 17}) == CivilDate{2024, 3, 11});
  CHECK(StartOf(Unit::kWeek, CivilDate{2021, 1, 3}) == CivilDate{2020, 12, 28});
  CHECK(StartOf(Unit::kMonth, d) == CivilDate{2024, 3, 1});
  CHECK(StartOf(Unit::kQuarter, d) == CivilDate{2024, 1, 1});
  CHECK(StartOf(Unit::kQuarter, CivilDate{2024, 12, 31}) == CivilDate{2024, 10, 1});
  CHECK(StartOf(Unit::kYear, d) == CivilDate{2024, 1, 1});
  CHECK(AddUnits(Unit::kDay, d, -15) == CivilDate{2024, 2, 29});
  CHECK(AddUnits(Unit::kWeek, d, 3) == CivilDate{2024, 4, 5});
  CHECK(AddUnits(Unit::kMonth, CivilDate{2024, 1, 1}, -1) == CivilDate{2023, 12, 1});
  CHECK(AddUnits(Unit::kQuarter, CivilDate{2024, 1, 1}, -1) == CivilDate{2023, 10, 1});
  CHECK(AddUnits(Unit::kYear, CivilDate{2024, 2, 29}, 1) == CivilDate{2025, 2, 28});
}

TEST_CASE("PeriodOf labels each unit") {
  CivilDate d{2024, 3, 15};
  CHECK(Show(PeriodOf(Unit::kDay, d)) == "[2024-03-15, 2024-03-16) 2024-03-15");
  CHECK(Show(PeriodOf(Unit::kWeek, d)) == "[2024-03-11, 2024-03-18) 2024-W11");
  CHECK(Show(PeriodOf(Unit::kMonth, d)) == "[2024-03-01, 2024-04-01) 2024-03");
  CHECK(Show(PeriodOf(Unit::kQuarter, d)) == "[2024-01-01, 2024-04-01) 2024-Q1");
  CHECK(Show(PeriodOf(Unit::kQuarter, CivilDate{2024, 11, 2})) ==
        "[2024-10-01, 2025-01-01) 2024-Q4");
  CHECK(Show(PeriodOf(Unit::kYear, d)) == "[2024-01-01, 2025-01-01) 2024");
}

TEST_CASE("ISO week labels at year boundaries") {
  CHECK(Show(PeriodOf(Unit::kWeek, CivilDate{2021, 1, 3})) == "[2020-12-28, 2021-01-04) 2020-W53");
  CHECK(Show(PeriodOf(Unit::kWeek, CivilDate{2021, 1, 4})) == "[2021-01-04, 2021-01-11) 2021-W01");
  CHECK(Show(PeriodOf(Unit::kWeek, CivilDate{2024, 12, 31})) ==
        "[2024-12-30, 2025-01-06) 2025-W01");
  CHECK(PeriodOf(Unit::kWeek, CivilDate{2019, 12, 30}).label == "2020-W01");
  CHECK(PeriodOf(Unit::kWeek, CivilDate{2026, 1, 1}).label == "2026-W01");
  CHECK(PeriodOf(Unit::kWeek, CivilDate{2027, 1, 1}).label == "2026-W53");
  CHECK(PeriodOf(Unit::kWeek, CivilDate{2016, 1, 3}).label == "2015-W53");
  CHECK(PeriodOf(Unit::kWeek, CivilDate{2008, 12, 29}).label == "2009-W01");
  CHECK(PeriodOf(Unit::kWeek, CivilDate{2010, 1, 3}).label == "2009-W53");
  CHECK(PeriodOf(Unit::kWeek, CivilDate{2024, 1, 1}).label == "2024-W01");
  CHECK(PeriodOf(Unit::kWeek, CivilDate{2023, 12, 31}).label == "2023-W52");
}

TEST_CASE("Every period label parses back to the same period") {
  for (Unit unit : {Unit::kDay, Unit::kWeek, Unit::kMonth, Unit::kQuarter, Unit::kYear}) {
    for (CivilDate d{1999, 12, 1}; d < CivilDate{2031, 1, 31}; d = AddUnits(Unit::kDay, d, 1)) {
      Period p = PeriodOf(unit, d);
      Period back = ParsePeriod(p.label, CivilDate{2024, 3, 15});
      if (!(p.start <= d && d < p.end) || back.start != p.start || back.end != p.end ||
          back.label != p.label || UnitOfPeriodText(p.label, d) != unit) {
        FAIL("round trip failed for " << FormatDate(d) << " as " << UnitName(unit) << ": "
                                      << Show(p) << " vs " << Show(back));
      }
    }
  }
}

TEST_CASE("ParsePeriod absolute forms") {
  CivilDate as_of{2024, 3, 15};
  CHECK(Parsed("2024-03-15", as_of) == "[2024-03-15, 2024-03-16) 2024-03-15");
  CHECK(Parsed("2024-02-29", as_of) == "[2024-02-29, 2024-03-01) 2024-02-29");
  CHECK(Parsed("2024-W09", as_of) == "[2024-02-26, 2024-03-04) 2024-W09");
  CHECK(Parsed("2024-w9", as_of) == "[2024-02-26, 2024-03-04) 2024-W09");
  CHECK(Parsed("2020-W53", as_of) == "[2020-12-28, 2021-01-04) 2020-W53");
  CHECK(Parsed("2026-W01", as_of) == "[2025-12-29, 2026-01-05) 2026-W01");
  CHECK(Parsed("2024-03", as_of) == "[2024-03-01, 2024-04-01) 2024-03");
  CHECK(Parsed("2024-12", as_of) == "[2024-12-01, 2025-01-01) 2024-12");
  CHECK(Parsed("2024-Q1", as_of) == "[2024-01-01, 2024-04-01) 2024-Q1");
  CHECK(Parsed("2024-q4", as_of) == "[2024-10-01, 2025-01-01) 2024-Q4");
  CHECK(Parsed("2024", as_of) == "[2024-01-01, 2025-01-01) 2024");
  CHECK(Parsed(" 2024-03 ", as_of) == "[2024-03-01, 2024-04-01) 2024-03");
}

TEST_CASE("ParsePeriod relative names on 2024-03-15") {
  CivilDate as_of{2024, 3, 15};
  CHECK(Parsed("today", as_of) == "[2024-03-15, 2024-03-16) 2024-03-15");
  CHECK(Parsed("yesterday", as_of) == "[2024-03-14, 2024-03-15) 2024-03-14");
  CHECK(Parsed("this-week", as_of) == "[2024-03-11, 2024-03-18) 2024-W11");
  CHECK(Parsed("last-week", as_of) == "[2024-03-04, 2024-03-11) 2024-W10");
  CHECK(Parsed("this-month", as_of) == "[2024-03-01, 2024-04-01) 2024-03");
  CHECK(Parsed("last-month", as_of) == "[2024-02-01, 2024-03-01) 2024-02");
  CHECK(Parsed("this-quarter", as_of) == "[2024-01-01, 2024-04-01) 2024-Q1");
  CHECK(Parsed("last-quarter", as_of) == "[2023-10-01, 2024-01-01) 2023-Q4");
  CHECK(Parsed("this-year", as_of) == "[2024-01-01, 2025-01-01) 2024");
  CHECK(Parsed("last-year", as_of) == "[2023-01-01, 2024-01-01) 2023");
  CHECK(Parsed("week-to-date", as_of) == "[2024-03-11, 2024-03-16) week-to-date");
  CHECK(Parsed("month-to-date", as_of) == "[2024-03-01, 2024-03-16) month-to-date");
  CHECK(Parsed("quarter-to-date", as_of) == "[2024-01-01, 2024-03-16) quarter-to-date");
  CHECK(Parsed("year-to-date", as_of) == "[2024-01-01, 2024-03-16) year-to-date");
  CHECK(Parsed("Last-Month", as_of) == "[2024-02-01, 2024-03-01) 2024-02");
}

TEST_CASE("ParsePeriod relative names on 2024-01-01") {
  CivilDate as_of{2024, 1, 1};  // a Monday
  CHECK(Parsed("today", as_of) == "[2024-01-01, 2024-01-02) 2024-01-01");
  CHECK(Parsed("yesterday", as_of) == "[2023-12-31, 2024-01-01) 2023-12-31");
  CHECK(Parsed("this-week", as_of) == "[2024-01-01, 2024-01-08) 2024-W01");
  CHECK(Parsed("last-week", as_of) == "[2023-12-25, 2024-01-01) 2023-W52");
  CHECK(Parsed("this-month", as_of) == "[2024-01-01, 2024-02-01) 2024-01");
  CHECK(Parsed("last-month", as_of) == "[2023-12-01, 2024-01-01) 2023-12");
  CHECK(Parsed("this-quarter", as_of) == "[2024-01-01, 2024-04-01) 2024-Q1");
  CHECK(Parsed("last-quarter", as_of) == "[2023-10-01, 2024-01-01) 2023-Q4");
  CHECK(Parsed("this-year", as_of) == "[2024-01-01, 2025-01-01) 2024");
  CHECK(Parsed("last-year", as_of) == "[2023-01-01, 2024-01-01) 2023");
  CHECK(Parsed("week-to-date", as_of) == "[2024-01-01, 2024-01-02) week-to-date");
  CHECK(Parsed("month-to-date", as_of) == "[2024-01-01, 2024-01-02) month-to-date");
  CHECK(Parsed("quarter-to-date", as_of) == "[2024-01-01, 2024-01-02) quarter-to-date");
  CHECK(Parsed("year-to-date", as_of) == "[2024-01-01, 2024-01-02) year-to-date");
}

TEST_CASE("ParsePeriod rejects unknown periods with the accepted forms") {
  const std::string forms =
      "; use a day 2024-03-15, a week 2024-W09, a month 2024-03, a quarter 2024-Q1, a year "
      "2024, or today, yesterday, this-week, last-week, this-month, last-month, this-quarter, "
      "last-quarter, this-year, last-year, week-to-date, month-to-date, quarter-to-date, "
      "year-to-date";
  CHECK(UsageMessage("2024-13") == "unknown period \"2024-13\" (months run from 01 to 12)" + forms);
  CHECK(UsageMessage("2024-00") == "unknown period \"2024-00\" (months run from 01 to 12)" + forms);
  CHECK(UsageMessage("2024-Q5") ==
        "unknown period \"2024-Q5\" (quarters run from Q1 to Q4)" + forms);
  CHECK(UsageMessage("2024-Q0") ==
        "unknown period \"2024-Q0\" (quarters run from Q1 to Q4)" + forms);
  // A month written as people write one: the form the tool reads.
  CHECK(UsageMessage("03/2024") ==
        "unknown period \"03/2024\"" + forms + "; did you mean '2024-03'?");
  CHECK(UsageMessage("March 2024") ==
        "unknown period \"March 2024\"" + forms + "; did you mean '2024-03'?");
  CHECK(UsageMessage("2021-W53") ==
        "unknown period \"2021-W53\" (2021 has ISO weeks W01 to W52)" + forms);
  CHECK(UsageMessage("2024-W00") ==
        "unknown period \"2024-W00\" (2024 has ISO weeks W01 to W52)" + forms);
  CHECK(UsageMessage("2024-02-30") == "the period \"2024-02-30\" is not a real date" + forms);
  CHECK(UsageMessage("0000-05") == "the period \"0000-05\" is in year 0000; years start at 0001");
  CHECK(ParsePeriod("0001", CivilDate{2024, 3, 15}).label == "0001");
  for (const char* bad : {"", "march", "next-month", "24", "2024-3", "2024/03", "2024-03-1",
                          "2024-W123", "2024-Q12", "last month", "20240315"}) {
    INFO("text: \"" << bad << "\"");
    CHECK_THROWS_AS(ParsePeriod(bad, CivilDate{2024, 3, 15}), UsageError);
  }
}

TEST_CASE("UnitOfPeriodText") {
  CivilDate as_of{2024, 3, 15};
  CHECK(UnitOfPeriodText("2024-03-15", as_of) == Unit::kDay);
  CHECK(UnitOfPeriodText("2024-W09", as_of) == Unit::kWeek);
  CHECK(UnitOfPeriodText("2024-03", as_of) == Unit::kMonth);
  CHECK(UnitOfPeriodText("2024-Q1", as_of) == Unit::kQuarter);
  CHECK(UnitOfPeriodText("2024", as_of) == Unit::kYear);
  CHECK(UnitOfPeriodText("today", as_of) == Unit::kDay);
  CHECK(UnitOfPeriodText("yesterday", as_of) == Unit::kDay);
  CHECK(UnitOfPeriodText("last-week", as_of) == Unit::kWeek);
  CHECK(UnitOfPeriodText("this-month", as_of) == Unit::kMonth);
  CHECK(UnitOfPeriodText("month-to-date", as_of) == Unit::kMonth);
  CHECK(UnitOfPeriodText("last-quarter", as_of) == Unit::kQuarter);
  CHECK(UnitOfPeriodText("year-to-date", as_of) == Unit::kYear);
  CHECK_FALSE(UnitOfPeriodText("whenever", as_of));
  CHECK_FALSE(UnitOfPeriodText("", as_of));
}

TEST_CASE("ParseRange includes the whole --to period") {
  CivilDate as_of{2024, 3, 15};
  CHECK(Show(ParseRange("2023-01", "2023-12", as_of)) ==
        "[2023-01-01, 2024-01-01) 2023-01..2023-12");
  CHECK(Show(ParseRange("2023-12-01", "2023-12-31", as_of)) ==
        "[2023-12-01, 2024-01-01) 2023-12-01..2023-12-31");
  CHECK(Show(ParseRange("2024-03-05", "2024-03-05", as_of)) ==
        "[2024-03-05, 2024-03-06) 2024-03-05..2024-03-05");
  CHECK(Show(ParseRange("2023-Q4", "2024-W02", as_of)) ==
        "[2023-10-01, 2024-01-15) 2023-Q4..2024-W02");
  // Relative ends are named by what they are on as_of: the label still
  // says which days the range holds once as_of has moved on.
  CHECK(Show(ParseRange("2023", "last-month", as_of)) == "[2023-01-01, 2024-03-01) 2023..2024-02");
  CHECK(Show(ParseRange("last-month", "month-to-date", as_of)) ==
        "[2024-02-01, 2024-03-16) 2024-02..2024-03-15");
  CHECK(Show(ParseRange("month-to-date", "this-month", as_of)) ==
        "[2024-03-01, 2024-04-01) 2024-03-01..2024-03");
  // Overlapping periods still make a span.
  CHECK(Show(ParseRange("2024", "2024-02", as_of)) == "[2024-01-01, 2024-03-01) 2024..2024-02");
  CHECK_THROWS_AS(ParseRange("2024-03", "2024-01", as_of), UsageError);
  CHECK_THROWS_AS(ParseRange("2024-03-05", "2024-03-04", as_of), UsageError);
  CHECK_THROWS_AS(ParseRange("2024-01", "2024-13", as_of), UsageError);
}

TEST_CASE("SplitPeriod") {
  Period span{CivilDate{2024, 1, 15}, CivilDate{2024, 4, 10}, "x"};
  CHECK(Labels(SplitPeriod(span, Unit::kMonth)) ==
        std::vector<std::string>{"2024-01", "2024-02", "2024-03", "2024-04"});
  CHECK(Labels(SplitPeriod(span, Unit::kQuarter)) ==
        std::vector<std::string>{"2024-Q1", "2024-Q2"});
  CHECK(Labels(SplitPeriod(span, Unit::kYear)) == std::vector<std::string>{"2024"});
  auto months = SplitPeriod(span, Unit::kMonth);
  CHECK(months.front().start == CivilDate{2024, 1, 1});
  CHECK(months.back().end == CivilDate{2024, 5, 1});

  Period year = ParsePeriod("2023", CivilDate{2024, 3, 15});
  CHECK(SplitPeriod(year, Unit::kMonth).size() == 12);
  CHECK(SplitPeriod(year, Unit::kDay).size() == 365);
  CHECK(Labels(SplitPeriod(year, Unit::kQuarter)) ==
        std::vector<std::string>{"2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"});

  Period days{CivilDate{2024, 2, 28}, CivilDate{2024, 3, 2}, "x"};
  CHECK(Labels(SplitPeriod(days, Unit::kDay)) ==
        std::vector<std::string>{"2024-02-28", "2024-02-29", "2024-03-01"});

  Period turn{CivilDate{2020, 12, 25}, CivilDate{2021, 1, 11}, "x"};
  CHECK(Labels(SplitPeriod(turn, Unit::kWeek)) ==
        std::vector<std::string>{"2020-W52", "2020-W53", "2021-W01"});
  // Ending on a Monday: that Monday's week is not included.
  Period two_weeks{CivilDate{2024, 1, 1}, CivilDate{2024, 1, 15}, "x"};
  CHECK(Labels(SplitPeriod(two_weeks, Unit::kWeek)) ==
        std::vector<std::string>{"2024-W01", "2024-W02"});

  Period empty{CivilDate{2024, 1, 1}, CivilDate{2024, 1, 1}, "x"};
  CHECK(SplitPeriod(empty, Unit::kMonth).empty());
}

TEST_CASE("SplitPeriod refuses more than kMaxSeriesPeriods periods") {
  CivilDate start{2000, 1, 1};
  Period most{start, AddUnits(Unit::kDay, start, retention::kMaxSeriesPeriods), "x"};
  CHECK(SplitPeriod(most, Unit::kDay).size() == 10000);
  Period one_more{start, AddUnits(Unit::kDay, most.end, 1), "x"};
  CHECK_THROWS_WITH(SplitPeriod(one_more, Unit::kDay),
                    "a series from 2000-01-01 to 2027-05-19 has more than 10000 days; use a "
                    "shorter range or a coarser --every (week, month, quarter, year)");
  Period everything{CivilDate{0, 1, 1}, CivilDate{10000, 1, 1}, "x"};
  CHECK_THROWS_AS(SplitPeriod(everything, Unit::kDay), UsageError);
  // Only units longer than the one asked for are suggested.
  CHECK_THROWS_WITH(SplitPeriod(everything, Unit::kMonth),
                    Catch::EndsWith("a coarser --every (quarter, year)"));
  CHECK_THROWS_WITH(SplitPeriod(everything, Unit::kQuarter),
                    Catch::EndsWith("quarters; use a shorter range or a coarser --every (year)"));
  CHECK_THROWS_AS(SplitPeriod(everything, Unit::kWeek), UsageError);
  CHECK(SplitPeriod(everything, Unit::kYear).size() == 10000);
}

TEST_CASE("IsPartial") {
  Period march = ParsePeriod("2024-03", CivilDate{2024, 3, 15});
  CHECK(IsPartial(march, CivilDate{2024, 3, 15}));
  CHECK(IsPartial(march, CivilDate{2024, 3, 31}));
  CHECK_FALSE(IsPartial(march, CivilDate{2024, 4, 1}));
  CHECK_FALSE(IsPartial(march, CivilDate{2025, 1, 1}));
  CHECK(IsPartial(march, CivilDate{2023, 1, 1}));
  CHECK(IsPartial(ParsePeriod("month-to-date", CivilDate{2024, 3, 15}), CivilDate{2024, 3, 15}));
  CHECK_FALSE(IsPartial(ParsePeriod("last-month", CivilDate{2024, 3, 1}), CivilDate{2024, 3, 1}));
  CHECK(IsPartial(ParsePeriod("today", CivilDate{2024, 3, 15}), CivilDate{2024, 3, 15}));
  CHECK_FALSE(IsPartial(ParsePeriod("yesterday", CivilDate{2024, 3, 15}), CivilDate{2024, 3, 15}));
}

TEST_CASE("ParseWindow and FormatWindow") {
  CHECK(ParseWindow("90d") == Window{Unit::kDay, 90});
  CHECK(ParseWindow("12w") == Window{Unit::kWeek, 12});
  CHECK(ParseWindow("3m") == Window{Unit::kMonth, 3});
  CHECK(ParseWindow("1q") == Window{Unit::kQuarter, 1});
  CHECK(ParseWindow("1y") == Window{Unit::kYear, 1});
  CHECK(ParseWindow("90 days") == Window{Unit::kDay, 90});
  CHECK(ParseWindow("1 day") == Window{Unit::kDay, 1});
  CHECK(ParseWindow("2 weeks") == Window{Unit::kWeek, 2});
  CHECK(ParseWindow("3 months") == Window{Unit::kMonth, 3});
  CHECK(ParseWindow("1 Month") == Window{Unit::kMonth, 1});
  CHECK(ParseWindow("2 quarters") == Window{Unit::kQuarter, 2});
  CHECK(ParseWindow("1 year") == Window{Unit::kYear, 1});
  CHECK(ParseWindow(" 6M ") == Window{Unit::kMonth, 6});
  CHECK(ParseWindow("10000d") == Window{Unit::kDay, 10000});
  CHECK(ParseWindow("007d") == Window{Unit::kDay, 7});

  CHECK(FormatWindow(Window{Unit::kDay, 90}) == "90d");
  CHECK(FormatWindow(Window{Unit::kWeek, 12}) == "12w");
  CHECK(FormatWindow(Window{Unit::kMonth, 3}) == "3m");
  CHECK(FormatWindow(Window{Unit::kQuarter, 1}) == "1q");
  CHECK(FormatWindow(Window{Unit::kYear, 2}) == "2y");
  CHECK(FormatWindow(ParseWindow("3 months")) == "3m");
}

TEST_CASE("ParseWindow errors") {
  for (const char* bad : {"", "d", "0d", "-1m", "+1m", "3", "3x", "1.5m", "10001d", "100000d",
                          "99999999999999999999d", "3 mo", "m3", "3m3", "three months", "3 m s"}) {
    INFO("window: \"" << bad << "\"");
    CHECK_THROWS_AS(ParseWindow(bad), UsageError);
  }
  CHECK_THROWS_WITH(ParseWindow("3x"),
                    "invalid window \"3x\"; use a count and a unit like 90d, 12w, 3m, 1q or 1y "
                    "(or 90 days, 3 months)");
  CHECK_THROWS_WITH(ParseWindow("0d"), Catch::Contains("1 to 10000"));
}

TEST_CASE("WindowOfPeriod") {
  CivilDate as_of{2024, 3, 15};
  CHECK(WindowOfPeriod(ParsePeriod("2024-03-15", as_of)) == Window{Unit::kDay, 1});
  CHECK(WindowOfPeriod(ParsePeriod("2024-W09", as_of)) == Window{Unit::kWeek, 1});
  CHECK(WindowOfPeriod(ParsePeriod("2024-02", as_of)) == Window{Unit::kMonth, 1});
  CHECK(WindowOfPeriod(ParsePeriod("2024-Q2", as_of)) == Window{Unit::kQuarter, 1});
  CHECK(WindowOfPeriod(ParsePeriod("2024", as_of)) == Window{Unit::kYear, 1});
  CHECK(WindowOfPeriod(ParsePeriod("last-month", as_of)) == Window{Unit::kMonth, 1});
  CHECK(WindowOfPeriod(ParseRange("2023-01", "2023-12", as_of)) == Window{Unit::kYear, 1});
  CHECK(WindowOfPeriod(ParseRange("2024-01", "2024-03", as_of)) == Window{Unit::kQuarter, 1});
  CHECK(WindowOfPeriod(ParseRange("2024-02", "2024-04", as_of)) == Window{Unit::kMonth, 3});
  CHECK(WindowOfPeriod(ParseRange("2023-01", "2024-06", as_of)) == Window{Unit::kMonth, 18});
  CHECK(WindowOfPeriod(ParseRange("2023-07", "2024-06", as_of)) == Window{Unit::kMonth, 12});
  CHECK(WindowOfPeriod(ParseRange("2024-03-01", "2024-03-10", as_of)) == Window{Unit::kDay, 10});
  CHECK(WindowOfPeriod(ParseRange("2024-02-26", "2024-03-10", as_of)) == Window{Unit::kDay, 14});
  CHECK(WindowOfPeriod(ParseRange("2024-02-15", "2024-03-14", as_of)) == Window{Unit::kDay, 29});
  CHECK(WindowOfPeriod(ParsePeriod("month-to-date", as_of)) == Window{Unit::kDay, 15});
  CHECK(WindowOfPeriod(ParsePeriod("month-to-date", CivilDate{2024, 3, 31})) ==
        Window{Unit::kMonth, 1});
}

TEST_CASE("SubtractWindow") {
  CHECK(SubtractWindow(At(2024, 3, 31, 10), Window{Unit::kMonth, 1}) == At(2024, 2, 29, 10));
  CHECK(SubtractWindow(At(2024, 3, 15, 10, 5, 7), Window{Unit::kMonth, 1}) ==
        At(2024, 2, 15, 10, 5, 7));
  CHECK(SubtractWindow(At(2024, 5, 31, 23, 59, 59), Window{Unit::kQuarter, 1}) ==
        At(2024, 2, 29, 23, 59, 59));
  CHECK(SubtractWindow(At(2025, 2, 28, 1), Window{Unit::kYear, 1}) == At(2024, 2, 28, 1));
  CHECK(SubtractWindow(At(2024, 2, 29, 1), Window{Unit::kYear, 1}) == At(2023, 2, 28, 1));
  CHECK(SubtractWindow(At(2024, 3, 15, 10), Window{Unit::kDay, 90}) ==
        At(2024, 3, 15, 10) - 90 * kSecondsPerDay);
  CHECK(SubtractWindow(At(2024, 3, 15, 10), Window{Unit::kWeek, 2}) == At(2024, 3, 1, 10));
  CHECK(SubtractWindow(At(1970, 1, 1), Window{Unit::kMonth, 1}) == At(1969, 12, 1));
}

TEST_CASE("ActiveUntil hand-computed cases") {
  Window month{Unit::kMonth, 1};
  CHECK(ActiveUntil(At(2024, 3, 15, 10), Window{Unit::kDay, 90}) ==
        At(2024, 3, 15, 10) + 90 * kSecondsPerDay + 1);
  CHECK(ActiveUntil(At(2024, 3, 15, 10), Window{Unit::kWeek, 2}) == At(2024, 3, 29, 10, 0, 1));
  CHECK(ActiveUntil(At(2024, 1, 15, 10), month) == At(2024, 2, 15, 10, 0, 1));
  CHECK(ActiveUntil(At(2024, 1, 29, 10), month) == At(2024, 2, 29, 10, 0, 1));
  CHECK(ActiveUntil(At(2023, 1, 29, 10), month) == At(2023, 3, 1));
  CHECK(ActiveUntil(At(2024, 1, 31, 10), month) == At(2024, 3, 1));
  CHECK(ActiveUntil(At(2024, 3, 31, 23, 59, 59), month) == At(2024, 5, 1));
  CHECK(ActiveUntil(At(2024, 12, 31, 23, 59, 59), month) == At(2025, 2, 1));
  CHECK(ActiveUntil(At(2024, 12, 31, 23, 59, 59), Window{Unit::kMonth, 2}) == At(2025, 3, 1));
  CHECK(ActiveUntil(At(2024, 2, 29, 12), Window{Unit::kYear, 1}) == At(2025, 3, 1));
  CHECK(ActiveUntil(At(2024, 2, 28, 12), Window{Unit::kYear, 1}) == At(2025, 2, 28, 12, 0, 1));
  CHECK(ActiveUntil(At(2024, 11, 30), Window{Unit::kQuarter, 1}) == At(2025, 3, 1));
  CHECK(ActiveUntil(At(2024, 8, 31), Window{Unit::kQuarter, 1}) == At(2024, 12, 1));
  CHECK(ActiveUntil(At(2024, 7, 31, 5), Window{Unit::kQuarter, 1}) == At(2024, 10, 31, 5, 0, 1));
  // One second before midnight on the last day of a 30-day month: one second
  // later is Dec 31, which maps back to Nov 30 00:00 (clamped), so the order
  // keeps counting until January.
  CHECK(ActiveUntil(At(2023, 11, 30, 23, 59, 59), month) == At(2024, 1, 1));
  CHECK(ActiveUntil(At(2023, 11, 30, 23, 59, 58), month) == At(2023, 12, 30, 23, 59, 59));
  CHECK(ActiveUntil(At(2024, 2, 29, 23, 59, 59), month) == At(2024, 4, 1));
  CHECK(ActiveUntil(At(2024, 1, 31, 23, 59, 59), month) == At(2024, 3, 1));
  CHECK(ActiveUntil(At(2024, 3, 15, 23, 59, 59), month) == At(2024, 4, 16));
}

TEST_CASE("ActiveUntil is the first instant the order stops counting") {
  // SubtractWindow moves the date part and keeps the time of day, so within
  // one day it grows with t: the latest instant of each day before
  // ActiveUntil is the only one that could break the property. Checking
  // those covers every second.
  const std::vector<Window> windows = {{Unit::kDay, 1},   {Unit::kDay, 30},   {Unit::kWeek, 1},
                                       {Unit::kWeek, 12}, {Unit::kMonth, 1},  {Unit::kMonth, 2},
                                       {Unit::kMonth, 3}, {Unit::kMonth, 13}, {Unit::kQuarter, 1},
                                       {Unit::kYear, 1},  {Unit::kYear, 4}};
  const std::vector<Time> times_of_day = {0, 1, 10 * 3600 + 7, 86399};
  int64_t checked = 0;
  for (const Window& w : windows) {
    for (CivilDate d{2023, 10, 1}; d < CivilDate{2025, 4, 1}; d = AddUnits(Unit::kDay, d, 1)) {
      for (Time tod : times_of_day) {
        Time x = TimeFromDate(d) + tod;
        Time until = ActiveUntil(x, w);
        bool ok = until > x && SubtractWindow(until, w) > x && SubtractWindow(until - 1, w) <= x;
        for (CivilDate day = d; ok && TimeFromDate(day) < until;
             day = AddUnits(Unit::kDay, day, 1)) {
          Time t = std::min(TimeFromDate(day) + kSecondsPerDay - 1, until - 1);
          if (t > x) ok = SubtractWindow(t, w) <= x;
          // An hourly sample near both ends too, in case that reasoning is wrong.
          bool near_end = TimeFromDate(day) + 3 * kSecondsPerDay > until || day == d;
          for (Time h = TimeFromDate(day); near_end && ok && h < t; h += 3600) {
            if (h > x) ok = SubtractWindow(h, w) <= x;
          }
          ++checked;
        }
        if (!ok) {
          FAIL("ActiveUntil(" << FormatDate(d) << " +" << tod << "s, " << FormatWindow(w)
                              << ") = " << FormatDate(DateFromTime(until)) << " +"
                              << (until - TimeFromDate(DateFromTime(until))) << "s is wrong");
        }
      }
    }
  }
  CHECK(checked > 0);
}

TEST_CASE("a report's periods: the period, the range, or the span of the data") {
  using retention::DataError;
  using retention::PeriodRequest;
  using retention::ResolvePeriods;
  const CivilDate as_of{2024, 6, 15};
  const CivilDate first{2024, 1, 20}, last{2024, 8, 3};
  auto labels = [](const std::vector<Period>& ps) {
    std::string out;
    for (const Period& p : ps) out += (out.empty() ? "" : " ") + p.label;
    return out;
  };
  // One period, as named; the data's span plays no part.
  std::vector<Period> one = ResolvePeriods({"2024-03", "", "", ""}, as_of, first, last);
  REQUIRE(one.size() == 1);
  CHECK(one[0].start == CivilDate{2024, 3, 1});
  CHECK(one[0].end == CivilDate{2024, 4, 1});
  // A range split by --every.
  CHECK(labels(ResolvePeriods({"", "2024-01", "2024-03", "month"}, as_of, first, last)) ==
        "2024-01 2024-02 2024-03");
  // A range without --from starts at the data's first day; without --to it
  // ends on as_of.
  std::vector<Period> open = ResolvePeriods({"", "", "", ""}, as_of, first, last);
  std::vector<Period> to_only = ResolvePeriods({"", "", "2024-02", ""}, as_of, first, last);
  REQUIRE(to_only.size() == 1);
  CHECK(to_only[0].start == first);
  CHECK(to_only[0].end == CivilDate{2024, 3, 1});
  std::vector<Period> from_only = ResolvePeriods({"", "2024-05", "", ""}, as_of, first, last);
  REQUIRE(from_only.size() == 1);
  CHECK(from_only[0].end == CivilDate{2024, 6, 16});
  // Nothing named: every month of the data, up to as_of when the data runs
  // past it.
  CHECK(labels(open) == "2024-01 2024-02 2024-03 2024-04 2024-05 2024-06");
  CHECK(labels(ResolvePeriods({"", "", "", "quarter"}, CivilDate{2025, 1, 1}, first, last)) ==
        "2024-Q1 2024-Q2 2024-Q3");
  // Contradictions and missing data.
  CHECK_THROWS_AS(ResolvePeriods({"2024-03", "2024-01", "", ""}, as_of, first, last), UsageError);
  CHECK_THROWS_AS(ResolvePeriods({"", "", "", "fortnight"}, as_of, first, last), UsageError);
  CHECK_THROWS_AS(ResolvePeriods({"", "", "2024-02", ""}, as_of, std::nullopt, std::nullopt),
                  UsageError);
  CHECK_THROWS_AS(ResolvePeriods({"", "", "", ""}, as_of, std::nullopt, std::nullopt), DataError);
  // A named period needs no data.
  CHECK(ResolvePeriods({"2024-03", "", "", ""}, as_of, std::nullopt, std::nullopt).size() == 1);
}
