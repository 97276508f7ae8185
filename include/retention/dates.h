// Calendar dates, times in the reporting time zone, and parsing of the date
// text found in order files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace date {
class time_zone;
}

namespace retention {

/// Seconds since 1970-01-01 00:00:00 *in the reporting time zone*. All
/// figures are computed on this local clock, so "March" means March where
/// the business reports, and a date without a time is the start of that day.
using Time = int64_t;

inline constexpr Time kSecondsPerDay = 86400;
/// 1900-01-01 00:00: inputs dated before it are refused. No order or
/// subscription is that old: 0001-01-01 (.NET's empty date) or 1899-12-30
/// (a spreadsheet's day 0) stands for a missing date, and as a date it
/// would stretch every report over centuries.
inline constexpr Time kEarliestInputTime = -2208988800;
/// What the message about such a date says after naming it.
inline constexpr const char* kBeforeEarliestInputFix =
    " is before 1900: a placeholder for a missing date? Fill in the date, or drop the row";

/// A day of the proleptic Gregorian calendar.
struct CivilDate {
  int year = 1970;
  /// 1..12
  int month = 1;
  /// 1..31
  int day = 1;

  friend bool operator==(const CivilDate& a, const CivilDate& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
  }
  friend bool operator!=(const CivilDate& a, const CivilDate& b) { return !(a == b); }
  friend bool operator<(const CivilDate& a, const CivilDate& b) {
    if (a.year != b.year) return a.year < b.year;
    if (a.month != b.month) return a.month < b.month;
    return a.day < b.day;
  }
  friend bool operator<=(const CivilDate& a, const CivilDate& b) { return !(b < a); }
};

/// Days since 1970-01-01 (negative before).
int64_t DaysFromCivil(CivilDate date);
/// Inverse of DaysFromCivil.
CivilDate CivilFromDays(int64_t days);
/// 28..31.
int DaysInMonth(int year, int month);
/// True when year/month/day name a real day (no 2024-02-30).
bool IsValidDate(int year, int month, int day);
/// Midnight at the start of `date`.
inline Time TimeFromDate(CivilDate date) { return DaysFromCivil(date) * kSecondsPerDay; }
/// The day holding `t`.
CivilDate DateFromTime(Time t);
/// `date` plus `days` days.
CivilDate AddDays(CivilDate date, int64_t days);
/// `date` plus `months` months, clamping the day to the target month's
/// length (2024-01-31 + 1 month = 2024-02-29).
CivilDate AddMonths(CivilDate date, int64_t months);
/// 1 = Monday .. 7 = Sunday.
int IsoWeekday(CivilDate date);
/// "2024-03-05".
std::string FormatDate(CivilDate date);
/// "2024-03-05T14:02:11" (local reporting time, no offset).
std::string FormatTime(Time t);
/// Strict "YYYY-MM-DD" of a real day; nullopt otherwise.
std::optional<CivilDate> ParseIsoDate(std::string_view text);

/// The reporting time zone: UTC, a fixed offset, or an IANA zone.
class TimeZone {
 public:
  /// UTC, the default.
  TimeZone() = default;
  /// "UTC", "Z", "+02:00", "-0530", or an IANA name such as
  /// "Europe/Berlin" (from the system's tz database).
  /// Throws UsageError for anything else.
  static TimeZone Parse(std::string_view name);
  /// The machine's zone (/etc/localtime, by its tz database name); UTC
  /// when the system names none. The TZ variable is the caller's to read.
  static TimeZone System();

  /// Local reporting time of an instant given as seconds since the Unix epoch.
  Time FromUtc(int64_t utc_seconds) const;
  /// The name as given ("UTC" by default).
  const std::string& name() const { return name_; }
  /// True when the names `a` and `b` (as given to Parse, or recorded in a
  /// history's definitions) are one zone: equal, or both UTC under any of
  /// its names (IsUtcName).
  static bool SameZoneName(std::string_view a, std::string_view b);
  /// True for a name of UTC: "UTC", "Z", "GMT" (any case), the tz
  /// database's names for it ("Etc/UTC", "Etc/Zulu", "Zulu", "UCT",
  /// "Universal", "Etc/GMT", "GMT0", "Etc/GMT+0", "Greenwich", ...) and a
  /// zero offset ("+00:00").
  static bool IsUtcName(std::string_view name);

 private:
  std::string name_ = "UTC";
  int64_t fixed_offset_ = 0;               // seconds east of UTC
  const date::time_zone* zone_ = nullptr;  // IANA zone, or null for fixed
};

/// Reads the date column of an order file.
///
/// With an empty format it accepts ISO 8601: "2024-03-05",
/// "2024-03-05T14:02:11", "2024-03-05 14:02", fractional seconds, and an
/// offset ("Z", "+02:00", "+0200"); also "20240305" and "2024/03/05".
/// Times with an offset are converted to the reporting time zone; times
/// without one are taken to be in it already, or to be UTC with
/// NaiveTimes::kUtc (a column named "Created (UTC)").
///
/// A strftime-style format reads anything else: %Y %y %m %d %e %H %I %p %M
/// %S %f (fraction) %z %b %B (English month names) %j %T %F %%; any other
/// character must match itself. Example: "%m/%d/%Y %H:%M". "%s" alone
/// reads seconds since 1970-01-01 UTC ("1735655400"), an instant.
class DateParser {
 public:
  /// Where a time without an offset is: on the reporting zone's clock, or
  /// on UTC's (then converted like "Z").
  enum class NaiveTimes { kInZone, kUtc };

  /// How much of a text a format must read. kLenient, for a column's
  /// values: a time of day after a date-only format too, and a date alone
  /// where the format goes on to a time (spreadsheets write midnight so).
  /// kWhole: the format, all of it, and nothing after it; for telling
  /// which format a text is written in. ISO reading (no format) is the
  /// same either way.
  enum class Match { kLenient, kWhole };

  /// Throws UsageError when `format` has an unknown or incomplete directive
  /// (it must at least name year, month and day, or year and day-of-year).
  explicit DateParser(std::string format = "", TimeZone zone = TimeZone(),
                      NaiveTimes naive = NaiveTimes::kInZone, Match match = Match::kLenient);

  /// The local reporting time of `text`, or nullopt with `*error` set to a
  /// sentence saying what was expected ("expected a date like 2024-03-05").
  /// Does not allocate on success.
  std::optional<Time> Parse(std::string_view text, std::string* error) const;
  /// The same, with the time in `*time`; false on error. For per-row loops:
  /// GCC builds an optional result in memory and stalls reading it back.
  bool Parse(std::string_view text, Time* time, std::string* error) const;

  /// The last day read in the common shape ("2024-03-05", then any time
  /// and offset): rows of a file mostly share days, and a text of the same
  /// day then needs only its time of day (and offset) read. Keep one per
  /// thread.
  struct DayCache {
    char day[10] = {};
    Time midnight = 0;
    bool valid = false;
  };
  /// The same as Parse, faster on a run of texts that share a day.
  bool Parse(std::string_view text, Time* time, std::string* error, DayCache* cache) const;

  /// The format as given ("" for ISO).
  const std::string& format() const { return format_; }

 private:
  std::optional<Time> ParseIso(std::string_view text, std::string* error) const;
  std::optional<Time> ParseFormatted(std::string_view text, std::string* error) const;

  std::string format_;
  TimeZone zone_;
  NaiveTimes naive_ = NaiveTimes::kInZone;
  bool format_has_time_ = false;  // the format reads an hour
  bool unix_seconds_ = false;     // the format is "%s"
  bool whole_ = false;            // Match::kWhole
  // By position in the format: a text ending there is a date alone (the
  // format goes on to a time only). Per format, not per row.
  std::vector<bool> date_alone_at_;
};

}  // namespace retention
