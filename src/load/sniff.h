// How a file writes its dates and numbers, told from its first rows: the
// loaders take a sample of the date and number cells before parsing, and
// every row of the file is then read the one way chosen, so a later value
// written otherwise is an error at its place, never read another way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "retention/load.h"
#include "retention/money.h"

namespace retention {

/// Rows of a file a sample holds at most, and the bytes read ahead for it.
constexpr int64_t kSampleRows = 2000;
constexpr size_t kSampleBytes = size_t{1} << 18;

/// One cell of the sample.
struct SampleValue {
  std::string text;  // trimmed, not empty
  int64_t line = 0;
  int64_t column = 0;
  std::string column_name;  // as messages name it: 'Betrag' or #4
};

/// The cells of the first rows of a file that sniffing looks at.
struct Sample {
  /// Data rows it was taken from.
  int64_t rows = 0;
  std::vector<SampleValue> dates;
  /// Amounts, quantities and prices: one way of writing numbers for all.
  std::vector<SampleValue> numbers;
};

/// How one file's dates and numbers are read.
struct FileFormats;
/// Why `text`, read as an amount in `formats`, may mean another number:
/// the decimal separator was undecided (FileFormats::decimal_undecided)
/// and it reads both ways ("1.500": 1.5 or 1500). None otherwise.
/// `column` names the column in the message.
std::optional<std::string> AmbiguousNumber(const FileFormats& formats, std::string_view text,
                                           const std::string& column);

struct FileFormats {
  /// The --date-format; "" for ISO 8601.
  std::string date_format;
  NumberFormat numbers;
  /// The same with the other decimal separator, for telling whether a
  /// value that does not read would read that way.
  NumberFormat other_numbers;
  /// When detected: the value that showed the date format, the decimal
  /// separator, and the first value grouped by thousands, with where they
  /// are ("\"31.12.2023\" on line 2"), for messages. Empty when given, or
  /// when no value showed it.
  std::string date_evidence, decimal_evidence, thousands_evidence;
  /// No date of the first rows told day from month, and the export's
  /// layout says month first, or the dates have dots (day first):
  /// date_evidence says why, and names the other order's format.
  bool date_order_assumed = false;
  /// No value of the first rows told the decimal separator, and no flag
  /// gave it: a decimal point is read, and a later value that reads both
  /// ways ("1.500") is ambiguous (AmbiguousNumber).
  bool decimal_undecided = false;
  /// The thousands separator that value used (' ' for any space); 0 none.
  char thousands_used = 0;
  /// --thousands-separator when it was '.' or ',', which makes the other
  /// one the decimal separator; 0 otherwise.
  char thousands_given = 0;
  /// --thousands-separator none was given: a value grouped by thousands
  /// is then read by no format, and its hint says so.
  bool no_thousands_given = false;
  /// --decimal-separator was given.
  bool decimal_given = false;
  /// --thousands-separator was given beside --decimal-separator: a hint to
  /// read numbers the other way must change both.
  bool both_separators_given = false;
  /// The date column's name says its times are UTC (NameSaysUtc): times
  /// without an offset are read as UTC, not in the reporting zone.
  bool times_in_utc = false;
};

/// The formats of `file` from its `sample`, where `options` leave them to
/// detection (an empty date_format, a 0 separator). Throws DataError at
/// the first value that reads two ways when no value of the sample tells
/// which (a day above 12, a decimal separator that cannot be a thousands
/// separator), naming both readings and the flag for each; dates that do
/// not tell are read month first instead with `month_first_unless_shown`
/// (a layout known to write them so, 12/1/2010) when they have slashes.
FileFormats SniffFormats(const LoadOptions& options, const std::string& file, const Sample& sample,
                         bool month_first_unless_shown = false);

/// Tells LoadOptions::notice, if set, what DescribeFormats says of `file`
/// when it says anything.
void NoteFormats(const LoadOptions& options, const std::string& file, const FileFormats& formats);

/// What was detected, for a note: "amounts with a decimal comma and '.'
/// between thousands (1.234,56) and dates as DD.MM.YYYY (--date-format
/// '%d.%m.%Y')"; empty when dates are ISO and amounts plain.
std::string DescribeFormats(const FileFormats& formats);

/// A sentence for a value that does not read under detected formats, to
/// follow the error: "; dates here are read as DD.MM.YYYY, as
/// \"31.12.2023\" on line 2 shows; give --date-format to read them
/// otherwise". Empty when the format was given or is the default.
std::string DateHint(const FileFormats& formats);
/// The same for a number `text` that does not read but would with the
/// other decimal separator; empty for any other text.
std::string NumberHint(const FileFormats& formats, std::string_view text);

}  // namespace retention
