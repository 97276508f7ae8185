#include "load/sniff.h"

#include <algorithm>
#include <optional>

#include "base/text.h"
#include "calendar/date_formats.h"
#include "retention/error.h"

namespace retention {
namespace {

std::string Shown(const SampleValue& v) {
  return "\"" + InputExcerpt(v.text) + "\" on line " + std::to_string(v.line);
}

std::string FirstRows(const Sample& sample) {
  if (sample.rows == 1) return "the only row";
  return "the first " + std::to_string(sample.rows) + " rows";
}

// The number format with `decimal`: the thousands separator given, else
// any other.
NumberFormat WithDecimal(char decimal, const LoadOptions& options) {
  NumberFormat format;
  format.decimal = decimal;
  char given = options.thousands_separator;
  if (given == kNoThousandsSeparator) return format;
  if (given != 0) {
    format.thousands = std::string(1, given);
    return format;
  }
  for (char c : {',', '.', ' ', '\''}) {
    if (c != decimal) format.thousands.push_back(c);
  }
  return format;
}

// The thousands separator `text` uses (' ' for any space), or 0.
char GroupedBy(std::string_view text, char decimal) {
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if (!IsDigit(text[i - 1])) continue;
    size_t size = 1;
    char c = ThousandsSeparatorAt(text, i, &size);
    if (c == 0 || c == decimal || i + size >= text.size() || !IsDigit(text[i + size])) continue;
    return c;
  }
  return 0;
}

std::string Reading(Money value, std::string_view text, char decimal) {
  char grouped = GroupedBy(text, decimal);
  std::string how = grouped != 0 ? (grouped == ' ' ? std::string("spaces")
                                                   : "'" + std::string(1, grouped) + "'") +
                                       " between thousands"
                    : decimal == ',' ? "a decimal comma"
                                     : "a decimal point";
  return FormatMoneyExact(value, 0) + " with " + how + " (give --decimal-separator " +
         std::string(1, decimal) + ")";
}

void SniffNumbers(const LoadOptions& options, const std::string& file, const Sample& sample,
                  FileFormats* out) {
  out->no_thousands_given = options.thousands_separator == kNoThousandsSeparator;
  if (options.decimal_separator != 0) {
    out->numbers = WithDecimal(options.decimal_separator, options);
    out->decimal_given = true;
    out->both_separators_given = options.thousands_separator != 0;
    return;
  }
  const char given = options.thousands_separator;
  if (given == '.' || given == ',') {
    // The other one is the decimal separator: nothing to sniff.
    out->numbers = WithDecimal(given == '.' ? ',' : '.', options);
    out->thousands_given = given;
    return;
  }
  const NumberFormat dot = WithDecimal('.', options), comma = WithDecimal(',', options);
  int64_t dot_reads = 0, comma_reads = 0;
  const SampleValue* dot_only = nullptr;    // the first value only a decimal point reads
  const SampleValue* comma_only = nullptr;  // the first only a decimal comma reads
  const SampleValue* both = nullptr;        // the first both read, as different numbers
  Money both_dot, both_comma;
  for (const SampleValue& v : sample.numbers) {
    Money a, b;
    const MoneyError as_dot = ParseMoneyAs(v.text, dot, &a);
    const MoneyError as_comma = ParseMoneyAs(v.text, comma, &b);
    // A number past the bound still shows how it is written: its row's
    // error then says it is too large, not that it is no number.
    bool d = as_dot == MoneyError::kNone || as_dot == MoneyError::kOutOfRange;
    bool c = as_comma == MoneyError::kNone || as_comma == MoneyError::kOutOfRange;
    const bool both_read = as_dot == MoneyError::kNone && as_comma == MoneyError::kNone;
    // "¥1,234" is no 1.234 yen (nor "¥1.234" in a German export): read
    // both ways, a yen or won amount tells by the reading with three
    // decimals, which it cannot have.
    if (both_read && a != b && SymbolOfWholeAmounts(CurrencySymbolOf(v.text))) {
      if (b.units % 100 != 0) c = false;
      if (a.units % 100 != 0) d = false;
    }
    dot_reads += d;
    comma_reads += c;
    if (d && !c && dot_only == nullptr) dot_only = &v;
    if (c && !d && comma_only == nullptr) comma_only = &v;
    if (d && c && both_read && a != b && both == nullptr) {
      both = &v;
      both_dot = a;
      both_comma = b;
    }
  }
  const SampleValue* shown = nullptr;
  if (dot_only == nullptr && comma_only == nullptr) {
    if (both != nullptr) {
      throw DataError(Location{file, both->line, both->column},
                      "cannot tell how the number \"" + InputExcerpt(both->text) + "\" in column " +
                          both->column_name + " is written: as " +
                          Reading(both_dot, both->text, '.') + ", or as " +
                          Reading(both_comma, both->text, ',') + "; no value in " +
                          FirstRows(sample) + " tells");
    }
    // Nothing tells: a decimal point, and no ',' that could be either.
    out->numbers = dot;
    out->decimal_undecided = true;
    if (given == 0) out->numbers.thousands = " '";
  } else {
    const bool use_comma =
        comma_only != nullptr && (dot_only == nullptr || comma_reads > dot_reads);
    out->numbers = use_comma ? comma : dot;
    shown = use_comma ? comma_only : dot_only;
    out->decimal_evidence = Shown(*shown);
  }
  for (const SampleValue& v : sample.numbers) {
    char grouped = GroupedBy(v.text, out->numbers.decimal);
    Money value;
    if (grouped != 0 && out->numbers.thousands.find(grouped) != std::string::npos &&
        ParseMoneyAs(v.text, out->numbers, &value) == MoneyError::kNone) {
      out->thousands_used = grouped;
      out->thousands_evidence = Shown(v);
      break;
    }
  }
}

void SniffDates(const LoadOptions& options, const std::string& file, const Sample& sample,
                bool month_first_unless_shown, FileFormats* out) {
  out->date_format = options.date_format;
  if (!options.date_format.empty()) return;
  const DateParser iso("", options.time_zone);
  std::string error;
  Time time = 0;
  // The first date that is not ISO 8601 but has a layout we know. A value
  // of no date shape ("N/A" on a row left out for its empty customer, say)
  // says nothing about the others: its row's error, if any, says what is
  // expected.
  const SampleValue* first = nullptr;
  std::vector<std::string> candidates;
  for (const SampleValue& v : sample.dates) {
    if (iso.Parse(v.text, &time, &error)) continue;
    candidates = DateFormatCandidates(v.text);
    if (!candidates.empty()) {
      first = &v;
      break;
    }
  }
  if (first == nullptr) return;
  if (candidates.size() == 1) {
    out->date_format = candidates[0];
    out->date_evidence = Shown(*first);
    return;
  }
  // Day first or month first: a day above 12 tells.
  const DateParser day_first(candidates[0], options.time_zone);
  const DateParser month_first(candidates[1], options.time_zone);
  int64_t day_reads = 0, month_reads = 0;
  const SampleValue* day_only = nullptr;
  const SampleValue* month_only = nullptr;
  const SampleValue* both = nullptr;     // the first read as two different days
  const SampleValue* neither = nullptr;  // the first no real day either way
  Time both_day = 0, both_month = 0;
  for (const SampleValue& v : sample.dates) {
    Time a = 0, b = 0;
    bool d = day_first.Parse(v.text, &a, &error);
    bool m = month_first.Parse(v.text, &b, &error);
    day_reads += d;
    month_reads += m;
    if (!d && !m && neither == nullptr && NoRealDayEitherWay(v.text)) neither = &v;
    if (d && !m && day_only == nullptr) day_only = &v;
    if (m && !d && month_only == nullptr) month_only = &v;
    if (d && m && a != b && both == nullptr) {
      both = &v;
      both_day = a;
      both_month = b;
    }
  }
  // No date showed the order: `taken` (0 day first, 1 month first), as
  // `how` such dates are written.
  auto assume = [&](size_t taken, const char* how) {
    out->date_format = candidates[taken];
    out->date_order_assumed = true;
    out->date_evidence = std::string(taken == 0 ? "the day first, " : "the month first, ") + how +
                         " (no date in " + FirstRows(sample) +
                         " has a day above 12); give --date-format '" + candidates[1 - taken] +
                         "' to read the " + (taken == 0 ? "month" : "day") + " first";
  };
  // The layout writes 12/1/2010: slashes. Dots are another program's
  // (Excel's in Germany, say), read below; dashes are written either way.
  const bool slashes = candidates[1].compare(0, 3, "%m/") == 0;
  if (day_only == nullptr && month_only == nullptr && month_first_unless_shown && slashes) {
    return assume(1, "as this export writes them");
  }
  if (day_only == nullptr && month_only == nullptr && neither != nullptr) {
    // 31.02.2024: its day above 12 would have told, were it a real day.
    throw DataError(Location{file, neither->line, neither->column},
                    "cannot read the date \"" + InputExcerpt(neither->text) + "\" in column " +
                        neither->column_name + "; " + std::string(kNoRealDay));
  }
  // 05.03.2024: the countries that write dates with dots (Germany,
  // Austria, Switzerland, Scandinavia, Eastern Europe) put the day first.
  // A later date that shows the month first (03.25.2024) does not read,
  // and the note names the format taken.
  const bool dots = candidates[0].compare(0, 3, "%d.") == 0;
  if (day_only == nullptr && month_only == nullptr && dots) {
    return assume(0, "as dates with dots are written");
  }
  if (day_only == nullptr && month_only == nullptr) {
    // Each way's reading of a date that differs; when every day so far is
    // its month, of 03/05.
    std::string as_day = "03/05 is 3 May", as_month = "03/05 is 5 March";
    if (both != nullptr) {
      as_day = FormatDate(DateFromTime(both_day));
      as_month = FormatDate(DateFromTime(both_month));
    } else {
      both = first;
    }
    throw DataError(Location{file, both->line, both->column},
                    "cannot tell whether the date \"" + InputExcerpt(both->text) + "\" in column " +
                        both->column_name + " has the day or the month first: no date in " +
                        FirstRows(sample) + " has a day above 12; give --date-format '" +
                        candidates[0] + "' (day first: " + as_day + ") or --date-format '" +
                        candidates[1] + "' (month first: " + as_month + ")");
  }
  const bool use_month = month_only != nullptr && (day_only == nullptr || month_reads > day_reads);
  out->date_format = candidates[use_month ? 1 : 0];
  out->date_evidence = Shown(*(use_month ? month_only : day_only));
}

std::string DescribeNumbers(const FileFormats& f) {
  const NumberFormat& n = f.numbers;
  if (f.decimal_evidence.empty() && f.thousands_evidence.empty()) return "";  // given
  // The separator as named and as written between digits (none: "").
  const char t = f.thousands_used;
  const std::string used = t == 0 ? "" : t == ' ' ? "a space" : "'" + std::string(1, t) + "'";
  const std::string sep = t == 0 ? "" : std::string(1, t);
  if (n.decimal == ',') {
    return "amounts with a decimal comma" +
           (used.empty() ? "" : " and " + used + " between thousands") + " (1" + sep + "234,56)";
  }
  if (used.empty()) return "";
  return "amounts with " + used + " between thousands (1" + sep + "234.56)";
}

}  // namespace

FileFormats SniffFormats(const LoadOptions& options, const std::string& file, const Sample& sample,
                         bool month_first_unless_shown) {
  FileFormats formats;
  SniffNumbers(options, file, sample, &formats);
  LoadOptions any = options;
  any.thousands_separator = 0;
  formats.other_numbers = WithDecimal(formats.numbers.decimal == '.' ? ',' : '.', any);
  SniffDates(options, file, sample, month_first_unless_shown, &formats);
  return formats;
}

std::optional<std::string> AmbiguousNumber(const FileFormats& formats, std::string_view text,
                                           const std::string& column) {
  if (!formats.decimal_undecided || text.find_first_of(".,") == std::string_view::npos) {
    return std::nullopt;
  }
  // Undecided, a decimal point is read; other_numbers reads a comma.
  Money dot, comma;
  if (ParseMoneyAs(text, formats.numbers, &dot) != MoneyError::kNone ||
      ParseMoneyAs(text, formats.other_numbers, &comma) != MoneyError::kNone || dot == comma) {
    return std::nullopt;
  }
  return "cannot tell how the number \"" + InputExcerpt(text) + "\" in column " + column +
         " is written: as " + Reading(dot, text, '.') + ", or as " + Reading(comma, text, ',') +
         "; no value of the first rows told, and a decimal point was read so far";
}

std::string DescribeFormats(const FileFormats& formats) {
  std::string numbers = DescribeNumbers(formats);
  std::string dates;
  if (!formats.date_evidence.empty()) {
    dates = "dates as " + DescribeDateFormat(formats.date_format) + " (--date-format '" +
            formats.date_format + "')";
  }
  if (numbers.empty() || dates.empty()) return numbers + dates;
  return numbers + " and " + dates;
}

void NoteFormats(const LoadOptions& options, const std::string& file, const FileFormats& formats) {
  if (!options.notice) return;
  std::string what = DescribeFormats(formats);
  if (!what.empty()) options.notice(file + ": read " + what);
  if (formats.times_in_utc && !TimeZone::IsUtcName(options.time_zone.name())) {
    options.notice(file +
                   ": times without an offset read as UTC, as the date column's name "
                   "says, and reported in " +
                   options.time_zone.name());
  }
}

std::string DateHint(const FileFormats& formats) {
  if (formats.date_evidence.empty()) return "";
  if (formats.date_order_assumed) {
    return "; dates here are read as " + DescribeDateFormat(formats.date_format) + ", " +
           formats.date_evidence;
  }
  return "; dates here are read as " + DescribeDateFormat(formats.date_format) + ", as " +
         formats.date_evidence +
         " shows; give --date-format to read them otherwise (if the file mixes both, no format "
         "reads every date: correct the odd ones)";
}

std::string NumberHint(const FileFormats& formats, std::string_view text) {
  if (formats.no_thousands_given) {
    const char grouped = GroupedBy(text, formats.numbers.decimal);
    // Only when every such separator has three digits after it, as
    // thousands are grouped ("12,50" is a decimal comma: the hints below).
    bool thousands = grouped != 0;
    for (size_t at = text.find(grouped); thousands && at != std::string_view::npos;
         at = text.find(grouped, at + 1)) {
      thousands = at + 3 < text.size() && IsDigit(text[at + 1]) && IsDigit(text[at + 2]) &&
                  IsDigit(text[at + 3]) && (at + 4 == text.size() || !IsDigit(text[at + 4]));
    }
    if (thousands) {
      return std::string(
                 "; --thousands-separator none says no number has a separator between "
                 "thousands, and this one has ") +
             (grouped == ' ' ? "a space" : "'" + std::string(1, grouped) + "'") +
             ": give --thousands-separator " +
             (grouped == ' ' ? std::string("space") : ShellWord(std::string(1, grouped))) +
             " (or leave the flag out)";
    }
  }
  Money value;
  if (ParseMoneyAs(text, formats.other_numbers, &value) != MoneyError::kNone) return "";
  const bool comma = formats.numbers.decimal == ',';
  const std::string separator = comma ? "comma" : "point";
  const char other = comma ? '.' : ',';
  // The thousands separator this value has when read the other way.
  const char grouped = GroupedBy(text, other);
  const std::string grouped_flag = grouped == 0     ? "none"
                                   : grouped == ' ' ? "space"
                                                    : std::string(1, grouped);
  if (formats.decimal_given) {
    std::string fix = std::string("--decimal-separator ") + other;
    if (formats.both_separators_given) fix += " --thousands-separator " + grouped_flag;
    return "; numbers here are read with a decimal " + separator + ", as --decimal-separator " +
           formats.numbers.decimal + " says; give " + fix + " to read them otherwise";
  }
  if (formats.thousands_given != 0) {
    // Without grouping, no thousands separator reads the value too.
    std::string fix =
        grouped == 0 ? std::string(1, comma ? ',' : '.') + " (or none)" : grouped_flag;
    return "; numbers here are read with a decimal " + separator + ", as --thousands-separator " +
           formats.thousands_given + " says; give --thousands-separator " + fix +
           " to read them otherwise";
  }
  std::string read = "; numbers here are read with a decimal " + separator + ", as ";
  read = formats.decimal_evidence.empty()
             ? std::string(
                   "; numbers here are read with a decimal point (no value of the "
                   "first rows showed the separator)")
             : read + formats.decimal_evidence + " shows";
  // "1,234" after rows of whole numbers: grouped by thousands, or 1.234.
  // Both readings, for the flag given to be the one that means it.
  NumberFormat grouped_format = formats.numbers;
  grouped_format.thousands = std::string(1, other);
  Money as_grouped;
  if (ParseMoneyAs(text, grouped_format, &as_grouped) == MoneyError::kNone) {
    return read + "; give --decimal-separator " + formats.numbers.decimal + " to read it as " +
           FormatMoneyExact(as_grouped) + " with '" + other +
           "' between thousands, or --decimal-separator " + other + " to read it as " +
           FormatMoneyExact(value) +
           " (if the file mixes both, no flag reads every amount: "
           "correct the odd ones)";
  }
  return read + "; give --decimal-separator " + other +
         " to read them otherwise (if the file mixes both, no flag reads every amount: correct "
         "the odd ones)";
}

}  // namespace retention
