#include "retention/dates.h"

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "calendar/date_text.h"
#include "retention/error.h"

using retention::AddDays;
using retention::AddMonths;
using retention::CivilDate;
using retention::CivilFromDays;
using retention::DateFromTime;
using retention::DateParser;
using retention::DaysFromCivil;
using retention::DaysInMonth;
using retention::FormatDate;
using retention::FormatTime;
using retention::IsoWeekday;
using retention::IsValidDate;
using retention::kSecondsPerDay;
using retention::ParseIsoDate;
using retention::Time;
using retention::TimeFromDate;
using retention::TimeZone;
using retention::UsageError;

namespace {

// Local seconds of a date and time of day.
Time At(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  return TimeFromDate(CivilDate{y, m, d}) + hh * 3600 + mm * 60 + ss;
}

Time Parses(const DateParser& parser, const std::string& text) {
  std::string error;
  auto t = parser.Parse(text, &error);
  INFO("text: \"" << text << "\" error: " << error);
  REQUIRE(t.has_value());
  return *t;
}

std::string Fails(const DateParser& parser, const std::string& text) {
  std::string error;
  auto t = parser.Parse(text, &error);
  INFO("text: \"" << text << "\"");
  REQUIRE_FALSE(t.has_value());
  CHECK_FALSE(error.empty());
  return error;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("DaysFromCivil and CivilFromDays agree with known days") {
  CHECK(DaysFromCivil(CivilDate{1970, 1, 1}) == 0);
  CHECK(DaysFromCivil(CivilDate{1969, 12, 31}) == -1);
  CHECK(DaysFromCivil(CivilDate{2024, 3, 5}) == 19787);
  CHECK(DaysFromCivil(CivilDate{2000, 2, 29}) == 11016);
  CHECK(DaysFromCivil(CivilDate{1, 1, 1}) == -719162);
  CHECK(DaysFromCivil(CivilDate{9999, 12, 31}) == 2932896);
  CHECK(CivilFromDays(19787) == CivilDate{2024, 3, 5});
  CHECK(CivilFromDays(-1) == CivilDate{1969, 12, 31});
  CHECK(CivilFromDays(-719162) == CivilDate{1, 1, 1});
  CHECK(CivilFromDays(DaysFromCivil(CivilDate{-4, 2, 29})) == CivilDate{-4, 2, 29});
}

TEST_CASE("CivilFromDays inverts DaysFromCivil day by day") {
  int64_t first = DaysFromCivil(CivilDate{1599, 12, 25});
  int64_t last = DaysFromCivil(CivilDate{2401, 1, 5});
  CivilDate expected{1599, 12, 25};
  for (int64_t days = first; days <= last; ++days) {
    CivilDate date = CivilFromDays(days);
    if (date != expected || DaysFromCivil(date) != days) FAIL("mismatch at day " << days);
    // Walk the calendar independently of the algorithm.
    if (++expected.day > DaysInMonth(expected.year, expected.month)) {
      expected.day = 1;
      if (++expected.month > 12) {
        expected.month = 1;
        ++expected.year;
      }
    }
  }
  CHECK(expected == CivilDate{2401, 1, 6});
}

TEST_CASE("Month lengths and valid dates") {
  CHECK(DaysInMonth(2024, 2) == 29);
  CHECK(DaysInMonth(2023, 2) == 28);
  CHECK(DaysInMonth(1900, 2) == 28);
  CHECK(DaysInMonth(2000, 2) == 29);
  CHECK(DaysInMonth(2024, 4) == 30);
  CHECK(DaysInMonth(2024, 12) == 31);
  CHECK(IsValidDate(2024, 2, 29));
  CHECK_FALSE(IsValidDate(2023, 2, 29));
  CHECK_FALSE(IsValidDate(2024, 2, 30));
  CHECK_FALSE(IsValidDate(2024, 4, 31));
  CHECK_FALSE(IsValidDate(2024, 13, 1));
  CHECK_FALSE(IsValidDate(2024, 0, 1));
  CHECK_FALSE(IsValidDate(2024, 1, 0));
}

TEST_CASE("Date arithmetic") {
  CHECK(DateFromTime(0) == CivilDate{1970, 1, 1});
  CHECK(DateFromTime(-1) == CivilDate{1969, 12, 31});
  CHECK(DateFromTime(-kSecondsPerDay) == CivilDate{1969, 12, 31});
  CHECK(DateFromTime(1709647331) == CivilDate{2024, 3, 5});
  CHECK(AddDays(CivilDate{2024, 2, 28}, 1) == CivilDate{2024, 2, 29});
  CHECK(AddDays(CivilDate{2024, 3, 1}, -1) == CivilDate{2024, 2, 29});
  CHECK(AddDays(CivilDate{2023, 12, 31}, 1) == CivilDate{2024, 1, 1});
  CHECK(AddMonths(CivilDate{2024, 1, 31}, 1) == CivilDate{2024, 2, 29});
  CHECK(AddMonths(CivilDate{2023, 1, 31}, 1) == CivilDate{2023, 2, 28});
  CHECK(AddMonths(CivilDate{2024, 3, 31}, -1) == CivilDate{2024, 2, 29});
  CHECK(AddMonths(CivilDate{2024, 5, 31}, 1) == CivilDate{2024, 6, 30});
  CHECK(AddMonths(CivilDate{2024, 1, 15}, -1) == CivilDate{2023, 12, 15});
  CHECK(AddMonths(CivilDate{2024, 1, 15}, -13) == CivilDate{2022, 12, 15});
  CHECK(AddMonths(CivilDate{2024, 2, 29}, 12) == CivilDate{2025, 2, 28});
  CHECK(AddMonths(CivilDate{2024, 11, 30}, 3) == CivilDate{2025, 2, 28});
  CHECK(AddMonths(CivilDate{2024, 6, 10}, 0) == CivilDate{2024, 6, 10});
}

TEST_CASE("IsoWeekday") {
  CHECK(IsoWeekday(CivilDate{1970, 1, 1}) == 4);   // Thursday
  CHECK(IsoWeekday(CivilDate{2024, 3, 4}) == 1);   // Monday
  CHECK(IsoWeekday(CivilDate{2024, 3, 10}) == 7);  // Sunday
  CHECK(IsoWeekday(CivilDate{1969, 12, 28}) == 7);
  CHECK(IsoWeekday(CivilDate{2000, 1, 1}) == 6);  // Saturday
}

TEST_CASE("FormatDate and FormatTime") {
  CHECK(FormatDate(CivilDate{2024, 3, 5}) == "2024-03-05");
  CHECK(FormatDate(CivilDate{987, 1, 2}) == "0987-01-02");
  CHECK(FormatDate(CivilDate{0, 1, 1}) == "0000-01-01");
  CHECK(FormatTime(1709647331) == "2024-03-05T14:02:11");
  CHECK(FormatTime(0) == "1970-01-01T00:00:00");
  CHECK(FormatTime(-1) == "1969-12-31T23:59:59");
}

TEST_CASE("ParseIsoDate is strict") {
  CHECK(ParseIsoDate("2024-03-05") == CivilDate{2024, 3, 5});
  CHECK(ParseIsoDate("2024-02-29") == CivilDate{2024, 2, 29});
  CHECK_FALSE(ParseIsoDate("2023-02-29"));
  CHECK_FALSE(ParseIsoDate("2024-3-5"));
  CHECK_FALSE(ParseIsoDate("2024/03/05"));
  CHECK_FALSE(ParseIsoDate(" 2024-03-05"));
  CHECK_FALSE(ParseIsoDate("2024-03-05T"));
  CHECK_FALSE(ParseIsoDate("2024-13-01"));
  CHECK_FALSE(ParseIsoDate(""));
}

TEST_CASE("UTC under any of its names is one zone") {
  // A history recorded with "UTC" takes runs with --tz Etc/UTC (the name
  // /etc/localtime often gives), and the reverse.
  for (const char* utc : {"UTC", "utc", "Z", "GMT", "Etc/UTC", "Etc/Zulu", "Zulu", "Etc/UCT", "UCT",
                          "Universal", "Etc/Universal", "Etc/GMT", "GMT0", "Etc/GMT+0", "Etc/GMT-0",
                          "Greenwich", "+00:00", "-0000"}) {
    INFO("zone: \"" << utc << "\"");
    CHECK(TimeZone::IsUtcName(utc));
    CHECK(TimeZone::SameZoneName("UTC", utc));
    CHECK(TimeZone::SameZoneName(utc, "Etc/UTC"));
    // Each really is UTC in the tz database.
    CHECK(TimeZone::Parse(utc).FromUtc(At(2024, 7, 15, 12)) == At(2024, 7, 15, 12));
  }
  for (const char* other : {"Europe/London", "Etc/GMT+1", "+01:00", "Europe/Berlin", ""}) {
    INFO("zone: \"" << other << "\"");
    CHECK_FALSE(TimeZone::IsUtcName(other));
    CHECK_FALSE(TimeZone::SameZoneName("UTC", other));
  }
  CHECK(TimeZone::SameZoneName("Europe/Berlin", "Europe/Berlin"));
  CHECK_FALSE(TimeZone::SameZoneName("Europe/Berlin", "Europe/Paris"));
}

TEST_CASE("TimeZone::Parse") {
  CHECK(TimeZone().name() == "UTC");
  CHECK(TimeZone().FromUtc(1000) == 1000);
  for (const char* utc : {"UTC", "utc", "Z", "GMT"}) {
    TimeZone zone = TimeZone::Parse(utc);
    CHECK(zone.name() == utc);
    CHECK(zone.FromUtc(1709647331) == 1709647331);
  }
  CHECK(TimeZone::Parse("+02:00").FromUtc(0) == 7200);
  CHECK(TimeZone::Parse("+02").FromUtc(0) == 7200);
  CHECK(TimeZone::Parse("-0530").FromUtc(0) == -(5 * 3600 + 30 * 60));
  CHECK(TimeZone::Parse("-05:30").FromUtc(0) == -(5 * 3600 + 30 * 60));
  CHECK(TimeZone::Parse("+02:00").name() == "+02:00");

  TimeZone berlin = TimeZone::Parse("Europe/Berlin");
  CHECK(berlin.name() == "Europe/Berlin");
  CHECK(berlin.FromUtc(At(2024, 1, 15, 12)) == At(2024, 1, 15, 13));
  CHECK(berlin.FromUtc(At(2024, 7, 15, 12)) == At(2024, 7, 15, 14));
  // Spring forward at 01:00 UTC on 2024-03-31.
  CHECK(berlin.FromUtc(At(2024, 3, 31, 0, 59, 59)) == At(2024, 3, 31, 1, 59, 59));
  CHECK(berlin.FromUtc(At(2024, 3, 31, 1)) == At(2024, 3, 31, 3));
  CHECK(TimeZone::Parse("America/New_York").FromUtc(At(2024, 1, 15, 12)) == At(2024, 1, 15, 7));

  for (const char* bad : {"Foo/Bar", "", "+25:00", "+02:70", "02:00", "Europe/../etc/passwd",
                          "CEST+2", "Europe/Berlin "}) {
    INFO("zone: \"" << bad << "\"");
    CHECK_THROWS_AS(TimeZone::Parse(bad), UsageError);
  }
  try {
    TimeZone::Parse("Foo/Bar");
    FAIL("no exception");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()) ==
          "unknown time zone \"Foo/Bar\"; use UTC, an offset like +02:00, or a name like "
          "Europe/Berlin");
  }
}

TEST_CASE("TimeZone is safe to use from several threads") {
  std::vector<std::thread> threads;
  std::vector<int> failures(8, 0);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([i, &failures] {
      TimeZone zone = TimeZone::Parse(i % 2 ? "Europe/Berlin" : "Asia/Tokyo");
      int64_t offset = i % 2 ? 3600 : 9 * 3600;
      for (int k = 0; k < 2000; ++k) {
        Time utc = At(2024, 1, 1) + k * 600;
        if (zone.FromUtc(utc) != utc + offset) ++failures[i];
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int f : failures) CHECK(f == 0);
}

TEST_CASE("DateParser reads ISO dates and times") {
  DateParser parser;
  CHECK(Parses(parser, "2024-03-05") == At(2024, 3, 5));
  CHECK(Parses(parser, "  2024-03-05\t") == At(2024, 3, 5));
  CHECK(Parses(parser, "20240305") == At(2024, 3, 5));
  CHECK(Parses(parser, "2024/03/05") == At(2024, 3, 5));
  CHECK(Parses(parser, "2024-03-05T14:02:11") == 1709647331);
  CHECK(Parses(parser, "2024-03-05t14:02:11") == 1709647331);
  CHECK(Parses(parser, "2024-03-05 14:02:11") == 1709647331);
  CHECK(Parses(parser, "2024-03-05 14:02") == At(2024, 3, 5, 14, 2));
  CHECK(Parses(parser, "2024-03-05T14:02") == At(2024, 3, 5, 14, 2));
  CHECK(Parses(parser, "2024-03-05T14:02:11.123") == 1709647331);
  CHECK(Parses(parser, "2024-03-05T14:02:11,999999") == 1709647331);
  CHECK(Parses(parser, "2024/03/05 00:00:00") == At(2024, 3, 5));
  CHECK(Parses(parser, "20240305T14:02:11Z") == 1709647331);
  CHECK(Parses(parser, "2024-02-29T23:59:59") == At(2024, 2, 29, 23, 59, 59));
  // The year first, month, day and hour unpadded, as Excel in Japan, China
  // and Korea writes them: one reading only.
  CHECK(Parses(parser, "2024/3/5") == At(2024, 3, 5));
  CHECK(Parses(parser, "2024-3-5") == At(2024, 3, 5));
  CHECK(Parses(parser, "2024/3/5 9:05") == At(2024, 3, 5, 9, 5));
  CHECK(Parses(parser, "2024/12/31 23:59:59") == At(2024, 12, 31, 23, 59, 59));
  CHECK(Parses(parser, "2024-03-05 9:05+09:00") == At(2024, 3, 5, 0, 5));
  CHECK_FALSE(parser.Parse("2024/3/5/", nullptr).has_value());
  CHECK_FALSE(parser.Parse("2024/123/5", nullptr).has_value());
  CHECK_FALSE(parser.Parse("2024/3/5 905", nullptr).has_value());
}

TEST_CASE("DateParser converts offsets to UTC") {
  DateParser parser;
  CHECK(Parses(parser, "2024-03-05T14:02:11Z") == 1709647331);
  CHECK(Parses(parser, "2024-03-05T14:02:11z") == 1709647331);
  CHECK(Parses(parser, "2024-03-05T14:02:11+00:00") == 1709647331);
  CHECK(Parses(parser, "2024-03-05T16:02:11+02:00") == 1709647331);
  CHECK(Parses(parser, "2024-03-05T16:02:11+0200") == 1709647331);
  CHECK(Parses(parser, "2024-03-05T16:02:11+02") == 1709647331);
  CHECK(Parses(parser, "2024-03-05T08:32:11-05:30") == 1709647331);
  CHECK(Parses(parser, "2024-03-05T16:02:11.5+02:00") == 1709647331);
  CHECK(Parses(parser, "2024-03-05 16:02:11 +02:00") == 1709647331);
  CHECK(Parses(parser, "2024-03-05T14:02Z") == At(2024, 3, 5, 14, 2));
  // A zone named, as BigQuery and JavaScript write it.
  CHECK(Parses(parser, "2024-03-05 14:02:11 UTC") == 1709647331);
  CHECK(Parses(parser, "2024-03-05 14:02:11UTC") == 1709647331);
  CHECK(Parses(parser, "2024-03-05 14:02:11 GMT") == 1709647331);
  CHECK(Parses(parser, "2024-03-05 16:02:11 GMT+0200") == 1709647331);
  CHECK(Parses(parser, "2024-03-05 11:02:11 UTC-03:00") == 1709647331);
  CHECK(!parser.Parse("2024-03-05 14:02:11 UTCX", nullptr));
  CHECK(!parser.Parse("2024-03-05 14:02:11 CET", nullptr));
  CHECK(Parses(DateParser("%d/%m/%Y %H:%M %Z"), "05/03/2024 14:02 UTC") == At(2024, 3, 5, 14, 2));
  CHECK(Parses(DateParser("%d/%m/%Y %H:%M %z"), "05/03/2024 16:02 GMT+02:00") ==
        At(2024, 3, 5, 14, 2));
  // Crosses midnight backwards.
  CHECK(Parses(parser, "2024-03-01T01:00:00+02:00") == At(2024, 2, 29, 23));
}

TEST_CASE("DateParser converts offsets to a fixed reporting zone") {
  DateParser parser("", TimeZone::Parse("+02:00"));
  CHECK(Parses(parser, "2024-03-05T14:02:11Z") == 1709647331 + 7200);
  CHECK(Parses(parser, "2024-03-05T14:02:11+02:00") == 1709647331);
  CHECK(Parses(parser, "2024-03-05T23:30:00Z") == At(2024, 3, 6, 1, 30));
  // Without an offset the text is already local.
  CHECK(Parses(parser, "2024-03-05T14:02:11") == 1709647331);
  CHECK(Parses(parser, "2024-03-05") == At(2024, 3, 5));
}

TEST_CASE("DateParser converts offsets to Europe/Berlin across DST changes") {
  DateParser parser("", TimeZone::Parse("Europe/Berlin"));
  CHECK(Parses(parser, "2024-03-31T00:30:00Z") == At(2024, 3, 31, 1, 30));
  CHECK(Parses(parser, "2024-03-31T00:59:59Z") == At(2024, 3, 31, 1, 59, 59));
  CHECK(Parses(parser, "2024-03-31T01:00:00Z") == At(2024, 3, 31, 3));
  CHECK(Parses(parser, "2024-03-31T01:30:00Z") == At(2024, 3, 31, 3, 30));
  CHECK(Parses(parser, "2024-03-31T03:30:00+02:00") == At(2024, 3, 31, 3, 30));
  // Fall back: two UTC instants an hour apart read 02:30 on the local clock.
  CHECK(Parses(parser, "2024-10-27T00:30:00Z") == At(2024, 10, 27, 2, 30));
  CHECK(Parses(parser, "2024-10-27T01:30:00Z") == At(2024, 10, 27, 2, 30));
  CHECK(Parses(parser, "2024-10-27T02:00:00Z") == At(2024, 10, 27, 3));
  // A UTC day boundary is not the local one.
  CHECK(Parses(parser, "2024-12-31T23:30:00Z") == At(2025, 1, 1, 0, 30));
  CHECK(Parses(parser, "2024-03-31T02:30:00") == At(2024, 3, 31, 2, 30));
}

TEST_CASE("DateParser reads times without an offset as UTC when told the column is UTC") {
  const DateParser parser("", TimeZone::Parse("Europe/Berlin"), DateParser::NaiveTimes::kUtc);
  const DateParser formatted("%d/%m/%Y %H:%M", TimeZone::Parse("America/New_York"),
                             DateParser::NaiveTimes::kUtc);
  const DateParser day_only("%d/%m/%Y", TimeZone::Parse("America/New_York"),
                            DateParser::NaiveTimes::kUtc);
  // Late on the last UTC day of January is February in Berlin, on every
  // path: the first-try shape, the cached day, and the general reader.
  CHECK(Parses(parser, "2024-01-31 23:30:00") == At(2024, 2, 1, 0, 30));
  CHECK(Parses(parser, "2024-01-31T23:30") == At(2024, 2, 1, 0, 30));
  CHECK(Parses(parser, "2024-01-31 23:30:00.25") == At(2024, 2, 1, 0, 30));
  CHECK(Parses(parser, "2024/01/31 23:30:00") == At(2024, 2, 1, 0, 30));
  DateParser::DayCache cache;
  for (int round = 0; round < 2; ++round) {
    Time time = 0;
    std::string error;
    REQUIRE(parser.Parse("2024-07-31 22:15:00", &time, &error, &cache));
    CHECK(time == At(2024, 8, 1, 0, 15));  // summer: +02:00
  }
  CHECK(Parses(formatted, "01/02/2024 03:00") == At(2024, 1, 31, 22));
  // An offset still wins, and a date alone stays its day.
  CHECK(Parses(parser, "2024-01-31 23:30:00+01:00") == At(2024, 1, 31, 23, 30));
  CHECK(Parses(parser, "2024-02-01") == At(2024, 2, 1));
  CHECK(Parses(parser, "20240201") == At(2024, 2, 1));
  CHECK(Parses(day_only, "01/02/2024") == At(2024, 2, 1));
  // In the reporting zone by default.
  CHECK(Parses(DateParser("", TimeZone::Parse("Europe/Berlin")), "2024-01-31 23:30:00") ==
        At(2024, 1, 31, 23, 30));
}

TEST_CASE("DateParser rejects impossible dates and times") {
  DateParser parser;
  CHECK(Fails(parser, "2024-02-30") == "2024-02-30 is not a real date: February 2024 has 29 days");
  CHECK(Fails(parser, "2023-02-29") == "2023-02-29 is not a real date: February 2023 has 28 days");
  CHECK(Fails(parser, "2024-13-01") == "2024-13-01 is not a real date: there is no month 13");
  CHECK(Fails(parser, "2024-04-31T10:00:00Z") ==
        "2024-04-31 is not a real date: April 2024 has 30 days");
  CHECK(Fails(parser, "20240230") == "2024-02-30 is not a real date: February 2024 has 29 days");
  CHECK(Fails(parser, "2024-00-10") == "2024-00-10 is not a real date: there is no month 0");
  CHECK(Fails(parser, "2024-03-05T24:00:00") == "24:00:00 is not a real time of day");
  CHECK(Fails(parser, "2024-03-05T12:60") == "12:60:00 is not a real time of day");
  CHECK(Fails(parser, "2024-03-05T12:00:60") == "12:00:60 is not a real time of day");
  CHECK(Contains(Fails(parser, "2024-03-05T12:00:00+25:00"), "offset"));
}

TEST_CASE("DateParser explains what an ISO date looks like") {
  DateParser parser;
  const std::string expected = "expected a date like 2024-03-05 or 2024-03-05T14:02:11Z";
  for (const char* bad :
       {"x", "2024", "2024-03", "2024-3-", "2024-03-05T", "2024-03-05T14", "2024-03-05T14:2",
        "2024-03-05Z", "2024-03-05T14:02:11+", "2024-03-05T14:02:11.", "2024-03-05 14:02 CET",
        "2024-03/05", "202403051", "1709647331", "5 Mar 2024", "2024-03-05T14:02:11+2"}) {
    INFO("text: \"" << bad << "\"");
    CHECK(Fails(parser, bad) == expected);
  }
  CHECK(Fails(parser, "") == "the date is empty; " + expected);
  CHECK(Fails(parser, "03/05/2024") ==
        expected + "; use --date-format '%m/%d/%Y' (or '%d/%m/%Y') for this layout");
  CHECK(Fails(parser, "3/5/2024") ==
        expected + "; use --date-format '%m/%d/%Y' (or '%d/%m/%Y') for this layout");
  CHECK(Fails(parser, "31/12/2024") == expected + "; use --date-format '%d/%m/%Y' for this layout");
  CHECK(Fails(parser, "12/31/2024") == expected + "; use --date-format '%m/%d/%Y' for this layout");
  CHECK(Fails(parser, "31.12.2024") == expected + "; use --date-format '%d.%m.%Y' for this layout");
  // Dots are day first, unless that reading is no day.
  CHECK(Fails(parser, "12.13.2024") == expected + "; use --date-format '%m.%d.%Y' for this layout");
  // A day no month has: no format would read it.
  CHECK(Fails(parser, "31.02.2024") ==
        expected + "; this one is no real day, read day first or month first: correct it");
  CHECK(Fails(parser, "02/30/2024") ==
        expected + "; this one is no real day, read day first or month first: correct it");
  CHECK(Fails(parser, "05-03-2024") ==
        expected + "; use --date-format '%m-%d-%Y' (or '%d-%m-%Y') for this layout");
  CHECK(Fails(parser, "03/05/2024 14:02") ==
        expected + "; use --date-format '%m/%d/%Y %H:%M' (or '%d/%m/%Y %H:%M') for this layout");
  CHECK(Fails(parser, "31/12/2024 14:02:11") ==
        expected + "; use --date-format '%d/%m/%Y %H:%M:%S' for this layout");
  // Two-digit years: the pattern says %y, never a guessed century.
  // Year first too where that reads (Japan, Korea and China write 24/03/05
  // for 2024-03-05): the hint named day first alone, which read 2005.
  const std::string year_first =
      "' with the year first (24/03/05 for 2024-03-05, as Japan, Korea and China write)";
  CHECK(Fails(parser, "31.12.24") == expected + "; use --date-format '%d.%m.%y' for this layout");
  CHECK(Fails(parser, "05/03/24") == expected +
                                         "; use --date-format '%m/%d/%y' (or '%d/%m/%y'), or "
                                         "'%y/%m/%d" +
                                         year_first + ", for this layout");
  CHECK(Fails(parser, "24/03/05") == expected + "; use --date-format '%d/%m/%y', or '%y/%m/%d" +
                                         year_first + ", for this layout");
  // One digit first is no two-digit year.
  CHECK(Fails(parser, "5/3/24") ==
        expected + "; use --date-format '%m/%d/%y' (or '%d/%m/%y') for this layout");
  CHECK(Fails(parser, "99/12/31") ==
        expected + "; use --date-format '%y/%m/%d" + year_first + " for this layout");
  CHECK(Fails(parser, "31.12.202") == expected);  // three digits: no suggestion
}

TEST_CASE("DateParser with a format") {
  SECTION("%m/%d/%Y %H:%M") {
    DateParser parser("%m/%d/%Y %H:%M");
    CHECK(Parses(parser, "03/05/2024 14:02") == At(2024, 3, 5, 14, 2));
    CHECK(Parses(parser, "3/5/2024 4:02") == At(2024, 3, 5, 4, 2));
    CHECK(Parses(parser, "12/31/2024  23:59") == At(2024, 12, 31, 23, 59));
    CHECK(Fails(parser, "2024-03-05") ==
          "expected a date in the format '%m/%d/%Y %H:%M', like 12/31/2024 14:30");
    // A date alone is its midnight: spreadsheets write midnight so in a
    // column of times.
    CHECK(Parses(parser, "03/05/2024") == At(2024, 3, 5));
    CHECK(Parses(DateParser("%Y-%m-%dT%H:%M"), "2024-03-05") == At(2024, 3, 5));
    // Not with the time's separator and no time after it.
    CHECK(Fails(DateParser("%Y-%m-%dT%H:%M"), "2024-03-05T") ==
          "expected a date in the format '%Y-%m-%dT%H:%M', like 2024-12-31T14:30");
    CHECK(Fails(parser, "03/05/2024 14") ==
          "expected a date in the format '%m/%d/%Y %H:%M', like 12/31/2024 14:30");
    CHECK(Fails(parser, "02/30/2024 10:00") ==
          "2024-02-30 is not a real date: February 2024 has 29 days");
    CHECK(Fails(parser, "02/03/2024 25:00") == "25:00:00 is not a real time of day");
  }
  SECTION("%d.%m.%Y") {
    DateParser parser("%d.%m.%Y");
    CHECK(Parses(parser, "31.12.2024") == At(2024, 12, 31));
    CHECK(Parses(parser, "1.2.2024") == At(2024, 2, 1));
    CHECK(Parses(parser, " 05.03.2024 ") == At(2024, 3, 5));
    CHECK(Fails(parser, "31/12/2024") ==
          "expected a date in the format '%d.%m.%Y', like 31.12.2024");
    // A time of day after it, as ISO 8601 writes one, AM/PM or an
    // offset or not: the column's other rows are midnights.
    CHECK(Parses(parser, "31.12.2024 10:00") == At(2024, 12, 31, 10, 0));
    CHECK(Parses(parser, "31.12.2024 9:05:07") == At(2024, 12, 31, 9, 5, 7));
    CHECK(Parses(parser, "31.12.2024 1:05 PM") == At(2024, 12, 31, 13, 5));
    CHECK(Parses(parser, "31.12.2024T10:00:00Z") == At(2024, 12, 31, 10, 0));
    CHECK(Parses(parser, "31.12.2024 10:00 +01:00") == At(2024, 12, 31, 9, 0));
    CHECK(Fails(parser, "31.12.2024 10:00 later") ==
          "expected a date in the format '%d.%m.%Y', like 31.12.2024");
    CHECK(Fails(parser, "31.12.2024 13:05 PM") ==
          "expected a date in the format '%d.%m.%Y', like 31.12.2024");
    CHECK(Fails(parser, "31.12.2024 24:00") == "24:00:00 is not a real time of day");
    CHECK(Fails(parser, "31.12.2024 10:00 +25:00") ==
          "the UTC offset in \"31.12.2024 10:00 +25:00\" is out of range; expected Z, +02:00, "
          "+0200 or +02");
    CHECK(Fails(parser, "29.02.2023") ==
          "2023-02-29 is not a real date: February 2023 has 28 days");
    CHECK(Fails(parser, "") == "expected a date in the format '%d.%m.%Y', like 31.12.2024");
  }
  SECTION("%d %b %Y") {
    DateParser parser("%d %b %Y");
    CHECK(Parses(parser, "05 Mar 2024") == At(2024, 3, 5));
    CHECK(Parses(parser, "5 mar 2024") == At(2024, 3, 5));
    CHECK(Parses(parser, "5 MARCH 2024") == At(2024, 3, 5));
    CHECK(Parses(parser, "31 Dec 2024") == At(2024, 12, 31));
    CHECK(Parses(parser, "1 September 2024") == At(2024, 9, 1));
    CHECK(Fails(parser, "5 Mrz 2024") ==
          "expected a date in the format '%d %b %Y', like 31 Dec 2024");
  }
  SECTION("%Y%m%d") {
    DateParser parser("%Y%m%d");
    CHECK(Parses(parser, "20240305") == At(2024, 3, 5));
    CHECK(Fails(parser, "2024030") == "2024-03-00 is not a real date: days start at 1");
    CHECK(Fails(parser, "2024-03-05") == "expected a date in the format '%Y%m%d', like 20241231");
  }
  SECTION("%B %e, %Y %I:%M %p") {
    DateParser parser("%B %e, %Y %I:%M %p");
    CHECK(Parses(parser, "March  5, 2024 2:02 PM") == At(2024, 3, 5, 14, 2));
    CHECK(Parses(parser, "March 15, 2024 12:00 am") == At(2024, 3, 15, 0, 0));
    CHECK(Parses(parser, "March 15, 2024 12:30 PM") == At(2024, 3, 15, 12, 30));
    CHECK(Parses(parser, "March 15, 2024 11:59 pm") == At(2024, 3, 15, 23, 59));
    // Dotted, and as Spanish writes it, with a space (or a no-break one).
    CHECK(Parses(parser, "March 15, 2024 11:59 p.m.") == At(2024, 3, 15, 23, 59));
    CHECK(Parses(parser, "March 15, 2024 11:59 a.m.") == At(2024, 3, 15, 11, 59));
    CHECK(Parses(parser, "March 15, 2024 11:59 p. m.") == At(2024, 3, 15, 23, 59));
    CHECK(Parses(parser, "March 15, 2024 11:59 p.\xC2\xA0m.") == At(2024, 3, 15, 23, 59));
    CHECK(Fails(parser, "March 15, 2024 11:59 p. x.") ==
          "expected a date in the format '%B %e, %Y %I:%M %p', like December 31, 2024 02:30 PM");
    CHECK(Fails(parser, "March 15, 2024 13:00 PM") ==
          "expected a date in the format '%B %e, %Y %I:%M %p', like December 31, 2024 02:30 PM");
  }
  SECTION("%e allows a leading space") {
    DateParser parser("%Y-%m-%e");
    CHECK(Parses(parser, "2024-03- 5") == At(2024, 3, 5));
    CHECK(Parses(parser, "2024-03-5") == At(2024, 3, 5));
  }
  SECTION("%y uses the POSIX century split") {
    DateParser parser("%d/%m/%y");
    CHECK(Parses(parser, "05/03/24") == At(2024, 3, 5));
    CHECK(Parses(parser, "05/03/68") == At(2068, 3, 5));
    CHECK(Parses(parser, "05/03/69") == At(1969, 3, 5));
    CHECK(Parses(parser, "05/03/99") == At(1999, 3, 5));
    CHECK(Parses(parser, "05/03/00") == At(2000, 3, 5));
  }
  SECTION("%F %T, fractions and offsets") {
    DateParser parser("%F %T.%f %z", TimeZone::Parse("+01:00"));
    CHECK(Parses(parser, "2024-03-05 16:02:11.250 +02:00") == 1709647331 + 3600);
    CHECK(Parses(parser, "2024-03-05 14:02:11.9 Z") == 1709647331 + 3600);
    CHECK(Parses(parser, "2024-03-05 14:02:11.9 -0100") == 1709647331 + 7200);
    CHECK(Fails(parser, "2024-03-05 14:02:11 Z") ==
          "expected a date in the format '%F %T.%f %z', like 2024-12-31 14:30:00.000 +00:00");
  }
  SECTION("%j day of year") {
    DateParser parser("%Y-%j");
    CHECK(Parses(parser, "2024-001") == At(2024, 1, 1));
    CHECK(Parses(parser, "2024-60") == At(2024, 2, 29));
    CHECK(Parses(parser, "2024-366") == At(2024, 12, 31));
    CHECK(Fails(parser, "2023-366") == "day 366 of 2023 is not a real date");
    CHECK(Fails(parser, "2023-000") == "day 0 of 2023 is not a real date");
  }
  SECTION("%% matches a percent sign") {
    DateParser parser("%Y-%m-%d%%");
    CHECK(Parses(parser, "2024-03-05%") == At(2024, 3, 5));
  }
}

TEST_CASE("Month names: a whole word, or a name at the front of the text") {
  using retention::calendar::Cursor;
  using retention::calendar::MonthNameMatch;
  // What the cursor read (the month, and the rest), or "none".
  auto read = [](std::string_view text, MonthNameMatch match) {
    Cursor c{text.data(), text.data() + text.size()};
    int month = 0;
    if (!retention::calendar::ReadMonthName(&c, &month, match)) return std::string("none");
    return std::to_string(month) + "|" + std::string(c.p, c.end);
  };
  CHECK(read("Sept 5", MonthNameMatch::kWord) == "9| 5");
  CHECK(read("DECEMBER", MonthNameMatch::kWord) == "12|");
  CHECK(read("may-05", MonthNameMatch::kWord) == "5|-05");
  CHECK(read("Mayo", MonthNameMatch::kWord) == "none");
  CHECK(read("Septem", MonthNameMatch::kWord) == "none");
  CHECK(read("5 May", MonthNameMatch::kWord) == "none");
  CHECK(read("Sept 5", MonthNameMatch::kPrefix) == "9|t 5");
  CHECK(read("March05", MonthNameMatch::kPrefix) == "3|05");
  CHECK(read("Mayo", MonthNameMatch::kPrefix) == "5|o");
  CHECK(read("Ma", MonthNameMatch::kPrefix) == "none");
}

TEST_CASE("DateParser with Match::kWhole reads the format and nothing else") {
  const auto whole = [](const char* format) {
    return DateParser(format, TimeZone(), DateParser::NaiveTimes::kInZone,
                      DateParser::Match::kWhole);
  };
  CHECK(Parses(whole("%d.%m.%Y"), "31.12.2023") == At(2023, 12, 31));
  CHECK(Parses(whole("%d.%m.%Y %H:%M"), "31.12.2023 10:05") == At(2023, 12, 31, 10, 5));
  // The lenient parser reads both: a time after the date, and the date alone.
  CHECK(Parses(DateParser("%d.%m.%Y"), "31.12.2023 10:05") == At(2023, 12, 31, 10, 5));
  CHECK(Parses(DateParser("%d.%m.%Y %H:%M"), "31.12.2023") == At(2023, 12, 31));
  Fails(whole("%d.%m.%Y"), "31.12.2023 10:05");
  Fails(whole("%d.%m.%Y %H:%M"), "31.12.2023");
  Fails(whole("%d.%m.%Y"), "31.12.2023x");
  CHECK(Parses(whole("%s"), "1735655400") == At(2024, 12, 31, 14, 30));
}

TEST_CASE("DateParser rejects unusable formats") {
  CHECK(DateParser("%d.%m.%Y").format() == "%d.%m.%Y");
  CHECK(DateParser().format().empty());
  for (const char* bad : {"%Y-%m", "%m/%d", "%d.%m.%Y %Q", "%Y-%m-%d %", "%H:%M", "%Y-%m-%d %I:%M",
                          "%Y-%m-%d %H %p", "%s %H", "%Y-%m-%d %s"}) {
    INFO("format: \"" << bad << "\"");
    CHECK_THROWS_AS(DateParser(bad), UsageError);
  }
  CHECK_THROWS_WITH(DateParser("%d.%m.%Y %Q"),
                    Catch::Contains("unknown directive %Q") && Catch::Contains("%Y %y %m"));
  CHECK_THROWS_WITH(DateParser("%m/%d"), Catch::Contains("must name the year, month and day"));
  // Matched as text, the zone would be dropped and the time read as local.
  CHECK_THROWS_WITH(DateParser("%Y-%m-%d %H:%M:%S UTC"), Catch::Contains("write %Z for it"));
  CHECK_THROWS_WITH(DateParser("%Y-%m-%dT%H:%M:%SZ"), Catch::Contains("has Z as text"));
  CHECK_NOTHROW(DateParser("%Y-%m-%dT%H:%M:%S%Z"));
}

TEST_CASE("DateParser %s reads seconds since 1970 as an instant") {
  // 1709251200 is 2024-03-01T00:00:00Z.
  DateParser utc("%s");
  CHECK(Parses(utc, "1709251200") == At(2024, 3, 1));
  CHECK(Parses(utc, "1709251261.750") == At(2024, 3, 1, 0, 1, 1));
  CHECK(Parses(utc, "100000000") == 100000000);  // 1973-03-03, the first of 9 digits
  // In Berlin that instant is 01:00 local; in New York still February.
  CHECK(Parses(DateParser("%s", TimeZone::Parse("Europe/Berlin")), "1709251200") ==
        At(2024, 3, 1, 1));
  CHECK(Parses(DateParser("%s", TimeZone::Parse("America/New_York")), "1709251200") ==
        At(2024, 2, 29, 19));
  // "20240301": a date written another way, not a day of 1970.
  // Twelve or thirteen digits: milliseconds (no second count is that long
  // before the year 5138).
  CHECK(Parses(utc, "1709251200000") == At(2024, 3, 1));
  CHECK(Parses(utc, "1709251261999") == At(2024, 3, 1, 0, 1, 1));
  CHECK(Parses(utc, "1709251261999.5") == At(2024, 3, 1, 0, 1, 1));
  CHECK(Parses(utc, "170925120000") == 170925120);  // 1975-06-01
  for (const char* bad :
       {"", "-5", "17092512OO", "1709251200.", "2024-03-01", "1e9", "20240301", "17092512000000"}) {
    CHECK(Contains(Fails(utc, bad), "expected seconds since 1970-01-01 UTC"));
  }
  CHECK_THROWS_WITH(DateParser("%s %H"), Catch::Contains("%s stands alone"));
}

TEST_CASE("DateParser::Parse into a Time agrees with the optional form") {
  DateParser iso;
  DateParser us("%m/%d/%Y");
  for (const char* text : {"2024-03-05", "2024-03-05 14:02:11", "2024-03-05T14:02:11",
                           "2024-03-05T14:02:11Z", "2024-02-30", "2024-03-05 24:00:00",
                           "2024-03-05 1x:00:00", " 2024-03-05 ", "20240305", "03/05/2024", ""}) {
    for (const DateParser* parser : {&iso, &us}) {
      INFO(text << " with format '" << parser->format() << "'");
      std::string expected_error, error;
      auto expected = parser->Parse(text, &expected_error);
      retention::Time time = -1;
      CHECK(parser->Parse(text, &time, &error) == expected.has_value());
      if (expected) CHECK(time == *expected);
      CHECK(error == expected_error);
    }
  }
}

TEST_CASE("DateParser::Parse with a day cache agrees with the plain form") {
  // In this order, so that texts meet a cached day with a good time, a bad
  // time, a date alone, other shapes and other days.
  const char* texts[] = {
      "2024-03-05 14:02:11", "2024-03-05 14:02:12", "2024-03-05T00:00:00", "2024-03-05",
      "2024-03-05 24:00:00", "2024-03-05 14:60:00", "2024-03-05 1x:00:00", "2024-03-05 14:02",
      "2024-03-05T14:02:11Z", " 2024-03-05 10:00:00 ", "2024-03-06 00:00:01", "2024-02-30 10:00:00",
      "2024-03-06", "2024-03-0614:00:00", "2024-03-06 23:59:59", "2023-12-31 23:59:59", "",
      "2024-03-06x10:00:00",
      // Offsets and fractions, on a cached day and not.
      "2024-03-06T10:00:00+02:00", "2024-03-06T10:00:00-05:30", "2024-03-06 10:00:00+0200",
      "2024-03-06 10:00:00 +02", "2024-03-06T10:00:00.123456Z", "2024-03-06t10:00z",
      "2024-03-06T10:00:00.+02:00", "2024-03-06T10:00:00+24:00", "2024-03-06T10:00:00+02:60",
      "2024-03-06T10:00:00+02:00x", "2024-03-06T10:00:00+2", "2024-03-06T", "2024-03-06 ",
      "2024-03-07T23:30:00-01:00", "2024-03-07 23:30:00 UTC", "2024-03-07 23:30:00 GMT+01:00",
      "2024-03-07 23:30:00 UTCx",
      // Berlin's clocks change within these days: one
      // cached day, two offsets from UTC.
      "2024-03-31T00:30:00Z", "2024-03-31T01:30:00Z", "2024-10-27T00:30:00Z",
      "2024-10-27T01:30:00Z", "2024-10-27T02:30:00+01:00"};
  for (const char* zone : {"", "Europe/Berlin", "+05:30"}) {
    DateParser parser("", zone[0] ? retention::TimeZone::Parse(zone) : retention::TimeZone());
    DateParser::DayCache cache;
    for (const char* text : texts) {
      INFO(text << " in '" << zone << "'");
      std::string expected_error, error;
      auto expected = parser.Parse(text, &expected_error);
      retention::Time time = -1;
      CHECK(parser.Parse(text, &time, &error, &cache) == expected.has_value());
      if (expected) CHECK(time == *expected);
      CHECK(error == expected_error);
    }
  }
}
