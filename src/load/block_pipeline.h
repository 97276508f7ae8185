// The parallel half of loading: blocks of records parsed on worker
// threads, applied to the table on the calling thread strictly in input
// order. Header-only: the pipeline is built once per file around a parse
// function of the caller's.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <new>
#include <thread>
#include <vector>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#endif

#include "input/record_blocks.h"
#include "load/row_pipeline.h"
#include "retention/load.h"

namespace retention {

// Parses blocks on worker threads while the calling thread reads the next
// blocks and applies finished ones strictly in input order, so the result
// (and the first error reported) is the same as a single pass.
class BlockPipeline {
 public:
  using Parse = std::function<void(int worker, const RecordBlock& block, Batch*)>;

  /// Batches are parsed by `parse`, then prepared for `aggregator`
  /// (RowAggregator::Prepare) on the same worker.
  BlockPipeline(int workers, RowAggregator* aggregator, Parse parse)
      : parse_(std::move(parse)), aggregator_(aggregator), slots_(workers * 2 + 2) {
    try {
      for (int w = 0; w < workers; ++w) threads_.emplace_back([this, w] { Work(w); });
    } catch (const std::exception&) {
      // No thread to be had (a memory limit): fewer workers do the same
      // work; none at all is out of memory.
      if (threads_.empty()) {
        Stop();
        throw std::bad_alloc();
      }
    }
  }
  ~BlockPipeline() { Stop(); }

  // Feeds every block of `blocks` (RecordBlocks, JsonArrayBlocks: any
  // type with their Next) through the workers and calls `apply` for each
  // batch in order.
  template <typename Blocks>
  void Run(Blocks* blocks, const std::function<void(const Batch&)>& apply) {
    size_t submitted = 0, applied = 0;
    bool more = true;
    while (more || applied < submitted) {
      // Keep every slot busy, reading the next blocks here.
      while (more && submitted - applied < slots_.size()) {
        Slot& slot = slots_[submitted % slots_.size()];
        try {
          more = blocks->Next(&slot.block);
        } catch (const DataError&) {
          // A record too long to cut, or a JSON array that does not end:
          // blocks before it come first, so an error in them is still the
          // one reported.
          for (; applied < submitted; ++applied) {
            Slot& done = slots_[applied % slots_.size()];
            std::unique_lock<std::mutex> lock(mutex_);
            batch_done_.wait(lock, [&] { return done.done; });
            lock.unlock();
            if (done.failure) std::rethrow_exception(done.failure);
            apply(done.batch);
          }
          throw;
        }
        if (!more) break;
        // A row takes two bytes at least (a character and a line break),
        // but the last may have no line break.
        aggregator_->GiveKeys(&slot.batch, slot.block.size / 2 + 1);
        slot.batch.bytes = slot.block.size;
        {
          std::lock_guard<std::mutex> lock(mutex_);
          slot.done = false;
          jobs_.push_back(submitted % slots_.size());
        }
        work_ready_.notify_one();
        ++submitted;
      }
      if (applied == submitted) continue;
      Slot& slot = slots_[applied % slots_.size()];
      {
        std::unique_lock<std::mutex> lock(mutex_);
        batch_done_.wait(lock, [&] { return slot.done; });
      }
      if (slot.failure) std::rethrow_exception(slot.failure);
      apply(slot.batch);
      ++applied;
    }
  }

 private:
  struct alignas(64) Slot {  // a cache line apart: workers fill different slots
    RecordBlock block;
    Batch batch;
    std::exception_ptr failure;  // what parsing or preparing threw, but a DataError
    bool done = false;
  };

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    work_ready_.notify_all();
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }

  void Work(int worker) {
#ifdef __linux__
    // The thread applying batches in order is the one every result waits
    // for; when cores are few, let it go first. (On Linux a thread has its
    // own nice value.)
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, 0);
    if (errno == 0) {
      setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), std::min(nice + 5, 19));
    }
#endif
    for (;;) {
      size_t index;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        work_ready_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
        if (stop_) return;
        index = jobs_.front();
        jobs_.pop_front();
      }
      Slot& slot = slots_[index];
      slot.batch.Clear();
      slot.failure = nullptr;
      try {
        try {
          parse_(worker, slot.block, &slot.batch);
        } catch (const DataError& e) {
          slot.batch.error = e;
        }
        try {
          aggregator_->Prepare(&slot.batch);
        } catch (const DataError& e) {
          // Only past billions of ids.
          slot.batch.rows.clear();
          slot.batch.prepared = true;
          if (!slot.batch.error) slot.batch.error = e;
        }
      } catch (...) {
        // Out of memory, most likely: thrown again on the applying thread,
        // as escaping this one would abort the process.
        slot.failure = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        slot.done = true;
      }
      batch_done_.notify_all();
    }
  }

  Parse parse_;
  RowAggregator* aggregator_;
  std::vector<Slot> slots_;
  std::deque<size_t> jobs_;  // slots ready to parse
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable work_ready_, batch_done_;
  bool stop_ = false;
};

/// Parse workers for `options.threads` (0: every core).
inline int WorkerCount(const LoadOptions& options) {
  if (options.threads > 0) return options.threads;
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

}  // namespace retention
