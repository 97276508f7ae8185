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
inline void PrefetchCustomer(const ClvSection& s, size_t i, int stage) {
  if (stage == 0) {
    __builtin_prefetch(&s.model->rfm.customers[i]);
    __builtin_prefetch(&s.model->customers[i]);
  } else {
    s.table->customers.Prefetch(s.model->rfm.customers[i].customer);
  }
}
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
/// written on `threads` threads (0: every core), and passed on in order by
/// whichever thread finds the next one done: a million customers' lines
/// cost over a second on one core, and a thread that waited for its turn
/// to pass its own chunk on idled a third of the time. The text is the
/// same for any number of threads. What `gather`, `write` or `sink`
/// throws is thrown here, once every thread has stopped. The ranking
/// visits customers in no order memory likes: a block's customers are
/// gathered in a tight loop, whose loads the processor overlaps, after
/// `prefetch` was called for each while the block before was written;
/// waiting for each in turn was 40% of the time.
template <typename Gather, typename Write, typename Prefetch>
void WriteRanked(const std::vector<size_t>& ranking, int threads, const TextSink& sink,
                 const Gather& gather, const Write& write, const Prefetch& prefetch) {
  // Chunks of about 400 KB reach write() while still in the cache: at
  // 3 MB the copies into the file took a quarter of the run. At most
  // kAhead chunks, the next one to pass on among them, are being written
  // or held: a thread with a chunk further on waits.
  constexpr size_t kChunk = 1 << 11, kBlock = 256, kAhead = 8;
  const size_t chunks = (ranking.size() + kChunk - 1) / kChunk;
  std::mutex mutex;
  std::condition_variable room;  // `next` moved on, or `abandoned`
  // Chunk c is held in slot c % kAhead: the chunks held at once are fewer.
  std::vector<std::string> done(kAhead);
  std::vector<bool> ready(kAhead, false);
  size_t next = 0;         // the chunk to pass on next
  bool writing = false;    // a thread is passing chunks on
  bool abandoned = false;  // a chunk failed: the others stop
  ForEachChunk(chunks, threads, [&](size_t chunk) {
    try {
      {
        // Chunks are handed out in order, so `next` is being written,
        // done or held by a thread that is not waiting: no deadlock.
        std::unique_lock<std::mutex> lock(mutex);
        room.wait(lock, [&] { return chunk < next + kAhead || abandoned; });
        if (abandoned) return;
      }
      const size_t begin = chunk * kChunk, end = std::min(begin + kChunk, ranking.size());
      std::string part;
      part.reserve(kChunk * 256);  // a customer's JSON line is 150-250 bytes
      std::vector<decltype(gather(size_t{0}))> rows;
      for (size_t k = begin; k < std::min(begin + 2 * kBlock, end); ++k) prefetch(ranking[k], 0);
      for (size_t k = begin; k < std::min(begin + kBlock, end); ++k) prefetch(ranking[k], 1);
      for (size_t from = begin; from < end; from += kBlock) {
        const size_t to = std::min(from + kBlock, end);
        rows.clear();
        for (size_t k = from; k < to; ++k) rows.push_back(gather(ranking[k]));
        for (size_t k = to; k < std::min(to + kBlock, end); ++k) prefetch(ranking[k], 1);
        for (size_t k = to + kBlock; k < std::min(to + 2 * kBlock, end); ++k)
          prefetch(ranking[k], 0);
        for (const auto& row : rows) write(row, &part);
      }
      std::unique_lock<std::mutex> lock(mutex);
      if (abandoned) return;
      done[chunk % kAhead] = std::move(part);
      ready[chunk % kAhead] = true;
      // Passed on outside the lock, so the other threads store theirs
      // meanwhile; the writer then takes those too.
      while (!writing && next < chunks && ready[next % kAhead]) {
        writing = true;
        ready[next % kAhead] = false;
        const std::string text = std::move(done[next % kAhead]);
        lock.unlock();
        sink(text);
        lock.lock();
        writing = false;
        ++next;
        room.notify_all();
      }
    } catch (...) {
      // Out of memory, or a failed write: the other threads would wait
      // for room for ever. ForEachChunk passes the exception on.
      std::lock_guard<std::mutex> lock(mutex);
      abandoned = true;
      room.notify_all();
      throw;
    }
  });
}

}  // namespace retention
