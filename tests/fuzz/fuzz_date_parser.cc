// libFuzzer target for DateParser (and the calendar helpers behind it).
//
// Input: one control byte, then the text.
//   control % 4 picks the reporting time zone: UTC, +05:30, -08:00,
//   America/New_York (UTC if the tz database is missing).
// The text is parsed with the ISO parser and with a few fixed formats. If it
// holds a '\n', the part before it is also used as a format (the constructor
// may throw UsageError) and the part after it as the date.
// Expected outcomes: a Time, or nullopt with an error message. Anything
// else that escapes, a sanitizer report or a broken invariant is a bug.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "retention/dates.h"
#include "retention/error.h"

namespace {

using retention::CivilDate;
using retention::DateParser;
using retention::Time;
using retention::TimeZone;

const char* const kFormats[] = {"%m/%d/%Y %H:%M", "%d.%m.%Y", "%Y%m%d", "%d %b %Y %I:%M %p",
                                "%Y-%m-%dT%H:%M:%S%z"};

TimeZone MakeZone(const char* name) {
  try {
    return TimeZone::Parse(name);
  } catch (const retention::UsageError&) {
    return TimeZone();
  }
}

const std::vector<TimeZone>& Zones() {
  static const std::vector<TimeZone> zones = {TimeZone(), MakeZone("+05:30"), MakeZone("-0800"),
                                              MakeZone("America/New_York")};
  return zones;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// FormatTime(t) must be "[-]YYYY-MM-DDTHH:MM:SS" naming a real moment, and
// agree with DateFromTime/FormatDate.
void CheckTime(Time t, std::string_view input, const std::string& format) {
  const std::string text = retention::FormatTime(t);
  const CivilDate date = retention::DateFromTime(t);
  FUZZ_CHECK(retention::IsValidDate(date.year, date.month, date.day),
             "'%.*s' (format '%s') -> %s, not a real date", static_cast<int>(input.size()),
             input.data(), format.c_str(), text.c_str());
  // Parsed years are 0..9999; an offset of at most a day moves it by one.
  FUZZ_CHECK(date.year >= -1 && date.year <= 10000, "'%.*s' (format '%s') -> year %d",
             static_cast<int>(input.size()), input.data(), format.c_str(), date.year);
  const std::string day = retention::FormatDate(date);
  FUZZ_CHECK(text.size() == day.size() + 9 && text.compare(0, day.size(), day) == 0 &&
                 text[day.size()] == 'T',
             "FormatTime %s vs FormatDate %s", text.c_str(), day.c_str());
  const char* clock = text.c_str() + day.size() + 1;  // HH:MM:SS
  for (int i : {0, 1, 3, 4, 6, 7}) FUZZ_CHECK(IsDigit(clock[i]), "clock in %s", text.c_str());
  FUZZ_CHECK(clock[2] == ':' && clock[5] == ':', "clock in %s", text.c_str());
  const int hh = (clock[0] - '0') * 10 + clock[1] - '0';
  const int mm = (clock[3] - '0') * 10 + clock[4] - '0';
  const int ss = (clock[6] - '0') * 10 + clock[7] - '0';
  FUZZ_CHECK(hh < 24 && mm < 60 && ss < 60, "clock in %s", text.c_str());
  // The calendar helpers agree with each other on this day.
  FUZZ_CHECK(retention::CivilFromDays(retention::DaysFromCivil(date)) == date, "days round trip %s",
             day.c_str());
  FUZZ_CHECK(retention::TimeFromDate(date) + hh * 3600 + mm * 60 + ss == t, "time of %s",
             text.c_str());
  const int weekday = retention::IsoWeekday(date);
  FUZZ_CHECK(weekday >= 1 && weekday <= 7, "weekday %d", weekday);
  FUZZ_CHECK(retention::IsoWeekday(retention::AddDays(date, 1)) == weekday % 7 + 1,
             "weekday after %s", day.c_str());
  const CivilDate next_month = retention::AddMonths(date, 1);
  FUZZ_CHECK(retention::IsValidDate(next_month.year, next_month.month, next_month.day),
             "AddMonths(%s, 1)", day.c_str());
  // The local time in ISO form reads back to the same Time (no offset in it,
  // so the zone does not apply).
  if (date.year >= 0 && date.year <= 9999) {
    std::string error;
    const std::optional<Time> back = DateParser().Parse(text, &error);
    FUZZ_CHECK(back && *back == t, "FormatTime %s does not read back: %s", text.c_str(),
               error.c_str());
  }
}

void ParseWith(const DateParser& parser, std::string_view text) {
  std::string error;
  const std::optional<Time> t = parser.Parse(text, &error);
  if (t) {
    CheckTime(*t, text, parser.format());
  } else {
    FUZZ_CHECK(!error.empty(), "'%.*s' (format '%s') failed without a message",
               static_cast<int>(text.size()), text.data(), parser.format().c_str());
  }
  // Without an error sink the answer is the same.
  const std::optional<Time> again = parser.Parse(text, nullptr);
  FUZZ_CHECK(again == t, "Parse(text, nullptr) disagrees");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const TimeZone& zone = Zones()[data[0] % 4];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  const DateParser iso("", zone);
  ParseWith(iso, text);

  // The day cache of per-row loops answers as Parse does, whatever day it
  // held from earlier inputs, and again once it holds this one's.
  static DateParser::DayCache caches[4];
  {
    std::string error;
    const std::optional<Time> t = iso.Parse(text, &error);
    for (int round = 0; round < 2; ++round) {
      std::string cached_error;
      Time cached = 0;
      const bool ok = iso.Parse(text, &cached, &cached_error, &caches[data[0] % 4]);
      FUZZ_CHECK(ok == t.has_value() && (!ok || cached == *t) && cached_error == error,
                 "'%.*s': the day cache disagrees with Parse (round %d)",
                 static_cast<int>(text.size()), text.data(), round);
    }
  }

  // A strict YYYY-MM-DD of a real day is midnight that day, whatever the zone.
  std::string_view trimmed = text;
  while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t'))
    trimmed.remove_prefix(1);
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t'))
    trimmed.remove_suffix(1);
  if (const std::optional<CivilDate> day = retention::ParseIsoDate(trimmed)) {
    std::string error;
    const std::optional<Time> t = iso.Parse(text, &error);
    FUZZ_CHECK(t && *t == retention::TimeFromDate(*day), "ParseIsoDate accepts '%.*s' but: %s",
               static_cast<int>(trimmed.size()), trimmed.data(), error.c_str());
    FUZZ_CHECK(retention::FormatDate(retention::DateFromTime(*t)) == trimmed, "'%.*s' -> %s",
               static_cast<int>(trimmed.size()), trimmed.data(),
               retention::FormatDate(retention::DateFromTime(*t)).c_str());
  }

  for (const char* format : kFormats) ParseWith(DateParser(format, zone), text);

  const size_t newline = text.find('\n');
  if (newline != std::string_view::npos) {
    const std::string format(text.substr(0, newline));
    std::optional<DateParser> custom;
    try {
      custom.emplace(format, zone);
    } catch (const retention::UsageError& e) {
      FUZZ_CHECK(e.what()[0] != '\0', "empty UsageError");
    }
    if (custom) ParseWith(*custom, text.substr(newline + 1));
  }
  return 0;
}
