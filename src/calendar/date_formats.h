// Telling a date column's --date-format from its values: the patterns a
// value could be written in, and how to name a pattern to people.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retention {

/// The --date-format patterns `text` fits, for the layouts exports use
/// besides ISO 8601: day and month in either order around '/', '.' or '-'
/// ("31.12.2023", "12/1/2010 8:26", with a time of day, seconds and AM/PM
/// or not), "2023.12.31", and English month names ("31 Dec 2023",
/// "Dec 31, 2023"). Both orders of day and month are given whether or not
/// `text` itself reads in both (a value may not tell; others may). Ten
/// digits ("1735655400") are seconds since 1970, "%s". Empty for a text
/// of none of these shapes.
std::vector<std::string> DateFormatCandidates(std::string_view text);

/// A hint for a date no format of the file read: "; --date-format 'F'
/// reads it" for a shape DateFormatCandidates knows or one with a
/// two-digit year (never read without the flag), or what a spreadsheet's
/// day number (45356) is. Empty when there is nothing to suggest.
std::string SuggestDateFormat(std::string_view text);
/// The --date-format with %y that reads `text` ("31-Dec-23": "%d-%b-%y"),
/// or "" when none does.
std::string TwoDigitYearFormat(std::string_view text);

/// Whether `text` is written as day and month in either order and a
/// four-digit year (31.02.2024, 02/31/2024, a time of day after it or
/// not) but names no real day, read day first or month first: no
/// --date-format would read it.
bool NoRealDayEitherWay(std::string_view text);
/// What messages say of such a value.
inline constexpr std::string_view kNoRealDay =
    "this one is no real day, read day first or month first: correct it";

/// Whether `value` starts with a date, in any of the shapes exports write
/// one: three groups of up to four digits, one of two or more, between
/// '-', '/' or '.' ("2024-03-05 10:00", "05/03/2024", "5.3.24"), eight
/// digits in a row (20240305, 05032024) or with a month's English name
/// ("05-Mar-2024", "Mar 5, 2024", "1970-Jan-01"), then the end or a space,
/// 'T' (or ',' after the last two kinds). Loose: a day and a month either
/// way round, any day up to 31. `*unset` is set when the date is how a
/// column writes "no date": the epoch (1970-01-01, 01.01.1970, 19700101),
/// a year before 1900 (.NET's 0001-01-01, a spreadsheet's day 0,
/// 1899-12-30), 9999 (an end of time) or zeros; its value is unspecified
/// when the answer is false.
bool StartsWithDate(std::string_view value, bool* unset);

/// A pattern as people write it: "%d.%m.%Y %H:%M" is "DD.MM.YYYY hh:mm".
std::string DescribeDateFormat(std::string_view format);

}  // namespace retention
