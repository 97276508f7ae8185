#include "load/row_pipeline.h"

#include <cctype>
#include <cstring>

#include "base/digits.h"
#include "load/string_interner.h"

namespace retention {
namespace {

// A day alone when the time is midnight: "2024-02-03", else the full time.
std::string FormatMoment(Time t) {
  return t % kSecondsPerDay == 0 ? FormatDate(DateFromTime(t)) : FormatTime(t);
}

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

size_t InvalidUtf8At(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || c == 0xC0 || c == 0xC1 || c > 0xF4 || i + n > s.size()) return i;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    }
    unsigned char d = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) || (c == 0xF0 && d < 0x90) ||
        (c == 0xF4 && d > 0x8F)) {
      return i;  // overlong, surrogate or beyond U+10FFFF
    }
    i += n;
  }
  return std::string_view::npos;
}

std::string Batch::IdText(uint32_t offset, uint32_t size, uint64_t code) const {
  if (offset != kSpelledByCode) return std::string(Text(offset, size));
  char digits[20];
  return std::string(StringInterner::Spell(code, digits));
}

void Batch::Clear() {
  rows.clear();
  text.clear();
  rows_without_customer = 0;
  first_row_without_customer = Location{};
  continuation_rows = 0;
  rows_left_out = 0;
  first_row_left_out = Location{};
  segments_are_currencies = false;
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
      dates_(formats.date_format, options.time_zone),
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
  bool left_out = false;
  for (size_t r = 0; r < kLayoutRules && !left_out; ++r) {
    const Cell& cell = row.layout->left_out[r];
    left_out = cell.name != nullptr && LeavesOut(*layout_, r, cell.text);
  }
  if (!left_out) return true;
  if (batch->rows_left_out++ == 0) {
    batch->first_row_left_out = Location{file, row.customer.line, row.customer.column};
  }
  return false;
}

bool RowParser::ReadRefund(const std::string& file, const Row& row, Money* refund) {
  refund->units = 0;
  if (row.layout->refunded.name == nullptr || TrimSpaces(row.layout->refunded.text).empty()) {
    return true;
  }
  Cell cell = row.layout->refunded;
  std::string total;
  if (layout_->refunds_listed) {
    total = RefundTotal(cell.text);
    cell.text = total;
  }
  if (!ParseAmount(file, cell, "refunded amount", refund)) return false;
  // Written either way; a refund lowers revenue.
  if (refund->units > 0) refund->units = -refund->units;
  return true;
}

namespace {

// After the row of an order: its refund, as the same row with the refund as
// its amount. It is no input line of its own.
void AppendRefund(Money refund, Batch* batch) {
  if (refund.units == 0) return;
  ParsedRow copy = batch->rows.back();
  copy.amount = refund;
  copy.lines = 0;
  batch->rows.push_back(copy);
  if (!batch->recorded_rows.empty()) batch->recorded_rows.push_back(batch->recorded_rows.back());
}

}  // namespace

void RowParser::Parse(const std::string& file, const Row& row, Batch* batch) {
  if (layout_ != nullptr && row.layout != nullptr && !ApplyLayout(file, row, batch)) return;
  std::string_view customer = TrimSpaces(row.customer.text);
  if (customer.empty() && row.layout != nullptr) {
    customer = TrimSpaces(row.layout->customer_fallback.text);
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
  std::string_view date_text = TrimSpaces(row.date.text);
  // Lines of one order repeat its date: parse each distinct text once.
  Time time = last_time_;
  if (date_text.size() != last_date_size_ ||
      !SameBytes(date_text.data(), last_date_, date_text.size())) {
    if (!dates_.Parse(date_text, &time, &error_, &day_)) {
      return Fail(file, row.date, Check::kDate,
                  "cannot read the date \"" + InputExcerpt(date_text) + "\" in column " +
                      Name(row.date) + ": " + error_ + DateHint(formats_));
    }
    last_date_size_ = SIZE_MAX;
    if (date_text.size() <= sizeof(last_date_)) {
      std::memcpy(last_date_, date_text.data(), date_text.size());
      last_date_size_ = date_text.size();
    }
    last_time_ = time;
  }
  if (time >= future_) {
    // A warning, as `report` leaves such rows out with a note: a file
    // passes validation exactly when it loads for a report.
    problems_->Warning(Location{file, row.date.line, row.date.column}, Check::kFutureDate,
                       "the date \"" + InputExcerpt(date_text) + "\" in column " + Name(row.date) +
                           " is after --as-of " + FormatDate(AddDays(DateFromTime(future_), -1)) +
                           "; the row is left out of every figure as known that day (check "
                           "the date or the --as-of day)");
  }
  Money amount;
  if (row.amount.name != nullptr) {
    if (!ParseAmount(file, row.amount, "amount", &amount)) return;
  } else {
    Money quantity, price;
    if (!ParseAmount(file, row.quantity, "quantity", &quantity) ||
        !ParseAmount(file, row.price, "price", &price)) {
      return;
    }
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
  Money refund;
  if (row.layout != nullptr && !ReadRefund(file, row, &refund)) return;
  std::string_view order = TrimSpaces(row.order.text);
  std::string_view currency = TrimSpaces(row.currency.text);
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
  // Lines of one order usually follow each other and agree on everything
  // but the amount; merging them here leaves the aggregator, the one
  // sequential step of loading, a row per order instead of per line.
  auto same_id = [&](uint32_t offset, uint32_t size, uint64_t code, std::string_view id) {
    return StringInterner::Exact(code) || SameText(batch->Text(offset, size), id);
  };
  if (!batch->rows.empty() && !order.empty() && amount.units >= 0) {
    ParsedRow& last = batch->rows.back();
    if (last.time == time && last.amount.units >= 0 && last.order_code == order_code &&
        last.customer_code == customer_code &&
        same_id(last.order_offset, last.order_size, order_code, order) &&
        same_id(last.customer_offset, last.customer_size, customer_code, customer) &&
        SameText(batch->Text(last.currency_offset, last.currency_size), currency) &&
        SameText(batch->Text(last.segment_offset, last.segment_size), segment) &&
        AddMoney(&last.amount, amount)) {
      ++last.lines;
      batch->NoteMerged(*problems_, row.customer.line, row.customer.column);
      AppendRefund(refund, batch);
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
  parsed.has_currency = row.currency.name != nullptr;
  parsed.currency_offset = Append(&batch->text, currency);
  parsed.currency_size = static_cast<uint32_t>(currency.size());
  parsed.has_segment = !options_.columns.segment.empty();
  parsed.segment_offset = Append(&batch->text, segment);
  parsed.segment_size = static_cast<uint32_t>(segment.size());
  parsed.customer_code = customer_code;
  parsed.order_code = order_code;
  parsed.time = time;
  parsed.amount = amount;
  parsed.line = row.customer.line;
  parsed.date_line = row.date.line;
  parsed.customer_column = static_cast<int32_t>(row.customer.column);
  parsed.date_column = static_cast<int32_t>(row.date.column);
  parsed.currency_column = static_cast<int32_t>(row.currency.column);
  if (problems_->recording()) batch->recorded_rows.push_back(problems_->recorded_row());
  AppendRefund(refund, batch);
}

bool RowParser::IsValidUtf8(std::string_view text, const std::string& file, const Cell& cell) {
  // Most values are ASCII: a word at a time before the full check.
  uint64_t high = 0;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    high |= word;
  }
  for (; i < text.size(); ++i) high |= static_cast<unsigned char>(text[i]);
  if ((high & 0x8080808080808080ull) == 0) return true;
  size_t bad = InvalidUtf8At(text);
  if (bad == std::string_view::npos) return true;
  Fail(file, cell, Check::kUtf8,
       "invalid UTF-8 in column " + Name(cell) + ": \"" + InputExcerpt(text) + "\" (byte " +
           std::to_string(bad + 1) + "); save the file as UTF-8");
  return false;
}

bool RowParser::ParseAmount(const std::string& file, const Cell& cell, const char* role,
                            Money* value) {
  // Most amounts, inline.
  if (decimal_point_ && ReadShortDecimal(cell.text, &value->units)) return true;
  MoneyError why = ParseMoneyAs(cell.text, formats_.numbers, value);
  if (why == MoneyError::kNone) return true;
  FailAmount(file, cell, role, why);
  return false;
}

// Apart from ParseAmount, which runs on every row: building the message
// needs a large stack frame.
void RowParser::FailAmount(const std::string& file, const Cell& cell, const char* role,
                           MoneyError why) {
  std::string text(TrimSpaces(cell.text));
  std::string message = "cannot read the " + std::string(role) + " \"" + InputExcerpt(text) +
                        "\" in column " + Name(cell) + ": " + std::string(DescribeMoneyError(why));
  if (why == MoneyError::kNotANumber && text.find_first_of("eE") != std::string::npos &&
      std::isdigit(static_cast<unsigned char>(text[0]))) {
    message += "; write the number out in full (100000, not 1e5)";
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
    message += "; expected a decimal number like 19.99 or -5.00";
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
  add(row.date, &sample->dates);
  for (const Cell* cell : {&row.amount, &row.quantity, &row.price}) add(*cell, &sample->numbers);
  if (row.layout != nullptr) add(row.layout->refunded, &sample->numbers);
}

void RowAggregator::CheckDuplicate(const std::string& file, int64_t line, uint64_t hash) {
  const auto row = static_cast<uint64_t>(problems_->row());
  seen_rows_.NoteLine(row, file, line);
  const uint64_t first = seen_rows_.Insert(hash, row);
  if (first == 0) return;
  if (!problems_->ListsWarning(Check::kDuplicateRow)) {
    return problems_->Warning(Location{}, Check::kDuplicateRow, "");  // only counted
  }
  const Location there = seen_rows_.Where(first);
  problems_->Warning(Location{file, line, 0}, Check::kDuplicateRow,
                     "this row repeats " +
                         (there.file.empty() ? std::string("an earlier row") : there.ToString()) +
                         " exactly; remove the duplicate (or give each line its own order id "
                         "or line number)");
}

// Sums across currencies mean nothing, so every row must share one.
bool RowAggregator::CheckCurrency(const std::string& file, const Batch& batch,
                                  const ParsedRow& row) {
  if (!row.has_currency) return true;
  std::string_view currency = batch.Text(row.currency_offset, row.currency_size);
  Location where{file, row.line, row.currency_column};
  if (currency_where_.file.empty()) {
    currency_.assign(currency.data(), currency.size());
    currency_where_ = where;
    return true;
  }
  if (currency == currency_) return true;
  // One message per currency is enough to act on.
  if (!other_currencies_.insert(std::string(currency)).second) return false;
  problems_->Error(where, Check::kCurrency,
                   "mixed currencies: \"" + InputExcerpt(currency) + "\" here, \"" +
                       InputExcerpt(currency_) + "\" since " + currency_where_.ToString() +
                       "; amounts in different currencies cannot be summed: split the "
                       "report by that column (--by) or report each currency from its "
                       "own file");
  return false;
}

void RowAggregator::Prepare(Batch* batch) {
  // Per thread, reused from batch to batch: no fresh memory per block.
  thread_local std::vector<TicketRequest> customers, orders, scratch;
  customers.clear();
  orders.clear();
  for (ParsedRow& row : batch->rows) {
    if (!StringInterner::IsNumber(row.customer_code)) {
      customers.push_back({batch->Text(row.customer_offset, row.customer_size), row.customer_code,
                           &row.customer_code});
    }
    // An empty order id has no ticket: the row is an order of its own.
    if (row.order_size != 0 && !StringInterner::IsNumber(row.order_code)) {
      orders.push_back(
          {batch->Text(row.order_offset, row.order_size), row.order_code, &row.order_code});
    }
  }
  tickets_.customers.Assign(customers, &scratch);
  tickets_.orders.Assign(orders, &scratch);
  batch->prepared = true;
}

void RowAggregator::Apply(const std::string& file, const Batch& batch) {
  if (!batch.prepared && !batch.rows.empty()) throw std::logic_error("a batch applied unprepared");
  stats_.rows += batch.rows_without_customer + batch.continuation_rows + batch.rows_left_out;
  if (batch.rows_left_out > 0 && stats_.rows_left_out == 0) {
    stats_.first_row_left_out = batch.first_row_left_out;
  }
  stats_.rows_left_out += batch.rows_left_out;
  if (batch.segments_are_currencies) stats_.segments_are_currencies = true;
  if (batch.rows_without_customer > 0 && stats_.rows_without_customer == 0) {
    stats_.first_row_without_customer = batch.first_row_without_customer;
  }
  stats_.rows_without_customer += batch.rows_without_customer;
  if (problems_->collecting()) {
    ApplyReplaying(file, batch);
  } else {
    const size_t n = batch.rows.size();
    constexpr size_t kAhead = 32;  // rows: enough to overlap the cache misses
    for (size_t i = 0; i < n; ++i) {
      if (i + kAhead < n) {
        builder_.Prefetch(batch.rows[i + kAhead].customer_code, batch.rows[i + kAhead].order_code);
      }
      // By now the order id of a refund half as far ahead is in cache.
      if (i + kAhead / 2 < n && batch.rows[i + kAhead / 2].amount.units < 0) {
        builder_.PrefetchOrderOwner(batch.rows[i + kAhead / 2].order_code);
      }
      ApplyRow(file, batch, i);
    }
  }
  if (progress_.report != nullptr && stats_.rows >= progress_.next_rows) ReportProgress();
  if (batch.error) throw *batch.error;
}

void RowAggregator::ApplyReplaying(const std::string& file, const Batch& batch) {
  const RecordedProblems& recorded = batch.recorded;
  const int64_t base = problems_->row();
  size_t f = 0, m = 0;  // the next finding and row mark
  constexpr size_t kAhead = 16;
  // Everything recorded up to row `row`: of a row, its duplicate check
  // came first, as it does reading row by row.
  auto replay_to = [&](uint32_t row) {
    for (;;) {
      bool mark = m < recorded.marks.size() && recorded.marks[m].row <= row;
      bool finding = f < recorded.findings.size() && recorded.findings[f].row <= row;
      if (mark && (!finding || recorded.marks[m].row <= recorded.findings[f].row)) {
        if (m + kAhead < recorded.marks.size()) {
          seen_rows_.Prefetch(recorded.marks[m + kAhead].hash);
        }
        const RecordedProblems::RowMark& r = recorded.marks[m++];
        problems_->AtRow(base, r.row);
        CheckDuplicate(file, r.line, r.hash);
      } else if (finding) {
        problems_->AtRow(base, recorded.findings[f].row);
        problems_->Replay(recorded.findings[f++]);
      } else {
        return;
      }
    }
  };
  size_t merged = 0;  // the next of batch.merged_lines
  const size_t n = batch.rows.size();
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) {
      builder_.Prefetch(batch.rows[i + kAhead].customer_code, batch.rows[i + kAhead].order_code);
    }
    const uint32_t row = batch.recorded_rows[i];
    replay_to(row);
    problems_->AtRow(base, row);
    const bool kept = ApplyRow(file, batch, i);
    // Reading row by row, each further line of a row left out for its
    // customer is an error of its own, in its place.
    for (; merged < batch.merged_lines.size() && batch.merged_lines[merged].row_index == i;
         ++merged) {
      if (kept) continue;
      const Batch::MergedLine& m = batch.merged_lines[merged];
      replay_to(m.recorded_row);
      problems_->AtRow(base, m.recorded_row);
      FailOtherCustomer(Location{file, m.line, m.customer_column}, batch, batch.rows[i]);
    }
  }
  replay_to(UINT32_MAX);
  problems_->AtRow(base, recorded.rows);
}

void RowAggregator::FailOtherCustomer(const Location& where, const Batch& batch,
                                      const ParsedRow& row) {
  problems_->Error(
      where, Check::kOrderCustomer,
      "order \"" + InputExcerpt(batch.IdText(row.order_offset, row.order_size, row.order_code)) +
          "\" was first seen with customer \"" + InputExcerpt(builder_.conflicting_customer()) +
          "\" but this line names \"" +
          InputExcerpt(batch.IdText(row.customer_offset, row.customer_size, row.customer_code)) +
          "\"; one order id must belong to one customer (check the --order-col mapping)");
}

bool RowAggregator::ApplyRow(const std::string& file, const Batch& batch, size_t i) {
  const ParsedRow& row = batch.rows[i];
  if (!CheckCurrency(file, batch, row)) return true;
  // The builder reads no text of numeric ids (only that they are not
  // empty).
  auto id = [&](uint32_t offset, uint32_t size) {
    return offset == kSpelledByCode ? std::string_view("0") : batch.Text(offset, size);
  };
  std::string_view customer = id(row.customer_offset, row.customer_size);
  std::string_view order = id(row.order_offset, row.order_size);
  switch (builder_.Add(customer, row.customer_code, order, row.order_code, row.time, row.amount)) {
    case OrderTableBuilder::Added::kOk:
      break;
    case OrderTableBuilder::Added::kOkOnOtherDate:
      if (!problems_->collecting()) break;  // merged correctly; only validation remarks
      problems_->Warning(
          Location{file, row.date_line, row.date_column}, Check::kOrderDates,
          "order \"" +
              InputExcerpt(batch.IdText(row.order_offset, row.order_size, row.order_code)) +
              "\" has lines on different dates: " + FormatMoment(row.time) + " here, " +
              FormatMoment(builder_.earlier_line_time()) +
              " on an earlier line; the order counts at its earliest line");
      break;
    case OrderTableBuilder::Added::kOrderOfOtherCustomer:
      FailOtherCustomer(Location{file, row.line, row.customer_column}, batch, row);
      return false;
  }
  if (row.has_segment) {
    builder_.NoteSegment(batch.Text(row.segment_offset, row.segment_size), row.time,
                         row.amount.units >= 0);
  }
  // The first counted row sets the span; rows may stand for several lines.
  bool first_counted = stats_.purchase_rows + stats_.refund_rows == 0;
  if (first_counted || row.time < stats_.first_time) stats_.first_time = row.time;
  if (first_counted || row.time > stats_.last_time) stats_.last_time = row.time;
  stats_.rows += row.lines;
  if (row.amount.units < 0) {
    stats_.refund_rows += row.lines;
  } else {
    stats_.purchase_rows += row.lines;
  }
  return true;
}

void RowAggregator::WatchProgress(const std::function<void(const LoadProgress&)>& report,
                                  const ByteSource* source, int file_number, int file_count) {
  progress_.report = report ? &report : nullptr;
  progress_.source = source;
  progress_.file_number = file_number;
  progress_.file_count = file_count;
  progress_.next_rows = stats_.rows;
  if (progress_.report != nullptr) ReportProgress();
}

void RowAggregator::ReportProgress() {
  // A block holds thousands of rows; a validation batch holds one.
  progress_.next_rows = stats_.rows + 4096;
  LoadProgress p;
  p.file = progress_.source->name();
  p.file_number = progress_.file_number;
  p.file_count = progress_.file_count;
  ByteSource::Progress bytes = progress_.source->progress();
  p.bytes_done = bytes.done;
  p.bytes_total = bytes.total;
  p.rows = stats_.rows;
  (*progress_.report)(p);
}

OrderTable RowAggregator::Finish(int64_t files) {
  OrderTable table = builder_.Finish();
  table.stats = stats_;
  if (!stats_.segments_are_currencies && other_currencies_.empty())
    table.stats.currency = currency_;
  table.stats.files = files;
  return table;
}

}  // namespace retention
