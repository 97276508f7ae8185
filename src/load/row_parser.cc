// RowParser: the text of one row to a ParsedRow, on any thread (the
// first half of row_pipeline.h).
#include <algorithm>
#include <cctype>
#include <cstring>
#include <tuple>

#include "base/digits.h"
#include "base/load_bytes.h"
#include "base/text.h"
#include "base/utf8.h"
#include "calendar/date_formats.h"
#include "load/column_mapping.h"
#include "load/row_pipeline.h"
#include "load/string_interner.h"

namespace retention {
namespace {

std::string Name(const Cell& cell) {
  return cell.name && !cell.name->empty() ? "'" + InputExcerpt(*cell.name, 40) + "'"
                                          : "#" + std::to_string(cell.index + 1);
}

uint32_t Append(std::string* text, std::string_view s) {
  uint32_t offset = static_cast<uint32_t>(text->size());
  if (!s.empty()) text->append(s.data(), s.size());
  return offset;
}

// An id into the batch: numbers travel in their code alone.
uint32_t AppendId(std::string* text, std::string_view id, uint64_t code) {
  return StringInterner::IsNumber(code) ? kSpelledByCode : Append(text, id);
}

}  // namespace

std::string Batch::IdText(uint32_t offset, uint32_t size, uint64_t code) const {
  if (offset != kSpelledByCode) return std::string(Text(offset, size));
  char digits[20];
  return std::string(StringInterner::Spell(code, digits));
}

void Batch::Clear() {
  // (Not first_key, keys and bytes: they are given before the batch is
  // parsed.)
  rows.clear();
  text.clear();
  rows_without_customer = 0;
  first_row_without_customer = Location{};
  continuation_rows = 0;
  order_total_lines = order_total_repeats = 0;
  first_order_total_line = Location{};
  order_total_column.clear();
  order_total_amount_column = 0;
  rows_left_out = 0;
  first_row_left_out = Location{};
  segments_are_currencies = false;
  emails.clear();
  email_fix = {};
  refunds_above_amount = 0;
  first_refunds_above_amount = Location{};
  error.reset();
  prepared = false;
  recorded.Clear();
  recorded_rows.clear();
  merged_lines.clear();
}

RowParser::RowParser(const LoadOptions& options, const FileFormats& formats,
                     const ExportLayout* layout, Problems* problems, const CivilDate* as_of)
    : options_(options),
      formats_(formats),
      layout_(layout),
      decimal_point_(formats.numbers.decimal == '.'),
      dates_(formats.date_format, options.time_zone,
             formats.times_in_utc ? DateParser::NaiveTimes::kUtc : DateParser::NaiveTimes::kInZone),
      iso_dates_(
          "", options.time_zone,
          formats.times_in_utc ? DateParser::NaiveTimes::kUtc : DateParser::NaiveTimes::kInZone),
      problems_(problems),
      future_(as_of ? TimeFromDate(AddDays(*as_of, 1)) : INT64_MAX) {}

void RowParser::Fail(const std::string& file, const Cell& cell, Check check,
                     const std::string& message) {
  problems_->Error(Location{file, cell.line, cell.column}, check, message);
}

bool RowParser::ApplyLayout(const std::string& file, const Row& row, Batch* batch) {
  if (layout_->continuation_lines && row.amount.name != nullptr &&
      TrimSpaces(row.amount.text).empty()) {
    ++batch->continuation_rows;
    return false;
  }
  const Cell* why = nullptr;  // the status (or date) that leaves the row out
  for (size_t r = 0; r < kLayoutRules && why == nullptr; ++r) {
    const Cell& cell = row.layout->left_out[r];
    if (cell.name == nullptr) continue;
    // "annul\xe9e" (Windows-1252) would match no rule: the row would count.
    if (!IsValidUtf8(cell.text, file, cell)) return false;
    const ExportLayout::LeftOutWhen& rule = layout_->left_out[r];
    const bool match = Matches(rule, cell.text);
    if (rule.unless ? !match && !TrimSpaces(cell.text).empty() : match) why = &cell;
  }
  if (why == nullptr) return true;
  if (batch->rows_left_out++ == 0) {
    batch->first_row_left_out = Location{file, why->line, why->column};
  }
  return false;
}

int64_t RowParser::MinorUnitsOf(std::string_view code) {
  if (code != last_currency_) {
    last_currency_.assign(code.data(), code.size());
    const int digits = MinorUnitDigits(code);
    last_minor_units_ = digits == 0 ? 1 : digits == 3 ? 1000 : 100;  // 100 cents a dollar
  }
  return last_minor_units_;
}

bool RowParser::InCents(const std::string& file, const Row& row, const Cell& cell, Money* value) {
  const Cell& currency = row.currency_cell();
  const std::string_view code =
      currency.name != nullptr ? TrimSpaces(currency.text) : amount_name_currency_;
  const int64_t per_unit = code.empty() ? 100 : MinorUnitsOf(code);
  if (value->units % per_unit != 0) {
    Fail(file, cell, Check::kAmount,
         "the amount \"" + InputExcerpt(TrimSpaces(cell.text), 40) + "\" in column " + Name(cell) +
             " is in cents (as the name says), and has more than " +
             (per_unit == 1000 ? "1 decimal of a thousandth" : "2 decimals of a cent") +
             "; round it, or name a column in currency units (--amount-col, --price-col)");
    return false;
  }
  value->units /= per_unit;
  return true;
}

void RowParser::WarnRefundsAboveAmount(const std::string& file, const Row& row, Money amount,
                                       Batch* batch) {
  if (refunds_.empty()) return;
  __int128 refunded = 0;  // a list of refunds may pass what 64 bits hold
  for (const Refund& refund : refunds_) refunded -= refund.amount.units;
  if (refunded <= amount.units) return;
  // A warning: an order edited after payment may have been refunded more
  // than its total says now. Still, most often the amounts were misread.
  const Cell& cell = row.layout->refunded;
  const Location where{file, cell.line, cell.column};
  if (batch->refunds_above_amount++ == 0) batch->first_refunds_above_amount = where;
  problems_->Warning(
      where, Check::kAmount,
      "the refunds in column " + Name(cell) + " (" +
          (refunded > kMaxAmountUnits ? std::string("more than 10^12")
                                      : FormatMoneyExact(Money{static_cast<int64_t>(refunded)})) +
          ") are more than the order's amount \"" + InputExcerpt(TrimSpaces(row.amount.text), 40) +
          "\": revenue falls below zero for it; check both are read as written");
}

void RowParser::NoteEmailOfCustomer(const Cell& email_cell, uint64_t customer_code, Batch* batch) {
  std::string_view email = TrimSpaces(email_cell.text);
  if (email.empty()) return;
  email = FoldAsciiCase(email, &email_folded_);
  const uint64_t hash = StringInterner::TextHash(email);
  // A customer's charges often follow each other: one entry for them.
  if (!batch->emails.empty() && batch->emails.back().email == hash &&
      batch->emails.back().customer == customer_code) {
    return;
  }
  batch->emails.push_back({hash, customer_code, email_cell.line});
  batch->email_fix = layout_->by_email;
}

bool RowParser::InMinorUnits(const std::string& file, const Row& row, Money* amount) {
  // Split by currency (--by currency), the currency is the segment.
  const Cell& currency = row.currency_cell();
  const bool no_currency = TrimSpaces(currency.text).empty();
  // An amount with a decimal point is the thing to fix first (it is no
  // smallest unit's), so scale() says so; per_unit is then never used.
  if (no_currency && TrimSpaces(row.amount.text).find_first_of(".,") == std::string_view::npos) {
    Fail(file, currency.name != nullptr ? currency : row.amount, Check::kAmount,
         std::string(layout_->title) +
             " give amounts in the currency's smallest unit, but this one has no currency, "
             "so which unit cannot be told; give each its currency");
    return false;
  }
  // Most rows repeat the currency before them.
  const int64_t per_unit = no_currency ? 100 : MinorUnitsOf(TrimSpaces(currency.text));
  auto scale = [&](const Cell& cell, Money* value) {
    // "20.00" too: a script that divided by 100 already wrote it so.
    const std::string_view text = TrimSpaces(cell.text);
    if (text.find_first_of(".,") == std::string_view::npos && value->units % kMoneyScale == 0) {
      value->units /= per_unit;
      return true;
    }
    Fail(file, cell, Check::kAmount,
         "the amount \"" + InputExcerpt(text, 40) + "\" in column " + Name(cell) +
             " has a decimal point, but " + std::string(layout_->title) +
             " give whole numbers of the currency's smallest unit (1099 for 10.99 USD); keep "
             "the amounts as the API writes them, or read the file with --layout none, which "
             "reads amounts as written but applies none of this layout's rules (failed and "
             "test charges count, refunds are not read)");
    return false;
  };
  if (!scale(row.amount, amount)) return false;
  const Cell& refunded = row.layout->refunded;
  __int128 total_refunded = 0;  // a list of refunds may pass what 64 bits hold
  for (Refund& refund : refunds_) {
    if (!scale(refunded, &refund.amount)) return false;
    total_refunded -= refund.amount.units;
  }
  // The API writes neither; read, they would lower revenue by money never
  // taken.
  auto not_as_written = [&](const Cell& cell, const char* what, const std::string& is) {
    Fail(file, cell, Check::kAmount,
         std::string("the ") + what + " \"" + InputExcerpt(TrimSpaces(cell.text), 40) +
             "\" in column " + Name(cell) + " is " + is + ", which " + std::string(layout_->title) +
             " never give: the charge is not as the API wrote it; check it");
    return false;
  };
  if (amount->units < 0) return not_as_written(row.amount, "amount", "negative");
  if (TrimSpaces(refunded.text).substr(0, 1) == "-") {
    return not_as_written(refunded, "refunded amount", "negative");
  }
  if (total_refunded > amount->units) {
    return not_as_written(
        refunded, "refunded amount",
        "more than the charge's amount \"" + InputExcerpt(TrimSpaces(row.amount.text), 40) + "\"");
  }
  return true;
}

void RowParser::WarnAfterAsOf(const std::string& file, const Cell& cell, const char* what,
                              std::string_view text, Time time, const char* dated) {
  // A warning, as `report` leaves such rows out with a note: a file
  // passes validation exactly when it loads for a report.
  // A time moved into --tz may fall on another day than its text says.
  const std::string local = FormatDate(DateFromTime(time));
  const bool moved = text.size() >= 10 && text[4] == '-' && text.substr(0, 10) != local;
  problems_->Warning(Location{file, cell.line, cell.column}, Check::kFutureDate,
                     std::string(what) + " \"" + InputExcerpt(text) + "\" in column " + Name(cell) +
                         (moved ? " (" + local + " in " + options_.time_zone.name() + ")" : "") +
                         " is after --as-of " + FormatDate(AddDays(DateFromTime(future_), -1)) +
                         "; " + dated +
                         " is left out of every figure as known that day (check the date or the "
                         "--as-of day)");
}

bool RowParser::ReadRefunds(const std::string& file, const Row& row, Time order_time) {
  if (row.layout->refunded.name == nullptr || TrimSpaces(row.layout->refunded.text).empty()) {
    return true;
  }
  auto add = [&](const Cell& cell, Time time) {
    Money refund;
    if (!ParseAmount(file, cell, "refunded amount", &refund)) return false;
    // Written either way; a refund lowers revenue.
    if (refund.units > 0) refund.units = -refund.units;
    if (refund.units != 0) refunds_.push_back({refund, time});
    return true;
  };
  if (!layout_->refunds_listed) return add(row.layout->refunded, order_time);
  for (const ListedRefund& listed : ListRefunds(row.layout->refunded.text)) {
    Cell cell = row.layout->refunded;
    cell.text = listed.amount;
    // The plugin writes the list with a decimal point and ISO dates,
    // whatever a spreadsheet later made of the order's own columns (an
    // amount with only a comma is read as the file's are).
    cell.json_number = listed.amount.find('.') != std::string_view::npos;
    // A refund listed with its day lowers revenue on that day, not the
    // order's: it may be months later.
    Time time = order_time;
    const Cell& where = row.layout->refunded;
    if (!listed.date.empty() && !dates_.Parse(listed.date, &time, &error_) &&
        !iso_dates_.Parse(listed.date, &time, &error_)) {
      Fail(file, where, Check::kDate,
           "cannot read the date \"" + InputExcerpt(listed.date) + "\" of a refund in column " +
               Name(where) + ": " + error_ +
               "; write it as the order dates are written, or leave the refund's date out to "
               "date it with its order");
      return false;
    }
    if (time < kEarliestInputTime) {
      Fail(file, where, Check::kDate,
           "the date \"" + InputExcerpt(listed.date) + "\" of a refund in column " + Name(where) +
               kBeforeEarliestInputFix);
      return false;
    }
    if (time >= future_ && time != order_time) {
      WarnAfterAsOf(file, where, "the date of a refund", listed.date, time, "the refund");
    }
    if (time < order_time) {
      // Lowers revenue in a period of no sale, and cohorts drop it.
      problems_->Warning(Location{file, where.line, where.column}, Check::kDate,
                         "the date of a refund \"" + InputExcerpt(listed.date) + "\" in column " +
                             Name(where) +
                             " is before its order's; check the date (a refund "
                             "of an earlier order belongs to that order's row)");
    }
    if (!add(cell, time)) return false;
  }
  return true;
}

namespace {

// After the row of an order: its refund, as the same row with the refund as
// its amount and time. It is no input line of its own.
// The row it copies may have begun on an earlier line (lines merge): the
// copy is placed on the line of `row`, whose refund it is.
void AppendRefund(const RowParser::Refund& refund, const Row& row, const Problems& problems,
                  Batch* batch) {
  ParsedRow copy = batch->rows.back();
  copy.amount = refund.amount;
  copy.credit = false;  // a refund already
  copy.time = refund.time;
  copy.lines = 0;
  copy.line = row.customer.line;
  copy.date_line = row.date.line;
  copy.customer_column = static_cast<int32_t>(row.customer.column);
  copy.order_column = static_cast<int32_t>(row.order.column);
  copy.date_column = static_cast<int32_t>(row.date.column);
  // Without a currency column, the copy keeps the column its currency was
  // told by (a symbol, the amount column's name).
  if (row.currency.name != nullptr)
    copy.currency_column = static_cast<int32_t>(row.currency.column);
  batch->rows.push_back(copy);
  if (problems.recording()) batch->recorded_rows.push_back(problems.recorded_row());
}

// A whole number written with a zero fraction ("17850.0", "1.00", or
// "17850,0" where `marks` has the comma) as the whole number; any other
// text as it is.
std::string_view WithoutZeroFraction(std::string_view id, std::string_view marks = ".") {
  const size_t point = id.find_first_of(marks);
  const size_t digits = !id.empty() && id[0] == '-' ? 1 : 0;  // -5.0 is -5
  if (point <= digits || point == std::string_view::npos || point + 1 == id.size() ||
      id.find_first_not_of("0123456789", digits) != point ||
      id.find_first_not_of('0', point + 1) != std::string_view::npos) {
    return id;
  }
  return id.substr(0, point);
}

// An id a spreadsheet turned into a number in scientific notation
// ("1.23457E+16", or "1,23457E+16" where the decimal mark is a comma, for
// 12345678901234567): its last digits are gone, and
// ids that differed in them now read as one.
bool IsSpreadsheetExponent(std::string_view id) {
  // Checked on every id: most fail on their first or last bytes.
  if (id.size() < 4 || id.size() > 24 || !IsDigit(id[0])) return false;
  size_t e = std::string_view::npos;  // where "E+" starts: 1 to 3 digits follow
  for (size_t digits = 1; digits <= 3 && digits + 2 < id.size(); ++digits) {
    const size_t at = id.size() - digits - 2;
    if ((id[at] == 'E' || id[at] == 'e') && id[at + 1] == '+') e = at;
  }
  if (e == std::string_view::npos) return false;
  const std::string_view mantissa = id.substr(0, e), exponent = id.substr(e + 2);
  const size_t point = mantissa.find_first_of(".,");  // 1,23457E+16 in Germany
  auto digits = [](std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  };
  return digits(exponent) && digits(mantissa.substr(0, point)) &&
         (point == std::string_view::npos || digits(mantissa.substr(point + 1)));
}

// A customer id that is the label of a spreadsheet's summary row ("Total",
// "Grand total", "Summe"): exports edited by hand end with one. Words no
// customer id is.
// An accounting report's subtotal row of one customer ("Total for Acme
// Inc", QuickBooks; "Subtotal Acme", "Sous-total Acme") lacks a date or an
// order id of `row`; a customer named "Total For Kids Ltd" has both.
bool IsSummaryWord(std::string_view id, const Row& row) {
  if (id.size() < 4) return false;
  const char lead = ToLower(id[0]);
  if ((lead == 't' || lead == 's' || lead == 'z') &&
      (TrimSpaces(row.date.text).empty() || TrimSpaces(row.order.text).empty())) {
    for (std::string_view prefix :
         {"total for ", "subtotal ", "sub-total ", "sous-total ", "zwischensumme "}) {
      if (id.size() > prefix.size() && EqualsIgnoreCase(id.substr(0, prefix.size()), prefix)) {
        return true;
      }
    }
  }
  if (id.size() > 16) return false;  // most ids: no compare
  // A row with an order id of its own is a sale: a customer named TOTAL
  // with invoice 1 (a spreadsheet's total row has no order).
  if (row.order.name != nullptr && !TrimSpaces(row.order.text).empty()) return false;
  if (id.back() == ':') id.remove_suffix(1);
  // A full-width colon, as Japanese and Chinese text writes one.
  if (id.size() > 3 && id.substr(id.size() - 3) == "\xEF\xBC\x9A") id.remove_suffix(3);
  // Spreadsheets' own labels too: Excel's subtotals write "Gesamtergebnis"
  // in German, "Total général" in French, "総計" in Japanese.
  for (std::string_view word :
       {"total", "totals", "grand total", "subtotal", "sub-total", "sub total", "summe", "gesamt",
        "gesamtsumme", "insgesamt", "gesamtergebnis", "total général", "total general", "totale",
        "totaal", "total geral",
        // Japanese, Chinese and Korean: total, grand total, subtotal.
        "合計", "総計", "小計", "合计", "总计", "小计", "합계", "총계", "소계",
        // Polish, Czech, Hungarian, Turkish, Russian, Ukrainian, Greek and
        // Arabic (letters past ASCII in each case they are written in).
        "razem", "ogółem", "celkem", "součet", "összesen", "Összesen", "végösszeg", "Végösszeg",
        "toplam", "genel toplam", "ara toplam", "итого", "Итого", "ИТОГО", "всего", "Всего",
        "ВСЕГО", "итог", "Итог", "разом", "Разом", "усього", "Усього", "всього", "Всього", "σύνολο",
        "Σύνολο", "ΣΥΝΟΛΟ", "ΣΎΝΟΛΟ", "المجموع", "الإجمالي",
        // In capitals: only ASCII letters have their case ignored.
        "OGÓŁEM", "SOUČET", "ÖSSZESEN", "VÉGÖSSZEG", "ИТОГ", "РАЗОМ", "УСЬОГО", "ВСЬОГО"}) {
    if (EqualsIgnoreCase(id, word)) return true;
  }
  return false;
}

// `id`, or empty when it is how a dump writes nothing (SaysNothing).
std::string_view IdOrNone(std::string_view id) { return SaysNothing(id) ? std::string_view() : id; }

}  // namespace

void RowParser::Parse(const std::string& file, const Row& row, Batch* batch) {
  if (layout_ != nullptr && row.layout != nullptr && !ApplyLayout(file, row, batch)) return;
  // A dump's NULL is no id: read as one, every guest would be one customer.
  std::string_view customer = IdOrNone(TrimSpaces(row.customer.text));
  // A JSON number is its value: 17850.0 (pandas writes a column of ids
  // with gaps as floats) is the 17850 another file writes.
  if (row.customer.json_number) customer = WithoutZeroFraction(customer);
  bool email = false;
  const Cell* fallback = row.layout != nullptr ? &row.layout->customer_fallback : nullptr;
  if (!customer_name_known_ || row.customer.name != customer_name_ ||
      (fallback != nullptr && fallback->name != fallback_name_)) {
    customer_name_known_ = true;
    customer_name_ = row.customer.name;
    fallback_name_ = fallback != nullptr ? fallback->name : nullptr;
    customer_is_email_ = customer_name_ != nullptr && NamesEmail(*customer_name_);
    fallback_is_email_ = fallback_name_ != nullptr && NamesEmail(*fallback_name_);
  }
  email = customer_is_email_;
  if (customer.empty() && fallback != nullptr) {
    customer = IdOrNone(TrimSpaces(fallback->text));
    email = fallback_is_email_;
  }
  // "Alice@Example.com" and "alice@example.com" are one customer.
  if (email) customer = FoldAsciiCase(customer, &folded_);
  // "17850.0", or "17850,0" where the decimal mark is a comma, is 17850.
  if (layout_ != nullptr && layout_->numeric_customers) {
    customer = WithoutZeroFraction(customer, ".,");
  }
  if (customer.empty()) {
    Location where{file, row.customer.line, row.customer.column};
    if (options_.strict) {
      return problems_->Error(where, Check::kCustomerId,
                              "empty customer id; every row needs one (without --strict such "
                              "rows are left out with a warning)");
    }
    problems_->Warning(where, Check::kCustomerId,
                       "empty customer id; the row is left out of every figure (fill in the "
                       "id, or drop the row)");
    if (batch->rows_without_customer++ == 0) batch->first_row_without_customer = where;
    return;
  }
  if (IsSummaryWord(customer, row)) {
    return problems_->Error(
        Location{file, row.customer.line, row.customer.column}, Check::kCustomerId,
        "the customer id \"" +
            InputExcerpt(row.customer.text.empty() ? customer : TrimSpaces(row.customer.text), 40) +
            "\" is a spreadsheet's summary row, not a customer: its amount would count as a "
            "sale; delete the row");
  }
  const std::string_view order_text = TrimSpaces(row.order.text);
  for (const auto& [id, cell, what, check] :
       {std::tuple{customer, &row.customer, "customer", Check::kCustomerId},
        std::tuple{order_text, &row.order, "order", Check::kValue}}) {
    // A JSON number with an exponent lost its digits the same way.
    if (!IsSpreadsheetExponent(id) && !cell->json_exponent) continue;
    return Fail(file, *cell, check,
                std::string("the ") + what + " id \"" + InputExcerpt(id, 40) + "\" in column " +
                    Name(*cell) +
                    " is a number in scientific notation, as a spreadsheet writes a long "
                    "number: its last digits are lost, and ids that differed in them read as "
                    "one; export the file again, and do not open and save it in a spreadsheet "
                    "(or import the column there as text)");
  }
  std::string_view date_text = TrimSpaces(row.date.text);
  // Lines of one order repeat its date: parse each distinct text once.
  Time time = last_time_;
  if (date_text.size() != last_date_size_ ||
      !SameBytes(date_text.data(), last_date_, date_text.size())) {
    if (!dates_.Parse(date_text, &time, &error_, &day_)) {
      // The column's own name as a value: files joined with `cat`, each
      // with its header.
      const bool header_again = row.date.name != nullptr && date_text == TrimSpaces(*row.date.name);
      return Fail(file, row.date, Check::kDate,
                  date_text.empty()
                      ? "the date in column " + Name(row.date) +
                            " is empty; every row needs one: fill it in, or delete the row if it "
                            "is no sale (a total or a note)"
                  : header_again
                      ? "this line repeats the header (\"" + InputExcerpt(date_text) +
                            "\" where a date belongs): files joined with cat? Name the files "
                            "instead (retention report a.csv b.csv), or keep the first header "
                            "only (awk 'FNR > 1 || NR == 1' a.csv b.csv)"
                      : "cannot read the date \"" + InputExcerpt(date_text) + "\" in column " +
                            Name(row.date) + ": " + error_ + DateFix(date_text));
    }
    if (time < kEarliestInputTime) {
      // "31-Dec-23" read with the file's "%d-%b-%Y": the year 23.
      if (!TwoDigitYearFormat(date_text).empty()) {
        return Fail(file, row.date, Check::kDate,
                    "cannot read the date \"" + InputExcerpt(date_text) + "\" in column " +
                        Name(row.date) + " as the file's other dates are written (" +
                        DescribeDateFormat(formats_.date_format) + ")" +
                        SuggestDateFormat(date_text));
      }
      return Fail(file, row.date, Check::kDate,
                  "the date \"" + InputExcerpt(date_text) + "\" in column " + Name(row.date) +
                      kBeforeEarliestInputFix);
    }
    last_date_size_ = SIZE_MAX;
    if (date_text.size() <= sizeof(last_date_)) {
      std::memcpy(last_date_, date_text.data(), date_text.size());
      last_date_size_ = date_text.size();
    }
    last_time_ = time;
  }
  if (time >= future_) WarnAfterAsOf(file, row.date, "the date", date_text, time, "the row");
  if (!amount_name_known_ || row.amount.name != amount_name_) {
    amount_name_known_ = true;
    amount_name_ = row.amount.name;
    // Named by --amount-col, it is what the user means.
    amount_is_order_total_ = amount_name_ != nullptr && options_.columns.amount.empty() &&
                             IsOrderTotalName(*amount_name_);
    amount_name_currency_ = amount_name_ != nullptr ? CurrencyInName(*amount_name_) : "";
    amount_in_cents_ = amount_name_ != nullptr && NamesCents(*amount_name_);
  }
  if (row.amount_spill.name != nullptr && AmountSpilled(file, row)) return;
  Money amount;
  row_symbol_ = 0;
  if (row.amount.name != nullptr) {
    if (!ParseAmount(file, row.amount, "amount", &amount)) return;
    if (amount_in_cents_ && !InCents(file, row, row.amount, &amount)) return;
    // Read before tax beside a total with tax: a credit note written
    // negative there and unsigned here (Odoo's amount_untaxed) is a refund.
    if (row.gross_amount.name != nullptr && amount.units > 0) {
      const std::string_view gross = TrimSpaces(row.gross_amount.text);
      if (!gross.empty() && (gross.front() == '-' || gross.front() == '(' || gross.back() == '-')) {
        amount.units = -amount.units;
      }
    }
  } else {
    Money quantity, price;
    if (!ParseAmount(file, row.quantity, "quantity", &quantity) ||
        !ParseAmount(file, row.price, "price", &price)) {
      return;
    }
    if (row.price.name != price_name_) {
      price_name_ = row.price.name;
      price_in_cents_ = price_name_ != nullptr && NamesCents(*price_name_);
    }
    if (price_in_cents_ && !InCents(file, row, row.price, &price)) return;
    auto product = MultiplyMoney(quantity, price);
    auto text = [&] {
      return InputExcerpt(TrimSpaces(row.quantity.text), 40) + " x " +
             InputExcerpt(TrimSpaces(row.price.text), 40);
    };
    if (!product) {
      return Fail(file, row.quantity, Check::kAmount,
                  "quantity x price (" + text() + ") is larger than 10^12");
    }
    if (static_cast<__int128>(quantity.units) * price.units % kMoneyScale != 0) {
      // Rounding here would make the total depend on how lines were split.
      return Fail(file, row.quantity, Check::kAmount,
                  "quantity x price (" + text() +
                      ") has more than 4 decimal places; give amounts in an amount column "
                      "(--amount-col) or round the unit price");
    }
    amount = *product;
  }
  refunds_.clear();  // none without a layout
  bool credit = false;
  if (row.layout != nullptr) {
    if (!ReadRefunds(file, row, time)) return;
    if (layout_->minor_units && !InMinorUnits(file, row, &amount)) return;
    WarnRefundsAboveAmount(file, row, amount, batch);
    // A credit note's lines, written either way, lower revenue by the
    // note's total (RowAggregator::CreditLineAmount).
    const Cell& type = row.layout->credit;
    if (type.name != nullptr && !IsValidUtf8(type.text, file, type)) return;
    credit = type.name != nullptr && Matches(layout_->credit, type.text);
  }
  // A dump's NULL is no order id: read as one, a customer's orders would
  // be one order, and different customers' one order.
  std::string_view order = IdOrNone(TrimSpaces(row.order.text));
  if (row.order.json_number) order = WithoutZeroFraction(order);
  if (amount_is_order_total_) {
    batch->order_total_amount_column = row.amount.column;
    if (batch->order_total_column.empty()) batch->order_total_column = *amount_name_;
  }
  std::string_view currency = TrimSpaces(row.currency.text);
  // No currency is written with digits: a date or an amount read as one
  // (German bank exports' Valuta is the value date) would name a currency
  // "08.01.2024".
  if (row.currency.name != nullptr &&
      std::any_of(currency.begin(), currency.end(), [](char c) { return IsDigit(c); })) {
    return Fail(file, row.currency, Check::kCurrency,
                "the currency \"" + InputExcerpt(currency, 40) + "\" in column " +
                    Name(row.currency) +
                    " is no currency (a code such as EUR, or a symbol); if the column is "
                    "another thing (a value date), give --currency-col none, or name the "
                    "currency column with --currency-col");
  }
  // "Amount [EUR]" without a currency column: the file's currency, so a
  // file in dollars is not summed with it.
  const bool named_currency = row.currency_cell().name == nullptr && !amount_name_currency_.empty();
  if (named_currency) currency = amount_name_currency_;
  // Beside a currency column (or the segment split by currency), the name
  // must agree with it: "Amount [JPY]" of a row in USD is one of the two
  // misread.
  if (!named_currency && !amount_name_currency_.empty()) {
    const Cell& cell = row.currency_cell();
    const std::string_view said = TrimSpaces(cell.text);
    if (IsKnownCurrencyCode(said) && !EqualsIgnoreCase(said, amount_name_currency_)) {
      return Fail(file, cell, Check::kCurrency,
                  "the currency \"" + InputExcerpt(said, 40) + "\" in column " + Name(cell) +
                      " is not the " + amount_name_currency_ + " that the amount's column " +
                      Name(row.amount) +
                      " names; correct the one that is wrong (the column's name, or the row's "
                      "currency)");
    }
  }
  std::string_view segment = TrimSpaces(row.segment.text);
  const uint64_t customer_code = StringInterner::Code(customer);
  const uint64_t order_code = StringInterner::Code(order);
  // Ids, currencies and segments are printed (JSON and HTML need UTF-8),
  // and validation and reports must refuse the same files. Ids that are
  // numbers are plain ASCII.
  if ((!StringInterner::Exact(customer_code) && !IsValidUtf8(customer, file, row.customer)) ||
      (!StringInterner::Exact(order_code) && !IsValidUtf8(order, file, row.order)) ||
      !IsValidUtf8(currency, file, row.currency) || !IsValidUtf8(segment, file, row.segment)) {
    return;
  }
  if (layout_ != nullptr && !layout_->by_email.empty() && fallback != nullptr &&
      fallback->name != nullptr) {
    NoteEmailOfCustomer(*fallback, customer_code, batch);
  }
  // Lines of one order usually follow each other and agree on everything
  // but the amount; merging them here leaves the aggregator, the one
  // sequential step of loading, a row per order instead of per line.
  auto same_id = [&](uint32_t offset, uint32_t size, uint64_t code, std::string_view id) {
    return StringInterner::Exact(code) || SameText(batch->Text(offset, size), id);
  };
  if (!batch->rows.empty() && !order.empty() && amount.units >= 0 && !credit &&
      (layout_ == nullptr || !layout_->whole_orders)) {
    ParsedRow& last = batch->rows.back();
    if (last.time == time && last.amount.units >= 0 && !last.credit &&
        last.order_code == order_code && last.customer_code == customer_code &&
        last.symbol == row_symbol_ &&
        same_id(last.order_offset, last.order_size, order_code, order) &&
        same_id(last.customer_offset, last.customer_size, customer_code, customer) &&
        SameText(batch->Text(last.currency_offset, last.currency_size), currency) &&
        SameText(batch->Text(last.segment_offset, last.segment_size), segment) &&
        AddMoney(&last.amount, amount)) {
      ++last.lines;
      if (amount_is_order_total_) {
        // An order's total repeated on each of its lines would be summed
        // once per line: counted, to warn when every line repeats it.
        if (batch->order_total_lines++ == 0) {
          batch->first_order_total_line = Location{file, row.amount.line, row.amount.column};
        }
        batch->order_total_repeats += amount.units == last_line_units_;
      }
      last_line_units_ = amount.units;
      batch->NoteMerged(*problems_, row.customer.line, row.customer.column, row.date.line,
                        row.date.column);
      for (const Refund& refund : refunds_) AppendRefund(refund, row, *problems_, batch);
      return;
    }
  }
  // Filled in place: a row built on the stack and copied in stalls on
  // store forwarding.
  ParsedRow& parsed = batch->rows.emplace_back();
  parsed.lines = 1;
  parsed.customer_offset = AppendId(&batch->text, customer, customer_code);
  parsed.customer_size = static_cast<uint32_t>(customer.size());
  parsed.order_offset = AppendId(&batch->text, order, order_code);
  parsed.order_size = static_cast<uint32_t>(order.size());
  parsed.has_currency = row.currency.name != nullptr || named_currency;
  parsed.currency_offset = Append(&batch->text, currency);
  parsed.currency_size = static_cast<uint32_t>(currency.size());
  parsed.has_segment = !options_.columns.segment.empty();
  parsed.symbol = row_symbol_;
  parsed.credit = credit;
  parsed.segment_offset = Append(&batch->text, segment);
  parsed.segment_size = static_cast<uint32_t>(segment.size());
  parsed.customer_code = customer_code;
  parsed.order_code = order_code;
  parsed.time = time;
  parsed.amount = amount;
  last_line_units_ = amount.units;
  parsed.line = row.customer.line;
  parsed.date_line = row.date.line;
  parsed.customer_column = static_cast<int32_t>(row.customer.column);
  parsed.order_column = static_cast<int32_t>(row.order.column);
  parsed.date_column = static_cast<int32_t>(row.date.column);
  parsed.currency_column = static_cast<int32_t>(row.currency.name != nullptr ? row.currency.column
                                                : named_currency             ? row.amount.column
                                                : row_symbol_ != 0           ? symbol_column_
                                                                             : row.currency.column);
  if (problems_->recording()) batch->recorded_rows.push_back(problems_->recorded_row());
  for (const Refund& refund : refunds_) AppendRefund(refund, row, *problems_, batch);
}

std::string IconvCommand(const std::string& file, std::string_view text, bool name_western) {
  // orders.csv.gz: orders-utf8.csv, uncompressed.
  std::string name = file == "<stdin>" ? "orders.csv" : file;
  if (name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0) name.resize(name.size() - 3);
  const size_t dot = name.find_last_of('.');
  const bool extension = dot != std::string::npos && name.find('/', dot) == std::string::npos;
  const std::string out =
      extension ? name.substr(0, dot) + "-utf8" + name.substr(dot) : name + "-utf8";
  switch (GuessLegacyEncoding(text)) {
    // Single bytes cannot be told apart for sure: the others Excel saves,
    // after the likeliest.
    case LegacyEncoding::kCyrillic:
      return CommandOn(file, "iconv -f cp1251 -t utf-8", out) +
             " (Windows-1251, what Excel saves as CSV for Cyrillic text; Greek text takes -f "
             "cp1253, Japanese -f cp932, Chinese -f gbk)";
    case LegacyEncoding::kShiftJis:
    case LegacyEncoding::kTwoByte:
      return CommandOn(file, "iconv -f cp932 -t utf-8", out) +
             " (Shift_JIS, what Excel in Japan saves as CSV; Chinese text takes -f gbk, Korean -f "
             "cp949, Russian -f cp1251, Arabic -f cp1256)";
    case LegacyEncoding::kWindows1252:
      break;
  }
  return CommandOn(file, "iconv -f cp1252 -t utf-8", out) +
         (name_western ? " (Windows-1252, what Excel in Western Europe saves as CSV; Central "
                         "European text takes -f cp1250, Turkish -f cp1254, Greek -f cp1253)"
                       : "");
}

LegacyEncoding GuessLegacyEncoding(std::string_view text) {
  // Shift_JIS: pairs of a lead byte (0x81-0x9F, 0xE0-0xFC) and a trail
  // byte (0x40-0xFC but 0x7F), half-width katakana alone; a text of at
  // least two pairs, half of it pairs. GBK and CP949 (Chinese, Korean):
  // two bytes past ASCII a character, so mostly such bytes. Windows-1251:
  // one byte a letter, mostly lower case (0xE0-0xFF, and the Ukrainian
  // and Belarusian letters and yo below), which neither of those keeps to.
  // Western text in Windows-1252 has an accented letter here and there.
  size_t pairs = 0, high = 0, lower_cyrillic = 0;
  bool shift_jis = true;
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    high += b >= 0x80;
    lower_cyrillic +=
        b >= 0xE0 || b == 0xA2 || b == 0xB3 || b == 0xB4 || b == 0xB8 || b == 0xBA || b == 0xBF;
  }
  const bool mostly_high = high >= 4 && 2 * high >= text.size();
  if (mostly_high && 10 * lower_cyrillic >= 7 * high) return LegacyEncoding::kCyrillic;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80 || (b >= 0xA1 && b <= 0xDF)) continue;
    const bool lead = (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC);
    const auto trail = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (!lead || trail < 0x40 || trail == 0x7F || trail > 0xFC) {
      shift_jis = false;
      continue;
    }
    ++pairs;
    ++i;
  }
  if (shift_jis && pairs >= 2 && 4 * pairs >= text.size()) return LegacyEncoding::kShiftJis;
  return mostly_high ? LegacyEncoding::kTwoByte : LegacyEncoding::kWindows1252;
}

bool RowParser::IsValidUtf8(std::string_view text, const std::string& file, const Cell& cell) {
  // Most values are ASCII: a word at a time before the full check, the
  // last (partial) word in one load that may overlap the one before.
  uint64_t high = 0;
  const size_t n = text.size();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    high |= word;
  }
  if (i < n) {
    if (n >= 8) {
      uint64_t word;
      std::memcpy(&word, text.data() + n - 8, 8);
      high |= word;
    } else {
      high |= LoadUpTo8(text.data(), n);
    }
  }
  if ((high & 0x8080808080808080ull) == 0) return true;
  size_t bad = InvalidUtf8At(text);
  if (bad == std::string_view::npos) return true;
  Fail(file, cell, Check::kUtf8,
       "invalid UTF-8 in column " + Name(cell) + ": \"" + InputExcerpt(text) + "\" (byte " +
           std::to_string(bad + 1) + "); save the file as UTF-8, e.g. " +
           IconvCommand(file, text, /*name_western=*/true));
  return false;
}

bool RowParser::AmountSpilled(const std::string& file, const Row& row) {
  const std::string_view spill = TrimSpaces(row.amount_spill.text);
  // Cents are 1 to 4 digits after a whole amount; other text there is a
  // column the header did not name (an id beside 12.50), not cents.
  if (spill.empty() || spill.size() > 4 ||
      !std::all_of(spill.begin(), spill.end(), [](char c) { return IsDigit(c); }))
    return false;
  const Cell& money = row.amount.name != nullptr ? row.amount : row.price;
  if (TrimSpaces(money.text).find_first_of(".,") != std::string_view::npos) return false;
  Fail(file, row.amount_spill, Check::kAmount,
       "the column after " + Name(money) + " has no name in the header, yet holds \"" +
           InputExcerpt(spill, 40) + "\": an amount written with a decimal comma (" +
           InputExcerpt(TrimSpaces(money.text), 40) + "," + InputExcerpt(spill, 40) +
           ") in a file whose fields a comma separates is cut in two there; quote such amounts "
           "(\"12,50\"), or save the file with ';' between fields");
  return true;
}

bool RowParser::IsAmbiguous(const std::string& file, const Cell& cell) {
  auto why = AmbiguousNumber(formats_, TrimSpaces(cell.text), Name(cell));
  if (why) Fail(file, cell, Check::kAmount, *why);
  return why.has_value();
}

bool RowParser::ParseAmount(const std::string& file, const Cell& cell, const char* role,
                            Money* value) {
  // Most amounts, inline.
  if ((decimal_point_ || cell.json_number) && ReadShortDecimal(cell.text, &value->units)) {
    // A file whose first rows told no decimal separator reads "1.500" as
    // 1.5: a later value that reads both ways stops, as it would there.
    return !formats_.decimal_undecided || cell.json_number || !IsAmbiguous(file, cell);
  }
  // A JSON number is written as JSON writes numbers (1.234 is one and a bit),
  // whatever the file's strings say.
  MoneyError why =
      ParseMoneyAs(cell.text, cell.json_number ? NumberFormat() : formats_.numbers, value);
  if (why == MoneyError::kNone) {
    if (formats_.decimal_undecided && !cell.json_number && IsAmbiguous(file, cell)) return false;
    if (int symbol = CurrencySymbolOf(cell.text); symbol != 0 && row_symbol_ == 0) {
      row_symbol_ = static_cast<uint8_t>(symbol);
      symbol_column_ = cell.column;
    }
    return true;
  }
  // Where the first rows told no decimal separator, "¥1,234" still reads:
  // no yen amount has three decimals.
  if (formats_.decimal_undecided && !cell.json_number) {
    const int symbol = CurrencySymbolOf(cell.text);
    if (SymbolOfWholeAmounts(symbol) &&
        ParseMoneyAs(cell.text, NumberFormat{'.', ","}, value) == MoneyError::kNone) {
      if (row_symbol_ == 0) {
        row_symbol_ = static_cast<uint8_t>(symbol);
        symbol_column_ = cell.column;
      }
      return true;
    }
  }
  FailAmount(file, cell, role, why);
  return false;
}

namespace {

// "1e5", "2.5E-3": a number in exponent notation, which amounts are not.
bool IsExponentNumber(std::string_view t) {
  const size_t e = t.find_first_of("eE");
  if (e == std::string_view::npos || e == 0) return false;
  std::string_view mantissa = t.substr(0, e), exponent = t.substr(e + 1);
  if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) exponent.remove_prefix(1);
  auto digits = [](std::string_view s, std::string_view also) {
    return !s.empty() && s.find_first_not_of(std::string("0123456789") + std::string(also)) ==
                             std::string_view::npos;
  };
  return digits(mantissa, "+-.,") && digits(exponent, "");
}

// The currency code an amount is written with, "5 EUR" or "eur 5": three
// letters before or after a number; "" when there is none.
std::string CurrencyCodeIn(std::string_view t) {
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  auto number = [](std::string_view s) {
    s = TrimSpaces(s);
    return !s.empty() && (IsDigit(s[0]) || s[0] == '-' || s[0] == '+' || s[0] == '.') &&
           std::all_of(s.begin(), s.end(),
                       [](char c) { return !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')); });
  };
  std::string code;
  if (t.size() > 3 && letter(t[t.size() - 1]) && letter(t[t.size() - 2]) &&
      letter(t[t.size() - 3]) && number(t.substr(0, t.size() - 3))) {
    code = std::string(t.substr(t.size() - 3));
  } else if (t.size() > 3 && letter(t[0]) && letter(t[1]) && letter(t[2]) && number(t.substr(3))) {
    code = std::string(t.substr(0, 3));
  }
  return AsciiUpper(code);
}

}  // namespace

// What to do about a date no format read: the file's format, else one
// that reads it.
std::string RowParser::DateFix(std::string_view text) const {
  if (formats_.date_order_assumed) {
    // The day or month first taken without a sign of it: the other order
    // is the fix only for a date that reads that way.
    std::string other = formats_.date_format;
    const size_t d = other.find("%d"), m = other.find("%m");
    if (d != std::string::npos && m != std::string::npos) std::swap(other[d + 1], other[m + 1]);
    Time time;
    std::string ignored;
    if (!DateParser(other, options_.time_zone).Parse(text, &time, &ignored)) {
      return "; dates here are read as " + DescribeDateFormat(formats_.date_format) +
             SuggestDateFormat(text);
    }
  }
  std::string hint = DateHint(formats_);
  if (hint.empty() && error_.find("--date-format") == std::string::npos) {
    hint = SuggestDateFormat(text);
  }
  return hint;
}

// Apart from ParseAmount, which runs on every row: building the message
// needs a large stack frame.
void RowParser::FailAmount(const std::string& file, const Cell& cell, const char* role,
                           MoneyError why) {
  std::string text(TrimSpaces(cell.text));
  std::string message = "cannot read the " + std::string(role) + " \"" + InputExcerpt(text) +
                        "\" in column " + Name(cell) + ": " + std::string(DescribeMoneyError(why));
  if (const size_t bad = InvalidUtf8At(text);
      why == MoneyError::kNotANumber && bad != std::string_view::npos) {
    // Excel's "CSV" in Western Europe: its euro sign is the byte 0x80.
    message += "; byte " + std::to_string(bad + 1) + " is no UTF-8 (" +
               (static_cast<unsigned char>(text[bad]) == 0x80
                    ? std::string("0x80 is the euro sign of Windows-1252")
                    : std::string("the file is in another encoding, such as Windows-1252")) +
               "): save the file as UTF-8, e.g. " + IconvCommand(file, text);
  } else if (const auto [first, second] = TwoCurrencySymbols(text);
             why == MoneyError::kNotANumber && first != 0) {
    message += "; it names two currencies (" + std::string(CurrencySymbolText(first)) + " and " +
               std::string(CurrencySymbolText(second)) +
               "): keep the one the amount is in, and give amounts in other currencies in "
               "files of their own";
  } else if (std::string code = CurrencyCodeIn(text);
             why == MoneyError::kNotANumber && !code.empty() &&
             // A known code in capitals is read: the number is what is wrong.
             !(IsKnownCurrencyCode(code) && text.find(code) != std::string::npos)) {
    message += "; the amount holds its currency (" + InputExcerpt(code) + "): write " +
               (IsKnownCurrencyCode(code) ? "the code in capitals (" + code + " 5), or " : "") +
               "the number alone, with the currency in a column of its own";
  } else if (why == MoneyError::kNotANumber && IsExponentNumber(text)) {
    // JSON's exponents are read (1e5 is 100000): one left is past any amount.
    message += cell.json_number ? "; check the key holds money, not an id or a measurement"
                                : "; write the number out in full (100000, not 1e5)";
  } else if (std::string hint = NumberHint(formats_, text);
             why == MoneyError::kNotANumber && !hint.empty()) {
    message += hint;
  } else if (why == MoneyError::kEmpty) {
    message += "; every row needs an amount (0 for a free order)";
  } else if (why == MoneyError::kTooPrecise) {
    message += "; round it to 4 decimal places";
  } else if (why == MoneyError::kOutOfRange) {
    message += "; check the column holds money, not an id or a timestamp";
  } else {
    message += formats_.numbers.decimal == ',' ? "; expected a decimal number like 19,99 or -5,00"
                                               : "; expected a decimal number like 19.99 or -5.00";
  }
  Fail(file, cell, Check::kAmount, message);
}

void AddToSample(const Row& row, Sample* sample) {
  ++sample->rows;
  auto add = [](const Cell& cell, std::vector<SampleValue>* values) {
    std::string_view text = TrimSpaces(cell.text);
    if (cell.name == nullptr || text.empty()) return;
    values->push_back(SampleValue{std::string(text), cell.line, cell.column, Name(cell)});
  };
  // A JSON number tells nothing of how the file's strings write numbers.
  auto add_number = [&](const Cell& cell) {
    if (!cell.json_number) add(cell, &sample->numbers);
  };
  add(row.date, &sample->dates);
  for (const Cell* cell : {&row.amount, &row.quantity, &row.price}) add_number(*cell);
  if (row.layout != nullptr) add_number(row.layout->refunded);
}

}  // namespace retention
