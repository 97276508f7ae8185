// RowAggregator: parsed rows added to the order table in input order, with
// the checks that need every row before them (the second half of
// row_pipeline.h).
#include <algorithm>
#include <cctype>
#include <string>

#include "base/text.h"
#include "load/row_pipeline.h"

namespace retention {
namespace {

// A day alone when the time is midnight: "2024-02-03", else the full time.
std::string FormatMoment(Time t) {
  return t % kSecondsPerDay == 0 ? FormatDate(DateFromTime(t)) : FormatTime(t);
}

}  // namespace

void RowAggregator::WarnDuplicate(const std::string& file, int64_t line, uint64_t hash) {
  last_duplicate_file_ = &file;
  last_duplicate_line_ = line;
  if (!problems_->ListsWarning(Check::kDuplicateRow)) {
    return problems_->Warning(Location{}, Check::kDuplicateRow, "");  // only counted
  }
  // Every batch up to this row's has been added: the table knows the
  // first row with this hash, and that row's batch has been applied.
  const uint64_t first = seen_rows_.First(hash);
  Location there;
  auto run = std::upper_bound(key_runs_.begin(), key_runs_.end(), first,
                              [](uint64_t key, const KeyRun& r) { return key < r.key; });
  if (first != SeenRows::kFar && run != key_runs_.begin()) {
    there =
        seen_rows_.Where(static_cast<uint64_t>(static_cast<int64_t>(first) + (run - 1)->offset));
  }
  // Of an earlier file, it is most often two exports whose dates overlap.
  const bool other_file = !there.file.empty() && there.file != file;
  problems_->Warning(
      Location{file, line, 0}, Check::kDuplicateRow,
      "this row repeats " +
          (there.file.empty() ? std::string("an earlier row") : there.ToString()) +
          (other_file ? " exactly: if the files are exports whose dates overlap, "
                        "its amount counts twice in revenue; keep each order in one file"
                      : " exactly; remove the duplicate (or give each line its own "
                        "order id or line number)"));
}

// Sums across currencies mean nothing, so every row must share one.
bool RowAggregator::CheckCurrency(const std::string& file, const Batch& batch,
                                  const ParsedRow& row) {
  // A currency column (or one split by) says the currency: symbols are
  // checked against it, and among themselves only where nothing else does.
  std::string_view said;
  if (row.has_currency) {
    said = batch.Text(row.currency_offset, row.currency_size);
  } else if (stats_.segments_are_currencies && row.has_segment) {
    said = batch.Text(row.segment_offset, row.segment_size);
  }
  if (row.symbol != 0) {
    if (!said.empty()) {
      if (!CheckSymbolFits(Location{file, row.line, row.currency_column}, row.symbol, said,
                           SymbolSeen::kInRow, Location{}))
        return false;
    } else if (!stats_.segments_are_currencies && !CheckSymbol(file, row)) {
      return false;
    }
  }
  if (!row.has_currency) return true;
  Location where{file, row.line, row.currency_column};
  if (currency_where_.file.empty()) {
    // Recorded as its code, however this row writes it ("usd", "US$"):
    // histories compare runs by it, whichever file comes first.
    currency_ = CurrencyCodeOf(said);
    if (currency_.empty()) currency_.assign(said.data(), said.size());
    currency_said_.assign(said.data(), said.size());
    currency_where_ = where;
    // Amounts of earlier files were written in a symbol.
    return symbol_ == 0 ||
           CheckSymbolFits(where, symbol_, said, SymbolSeen::kSymbolEarlier, symbol_where_);
  }
  // Exports spell one code "usd" in one place and "USD" in another.
  // As the first row wrote it (most files: every row), or as its code.
  if (EqualsIgnoreCase(said, currency_said_) || EqualsIgnoreCase(said, currency_)) return true;
  // Or a code in one, its one symbol in another: "USD" and "US$"
  // (currency_ is the first row's code when it has one).
  if (const std::string code = CurrencyCodeOf(said); !code.empty() && code == currency_) {
    return true;
  }
  // One message per currency is enough to act on.
  if (!other_currencies_.insert(std::string(said)).second) return false;
  // An empty cell beside a currency is a currency left out, not another.
  if (said.empty() || currency_.empty()) {
    auto name = [](std::string_view c) {
      return c.empty() ? std::string("no currency") : "\"" + InputExcerpt(c) + "\"";
    };
    problems_->Error(where, Check::kCurrency,
                     name(said) + " here, " + name(currency_said_) + " since " +
                         currency_where_.ToString() +
                         "; amounts whose currency is not known cannot be summed with others: "
                         "fill in the currency column on every row");
    return false;
  }
  problems_->Error(where, Check::kCurrency,
                   "mixed currencies: \"" + InputExcerpt(said) + "\" here, \"" +
                       InputExcerpt(currency_said_) + "\" since " + currency_where_.ToString() +
                       "; amounts in different currencies cannot be summed: split the "
                       "report by the currency column (--by followed by its name, e.g. --by "
                       "currency) or report each currency from its own file");
  return false;
}

// "$5" in a row whose currency is EUR is a wrong symbol or a wrong code;
// either way the sum would be wrong. `earlier` is where the symbol (or,
// for kCurrencyEarlier, the currency) was seen when not in the row at
// `where`.
bool RowAggregator::CheckSymbolFits(const Location& where, int symbol, std::string_view currency,
                                    SymbolSeen seen, const Location& earlier) {
  // Per symbol, the last currency found to fit: files that mix "$" USD
  // and "€" EUR rows look up neither again.
  std::string& fitted = fitted_currency_[symbol & kMaxCurrencySymbol];
  if (!fitted.empty() && EqualsIgnoreCase(currency, fitted)) return true;
  if (CurrencySymbolFits(symbol, currency)) {
    fitted.assign(currency.data(), currency.size());
    return true;
  }
  if (!misfits_.insert(std::string(CurrencySymbolText(symbol)) + AsciiUpper(currency)).second) {
    return false;  // said once per pair
  }
  const std::string code = "\"" + InputExcerpt(currency) + "\"";
  const std::string sign(CurrencySymbolText(symbol));
  constexpr const char* kSplit =
      "; amounts in different currencies cannot be summed: report each currency from its own "
      "file";
  switch (seen) {
    case SymbolSeen::kInRow:
      problems_->Error(where, Check::kCurrency,
                       "the amount is written in " + sign + " but its currency is " + code +
                           ", which " + sign + " is not; correct the amount or the currency");
      break;
    case SymbolSeen::kSymbolEarlier:
      problems_->Error(where, Check::kCurrency,
                       "mixed currencies: " + code + " here, amounts in " + sign + " since " +
                           earlier.ToString() + kSplit);
      break;
    case SymbolSeen::kCurrencyEarlier:
      problems_->Error(where, Check::kCurrency,
                       "mixed currencies: an amount in " + sign + " here, " + code + " since " +
                           earlier.ToString() + kSplit);
      break;
  }
  return false;
}

// Amounts written with currency symbols: "$" and "€" cannot be summed
// either. Amounts without one may go with any.
bool RowAggregator::CheckSymbol(const std::string& file, const ParsedRow& row) {
  const Location where{file, row.line, row.currency_column};
  if (symbol_ == 0) {
    symbol_ = row.symbol;
    symbol_where_ = where;
    // An earlier file said its currency in a column or its amount's name.
    return currency_.empty() || CheckSymbolFits(where, row.symbol, currency_,
                                                SymbolSeen::kCurrencyEarlier, currency_where_);
  }
  const std::string_view code = CurrencySymbolText(row.symbol);
  const std::string_view first = CurrencySymbolText(symbol_);
  // Two spellings of the same currencies: "₽" and "руб", "kr" and "kr.".
  if (row.symbol == symbol_ || same_currency_.test(row.symbol) ||
      (!IsKnownCurrencyCode(code) && !IsKnownCurrencyCode(first) &&
       OneCurrency(row.symbol, symbol_))) {
    return true;
  }
  // "€5" and "5 EUR" are one currency; "$5" and "5 USD" too, and later
  // amounts must then be in USD: the code, being the narrower, is kept.
  if (IsKnownCurrencyCode(code) && !IsKnownCurrencyCode(first) &&
      CurrencySymbolFits(symbol_, code)) {
    same_currency_.reset();
    same_currency_.set(static_cast<size_t>(symbol_));
    symbol_ = row.symbol;
    symbol_where_ = where;
    return true;
  }
  if (IsKnownCurrencyCode(first) && CurrencySymbolFits(row.symbol, first)) {
    same_currency_.set(row.symbol);
    return true;
  }
  if (other_symbols_.test(row.symbol)) return false;  // said once per symbol
  other_symbols_.set(row.symbol);
  problems_->Error(where, Check::kCurrency,
                   "mixed currencies: an amount in " + std::string(CurrencySymbolText(row.symbol)) +
                       " here, in " + std::string(CurrencySymbolText(symbol_)) + " since " +
                       symbol_where_.ToString() +
                       "; amounts in different currencies cannot be summed: report each "
                       "currency from its own file, or put the currency in a column of its own "
                       "and split the report by it (--by)");
  return false;
}

// Counted (report warns once, from the stats) and, when validating, a
// warning per row: the figures still count the row, as an order's lines
// split between files are, but an overlap of two exports counts twice.
void RowAggregator::NoteEarlierFilesOrder(const std::string& file, const Batch& batch,
                                          const ParsedRow& row) {
  const bool first = stats_.rows_of_earlier_files_orders++ == 0;
  // Excerpted only for a message: a whole overlapping export may pass here.
  if (!first && !problems_->collecting()) return;
  const std::string order =
      InputExcerpt(batch.IdText(row.order_offset, row.order_size, row.order_code));
  const Location where{file, row.line, row.order_column};
  if (first) {
    stats_.first_row_of_earlier_files_order = where;
    stats_.first_earlier_files_order = order;
  }
  if (!problems_->collecting()) return;
  // A row that repeats one of the earlier file exactly was just said to.
  if (last_duplicate_line_ == row.line && last_duplicate_file_ == &file) return;
  problems_->Warning(
      where, Check::kDuplicateRow,
      "order \"" + order +
          "\" was already listed by an earlier file: if the files are exports "
          "whose dates overlap, its amount counts twice in revenue; keep each order in one "
          "file");
}

void RowAggregator::Prepare(Batch* batch) {
  // Per thread, reused from batch to batch: no fresh memory per block.
  thread_local std::vector<TicketRequest> customers, orders, scratch;
  customers.clear();
  orders.clear();
  // Numbers of a form the column does not keep as numbers become text ids
  // (spelled into the batch first, so no view below moves).
  auto unkept = [&](TicketTable& table, uint64_t* code, uint32_t* offset) {
    if (!StringInterner::IsNumber(*code) || table.KeepsAsNumber(*code)) return;
    char digits[20];
    const std::string_view text = StringInterner::Spell(*code, digits);
    *offset = static_cast<uint32_t>(batch->text.size());
    batch->text.append(text.data(), text.size());
    *code = StringInterner::TextHash(text);
  };
  for (ParsedRow& row : batch->rows) {
    unkept(tickets_.customers, &row.customer_code, &row.customer_offset);
    if (row.order_size != 0) unkept(tickets_.orders, &row.order_code, &row.order_offset);
  }
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
  RecordedProblems& recorded = batch->recorded;
  if (!recorded.marks.empty()) {
    // Room for the rows of this file and of the later ones at once (SeenRows
    // takes one reservation, so a later file's would be ignored), from this
    // batch's bytes per row (a little less: growing past the estimate costs
    // less than reserving twice the memory needed does).
    const uint64_t file_bytes =
        file_bytes_.load(std::memory_order_relaxed) + later_bytes_.load(std::memory_order_relaxed);
    if (file_bytes > 0 && recorded.rows >= 1000 && batch->bytes > 0 &&
        !rows_estimated_.exchange(true)) {
      const double rows_per_byte = recorded.rows / static_cast<double>(batch->bytes);
      seen_rows_.Reserve(
          seen_rows_.size() +
          static_cast<uint64_t>(0.9 * rows_per_byte * static_cast<double>(file_bytes)));
    }
    seen_rows_.Add(batch->first_key, batch->keys, recorded.marks, &recorded.duplicates);
  }
  batch->prepared = true;
}

void RowAggregator::ForgetUnapplied() {
  seen_rows_.ForgetFrom(applied_keys_);
  later_repeats_.erase(later_repeats_.lower_bound(applied_keys_), later_repeats_.end());
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
  if (batch.order_total_lines > 0 && stats_.order_total_lines == 0) {
    stats_.first_order_total_line = batch.first_order_total_line;
    stats_.order_total_column = batch.order_total_column;
  }
  stats_.order_total_lines += batch.order_total_lines;
  stats_.order_total_repeats += batch.order_total_repeats;
  if (batch.refunds_above_amount > 0 && stats_.refunds_above_amount == 0) {
    stats_.first_refunds_above_amount = batch.first_refunds_above_amount;
  }
  stats_.refunds_above_amount += batch.refunds_above_amount;
  if (!batch.emails.empty() && (email_files_.empty() || email_files_.back() != file)) {
    email_files_.push_back(file);
  }
  const uint32_t file_number = static_cast<uint32_t>(email_files_.size()) - 1;
  for (const Batch::EmailOfCustomer& e : batch.emails) {
    auto [first, fresh] = email_customers_.try_emplace(
        e.email, FirstCustomer{e.customer, e.line, file_number, false});
    if (fresh || first->second.customer == e.customer || first->second.counted) continue;
    first->second.counted = true;
    SharedEmails& shared = stats_.shared_emails;
    if (shared.count++ == 0) {
      shared.first = Location{email_files_[first->second.file], first->second.line, 0};
      shared.other = Location{file, e.line, 0};
      shared.fix = std::string(batch.email_fix);
    }
  }

  if (!columns_reserved_ && batch.rows.size() >= 1000 && batch.bytes > 0) {
    // Room for an order a row of the whole input (more than it holds), from
    // this batch's bytes per row; OrderTableBuilder::Reserve takes 2 MB a
    // column at most. Unknown sizes (standard input) reserve nothing.
    columns_reserved_ = true;
    const uint64_t input_bytes =
        file_bytes_.load(std::memory_order_relaxed) + later_bytes_.load(std::memory_order_relaxed);
    const double rows_per_byte =
        static_cast<double>(batch.rows.size()) / static_cast<double>(batch.bytes);
    builder_.Reserve(static_cast<size_t>(
        std::min(1.25 * rows_per_byte * static_cast<double>(input_bytes), double{UINT32_MAX})));
  }
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
      if (i + kAhead / 2 < n &&
          (batch.rows[i + kAhead / 2].amount.units < 0 || batch.rows[i + kAhead / 2].credit)) {
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
  // Row r of the batch has key first_key + r - 1 and is row base + r.
  const int64_t offset = base + 1 - static_cast<int64_t>(batch.first_key);
  applied_keys_ = batch.first_key + batch.keys;
  if (key_runs_.empty() || key_runs_.back().offset != offset) {
    key_runs_.push_back({batch.first_key, offset});
  }
  for (const RecordedProblems::Anchor& a : recorded.anchors) {
    seen_rows_.NoteLine(static_cast<uint64_t>(base) + a.row, file, a.line);
  }
  // The rows of this batch that repeat an earlier one: those its worker
  // found, and those of earlier batches found (whose rows were added
  // later than these).
  repeats_.assign(recorded.duplicates.repeats.begin(), recorded.duplicates.repeats.end());
  if (!later_repeats_.empty()) {
    auto from = later_repeats_.lower_bound(batch.first_key);
    auto to = later_repeats_.lower_bound(batch.first_key + batch.keys);
    for (auto it = from; it != to; ++it) {
      const auto row = static_cast<uint32_t>(it->first - batch.first_key + 1);
      repeats_.push_back(
          {it->second, seen_rows_.Where(static_cast<uint64_t>(base) + row).line, row});
    }
    if (from != to) {
      later_repeats_.erase(from, to);
      std::sort(repeats_.begin(), repeats_.end(),
                [](const SeenRows::Mark& a, const SeenRows::Mark& b) { return a.row < b.row; });
    }
  }
  for (const SeenRows::Later& l : recorded.duplicates.later) later_repeats_[l.key] = l.hash;
  size_t f = 0, d = 0;  // the next finding and repeated row
  // Everything recorded up to row `row`: of a row, its duplicate check
  // came first, as it does reading row by row.
  auto replay_to = [&](uint32_t row) {
    for (;;) {
      bool repeat = d < repeats_.size() && repeats_[d].row <= row;
      bool finding = f < recorded.findings.size() && recorded.findings[f].row <= row;
      if (repeat && (!finding || repeats_[d].row <= recorded.findings[f].row)) {
        problems_->AtRow(base, repeats_[d].row);
        WarnDuplicate(file, repeats_[d].line, repeats_[d].hash);
        ++d;
      } else if (finding) {
        problems_->AtRow(base, recorded.findings[f].row);
        problems_->Replay(recorded.findings[f++]);
      } else {
        return;
      }
    }
  };
  constexpr size_t kAhead = 16;
  size_t merged = 0;  // the next of batch.merged_lines
  const size_t n = batch.rows.size();
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) {
      builder_.Prefetch(batch.rows[i + kAhead].customer_code, batch.rows[i + kAhead].order_code);
    }
    const uint32_t row = batch.recorded_rows[i];
    replay_to(row);
    problems_->AtRow(base, row);
    const Applied applied = ApplyRow(file, batch, i);
    // Reading row by row, each further line of a row is added on its own:
    // what the row's first line was told, each of them is told too, in its
    // place.
    for (; merged < batch.merged_lines.size() && batch.merged_lines[merged].row_index == i;
         ++merged) {
      if (applied == Applied::kOk || applied == Applied::kRepeatedOrder) continue;
      const Batch::MergedLine& m = batch.merged_lines[merged];
      replay_to(m.recorded_row);
      problems_->AtRow(base, m.recorded_row);
      if (applied == Applied::kOrderOfOtherCustomer) {
        FailOtherCustomer(Location{file, m.line, m.customer_column}, batch, batch.rows[i]);
      } else {
        WarnOtherDate(Location{file, m.date_line, m.date_column}, batch, batch.rows[i]);
      }
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

void RowAggregator::WarnOtherDate(const Location& where, const Batch& batch, const ParsedRow& row) {
  problems_->Warning(
      where, Check::kOrderDates,
      "order \"" + InputExcerpt(batch.IdText(row.order_offset, row.order_size, row.order_code)) +
          "\" has lines on different dates: " + FormatMoment(row.time) + " here, " +
          FormatMoment(builder_.earlier_line_time()) +
          " on an earlier line; the order counts at its earliest line");
}

// A line of an order that did not follow the order's line before it (an
// export sorted by product, say), in a column named like an order's total:
// the parser saw only lines next to each other. The order's lines so far
// repeat the total when they add up to it times their count.
void RowAggregator::CountOrderTotalLine(const std::string& file, const Batch& batch,
                                        const ParsedRow& row, uint32_t lines_before) {
  if (row.amount.units <= 0 || row.lines == 0 || lines_before == 0 ||
      row.amount.units % row.lines != 0) {
    return;
  }
  const int64_t line = row.amount.units / row.lines;
  if (stats_.order_total_lines++ == 0) {
    stats_.first_order_total_line = Location{file, row.line, batch.order_total_amount_column};
    stats_.order_total_column = batch.order_total_column;
  }
  const __int128 repeated = static_cast<__int128>(line) * lines_before;
  stats_.order_total_repeats += repeated == builder_.order_value_before();
}

// A credit note lowers revenue by its total, whichever sign its lines are
// written with: most ERPs write a note's lines positive and a discount on
// it negative, others the other way round, so a line's own sign says
// nothing. The lines of one note (one order id and customer, anywhere in
// the input) have one total, whose sign says how the note is written: a
// note written positive lowers revenue by each line at the line's date, a
// note written negative adds each line as it stands. Until the total is
// known (FinishCreditNotes) a line is added as if written positive. A line
// without an order id is a note of its own.
Money RowAggregator::CreditLineAmount(const ParsedRow& row, uint32_t* note) {
  *note = kNoNote;
  if (row.order_size == 0)
    return Money{row.amount.units > 0 ? -row.amount.units : row.amount.units};
  // Ids have exact codes by now (Prepare): numbers or tickets.
  auto [it, fresh] = credit_note_index_.try_emplace(
      {row.order_code, row.customer_code}, static_cast<uint32_t>(credit_note_written_.size()));
  if (fresh) credit_note_written_.push_back(0);
  *note = it->second;
  return Money{-row.amount.units};
}

void RowAggregator::FinishCreditNotes() {
  for (const CreditLine& line : credit_lines_) {
    if (credit_note_written_[line.note] <= 0) builder_.NegateAmount(line.amount);
  }
}

RowAggregator::Applied RowAggregator::ApplyRow(const std::string& file, const Batch& batch,
                                               size_t i) {
  const ParsedRow& row = batch.rows[i];
  if (!CheckCurrency(file, batch, row)) return Applied::kOk;  // reported once per currency
  // The builder reads no text of numeric ids (only that they are not
  // empty).
  auto id = [&](uint32_t offset, uint32_t size) {
    return offset == kSpelledByCode ? std::string_view("0") : batch.Text(offset, size);
  };
  std::string_view customer = id(row.customer_offset, row.customer_size);
  std::string_view order = id(row.order_offset, row.order_size);
  Applied outcome = Applied::kOk;
  const bool refund = row.credit || row.amount.units < 0;
  // A refund of an order's refund list (a copy after its row, lines 0),
  // repeated on the order's further line: counted from the first.
  if (builder_.orders_together() && row.lines == 0 && !row.credit && row.order_size != 0) {
    const bool same_order = refund_list_order_.Is(row.order_code, order);
    if (same_order && row.line != refund_list_line_) return Applied::kOk;
    if (!same_order) refund_list_order_.Set(row.order_code, order);
    refund_list_line_ = row.line;
  }
  uint32_t note = kNoNote;
  const auto added =
      row.credit
          ? builder_.AddRefund(customer, row.customer_code, order, row.order_code, row.time,
                               CreditLineAmount(row, &note))
          : builder_.Add(customer, row.customer_code, order, row.order_code, row.time, row.amount);
  // A line added counts toward its note's total (one refused does not).
  if (note != kNoNote && added == OrderTableBuilder::Added::kOk) {
    credit_note_written_[note] += row.amount.units;  // 128 bits: no sum of lines overflows
    credit_lines_.push_back({builder_.amount_count() - 1, note});
  }
  switch (added) {
    case OrderTableBuilder::Added::kOk:
      break;
    case OrderTableBuilder::Added::kOkOnOtherDate:
      if (!problems_->collecting()) break;  // merged correctly; only validation remarks
      WarnOtherDate(Location{file, row.date_line, row.date_column}, batch, row);
      // Dated before the order's lines so far, the row became the order's
      // date: its further lines, on that date, are no longer remarked.
      if (row.time > builder_.earlier_line_time()) outcome = Applied::kOnOtherDate;
      break;
    case OrderTableBuilder::Added::kOrderOfOtherCustomer:
      FailOtherCustomer(Location{file, row.line, row.customer_column}, batch, row);
      return Applied::kOrderOfOtherCustomer;
    case OrderTableBuilder::Added::kRepeatedOrder:
      problems_->Error(
          Location{file, row.line, row.order_column}, Check::kDuplicateRow,
          "order \"" +
              InputExcerpt(batch.IdText(row.order_offset, row.order_size, row.order_code)) +
              "\" is listed again: this export lists each order in one place, so a second "
              "listing is an export read twice or two exports whose dates overlap; keep each "
              "order in one file");
      return Applied::kRepeatedOrder;
  }
  if (builder_.added_to_earlier_files_order()) NoteEarlierFilesOrder(file, batch, row);
  if (!file_span_.any) file_name_ = file;
  file_span_.Add(row.time);
  file_names_orders_ |= !order.empty();
  if (!batch.order_total_column.empty() && !refund) {
    // Lines per order, kept for files whose amounts are named like totals.
    const uint32_t order = builder_.added_order();
    if (order_lines_.size() <= order)
      order_lines_.resize(std::max<size_t>(order + 1, 2 * order_lines_.size()));
    if (builder_.added_to_earlier_row()) {
      CountOrderTotalLine(file, batch, row, order_lines_[order]);
    }
    order_lines_[order] += row.lines;
  }
  if (row.has_segment) {
    std::string_view segment = batch.Text(row.segment_offset, row.segment_size);
    if (stats_.segments_are_currencies) {
      // "usd" and "USD" are one currency, so one segment.
      segment_text_ = AsciiUpper(segment);
      segment = segment_text_;
      // A customer is in one segment, so all their money would be summed
      // in the currency of one of their orders.
      // A blank currency (a refund line, an adjustment) is the customer's.
      if (auto other =
              segment.empty() ? std::nullopt : builder_.OtherSegmentOfLastCustomer(segment)) {
        if (!customers_in_two_currencies_++) {
          problems_->Error(
              Location{file, row.line, row.customer_column}, Check::kCurrency,
              "customer \"" +
                  InputExcerpt(
                      batch.IdText(row.customer_offset, row.customer_size, row.customer_code)) +
                  "\" pays in " + InputExcerpt(segment) + " here and in " + InputExcerpt(*other) +
                  " on an earlier row; split by currency, each customer counts in one segment, "
                  "so one of these amounts would be summed as the other currency: report each "
                  "currency from its own file");
        }
        return Applied::kOk;
      }
    }
    builder_.NoteSegment(segment, row.time, !refund);
  }
  // The first counted row sets the span; rows may stand for several lines.
  bool first_counted = stats_.purchase_rows + stats_.refund_rows == 0;
  if (first_counted || row.time < stats_.first_time) stats_.first_time = row.time;
  if (first_counted || row.time > stats_.last_time) stats_.last_time = row.time;
  stats_.rows += row.lines;
  if (refund) {
    stats_.refund_rows += row.lines;
  } else {
    stats_.purchase_rows += row.lines;
  }
  return outcome;
}

void RowAggregator::WatchProgress(const std::function<void(const LoadProgress&)>& report,
                                  const ByteSource* source, int file_number, int file_count) {
  progress_.report = report ? &report : nullptr;
  progress_.source = source;
  progress_.file_number = file_number;
  progress_.file_count = file_count;
  progress_.next_rows = stats_.rows;
  if (progress_.report != nullptr) ReportProgress();
  file_bytes_ = source ? source->progress().total : 0;
  rows_estimated_ = false;
}

void RowAggregator::ReportProgress() {
  // A block holds thousands of rows; a JSON array comes a row at a time.
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

// Files without order ids whose days overlap: the one mark of the same
// rows exported twice that needs no memory of rows. (With order ids, an
// order listed again says it: NoteEarlierFilesOrder.)
void RowAggregator::EndFile() {
  if (file_span_.any && earlier_span_.any && !file_names_orders_ &&
      stats_.overlapping_file.empty() && file_span_.first <= earlier_span_.last &&
      earlier_span_.first <= file_span_.last) {
    stats_.overlapping_file = file_name_;
    stats_.overlap_from = std::max(file_span_.first, earlier_span_.first);
    stats_.overlap_to = std::min(file_span_.last, earlier_span_.last);
  }
  if (file_span_.any) {
    earlier_span_.Add(file_span_.first);
    earlier_span_.Add(file_span_.last);
  }
  file_span_ = Span{};
  file_names_orders_ = false;
}

OrderTable RowAggregator::Finish(int64_t files) {
  EndFile();
  FinishCreditNotes();
  OrderTable table = builder_.Finish();
  table.stats = stats_;
  if (!stats_.segments_are_currencies && other_currencies_.empty())
    table.stats.currency = currency_;
  table.stats.files = files;
  return table;
}

}  // namespace retention
