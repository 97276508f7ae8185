// Printers of `retention clv`: table, JSON, CSV and the HTML page. Each
// returns the whole text.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/parallel_chunks.h"
#include "cli/print/printers.h"
#include "retention/clv.h"
#include "retention/orders.h"

namespace retention {

/// One fitted model and the table whose customer ids it indexes.
struct ClvSection {
  const ClvModel* model = nullptr;
  const OrderTable* table = nullptr;
};

/// What every printer shows beside the models.
struct ClvReportInfo {
  /// The horizon as the user wrote it ("12m") and in days.
  std::string horizon_text = "12m";
  double horizon_days = 365.25;
  double margin = 1;
  double annual_discount_rate = 0;
  /// Customers in the table and the page (0: all).
  int top = 10;
  /// Customers in JSON and CSV (0: all): --top when given.
  int file_top = 0;
  std::string time_zone = "UTC";
  /// The --by column, or "" without segments.
  std::string segment_column;
  /// Segments the models could not be fitted to, and why (one small
  /// segment does not stop the others).
  struct SkippedSegment {
    std::string name, reason;
  };
  std::vector<SkippedSegment> skipped_segments;
  /// Whether the first section is all customers. Not when the segments
  /// are currencies: amounts in different currencies cannot be summed, so
  /// every section is a currency.
  bool pooled = true;
  /// Threads that format the customer lists (0: every core); the text is
  /// the same for any number.
  int threads = 0;
};

/// What the fits mean for the reader, one sentence each: parameters not
/// identified, a strong frequency/monetary correlation, customers the spend
/// model could not use. The table prints them; the CLI also on stderr.
std::vector<std::string> ClvNotes(const ClvSection& s);
/// Said in place of the all-customers model when !ClvReportInfo::pooled.
inline constexpr const char* kNotPooled =
    "No model of all customers: the segments are currencies, and amounts in different "
    "currencies cannot be summed.";
/// "segment NAME: no model: REASON", one per skipped segment.
std::vector<std::string> SkippedSegmentNotes(const ClvReportInfo& info);

/// `sections[0]` is all customers (unless !info.pooled); the others are
/// segments (--by).
std::string FormatClvTable(const std::vector<ClvSection>& sections, const ClvReportInfo& info);
/// {"schema_version": 1, ...} as docs/clv.md shows; segments under
/// "segments".
std::string FormatClvJson(const std::vector<ClvSection>& sections, const ClvReportInfo& info);
/// One row per customer, sorted by CLV; a "segment" column first with --by.
std::string FormatClvCsv(const std::vector<ClvSection>& sections, const ClvReportInfo& info);
/// The same texts handed to `sink` piece by piece as they are written: a
/// million customers' text need not be held whole before it goes out.
void WriteClvJson(const std::vector<ClvSection>& sections, const ClvReportInfo& info,
                  const TextSink& sink);
void WriteClvCsv(const std::vector<ClvSection>& sections, const ClvReportInfo& info,
                 const TextSink& sink);
/// The model card, the holdout charts and the top customers as one page.
std::string FormatClvHtml(const std::vector<ClvSection>& sections, const ClvReportInfo& info,
                          const std::string& title);

/// Whether the fit identified parameter `name` (it did not run to a
/// boundary).
bool ParameterIdentified(const FitReport& fit, const char* name);

/// Indices into the model's customers, by CLV (highest first), ties by id;
/// sorted on `threads` threads (0: every core). With `limit` above 0, only
/// the first `limit` of them.
std::vector<size_t> ClvRanking(const ClvSection& s, int threads = 0, size_t limit = 0);

/// What a customer's line shows, gathered from the model's columns.
struct RankedCustomer {
  size_t index;  // in the model's customers
  std::string_view id;
  int64_t frequency;
  double recency, age, monetary, p_alive, expected_transactions, expected_spend, clv;
};
inline RankedCustomer GatherCustomer(const ClvSection& s, size_t i) {
  const CustomerRfm& c = s.model->rfm.customers[i];
  const CustomerClv& p = s.model->customers[i];
  const std::string_view id = s.table->customers[c.customer];
  __builtin_prefetch(id.data());  // read when the line is written
  return {i,
          id,
          c.frequency,
          c.recency,
          c.age,
          RepeatMean(c),
          p.p_alive,
          p.expected_transactions,
          p.expected_spend,
          p.clv};
}

/// Hands `sink` what `write(gather(customer index), &text)` writes for
/// every customer of `ranking`, in its order. Chunks of the ranking are
/// written on `threads` threads (0: every core), each passed on as soon as
/// the chunks before it are: a million customers' lines cost over a
/// second on one core. The text is the same for any number of threads.
/// What `gather`, `write` or `sink` throws is thrown here, once every
/// thread has stopped. The ranking visits customers in no order memory
/// likes: a block's customers are gathered in a tight loop, whose loads
/// the processor overlaps, before any is written; waiting for each in turn
/// was 40% of the time.
template <typename Gather, typename Write>
void WriteRanked(const std::vector<size_t>& ranking, int threads, const TextSink& sink,
                 const Gather& gather, const Write& write) {
  // Chunks of about 400 KB reach write() while still in the cache: at
  // 3 MB the copies into the file took a quarter of the run.
  constexpr size_t kChunk = 1 << 11, kBlock = 256;
  std::mutex mutex;
  std::condition_variable passed;
  size_t next = 0;         // the chunk to pass on next
  bool abandoned = false;  // a chunk failed: the others stop waiting
  ForEachChunk((ranking.size() + kChunk - 1) / kChunk, threads, [&](size_t chunk) {
    try {
      const size_t begin = chunk * kChunk, end = std::min(begin + kChunk, ranking.size());
      std::string part;
      part.reserve(kChunk * 200);  // a customer's JSON line is 150-200 bytes
      std::vector<decltype(gather(size_t{0}))> rows;
      for (size_t from = begin; from < end; from += kBlock) {
        const size_t to = std::min(from + kBlock, end);
        rows.clear();
        for (size_t k = from; k < to; ++k) rows.push_back(gather(ranking[k]));
        for (const auto& row : rows) write(row, &part);
      }
      // Chunks are handed out in order, so the one before this is being
      // written or done: waiting cannot deadlock.
      std::unique_lock<std::mutex> lock(mutex);
      passed.wait(lock, [&] { return next == chunk || abandoned; });
      if (abandoned) return;
      sink(part);
      ++next;
    } catch (...) {
      // Out of memory, say: the chunks after this one would wait for it
      // for ever. ForEachChunk passes the exception on.
      std::lock_guard<std::mutex> lock(mutex);
      abandoned = true;
      passed.notify_all();
      throw;
    }
    passed.notify_all();
  });
}

}  // namespace retention
